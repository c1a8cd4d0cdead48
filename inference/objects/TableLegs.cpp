#include "inference/objects/TableLegs.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sl::objects {
namespace {

double top(const OrientedBox& b, const Eigen::Vector3d& up) {
  return b.center.dot(up) + 0.5 * b.size[2];
}

// Horizontal gap from `b`'s footprint corners to `a`'s footprint (0 when inside), in a's axes.
double footprint_gap(const OrientedBox& a, const OrientedBox& b) {
  double gap = std::numeric_limits<double>::infinity();
  for (const auto& q : b.corners()) {
    const Eigen::Vector3d l = a.axes.transpose() * (q - a.center);
    const double dx = std::max(0.0, std::abs(l[0]) - 0.5 * a.size[0]);
    const double dy = std::max(0.0, std::abs(l[1]) - 0.5 * a.size[1]);
    gap = std::min(gap, std::hypot(dx, dy));
  }
  return gap;
}

// `a` grown (on its own axes, horizontally) over b's footprint.
OrientedBox grown(const OrientedBox& a, const OrientedBox& b) {
  Eigen::Vector3d lo = -0.5 * a.size, hi = 0.5 * a.size;
  for (const auto& q : b.corners()) {
    const Eigen::Vector3d l = a.axes.transpose() * (q - a.center);
    for (int k = 0; k < 2; ++k) {
      lo[k] = std::min(lo[k], l[k]);
      hi[k] = std::max(hi[k], l[k]);
    }
  }
  OrientedBox g = a;
  g.center += a.axes * (0.5 * (lo + hi));
  g.size = hi - lo;
  return g;
}

}  // namespace

bool pole_shaped(const OrientedBox& b, double max_width) {
  return b.size.head<2>().norm() <= max_width && b.size[2] >= 2 * b.size.head<2>().maxCoeff();
}

int join_table_legs(const Eigen::Vector3d& up, const Plane& floor, const std::vector<size_t>& order,
                    const std::vector<bool>& standing, std::vector<std::vector<uint32_t>>& members,
                    std::vector<OrientedBox>& boxes, const LegJoinOptions& o) {
  auto on_floor = [&](const OrientedBox& b) {
    return std::abs(floor.signed_distance(b.center - 0.5 * b.size[2] * up)) <= o.level_tol;
  };
  auto pole = [&](size_t g) {
    return standing[g] && pole_shaped(boxes[g], o.pole_width) && on_floor(boxes[g]);
  };
  int joined = 0;
  for (bool again = true; again;) {
    again = false;
    for (size_t g : order) {
      if (members[g].empty() || !pole(g)) continue;
      size_t best = members.size();
      double best_gap = std::numeric_limits<double>::infinity();
      for (size_t c : order) {
        if (c == g || members[c].empty() || !standing[c] || pole(c) ||
            members[c].size() <= members[g].size() || !on_floor(boxes[c]) ||
            top(boxes[g], up) > top(boxes[c], up) + o.level_tol)
          continue;
        const double gap = footprint_gap(boxes[c], boxes[g]);
        if (gap > o.reach * boxes[c].size.head<2>().maxCoeff() || gap >= best_gap) continue;
        best = c;
        best_gap = gap;
      }
      if (best == members.size()) continue;
      const OrientedBox b = grown(boxes[best], boxes[g]);
      bool swallows = false;
      for (size_t k : order) {
        // (Another leg of the same table does not count.)
        if (k == g || k == best || members[k].empty() ||
            (pole(k) && top(boxes[k], up) <= top(boxes[best], up) + o.level_tol))
          continue;
        const Eigen::Vector3d l = b.axes.transpose() * (boxes[k].center - b.center);
        if (std::abs(l[0]) < 0.5 * b.size[0] && std::abs(l[1]) < 0.5 * b.size[1] &&
            std::abs(l[2]) < 0.5 * b.size[2])
          swallows = true;
      }
      if (swallows) continue;
      boxes[best] = b;
      auto& m = members[best];
      m.insert(m.end(), members[g].begin(), members[g].end());
      std::sort(m.begin(), m.end());
      members[g].clear();
      ++joined;
      again = true;
    }
  }
  return joined;
}

}  // namespace sl::objects
