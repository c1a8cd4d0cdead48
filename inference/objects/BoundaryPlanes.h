// The planes that bound a scene (its floor, walls and ceiling) as opposed to an object's faces:
// region growing (in 3D, or over a photo's depth) stops at them, so a click selects the thing
// standing on the floor and not the floor with it.
#pragma once
#include <Eigen/Core>
#include <optional>
#include <vector>

#include "scene/Scene.h"

namespace sl::objects {

struct BoundaryPlanes {
  std::optional<Eigen::Vector4d> floor;  // n . p + d = 0, |n| = 1, n towards up
  std::vector<Eigen::Vector4d> others;   // walls, ceiling: one-sided and spanning the scene
  double distance = 0;                   // points this close to a plane lie on it
  std::vector<Eigen::Vector4d> all() const;
};

// RANSAC runs on a subsample, so the cost grows slowly with the cloud; above `max_points`
// (a guard for the probe copy of the points), no planes are looked for.
BoundaryPlanes find_boundary_planes(const PointCloud& cloud, const Eigen::Vector3d& up,
                                    size_t max_points = 50'000'000);

}  // namespace sl::objects
