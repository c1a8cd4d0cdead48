#include "scene/Scene.h"

#include <algorithm>
#include <cmath>

namespace sl {

Eigen::Matrix3d Intrinsics::matrix() const {
  Eigen::Matrix3d k;
  k << fx, 0, cx, 0, fy, cy, 0, 0, 1;
  return k;
}

Eigen::Vector2d Intrinsics::project(const Eigen::Vector3d& p_cam) const {
  const double x = p_cam.x() / p_cam.z();
  const double y = p_cam.y() / p_cam.z();
  const double r2 = x * x + y * y;
  // The radial polynomial holds while r * d(r) grows with r; past that (far outside any photo's
  // field of view) it folds back and would put points beside the camera inside the image.
  if (1.0 + 3.0 * k1 * r2 + 5.0 * k2 * r2 * r2 <= 0) return {fx * x + cx, fy * y + cy};
  const double d = 1.0 + k1 * r2 + k2 * r2 * r2;
  return {fx * x * d + cx, fy * y * d + cy};
}

Eigen::Vector3d Intrinsics::unproject(const Eigen::Vector2d& uv) const {
  return {(uv.x() - cx) / fx, (uv.y() - cy) / fy, 1.0};
}

Eigen::Vector3d Intrinsics::undistorted_ray(const Eigen::Vector2d& uv) const {
  const double xd = (uv.x() - cx) / fx, yd = (uv.y() - cy) / fy;
  double x = xd, y = yd;
  for (int it = 0; it < 20 && (k1 != 0 || k2 != 0); ++it) {
    const double r2 = x * x + y * y;
    const double f = 1.0 + k1 * r2 + k2 * r2 * r2;
    if (!(f > 0.2)) break;  // far outside the lens model's range: keep the last estimate
    const double nx = xd / f, ny = yd / f;
    const bool converged = std::abs(nx - x) + std::abs(ny - y) < 1e-10;
    x = nx;
    y = ny;
    if (converged) break;
  }
  return {x, y, 1.0};
}

Intrinsics Intrinsics::scaled(int new_width, int new_height) const {
  Intrinsics out = *this;
  const double sx = double(new_width) / width;
  const double sy = double(new_height) / height;
  out.width = new_width;
  out.height = new_height;
  out.fx = fx * sx;
  out.fy = fy * sy;
  // Pixel centres: (u + 0.5) scales with the image.
  out.cx = (cx + 0.5) * sx - 0.5;
  out.cy = (cy + 0.5) * sy - 0.5;
  return out;
}

void PointCloud::reserve(size_t n) {
  xyz.reserve(n);
  rgb.reserve(n);
}

void PointCloud::clear() {
  *this = PointCloud();
}

void PointCloud::push_back(const Eigen::Vector3f& p, const std::array<uint8_t, 3>& c) {
  const bool first = xyz.empty();
  xyz.push_back(p);
  if (first || has_rgb()) rgb.push_back(c);
  if (has_confidence()) confidence.push_back(1.0f);
  if (has_source()) source_view.push_back(-1);
  if (!source_pixel.empty()) source_pixel.emplace_back(-1.f, -1.f);
  if (has_normals()) normals.emplace_back(0.f, 0.f, 0.f);
}

void PointCloud::check_consistent(const std::string& what) const {
  auto check = [&](size_t n, const char* attr) {
    if (n != 0 && n != xyz.size())
      throw IoError(what + ": point attribute '" + attr + "' has " + std::to_string(n) +
                    " entries for " + std::to_string(xyz.size()) + " points");
  };
  check(rgb.size(), "rgb");
  check(confidence.size(), "confidence");
  check(source_view.size(), "source_view");
  check(source_pixel.size(), "source_pixel");
  check(normals.size(), "normals");
}

PointCloud PointCloud::subset(const std::vector<uint32_t>& indices) const {
  PointCloud out;
  auto pick = [&](const auto& src, auto& dst) {
    if (src.empty()) return;
    dst.reserve(indices.size());
    for (uint32_t i : indices) dst.push_back(src[i]);
  };
  pick(xyz, out.xyz);
  pick(rgb, out.rgb);
  pick(confidence, out.confidence);
  pick(source_view, out.source_view);
  pick(source_pixel, out.source_pixel);
  pick(normals, out.normals);
  return out;
}

void PointCloud::append(const PointCloud& other) {
  const size_t n0 = xyz.size();
  auto join = [&](auto& dst, const auto& src, auto fill) {
    const bool dst_has = !dst.empty() || n0 == 0;
    if (!dst_has && src.empty()) return;
    if (dst.empty() && n0 > 0) dst.assign(n0, fill);
    if (src.empty())
      dst.insert(dst.end(), other.xyz.size(), fill);
    else
      dst.insert(dst.end(), src.begin(), src.end());
  };
  join(rgb, other.rgb, std::array<uint8_t, 3>{200, 200, 200});
  join(confidence, other.confidence, 1.0f);
  join(source_view, other.source_view, int32_t(-1));
  join(source_pixel, other.source_pixel, Eigen::Vector2f(-1.f, -1.f));
  join(normals, other.normals, Eigen::Vector3f(0.f, 0.f, 0.f));
  xyz.insert(xyz.end(), other.xyz.begin(), other.xyz.end());
}

Eigen::AlignedBox3f PointCloud::bounds() const {
  Eigen::AlignedBox3f box;
  for (const auto& p : xyz) box.extend(p);
  return box;
}

bool OrientedBox::contains(const Eigen::Vector3d& p, double margin) const {
  const Eigen::Vector3d local = axes.transpose() * (p - center);
  for (int i = 0; i < 3; ++i)
    if (std::abs(local[i]) > 0.5 * size[i] + margin) return false;
  return true;
}

std::array<Eigen::Vector3d, 8> OrientedBox::corners() const {
  std::array<Eigen::Vector3d, 8> out;
  for (int i = 0; i < 8; ++i) {
    const Eigen::Vector3d s((i & 1) ? 0.5 : -0.5, (i & 2) ? 0.5 : -0.5, (i & 4) ? 0.5 : -0.5);
    out[i] = center + axes * s.cwiseProduct(size);
  }
  return out;
}

int Scene::registered_views() const {
  return int(std::count_if(views.begin(), views.end(), [](const View& v) { return v.registered; }));
}

const SceneObject* Scene::find_object(const std::string& name) const {
  for (const auto& o : objects)
    if (o.name == name) return &o;
  return nullptr;
}

}  // namespace sl
