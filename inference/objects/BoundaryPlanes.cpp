#include "inference/objects/BoundaryPlanes.h"

#include <algorithm>
#include <cmath>

#include "inference/objects/Frame.h"

namespace sl::objects {

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
  po.max_planes = 6;
  po.min_fraction = 0.05;
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
  const double scene_size = double(cloud.bounds().diagonal().norm());
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
    const bool large = !on.isEmpty() && double(on.diagonal().norm()) > 0.4 * scene_size;
    if (one_sided && large) out.others.push_back(p.coeffs);
  }
  return out;
}

}  // namespace sl::objects
