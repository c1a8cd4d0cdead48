#include "viewer/OrbitCamera.h"

#include <algorithm>
#include <cmath>

namespace sl::viewer {
namespace {
constexpr double kPi = 3.14159265358979323846;
double deg2rad(double d) {
  return d * kPi / 180.0;
}
}  // namespace

void OrbitCamera::orthonormalize() {
  const Eigen::Vector3d f = forward();
  Eigen::Vector3d r = f.cross(up);
  if (r.norm() < 1e-9) r = f.unitOrthogonal();
  up = r.normalized().cross(f).normalized();
}

void OrbitCamera::orbit(double dx_px, double dy_px, double height_px) {
  const double k = kPi / std::max(1.0, height_px);  // a full-height drag turns 180 degrees
  const Eigen::Vector3d su = scene_up.normalized();
  Eigen::Vector3d offset = eye - target;
  // Yaw about the scene up axis (through the target).
  const Eigen::AngleAxisd yaw(-dx_px * k, su);
  offset = yaw * offset;
  up = yaw * up;
  // Pitch about the camera right axis, stopping short of the poles.
  const Eigen::Vector3d r = (-offset).cross(up).normalized();
  const Eigen::Vector3d pitched = Eigen::AngleAxisd(dy_px * k, r) * offset;
  const double elev = std::asin(std::clamp(pitched.normalized().dot(su), -1.0, 1.0));
  if (std::abs(elev) < deg2rad(89)) offset = pitched;  // stop short of the poles
  eye = target + offset;
  // Keep the horizon level: up is the scene up made orthogonal to the view.
  up = su;
  orthonormalize();
}

void OrbitCamera::pan(double dx_px, double dy_px, double height_px) {
  const double per_px = 2 * distance() * std::tan(deg2rad(vfov_deg) / 2) / std::max(1.0, height_px);
  const Eigen::Vector3d shift = (-dx_px * right() + dy_px * up) * per_px;
  eye += shift;
  target += shift;
}

void OrbitCamera::zoom(double steps) {
  const double factor = std::pow(0.85, steps);
  const double d = std::max(distance() * factor, 1e-6);
  eye = target - forward() * d;
}

void OrbitCamera::fit(const Eigen::AlignedBox3d& box) {
  const Eigen::Vector3d c = box.center();
  const double radius = std::max(box.diagonal().norm() / 2, 1e-6);
  const double d = radius / std::sin(deg2rad(vfov_deg) / 2) * 1.05;
  const Eigen::Vector3d su = scene_up.normalized();
  Eigen::Vector3d side = su.unitOrthogonal();
  // A fixed, pleasant direction: 30 degrees above the horizon, turned 35 degrees.
  side = Eigen::AngleAxisd(deg2rad(-35), su) * side;
  const Eigen::Vector3d dir =
      (std::cos(deg2rad(30)) * side + std::sin(deg2rad(30)) * su).normalized();
  target = c;
  eye = c + dir * d;
  up = su;
  orthonormalize();
  fitClipPlanes(box);
}

void OrbitCamera::lookThrough(const View& view, double target_distance) {
  const Eigen::Matrix3d R = view.world_from_cam.linear();
  eye = view.center();
  target = eye + R.col(2) * target_distance;  // +z_cam: viewing direction
  up = -R.col(1);                             // -y_cam: image up
  orthonormalize();
  if (view.intrinsics.valid())
    vfov_deg = 2 * std::atan(view.intrinsics.height / (2 * view.intrinsics.fy)) * 180 / kPi;
}

void OrbitCamera::behind(const View& view, double back_distance, double target_distance) {
  lookThrough(view, target_distance + back_distance);
  const Eigen::Vector3d f = forward();
  eye -= f * back_distance;
  eye += up * back_distance * 0.3;
  orthonormalize();
}

void OrbitCamera::fitClipPlanes(const Eigen::AlignedBox3d& box) {
  const double radius = std::max(box.diagonal().norm() / 2, 1e-6);
  const double dist_to_centre = (eye - box.center()).norm();
  far_plane = dist_to_centre + radius * 3;
  near_plane = std::max(far_plane * 1e-4, (dist_to_centre - radius * 1.5) * 0.5);
  near_plane = std::min(near_plane, radius * 0.01 + 1e-6);
}

Ray OrbitCamera::rayThrough(double x, double y, int w, int h) const {
  const double aspect = double(w) / std::max(1, h);
  const double t = std::tan(deg2rad(vfov_deg) / 2);
  const double ndc_x = 2 * (x + 0.5) / w - 1;
  const double ndc_y = 1 - 2 * (y + 0.5) / h;
  const Eigen::Vector3d d = forward() + right() * (ndc_x * t * aspect) + up * (ndc_y * t);
  return {eye.cast<float>(), d.normalized().cast<float>()};
}

bool OrbitCamera::project(const Eigen::Vector3d& p, int w, int h, Eigen::Vector2d* px) const {
  const Eigen::Vector3d v = p - eye;
  const double z = v.dot(forward());
  if (z <= 0) return false;
  const double aspect = double(w) / std::max(1, h);
  const double t = std::tan(deg2rad(vfov_deg) / 2);
  const double ndc_x = v.dot(right()) / (z * t * aspect);
  const double ndc_y = v.dot(up) / (z * t);
  *px = Eigen::Vector2d((ndc_x + 1) * w / 2 - 0.5, (1 - ndc_y) * h / 2 - 0.5);
  return true;
}

OrbitCamera OrbitCamera::interpolate(const OrbitCamera& a, const OrbitCamera& b, double t) {
  OrbitCamera c = b;
  const double s = t * t * (3 - 2 * t);  // smoothstep
  c.eye = a.eye + (b.eye - a.eye) * s;
  c.target = a.target + (b.target - a.target) * s;
  c.up = (a.up + (b.up - a.up) * s).normalized();
  c.vfov_deg = a.vfov_deg + (b.vfov_deg - a.vfov_deg) * s;
  c.orthonormalize();
  return c;
}

}  // namespace sl::viewer
