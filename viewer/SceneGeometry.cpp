#include "viewer/SceneGeometry.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sl::viewer {

Eigen::Vector3f to_rgbf(const QColor& c) {
  return Eigen::Vector3f(float(c.redF()), float(c.greenF()), float(c.blueF()));
}

Eigen::Vector3f ramp(float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  static const Eigen::Vector3f stops[5] = {{0.1f, 0.2f, 0.9f},
                                           {0.0f, 0.8f, 0.9f},
                                           {0.1f, 0.85f, 0.2f},
                                           {0.95f, 0.9f, 0.1f},
                                           {0.9f, 0.15f, 0.1f}};
  const float x = t * 4;
  const int i = std::min(3, int(x));
  const float f = x - float(i);
  return stops[i] * (1 - f) + stops[i + 1] * f;
}

std::vector<Eigen::Vector3f> point_colors(const Scene& scene, ColorMode mode,
                                          const std::vector<uint32_t>& order) {
  const PointCloud& cloud = scene.cloud;
  std::vector<Eigen::Vector3f> out(order.size(), Eigen::Vector3f(0.75f, 0.75f, 0.75f));
  if (mode == ColorMode::Rgb && cloud.has_rgb()) {
    for (size_t k = 0; k < order.size(); ++k) {
      const auto& c = cloud.rgb[order[k]];
      out[k] = Eigen::Vector3f(c[0], c[1], c[2]) / 255.0f;
    }
  } else if (mode == ColorMode::Confidence && cloud.has_confidence()) {
    for (size_t k = 0; k < order.size(); ++k) out[k] = ramp(cloud.confidence[order[k]]);
  } else if (mode == ColorMode::Height && !cloud.empty()) {
    const Eigen::Vector3f up = scene.up.normalized().cast<float>();
    float lo = std::numeric_limits<float>::max(), hi = -lo;
    for (const auto& p : cloud.xyz) {
      lo = std::min(lo, p.dot(up));
      hi = std::max(hi, p.dot(up));
    }
    const float span = std::max(hi - lo, 1e-9f);
    for (size_t k = 0; k < order.size(); ++k)
      out[k] = ramp((cloud.xyz[order[k]].dot(up) - lo) / span);
  } else if (mode == ColorMode::Normal && cloud.has_normals()) {
    for (size_t k = 0; k < order.size(); ++k)
      out[k] = (cloud.normals[order[k]].normalized() * 0.5f).array() + 0.5f;
  }
  return out;
}

Eigen::AlignedBox3d scene_bounds(const Scene& scene) {
  Eigen::AlignedBox3d box;
  if (!scene.cloud.empty()) box = scene.cloud.bounds().cast<double>();
  for (const auto& v : scene.views)  // cameras too, so that fit-to-scene shows them
    if (v.registered) box.extend(v.center());
  if (box.isEmpty())
    box = Eigen::AlignedBox3d(Eigen::Vector3d::Constant(-1), Eigen::Vector3d::Constant(1));
  if (box.diagonal().norm() < 1e-9) box.extend(box.center() + Eigen::Vector3d::Constant(1));
  return box;
}

LineList grid_and_axes(const Scene& scene, const Eigen::AlignedBox3d& bounds) {
  LineList out;
  const Eigen::Vector3d up = scene.up.normalized();
  const Eigen::Vector3d a = up.unitOrthogonal(), b = up.cross(a);
  const double extent = bounds.diagonal().norm();
  // Floor: the lowest corner of the bounds along up.
  double floor = std::numeric_limits<double>::max();
  for (int i = 0; i < 8; ++i)
    floor = std::min(floor, bounds.corner(Eigen::AlignedBox3d::CornerType(i)).dot(up));
  const double raw = extent / 10;
  const double step = std::pow(10.0, std::floor(std::log10(raw)));  // 1, 10, 0.1 ...
  const int n = 10;
  const Eigen::Vector3d c = bounds.center();
  const Eigen::Vector3d centre = c - up * (c.dot(up) - floor);
  const Eigen::Vector3d base =
      centre - a * std::fmod(centre.dot(a), step) - b * std::fmod(centre.dot(b), step);
  const Eigen::Vector3f grey(0.35f, 0.35f, 0.38f);
  const double half = n * step;
  for (int i = -n; i <= n; ++i) {
    const Eigen::Vector3d pa = base + a * (i * step), pb = base + b * (i * step);
    out.add((pa - b * half).cast<float>(), (pa + b * half).cast<float>(), grey);
    out.add((pb - a * half).cast<float>(), (pb + a * half).cast<float>(), grey);
  }
  const float len = float(extent * 0.15);
  out.add(Eigen::Vector3f::Zero(), Eigen::Vector3f::UnitX() * len, {0.9f, 0.2f, 0.2f});
  out.add(Eigen::Vector3f::Zero(), Eigen::Vector3f::UnitY() * len, {0.2f, 0.85f, 0.2f});
  out.add(Eigen::Vector3f::Zero(), Eigen::Vector3f::UnitZ() * len, {0.25f, 0.4f, 1.0f});
  return out;
}

std::array<Eigen::Vector3f, 4> frustum_corners(const View& view, double depth) {
  const Intrinsics& k = view.intrinsics;
  const double w = k.valid() ? k.width : 4, h = k.valid() ? k.height : 3;
  const double fx = k.valid() ? k.fx : 4, fy = k.valid() ? k.fy : 4;
  const double cx = k.valid() ? k.cx : w / 2, cy = k.valid() ? k.cy : h / 2;
  const double us[4] = {-0.5, w - 0.5, w - 0.5, -0.5}, vs[4] = {-0.5, -0.5, h - 0.5, h - 0.5};
  std::array<Eigen::Vector3f, 4> out;
  for (int i = 0; i < 4; ++i) {
    const Eigen::Vector3d p_cam((us[i] - cx) / fx * depth, (vs[i] - cy) / fy * depth, depth);
    out[i] = (view.world_from_cam * p_cam).cast<float>();
  }
  return out;
}

double frustum_depth(const Scene& scene, double extent) {
  std::vector<Eigen::Vector3d> c;
  for (const View& v : scene.views)
    if (v.registered) c.push_back(v.center());
  double depth = extent * 0.06;
  if (c.size() < 2) return depth;
  std::vector<double> nearest;
  for (size_t i = 0; i < c.size() && i < 500; ++i) {
    double best = std::numeric_limits<double>::max();
    for (size_t j = 0; j < c.size(); ++j)
      if (j != i) best = std::min(best, (c[i] - c[j]).norm());
    nearest.push_back(best);
  }
  std::nth_element(nearest.begin(), nearest.begin() + nearest.size() / 2, nearest.end());
  return std::clamp(0.5 * nearest[nearest.size() / 2], extent * 0.01, depth);
}

LineList camera_frustums(const Scene& scene, double depth) {
  LineList out;
  const Eigen::Vector3f col(0.95f, 0.55f, 0.1f);
  for (const auto& v : scene.views) {
    if (!v.registered) continue;
    const Eigen::Vector3f c = v.center().cast<float>();
    const auto k = frustum_corners(v, depth);
    for (int i = 0; i < 4; ++i) {
      out.add(c, k[i], col);
      out.add(k[i], k[(i + 1) % 4], col);
    }
    // A small triangle above the top edge marks the image up direction.
    const Eigen::Vector3f mid = (k[0] + k[1]) / 2, tip = mid + (k[0] - k[3]) * 0.2f;
    out.add(k[0] * 0.7f + k[1] * 0.3f, tip, col);
    out.add(tip, k[0] * 0.3f + k[1] * 0.7f, col);
  }
  return out;
}

LineList overlay_lines(const std::vector<Overlay>& overlays, double extent) {
  LineList out;
  for (const auto& o : overlays) {
    const Eigen::Vector3f col = to_rgbf(o.color);
    const auto& p = o.points;
    switch (o.kind) {
      case Overlay::Kind::Line:
        for (size_t i = 0; i + 1 < p.size(); ++i) out.add(p[i], p[i + 1], col);
        break;
      case Overlay::Kind::Arrow:
        if (p.size() >= 2) {
          out.add(p[0], p[1], col);
          const Eigen::Vector3f d = p[1] - p[0];
          const float len = d.norm();
          if (len > 0) {
            const Eigen::Vector3f u = d / len, s = u.unitOrthogonal(), t = u.cross(s);
            const float head = std::min(len * 0.25f, float(extent * 0.05));
            for (const Eigen::Vector3f& side :
                 {Eigen::Vector3f(s), Eigen::Vector3f(-s), Eigen::Vector3f(t), Eigen::Vector3f(-t)})
              out.add(p[1], p[1] - u * head + side * head * 0.4f, col);
          }
        }
        break;
      case Overlay::Kind::Box:
        if (p.size() == 8)  // corner i: bit 0 = +x, bit 1 = +y, bit 2 = +z (OrientedBox::corners)
          for (int i = 0; i < 8; ++i)
            for (int bit : {1, 2, 4})
              if (!(i & bit)) out.add(p[i], p[i | bit], col);
        break;
      case Overlay::Kind::Frustum:  // apex then 4 far corners
        if (p.size() == 5)
          for (int i = 0; i < 4; ++i) {
            out.add(p[0], p[1 + i], col);
            out.add(p[1 + i], p[1 + (i + 1) % 4], col);
          }
        break;
      case Overlay::Kind::Highlight:
        break;
    }
  }
  return out;
}

}  // namespace sl::viewer
