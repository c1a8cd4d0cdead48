// Small fixed scenes for the viewer tests and benchmark, built in code (no generator, no files).
#pragma once
#include <cmath>
#include <memory>
#include <random>

#include "scene/Scene.h"

namespace sl::viewer::test {

// The six faces of a unit-ish cube centred at (0, 0, 0.5) (sitting on the floor z = 0), each face
// in its own colour, sampled on a regular grid of `per_side` x `per_side` points per face.
inline std::shared_ptr<Scene> colored_cube(int per_side = 60) {
  auto s = std::make_shared<Scene>();
  const std::array<std::array<uint8_t, 3>, 6> colors = {{{230, 40, 40},
                                                         {40, 200, 60},
                                                         {50, 80, 230},
                                                         {240, 220, 40},
                                                         {230, 60, 220},
                                                         {40, 220, 230}}};
  for (int f = 0; f < 6; ++f) {
    const int axis = f / 2;
    const float side = (f % 2) ? 0.5f : -0.5f;
    for (int i = 0; i < per_side; ++i)
      for (int j = 0; j < per_side; ++j) {
        Eigen::Vector3f p;
        const float a = -0.5f + (i + 0.5f) / per_side, b = -0.5f + (j + 0.5f) / per_side;
        p[axis] = side;
        p[(axis + 1) % 3] = a;
        p[(axis + 2) % 3] = b;
        p.z() += 0.5f;
        s->cloud.push_back(p, colors[size_t(f)]);
      }
  }
  s->cloud.confidence.assign(s->cloud.size(), 0.8f);
  // Three cameras on a ring, looking at the cube centre, 640x480, one with a thumbnail.
  for (int k = 0; k < 3; ++k) {
    View v;
    v.name = "cam" + std::to_string(k);
    v.intrinsics = {640, 480, 500, 500, 319.5, 239.5, 0, 0};
    const double ang = k * 2.0944 + 0.4;
    const Eigen::Vector3d c(2.6 * std::cos(ang), 2.6 * std::sin(ang), 1.4);
    const Eigen::Vector3d target(0, 0, 0.5);
    const Eigen::Vector3d z = (target - c).normalized();
    const Eigen::Vector3d x = z.cross(Eigen::Vector3d::UnitZ()).normalized();
    const Eigen::Vector3d y = z.cross(x);
    Eigen::Matrix3d R;
    R << x, y, z;
    v.world_from_cam.linear() = R;
    v.world_from_cam.translation() = c;
    if (k == 0) {
      v.thumbnail = cv::Mat(48, 64, CV_8UC3, cv::Scalar(200, 120, 40));  // BGR: blue-ish
      // Top half red-ish so the orientation shows.
      v.thumbnail(cv::Rect(0, 0, 64, 24)).setTo(cv::Scalar(40, 40, 220));
    }
    s->views.push_back(v);
  }
  s->up = Eigen::Vector3d::UnitZ();
  s->source = "test cube";
  return s;
}

// n random points in a 10 x 10 x 3 box with smooth colours (benchmarks).
inline std::shared_ptr<Scene> random_cloud(size_t n, unsigned seed = 1) {
  auto s = std::make_shared<Scene>();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  s->cloud.xyz.resize(n);
  s->cloud.rgb.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const Eigen::Vector3f p(u(rng) * 10 - 5, u(rng) * 10 - 5, u(rng) * 3);
    s->cloud.xyz[i] = p;
    s->cloud.rgb[i] = {uint8_t(25 * (p.x() + 5)), uint8_t(25 * (p.y() + 5)), uint8_t(80 * p.z())};
  }
  return s;
}

}  // namespace sl::viewer::test
