#include "inference/spatial/SpatialGeometry.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <nanoflann.hpp>

namespace sl::spatial {
namespace {

double extent_along(const OrientedBox& b, const Eigen::Vector3d& d) {
  double e = 0;
  for (int i = 0; i < 3; ++i) e += std::abs(b.axes.col(i).dot(d)) * b.size[i];
  return e;
}

// Closest distance between segments p1-q1 and p2-q2 (Ericson, Real-Time Collision Detection).
double segment_distance(const Eigen::Vector3d& p1, const Eigen::Vector3d& q1,
                        const Eigen::Vector3d& p2, const Eigen::Vector3d& q2) {
  const Eigen::Vector3d d1 = q1 - p1, d2 = q2 - p2, r = p1 - p2;
  const double a = d1.squaredNorm(), e = d2.squaredNorm(), f = d2.dot(r);
  double s = 0, t = 0;
  const double eps = 1e-12;
  if (a <= eps && e <= eps) return r.norm();
  if (a <= eps) {
    t = std::clamp(f / e, 0.0, 1.0);
  } else {
    const double c = d1.dot(r);
    if (e <= eps) {
      s = std::clamp(-c / a, 0.0, 1.0);
    } else {
      const double b = d1.dot(d2), den = a * e - b * b;
      s = den > eps ? std::clamp((b * f - c * e) / den, 0.0, 1.0) : 0.0;
      t = (b * s + f) / e;
      if (t < 0)
        t = 0, s = std::clamp(-c / a, 0.0, 1.0);
      else if (t > 1)
        t = 1, s = std::clamp((b - c) / a, 0.0, 1.0);
    }
  }
  return ((p1 + d1 * s) - (p2 + d2 * t)).norm();
}

bool boxes_intersect(const OrientedBox& a, const OrientedBox& b) {
  std::vector<Eigen::Vector3d> axes;
  for (int i = 0; i < 3; ++i) axes.push_back(a.axes.col(i)), axes.push_back(b.axes.col(i));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      Eigen::Vector3d c = a.axes.col(i).cross(b.axes.col(j));
      if (c.norm() > 1e-9) axes.push_back(c.normalized());
    }
  const Eigen::Vector3d t = b.center - a.center;
  for (const auto& ax : axes)
    if (std::abs(t.dot(ax)) > 0.5 * (extent_along(a, ax) + extent_along(b, ax))) return false;
  return true;
}

const int kEdges[12][2] = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3},
                           {4, 6}, {5, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};

// Corner index bits: the edge table above assumes corner i has offset bit0->axis0, bit1->axis1,
// bit2->axis2, which we build ourselves instead of relying on OrientedBox::corners' order.
std::array<Eigen::Vector3d, 8> my_corners(const OrientedBox& b) {
  std::array<Eigen::Vector3d, 8> c;
  for (int i = 0; i < 8; ++i) {
    Eigen::Vector3d o;
    for (int k = 0; k < 3; ++k) o[k] = ((i >> k) & 1 ? 0.5 : -0.5) * b.size[k];
    c[i] = b.center + b.axes * o;
  }
  return c;
}

struct CloudAdaptor {
  const PointCloud& cloud;
  const std::vector<uint32_t>& idx;
  size_t kdtree_get_point_count() const { return idx.size(); }
  float kdtree_get_pt(size_t i, size_t d) const { return cloud.xyz[idx[i]][static_cast<int>(d)]; }
  template <class B>
  bool kdtree_get_bbox(B&) const {
    return false;
  }
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const size_t k = static_cast<size_t>(std::clamp(p, 0.0, 1.0) * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

}  // namespace

BoxDims box_dims(const OrientedBox& b, const Eigen::Vector3d& up) {
  BoxDims d;
  d.height = extent_along(b, up);
  // The box axis closest to up is the height axis; the other two give length and width.
  int h = 0;
  for (int i = 1; i < 3; ++i)
    if (std::abs(b.axes.col(i).dot(up)) > std::abs(b.axes.col(h).dot(up))) h = i;
  const double s1 = b.size[(h + 1) % 3], s2 = b.size[(h + 2) % 3];
  d.length = std::max(s1, s2);
  d.width = std::min(s1, s2);
  return d;
}

double box_bottom(const OrientedBox& b, const Eigen::Vector3d& up) {
  return b.center.dot(up) - 0.5 * extent_along(b, up);
}
double box_top(const OrientedBox& b, const Eigen::Vector3d& up) {
  return b.center.dot(up) + 0.5 * extent_along(b, up);
}

double point_box_distance(const Eigen::Vector3d& p, const OrientedBox& b) {
  const Eigen::Vector3d local = b.axes.transpose() * (p - b.center);
  Eigen::Vector3d out;
  for (int k = 0; k < 3; ++k) out[k] = std::max(0.0, std::abs(local[k]) - 0.5 * b.size[k]);
  return out.norm();
}

double footprint_distance(const Eigen::Vector3d& p, const OrientedBox& b,
                          const Eigen::Vector3d& up) {
  Eigen::Vector3d q = p - up * (p - b.center).dot(up);  // same height as the centre
  OrientedBox tall = b;
  for (int k = 0; k < 3; ++k)
    if (std::abs(b.axes.col(k).dot(up)) > 0.7) tall.size[k] = 1e9;
  return point_box_distance(q, tall);
}

double box_distance(const OrientedBox& a, const OrientedBox& b) {
  if (boxes_intersect(a, b)) return 0;
  const auto ca = my_corners(a), cb = my_corners(b);
  double best = std::numeric_limits<double>::infinity();
  for (const auto& p : ca) best = std::min(best, point_box_distance(p, b));
  for (const auto& p : cb) best = std::min(best, point_box_distance(p, a));
  for (const auto& ea : kEdges)
    for (const auto& eb : kEdges)
      best = std::min(best, segment_distance(ca[ea[0]], ca[ea[1]], cb[eb[0]], cb[eb[1]]));
  return best;
}

double min_point_distance(const PointCloud& cloud, const std::vector<uint32_t>& a,
                          const std::vector<uint32_t>& b, Eigen::Vector3d* pa,
                          Eigen::Vector3d* pb) {
  const bool swap = a.size() > b.size();
  const std::vector<uint32_t>& query = swap ? b : a;
  const std::vector<uint32_t>& tree_pts = swap ? a : b;
  if (query.empty() || tree_pts.empty()) return std::numeric_limits<double>::infinity();
  CloudAdaptor adaptor{cloud, tree_pts};
  using Tree =
      nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<float, CloudAdaptor>,
                                          CloudAdaptor, 3, size_t>;
  Tree tree(3, adaptor, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  tree.buildIndex();
  double best = std::numeric_limits<double>::infinity();
  size_t bi = 0, bj = 0;
  for (size_t i = 0; i < query.size(); ++i) {
    size_t j = 0;
    float d2 = 0;
    tree.knnSearch(cloud.xyz[query[i]].data(), 1, &j, &d2);
    if (d2 < best) best = d2, bi = query[i], bj = tree_pts[j];
  }
  Eigen::Vector3d qa = cloud.xyz[bi].cast<double>(), qb = cloud.xyz[bj].cast<double>();
  if (swap) std::swap(qa, qb);
  if (pa) *pa = qa;
  if (pb) *pb = qb;
  return std::sqrt(best);
}

double support_level(const PointCloud& cloud, const SceneObject& a, const SceneObject& b,
                     const Eigen::Vector3d& up_in, double tol) {
  const Eigen::Vector3d up = up_in.normalized();
  const double a_bottom = box_bottom(a.box, up), b_bottom = box_bottom(b.box, up);
  // a's points, sorted for the lookups (a copy only when they are not already).
  std::vector<uint32_t> sorted_copy;
  const std::vector<uint32_t>* a_sorted = &a.point_indices;
  if (!std::is_sorted(a.point_indices.begin(), a.point_indices.end())) {
    sorted_copy = a.point_indices;
    std::sort(sorted_copy.begin(), sorted_copy.end());
    a_sorted = &sorted_copy;
  }
  // A ring around a's footprint too: the part of b's surface right under a is hidden by a.
  const double margin = 0.5 * box_dims(a.box, up).length;
  std::vector<double> h;
  for (uint32_t i : b.point_indices) {
    if (i >= cloud.size() || std::binary_search(a_sorted->begin(), a_sorted->end(), i)) continue;
    const Eigen::Vector3d p = cloud.xyz[i].cast<double>();
    const double z = p.dot(up);
    if (z > a_bottom + tol || z <= b_bottom + tol) continue;
    if (footprint_distance(p, a.box, up) > margin) continue;
    h.push_back(z);
  }
  if (h.size() < 5) return std::numeric_limits<double>::quiet_NaN();
  // The highest height with at least two more points within tol below it: the top of what lies
  // there (a table top above its underside and legs), past single strays.
  std::sort(h.begin(), h.end(), std::greater<double>());
  for (size_t i = 0; i + 2 < h.size(); ++i)
    if (h[i] - h[i + 2] <= tol) return h[i];
  return std::numeric_limits<double>::quiet_NaN();
}

RoomExtent room_extent(const PointCloud& cloud, const Eigen::Vector3d& up_in,
                       const std::vector<Eigen::Vector3d>& camera_centres) {
  RoomExtent r;
  if (cloud.empty()) return r;
  const Eigen::Vector3d up = up_in.normalized();
  Eigen::Vector3d e1 = up.unitOrthogonal(), e2 = up.cross(e1);
  if (std::abs(up.z()) > 0.9) {  // keep world x / y as the 0-degree floor axes when z is up
    e1 = (Eigen::Vector3d::UnitX() - up * up.x()).normalized();
    e2 = up.cross(e1);
  }
  const size_t step = std::max<size_t>(1, cloud.size() / 20000);
  std::vector<Eigen::Vector3d> pts;
  for (size_t i = 0; i < cloud.size(); i += step) pts.push_back(cloud.xyz[i].cast<double>());
  r.points_used = pts.size();
  std::vector<double> h;
  for (const auto& p : pts) h.push_back(p.dot(up));
  const double h0 = percentile(h, 0.005);
  double h1 = percentile(h, 0.995);
  r.height = h1 - h0;
  const size_t near_top = size_t(std::count_if(h.begin(), h.end(), [&](double x) {
    return x >= h1 - 0.03 * r.height && x <= h1 + 0.03 * r.height;
  }));
  r.ceiling_seen = r.height > 0 && double(near_top) >= 0.05 * double(h.size());
  if (!r.ceiling_seen)
    for (const auto& c : camera_centres)
      if (c.dot(up) > h1) h1 = c.dot(up), r.height_from_camera = true;
  r.height = h1 - h0;
  double best_area = std::numeric_limits<double>::infinity();
  double lo[2] = {0, 0}, hi[2] = {0, 0};
  auto try_angle = [&](double deg) {
    const double a = deg * M_PI / 180;
    const Eigen::Vector3d u = std::cos(a) * e1 + std::sin(a) * e2, v = up.cross(u);
    std::vector<double> pu, pv;
    pu.reserve(pts.size());
    pv.reserve(pts.size());
    for (const auto& p : pts) pu.push_back(p.dot(u)), pv.push_back(p.dot(v));
    const double u0 = percentile(pu, 0.005), u1 = percentile(pu, 0.995);
    const double v0 = percentile(pv, 0.005), v1 = percentile(pv, 0.995);
    const double area = (u1 - u0) * (v1 - v0);
    if (area < best_area) {
      best_area = area;
      r.length_axis = u, r.width_axis = v;
      lo[0] = u0, hi[0] = u1, lo[1] = v0, hi[1] = v1;
      return true;
    }
    return false;
  };
  // Coarse (5 degree) search for the smallest-area rectangle, then refine by 1 degree.
  double best_deg = 0;
  for (int deg = 0; deg < 90; deg += 5)
    if (try_angle(deg)) best_deg = deg;
  for (int d = -4; d <= 4; ++d)
    if (d != 0) try_angle(best_deg + d);
  r.length = hi[0] - lo[0];
  r.width = hi[1] - lo[1];
  if (r.width > r.length) std::swap(r.length, r.width);
  for (int i = 0; i < 8; ++i)
    r.corners.push_back(((i & 1) ? hi[0] : lo[0]) * r.length_axis +
                        ((i & 2) ? hi[1] : lo[1]) * r.width_axis + ((i & 4) ? h1 : h0) * up);
  return r;
}

}  // namespace sl::spatial
