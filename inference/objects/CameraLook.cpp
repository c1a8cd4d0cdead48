#include "inference/objects/CameraLook.h"

#include <cmath>

namespace sl::objects {

std::vector<int> views_seeing(const Scene& scene, const Eigen::Vector3d& p) {
  std::vector<int> out;
  for (size_t i = 0; i < scene.views.size(); ++i) {
    const View& v = scene.views[i];
    if (!v.registered || !v.intrinsics.valid()) continue;
    const Eigen::Vector3d pc = v.cam_from_world() * p;
    if (pc.z() <= 0) continue;
    const Eigen::Vector2d uv = v.intrinsics.project(pc);
    if (uv.x() >= 0 && uv.y() >= 0 && uv.x() < v.intrinsics.width && uv.y() < v.intrinsics.height)
      out.push_back(static_cast<int>(i));
  }
  return out;
}

Eigen::Vector3d look_direction(const Scene& scene, const Eigen::Vector3d& p) {
  Eigen::Vector3d look = Eigen::Vector3d::Zero();
  for (int v : views_seeing(scene, p)) look += (p - scene.views[size_t(v)].center()).normalized();
  return look;
}

void square_away_from_cameras(const Scene& scene, OrientedBox& b, const Eigen::Vector3d& up,
                              double min_ratio, double min_agreement) {
  if (min_ratio <= 0) return;
  Eigen::Vector3d look = Eigen::Vector3d::Zero();
  double total = 0;
  for (int v : views_seeing(scene, b.center)) {
    Eigen::Vector3d ray = (b.center - scene.views[size_t(v)].center()).normalized();
    ray -= ray.dot(up) * up;
    look += ray;
    total += ray.norm();
  }
  if (total <= 0 || look.norm() < min_agreement * total) return;
  look.normalize();
  const int d = std::abs(b.axes.col(0).dot(look)) > std::abs(b.axes.col(1).dot(look)) ? 0 : 1;
  const double grow = b.size[1 - d] - b.size[d];
  if (grow <= 0 || b.size[d] < min_ratio * b.size[1 - d]) return;
  const Eigen::Vector3d along = b.axes.col(d);
  b.center += 0.5 * grow * (along.dot(look) > 0 ? along : Eigen::Vector3d(-along));
  b.size[d] += grow;
}

}  // namespace sl::objects
