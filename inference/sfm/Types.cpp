#include "inference/sfm/Types.h"

#include <ceres/rotation.h>

namespace sl::sfm {

int MapModel::num_registered() const {
  int n = 0;
  for (bool r : registered) n += r ? 1 : 0;
  return n;
}

int MapModel::num_points() const {
  int n = 0;
  for (const auto& p : points) n += p.alive() ? 1 : 0;
  return n;
}

Eigen::Isometry3d MapModel::cam_from_world(int image) const {
  const auto& p = poses[image];
  Eigen::Matrix3d R;
  ceres::AngleAxisToRotationMatrix(p.data(), ceres::ColumnMajorAdapter3x3(R.data()));
  Eigen::Isometry3d T = Eigen::Isometry3d::Identity();
  T.linear() = R;
  T.translation() = Eigen::Vector3d(p[3], p[4], p[5]);
  return T;
}

void MapModel::set_cam_from_world(int image, const Eigen::Isometry3d& T) {
  auto& p = poses[image];
  const Eigen::Matrix3d R = T.linear();
  ceres::RotationMatrixToAngleAxis(ceres::ColumnMajorAdapter3x3(R.data()), p.data());
  p[3] = T.translation().x();
  p[4] = T.translation().y();
  p[5] = T.translation().z();
}

Eigen::Vector3d MapModel::center(int image) const {
  return cam_from_world(image).inverse().translation();
}

bool MapModel::project(int image, const Eigen::Vector3d& X, Eigen::Vector2d& uv) const {
  const Eigen::Vector3d pc = cam_from_world(image) * X;
  if (pc.z() <= 1e-9) return false;
  const CameraParams& c = camera(image);
  const double x = pc.x() / pc.z(), y = pc.y() / pc.z();
  const double d = 1.0 + c.k1 * (x * x + y * y);
  uv = Eigen::Vector2d(c.f * x * d + c.cx, c.f * y * d + c.cy);
  return true;
}

Eigen::Vector2d MapModel::normalize(int image, const Eigen::Vector2d& uv) const {
  const CameraParams& c = camera(image);
  const Eigen::Vector2d xd((uv.x() - c.cx) / c.f, (uv.y() - c.cy) / c.f);
  Eigen::Vector2d xu = xd;
  for (int it = 0; it < 10 && c.k1 != 0; ++it) xu = xd / (1.0 + c.k1 * xu.squaredNorm());
  return xu;
}

double MapModel::reprojection_error(int image, int kp, const Eigen::Vector3d& X) const {
  Eigen::Vector2d uv;
  if (!project(image, X, uv)) return 1e9;
  return (uv - keypoint(image, kp)).norm();
}

double MapModel::mean_reprojection_error() const {
  double sum = 0;
  size_t n = 0;
  for (const auto& p : points) {
    if (!p.alive()) continue;
    for (const auto& [img, kp] : p.obs) {
      sum += reprojection_error(img, kp, p.xyz);
      ++n;
    }
  }
  return n ? sum / double(n) : 0.0;
}

}  // namespace sl::sfm
