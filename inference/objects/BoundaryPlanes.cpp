#include "inference/objects/BoundaryPlanes.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "inference/objects/Frame.h"

namespace sl::objects {
namespace {

// The scene's size from the 1st-99th percentile of each axis (every `stride`-th point): stray
// stereo points far outside the room would make every wall look small against the full bounds.
double robust_diagonal(const PointCloud& cloud, size_t stride) {
  std::vector<float> c;
  c.reserve(cloud.size() / stride + 1);
  double sum2 = 0;
  for (int axis = 0; axis < 3; ++axis) {
    c.clear();
    for (size_t i = 0; i < cloud.size(); i += stride) c.push_back(cloud.xyz[i][axis]);
    const auto at = [&](double q) {
      auto it = c.begin() + long(q * double(c.size() - 1));
      std::nth_element(c.begin(), it, c.end());
      return double(*it);
    };
    const double lo = at(0.01), hi = at(0.99);
    sum2 += (hi - lo) * (hi - lo);
  }
  return std::sqrt(sum2);
}

}  // namespace

std::vector<Eigen::Vector4d> BoundaryPlanes::all() const {
  std::vector<Eigen::Vector4d> out = others;
  if (floor) out.insert(out.begin(), *floor);
  return out;
}

BoundaryPlanes find_boundary_planes(const PointCloud& cloud, const Eigen::Vector3d& up,
                                    size_t max_points) {
  BoundaryPlanes out;
  if (cloud.size() < 100 || cloud.size() > max_points) return out;
  PlaneOptions po;
  // Walls seen in few photos hold few points: look further down the list of planes (the
  // one-sided and large tests below keep objects' faces out).
  po.max_planes = 10;
  po.min_fraction = 0.02;
  const auto planes = detect_planes(cloud, po);
  Scene probe;  // find_floor wants a Scene: only the cloud's bounds and `up` matter here
  probe.up = up;
  probe.cloud.xyz = cloud.xyz;
  const Floor floor = find_floor(probe, planes);
  if (floor.found) out.floor = floor.plane.coeffs;
  // Boundary planes (walls, ceiling) have nearly all points on one side and span much of the
  // scene; an object's face (a table top, a cupboard side) is small or has floor on both sides.
  const size_t n = cloud.size(), stride = std::max<size_t>(1, n / 50000);
  const double tol = 2 * auto_plane_distance(cloud);
  out.distance = tol;
  const double scene_size = robust_diagonal(cloud, stride);
  for (const auto& p : planes) {
    if (floor.found && p.coeffs.isApprox(floor.plane.coeffs)) continue;
    size_t above = 0, below = 0;
    Eigen::AlignedBox3f on;
    for (size_t i = 0; i < n; i += stride) {
      const double s = p.signed_distance(cloud.xyz[i].cast<double>());
      above += s > tol;
      below += s < -tol;
      if (std::abs(s) <= tol) on.extend(cloud.xyz[i]);
    }
    const bool one_sided = std::min(above, below) < 0.03 * double(above + below);
    const bool large = !on.isEmpty() && double(on.diagonal().norm()) > 0.3 * scene_size;
    if (one_sided && large) out.others.push_back(p.coeffs);
  }
  return out;
}

}  // namespace sl::objects
