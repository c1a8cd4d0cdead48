// Minimal synthetic rooms for the objects tests: box-shaped objects standing on a floor,
// with two walls, sampled densely on their visible surfaces. +z up, floor z = 0, metres.
#pragma once
#include <algorithm>
#include <random>
#include <vector>

#include "inference/objects/Boxes.h"
#include "scene/ObjectsJson.h"
#include "scene/Scene.h"

namespace sl::testroom {

struct Room {
  Scene scene;  // cloud + ground-truth objects (with point_indices)
};

// A w x h pinhole camera (focal f px) at c; axes: columns camera x (right), y (down), z (forward).
inline View camera(const Eigen::Vector3d& c, const Eigen::Matrix3d& axes, int w = 320, int h = 240,
                   double f = 250) {
  View v;
  v.intrinsics.width = w;
  v.intrinsics.height = h;
  v.intrinsics.fx = v.intrinsics.fy = f;
  v.intrinsics.cx = w / 2.0;
  v.intrinsics.cy = h / 2.0;
  v.world_from_cam.linear() = axes;
  v.world_from_cam.translation() = c;
  return v;
}
inline void sample_rect(PointCloud& c, const Eigen::Vector3d& o, const Eigen::Vector3d& u,
                        const Eigen::Vector3d& v, double spacing, std::mt19937& rng,
                        std::array<uint8_t, 3> rgb, std::vector<uint32_t>* idx) {
  const double area = u.norm() * v.norm();
  const int n = std::max(4, static_cast<int>(area / (spacing * spacing)));
  std::uniform_real_distribution<double> U(0, 1);
  for (int k = 0; k < n; ++k) {
    if (idx) idx->push_back(static_cast<uint32_t>(c.size()));
    c.push_back((o + U(rng) * u + U(rng) * v).cast<float>(), rgb);
  }
}

// The six faces of the axis-aligned box [lo, hi], a point every `spacing` m.
inline void cuboid(PointCloud& c, const Eigen::Vector3d& lo, const Eigen::Vector3d& hi,
                   double spacing, std::mt19937& rng) {
  const Eigen::Vector3d d = hi - lo, X(d.x(), 0, 0), Y(0, d.y(), 0), Z(0, 0, d.z());
  const Eigen::Vector3d faces[6][3] = {{lo, X, Y},     {lo + Z, X, Y}, {lo, X, Z},
                                       {lo + Y, X, Z}, {lo, Y, Z},     {lo + X, Y, Z}};
  for (const auto& f : faces) sample_rect(c, f[0], f[1], f[2], spacing, rng, {90, 60, 40}, nullptr);
}

// A w x d m floor and two 2.5 m walls along x = 0 and y = 0, every `floor` / `wall` m.
inline void floor_and_walls(PointCloud& c, double w, double d, double floor, double wall,
                            std::mt19937& rng) {
  sample_rect(c, {0, 0, 0}, {w, 0, 0}, {0, d, 0}, floor, rng, {120, 100, 80}, nullptr);
  sample_rect(c, {0, 0, 0}, {w, 0, 0}, {0, 0, 2.5}, wall, rng, {200, 200, 190}, nullptr);
  sample_rect(c, {0, 0, 0}, {0, d, 0}, {0, 0, 2.5}, wall, rng, {200, 190, 200}, nullptr);
}

// The best upright-box IoU of `objects`' boxes against `truth` (+z up), and (when `box` is
// given) that object's box.
inline double best_iou(const std::vector<SceneObject>& objects, const OrientedBox& truth,
                       OrientedBox* box = nullptr) {
  double iou = 0;
  for (const auto& p : objects) {
    const double v = objects::upright_box_iou(truth, p.box, Eigen::Vector3d::UnitZ());
    if (v <= iou) continue;
    iou = v;
    if (box) *box = p.box;
  }
  return iou;
}

// A scene whose cloud is floor_and_walls(w, d) (floor every 1.5 cm, walls every 2 cm), with the
// random generator that made it, for a test to add its objects.
struct WalledFloor {
  std::mt19937 rng;
  Scene scene;
  WalledFloor(unsigned seed, double w, double d) : rng(seed) {
    scene.cloud.rgb.clear();
    floor_and_walls(scene.cloud, w, d, 0.015, 0.02, rng);
  }
};

inline Room make_room(int seed, int objects = 5, double spacing = 0.012) {
  Room r;
  std::mt19937 rng(static_cast<unsigned>(seed));
  std::uniform_real_distribution<double> U(0, 1);
  PointCloud& c = r.scene.cloud;
  c.rgb.clear();
  const double W = 5, D = 4, H = 2.5;
  sample_rect(c, {0, 0, 0}, {W, 0, 0}, {0, D, 0}, spacing * 1.5, rng, {120, 100, 80}, nullptr);
  sample_rect(c, {0, 0, 0}, {W, 0, 0}, {0, 0, H}, spacing * 2, rng, {200, 200, 190}, nullptr);
  sample_rect(c, {0, 0, 0}, {0, D, 0}, {0, 0, H}, spacing * 2, rng, {200, 190, 200}, nullptr);
  std::vector<Eigen::Vector2d> centres;
  for (int k = 0; k < objects; ++k) {
    SceneObject o;
    for (int tries = 0; tries < 200; ++tries) {
      Eigen::Vector3d size(0.4 + 0.8 * U(rng), 0.3 + 0.4 * U(rng), 0.3 + 1.0 * U(rng));
      if (size[1] > size[0]) std::swap(size[0], size[1]);
      Eigen::Vector2d ctr(0.8 + (W - 1.6) * U(rng), 0.8 + (D - 1.6) * U(rng));
      bool ok = true;
      for (const auto& q : centres) ok = ok && (q - ctr).norm() > 1.4;
      if (!ok) continue;
      centres.push_back(ctr);
      const double yaw = -80 + 160 * U(rng);
      o.box.axes = box_axes_from_yaw(Eigen::Vector3d::UnitZ(), yaw);
      o.box.size = size;
      o.box.center = Eigen::Vector3d(ctr.x(), ctr.y(), size.z() / 2);
      break;
    }
    if (o.box.size.isZero()) continue;
    o.id = static_cast<int>(r.scene.objects.size());
    o.name = "box " + std::to_string(o.id + 1);
    o.label = "box";
    const Eigen::Vector3d a = o.box.axes.col(0) * o.box.size[0];
    const Eigen::Vector3d b = o.box.axes.col(1) * o.box.size[1];
    const Eigen::Vector3d h = o.box.axes.col(2) * o.box.size[2];
    const Eigen::Vector3d c0 = o.box.center - a / 2 - b / 2 - h / 2;
    const std::array<uint8_t, 3> rgb = {static_cast<uint8_t>(50 + 40 * k), 60, 200};
    sample_rect(c, c0 + h, a, b, spacing, rng, rgb, &o.point_indices);
    sample_rect(c, c0, a, h, spacing, rng, rgb, &o.point_indices);
    sample_rect(c, c0 + b, a, h, spacing, rng, rgb, &o.point_indices);
    sample_rect(c, c0, b, h, spacing, rng, rgb, &o.point_indices);
    sample_rect(c, c0 + a, b, h, spacing, rng, rgb, &o.point_indices);
    r.scene.objects.push_back(o);
  }
  r.scene.scale.metric = true;
  r.scene.up = Eigen::Vector3d::UnitZ();
  return r;
}

}  // namespace sl::testroom
