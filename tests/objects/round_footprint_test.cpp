// Round things seen from one side (RoundFootprint.h): the circle of a plant's or a stool's seen
// arc gives its hidden side; a box seen from a corner and a table top keep their boxes.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "inference/objects/Boxes.h"
#include "inference/objects/RoundFootprint.h"

using namespace sl;
using namespace sl::objects;

namespace {
const Eigen::Vector3d kUp = Eigen::Vector3d::UnitZ();

struct Cloud {
  std::vector<Eigen::Vector3f> xyz;
  std::vector<uint32_t> members;
  std::mt19937 rng{5};
  void add(const Eigen::Vector3d& p, double noise_m) {
    std::normal_distribution<double> n(0, noise_m);
    members.push_back(uint32_t(xyz.size()));
    xyz.push_back((p + Eigen::Vector3d(n(rng), n(rng), n(rng))).cast<float>());
  }
};

// A plant: a pot (radius 0.15, 0.35 high) under a ball of foliage (radius 0.3 centred 0.6 m up)
// at (2, 1), only their halves facing -x (the cameras) sampled, with 1 cm noise.
Cloud plant_front_half() {
  Cloud c;
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 6000; ++i) {
    const double a = M_PI * (u(c.rng) + 0.5);  // 90-270 degrees: the -x half
    const double z = 0.6 + 0.3 * (2 * u(c.rng) - 1);
    const double r = std::sqrt(std::max(0.0, 0.09 - (z - 0.6) * (z - 0.6)));
    c.add({2 + r * std::cos(a), 1 + r * std::sin(a), z}, 0.01);
  }
  for (int i = 0; i < 1500; ++i) {
    const double a = M_PI * (u(c.rng) + 0.5);
    c.add({2 + 0.15 * std::cos(a), 1 + 0.15 * std::sin(a), 0.35 * u(c.rng)}, 0.01);
  }
  return c;
}

OrientedBox truth_box(const Eigen::Vector3d& center, const Eigen::Vector3d& size) {
  OrientedBox b;
  b.center = center;
  b.size = size;
  return b;
}
}  // namespace

TEST(RoundFootprint, FitCircleRecoversAnArc) {
  std::vector<Eigen::Vector2d> pts;
  std::mt19937 rng(3);
  std::normal_distribution<double> n(0, 0.003);
  for (int i = 0; i <= 60; ++i) {
    const double a = (30 + 2.0 * i) * M_PI / 180;  // a 120-degree arc
    pts.emplace_back(1 + 0.3 * std::cos(a) + n(rng), 2 + 0.3 * std::sin(a) + n(rng));
  }
  const Circle2 c = fit_circle(pts);
  EXPECT_NEAR(c.center.x(), 1, 0.01);
  EXPECT_NEAR(c.center.y(), 2, 0.01);
  EXPECT_NEAR(c.radius, 0.3, 0.01);
  EXPECT_LT(c.rms, 0.005);
  EXPECT_EQ(fit_circle({{0, 0}, {1, 1}, {2, 2}}).radius, 0);  // collinear
}

TEST(RoundFootprint, PlantSeenFromOneSideGetsItsCircle) {
  Cloud c = plant_front_half();
  OrientedBox box = fit_upright_box(c.xyz, c.members, kUp);
  const OrientedBox truth = truth_box({2, 1, 0.45}, {0.6, 0.6, 0.9});
  const double before = upright_box_iou(box, truth, kUp);
  std::printf("front half's box %.2f x %.2f, IoU %.2f\n", box.size[0], box.size[1], before);
  EXPECT_LT(before, 0.6);
  ASSERT_TRUE(round_footprint(c.xyz, c.members, kUp, box));
  std::printf("circle's box %.2f x %.2f at %.2f %.2f, IoU %.2f\n", box.size[0], box.size[1],
              box.center.x(), box.center.y(), upright_box_iou(box, truth, kUp));
  EXPECT_NEAR(box.center.x(), 2, 0.03);
  EXPECT_NEAR(box.center.y(), 1, 0.03);
  EXPECT_NEAR(box.size[0], 0.6, 0.05);
  EXPECT_NEAR(box.size[1], 0.6, 0.05);
  EXPECT_NEAR(box.size[2], 0.9, 0.03);  // the height stays
  EXPECT_GT(upright_box_iou(box, truth, kUp), 0.8);
}

TEST(RoundFootprint, BoxSeenFromACornerKeepsItsBox) {
  // A 0.4 x 0.25 x 0.3 m box at the origin, its top and the two faces towards -x and -y.
  Cloud c;
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 3000; ++i) {
    const double x = 0.4 * u(c.rng) - 0.2, y = 0.25 * u(c.rng) - 0.125, z = 0.3 * u(c.rng);
    c.add({x, y, 0.3}, 0.005);
    c.add({-0.2, y, z}, 0.005);
    c.add({x, -0.125, z}, 0.005);
  }
  OrientedBox box = fit_upright_box(c.xyz, c.members, kUp);
  const OrientedBox before = box;
  EXPECT_FALSE(round_footprint(c.xyz, c.members, kUp, box));
  EXPECT_TRUE(box.center.isApprox(before.center));
  EXPECT_TRUE(box.size.isApprox(before.size));
}

TEST(RoundFootprint, TableTopAndLegsKeepTheirBox) {
  // A 1.2 x 0.7 m top 0.75 m up on four legs: rectangles and small squares, no arc.
  Cloud c;
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 6000; ++i) c.add({1.2 * u(c.rng) - 0.6, 0.7 * u(c.rng) - 0.35, 0.75}, 0.01);
  for (int sx : {-1, 1})
    for (int sy : {-1, 1})
      for (int i = 0; i < 400; ++i)
        c.add({sx * 0.52 + 0.05 * u(c.rng), sy * 0.27 + 0.05 * u(c.rng), 0.73 * u(c.rng)}, 0.005);
  OrientedBox box = fit_upright_box(c.xyz, c.members, kUp);
  const OrientedBox before = box;
  EXPECT_FALSE(round_footprint(c.xyz, c.members, kUp, box));
  EXPECT_TRUE(box.size.isApprox(before.size));
}
