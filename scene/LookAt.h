// A camera pose looking at a point, in the project's OpenCV camera convention.
#pragma once
#include <Eigen/Geometry>

namespace sl {

// world_from_cam of a camera at `eye` looking at `target` (z forward), with image y pointing
// down, i.e. away from `up`. `up` must not be parallel to the viewing direction.
inline Eigen::Isometry3d world_from_cam_looking_at(
    const Eigen::Vector3d& eye, const Eigen::Vector3d& target,
    const Eigen::Vector3d& up = Eigen::Vector3d::UnitZ()) {
  const Eigen::Vector3d z = (target - eye).normalized();
  const Eigen::Vector3d x = z.cross(up).normalized();
  Eigen::Isometry3d world_from_cam = Eigen::Isometry3d::Identity();
  world_from_cam.linear().col(0) = x;
  world_from_cam.linear().col(1) = z.cross(x);
  world_from_cam.linear().col(2) = z;
  world_from_cam.translation() = eye;
  return world_from_cam;
}

}  // namespace sl
