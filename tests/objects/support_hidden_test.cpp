// Splitting what stands on a top the photos saw only in part (Support.h): the footprint reached
// towards the cameras (SupportSplitOptions::look_at) and the wide core band (wide_core_levels),
// on point sets built here with known answers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "SupportPoints.h"
#include "inference/objects/Support.h"

using namespace sl::objects;
using namespace sl::objects::test;

namespace {

// A brown cabinet 1.2 x 0.45 m, 0.6 m high (x across, y depth, z up), photographed from the
// front (-y): its front face is seen and of its top only the 10 cm strip before a dark tv
// (0.5 m wide, its screen 0.4 m high at y = 0) that hides the rest. The depth maps smeared the
// tv's lower edge forward onto the strip: a sheet 2.2 cm above the top (not up-facing) from the
// strip's back edge to the screen, the only link between the two.
Points tv_on_a_cabinet() {
  Points t;
  const float h = 0.6f, step = 0.01f;
  t.box({-0.6f, -0.225f, 0.0f}, {0.6f, 0.225f, h}, step, 0b0100, 0);  // the front face
  for (float x = -0.6f; x <= 0.6f + 1e-6f; x += step)
    for (float y = -0.225f; y <= -0.125f + 1e-6f; y += step) t.add({x, y, h}, {0, 0, 1}, 0);
  t.pen = {30, 30, 35};
  for (float x = -0.25f; x <= 0.25f + 1e-6f; x += step)
    for (float y = -0.115f; y < 0.0f; y += step) t.add({x, y, h + 0.022f}, {0, -1, 0}, 1);
  t.box({-0.25f, 0.0f, h + 0.03f}, {0.25f, 0.0f, h + 0.43f}, step, 0b0100, 1);  // the screen
  return t;
}

// The horizontal direction the cameras look at every point along.
SupportSplitOptions looking(const Eigen::Vector3d& look) {
  SupportSplitOptions o;
  o.radius = 0.03f;
  o.look_at = [look](const Eigen::Vector3d&) { return look; };
  return o;
}

}  // namespace

TEST(SupportSplitHidden, ATvBehindTheSeenStripOfATopSplitsOffWhenTheCamerasLookPastTheStrip) {
  const Points t = tv_on_a_cabinet();
  ASSERT_EQ(euclidean_clusters(t.xyz, 0.03f).size(), 1u) << "the smear must link tv and cabinet";
  SupportSplitOptions none;
  none.radius = 0.03f;
  const Split without = split_all(t, none);
  const Split front = split_all(t, looking({0, 1, 0}));    // cameras before the cabinet
  const Split behind = split_all(t, looking({0, -1, 0}));  // cameras behind the tv
  const Split aside = split_all(t, looking({0, 0, 0}));    // no camera sees it
  SupportSplitOptions short_reach = looking({0, 1, 0});
  short_reach.hidden_reach_radii = 3;  // 9 cm: the screen stands 12.5 cm behind the strip
  const Split short_split = split_all(t, short_reach);
  std::printf(
      "tv alone in its piece: seen from the front %s (%.2f of it); no look_at %s, from behind %s, "
      "unseen %s, reach 3 radii %s\n",
      front.mixed ? "no" : "yes", front.share, without.mixed ? "no" : "yes",
      behind.mixed ? "no" : "yes", aside.mixed ? "no" : "yes", short_split.mixed ? "no" : "yes");
  EXPECT_FALSE(front.mixed);
  EXPECT_GE(front.share, 0.95);
  // The cases this guards: without the cameras' direction, or with the tv between the strip and
  // the cameras, the tv stands outside the strip's footprint and stays with the cabinet.
  EXPECT_TRUE(without.mixed);
  EXPECT_TRUE(behind.mixed);
  EXPECT_TRUE(aside.mixed);
  EXPECT_TRUE(short_split.mixed);
}

namespace {

// A 1.2 x 0.8 m table whose top's points came out of a reconstruction scattered 2.5 cm up and
// down with noisy normals, and a blue box (lo, hi) standing on it: the scattered points outside
// the core band link the box to the table's skirt.
Points scattered_top_with(const Eigen::Vector3f& lo, const Eigen::Vector3f& hi) {
  Points t;
  const float h = 0.75f, step = 0.01f;
  table_legs_and_skirt(t, h, step);
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> scatter(-0.025f, 0.025f), tilt(-0.8f, 0.8f);
  for (float x = -0.6f; x <= 0.6f; x += step)
    for (float y = -0.4f; y <= 0.4f; y += step) {
      if (x > lo.x() && x < hi.x() && y > lo.y() && y < hi.y()) continue;  // under the box
      t.add({x, y, h + scatter(rng)}, Eigen::Vector3f(tilt(rng), tilt(rng), 1).normalized(), 0);
    }
  t.pen = {40, 120, 200};
  t.box({lo.x(), lo.y(), h}, {hi.x(), hi.y(), h + hi.z()}, step, 0b101111, 1);
  return t;
}

}  // namespace

// A 0.5 x 0.3 x 0.3 m box on the scattered top: the wide band cuts the scattered points with the
// top and the box comes apart.
TEST(SupportSplitHidden, AWideBandCutsATopWhosePointsScatterBeyondTheCoreBand) {
  const Points t = scattered_top_with({-0.25f, -0.15f, 0}, {0.25f, 0.15f, 0.3f});
  SupportSplitOptions o;
  o.radius = 0.03f;
  const Split core_only = split_all(t, o);
  // 3.75 cm: every scattered point (2.5 cm, normals within 48 degrees of up).
  o.wide_core_levels = 2.5;
  const Split wide = split_all(t, o);
  std::printf("box alone in its piece: with the wide band %s (%.2f of it), core band only %s\n",
              wide.mixed ? "no" : "yes", wide.share, core_only.mixed ? "no" : "yes");
  EXPECT_FALSE(wide.mixed);
  EXPECT_GE(wide.share, 0.8);
  EXPECT_TRUE(core_only.mixed);  // the case this guards
}

// A 3 x 3 cm post 0.3 m high on the scattered top (0.1 % of it): the wide band would cut it loose
// too, but a piece that small splits off only with the core band (wide_min_area_ratio).
TEST(SupportSplitHidden, TheWideBandLeavesSmallPartsWithTheBody) {
  const Points t = scattered_top_with({-0.015f, -0.015f, 0}, {0.015f, 0.015f, 0.3f});
  SupportSplitOptions o;
  o.radius = 0.03f;
  o.wide_core_levels = 2.5;
  const Split guarded = split_all(t, o);
  o.wide_min_area_ratio = 0;
  const Split unguarded = split_all(t, o);
  std::printf("post alone in its piece: %s; without the area guard %s (%.2f of it)\n",
              guarded.mixed ? "no" : "yes", unguarded.mixed ? "no" : "yes", unguarded.share);
  EXPECT_TRUE(guarded.mixed);
  EXPECT_FALSE(unguarded.mixed);  // the case this guards
}
