// Proposals and region growing on the synthetic room generator's ground-truth cloud.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "inference/objects/BoundaryPlanes.h"
#include "inference/objects/Boxes.h"
#include "inference/objects/CloudIndex.h"
#include "inference/objects/Frame.h"
#include "inference/objects/Proposals.h"
#include "inference/objects/RegionGraph.h"
#include "inference/objects/Selection.h"
#include "scene/CloudEdit.h"
#include "scene/synth/SynthScene.h"
#include "tests/objects/SynthRoom.h"

using namespace sl;
using namespace sl::objects;

namespace {
synth::SynthResult make(int seed, int views = 4) {
  return testroom::small_room(seed, views, 160, 120, 250000);
}
}  // namespace

TEST(SynthObjects, ProposalRecallAndFloor) {
  double total_hit = 0, total = 0;
  for (int seed : {1, 2, 3}) {
    const auto r = make(seed);
    const Scene& s = r.scene;
    const auto res = propose_objects(s);
    ASSERT_TRUE(res.floor.found) << "seed " << seed;
    const double ang =
        std::acos(std::clamp(res.floor.up.dot(Eigen::Vector3d::UnitZ()), -1.0, 1.0)) * 180 / M_PI;
    EXPECT_LT(ang, 2.0) << "seed " << seed;
    int hit = 0;
    for (const auto& g : s.objects) {
      double best = 0;
      for (const auto& p : res.objects)
        best = std::max(best, upright_box_iou(g.box, p.box, Eigen::Vector3d::UnitZ()));
      if (best >= 0.5)
        ++hit;
      else
        std::printf("  seed %d missed %s (best IoU %.2f)\n", seed, g.name.c_str(), best);
    }
    const double rec = s.objects.empty() ? 1.0 : double(hit) / double(s.objects.size());
    std::printf("synth seed %d: %zu gt, %zu proposals, recall %.2f, floor %.2f deg, %.2f s\n", seed,
                s.objects.size(), res.objects.size(), rec, ang, res.seconds);
    total_hit += hit;
    total += static_cast<double>(s.objects.size());
  }
  EXPECT_GE(total_hit / std::max(1.0, total), 0.9);
}

// Clicks on free-standing objects select them, as the UI does it: the floor and the walls
// (find_boundary_planes) stop the growing, and a point counts as on a plane only where its
// normal faces along the plane's, so a sofa's back 2 cm from its wall and the sides of an
// object's feet stay with the object. Three generated rooms, three clicks per object; the
// cloud optionally jittered (Gaussian, per coordinate) in position and normal.
void expect_clicks_select_objects(float noise_m, float normal_noise, double min_score) {
  int tested = 0;
  double worst_prec = 1, worst_rec = 1;
  for (int seed : {1, 2, 3}) {
    auto r = make(seed);
    std::mt19937 rng(static_cast<unsigned>(seed));
    std::normal_distribution<float> jitter(0, 1);
    auto noise = [&] { return Eigen::Vector3f(jitter(rng), jitter(rng), jitter(rng)); };
    for (size_t i = 0; i < r.scene.cloud.size() && noise_m > 0; ++i) {
      r.scene.cloud.xyz[i] += noise_m * noise();
      auto& n = r.scene.cloud.normals[i];
      n = (n + normal_noise * noise()).normalized();
    }
    const Scene& s = r.scene;
    CloudIndex index(s.cloud.xyz);
    const BoundaryPlanes planes = find_boundary_planes(s.cloud, s.up);
    ASSERT_TRUE(planes.floor.has_value()) << "seed " << seed;
    GrowOptions o;
    o.support_plane = planes.floor;
    o.stop_planes = planes.others;
    const RegionGraph graph = build_region_graph(s.cloud, index, o);
    for (size_t k = 0; k < s.objects.size(); ++k) {
      const auto& g = s.objects[k];
      if (g.point_indices.size() < 100) continue;
      // Only free-standing objects: nothing stands on them and they stand on the floor.
      if (k < r.supported_by.size() && r.supported_by[k] != -1) continue;
      bool carries = false;
      for (int sb : r.supported_by) carries = carries || sb == static_cast<int>(k);
      if (carries) continue;
      auto truth = g.point_indices;
      std::sort(truth.begin(), truth.end());
      for (size_t click : {truth.size() / 4, truth.size() / 2, truth.size() * 3 / 4}) {
        const auto sel = grow_region(graph, s.cloud, truth[click], o);
        const double tp = static_cast<double>(selection_intersection(sel, truth).size());
        const double prec = tp / std::max<double>(1, double(sel.size()));
        const double rec = tp / double(truth.size());
        std::printf("  seed %d %s click %zu: precision %.3f recall %.3f\n", seed, g.name.c_str(),
                    click, prec, rec);
        EXPECT_GE(prec, min_score) << "seed " << seed << " " << g.name;
        EXPECT_GE(rec, min_score) << "seed " << seed << " " << g.name;
        worst_prec = std::min(worst_prec, prec);
        worst_rec = std::min(worst_rec, rec);
        ++tested;
      }
    }
  }
  std::printf(
      "region growing (noise %.3f m, normals %.2f): %d clicks, worst precision %.3f, "
      "worst recall %.3f\n",
      noise_m, normal_noise, tested, worst_prec, worst_rec);
  EXPECT_GE(tested, 9);
}

// Exact surface samples: worst precision 1.000, recall 0.991 over 33 clicks.
TEST(SynthObjects, RegionGrowingOnFloorObjects) {
  expect_clicks_select_objects(0, 0, 0.97);
}

// 5 mm position noise and normals off by about 15 degrees: worst precision 0.998 and recall
// 0.986 (at 8 mm and about 20 degrees one sofa's back 2 cm from its wall is lost: recall 0.81).
TEST(SynthObjects, RegionGrowingOnNoisyFloorObjects) {
  expect_clicks_select_objects(0.005f, 0.2f, 0.95);
}

// A reconstruction's cloud has holes where the photos' depth does not: a slab cut out of the
// largest object leaves two pieces in the cloud, which the views' depth maps (continuous across
// the cut) join again into one object (when at least 2 views see the two pieces on one piece of
// their depth and none apart: 12 views, as a reconstruction has).
TEST(SynthObjects, HoleTheViewsSeeAcrossDoesNotSplitAnObject) {
  auto r = make(1, 12);
  Scene& s = r.scene;
  const SceneObject* big = nullptr;
  for (const auto& g : s.objects)
    if (!big || g.box.size.head<2>().maxCoeff() > big->box.size.head<2>().maxCoeff()) big = &g;
  ASSERT_NE(big, nullptr);
  const OrientedBox truth = big->box;
  const int along = truth.size.x() >= truth.size.y() ? 0 : 1;
  std::vector<uint32_t> keep;
  for (uint32_t i = 0; i < s.cloud.size(); ++i) {
    const Eigen::Vector3d p = s.cloud.xyz[i].cast<double>();
    const Eigen::Vector3d l = truth.axes.transpose() * (p - truth.center);
    const bool in_slab = std::abs(l[along]) < 0.08 && truth.contains(p, 0.03);
    if (!in_slab) keep.push_back(i);
  }
  ASSERT_LT(keep.size(), s.cloud.size());
  keep_cloud_points(s, keep);
  auto best_iou = [&](const ProposalOptions& o) {
    double best = 0;
    for (const auto& p : propose_objects(s, o).objects)
      best = std::max(best, upright_box_iou(truth, p.box, Eigen::Vector3d::UnitZ()));
    return best;
  };
  ProposalOptions without;
  without.view_merge_together = 0;
  const double cut = best_iou(without), joined = best_iou(ProposalOptions{});
  std::printf("%s (%.2f m long) cut by a 16 cm hole: best IoU %.2f without the views, %.2f with\n",
              big->name.c_str(), truth.size[along], cut, joined);
  EXPECT_LT(cut, 0.5);
  EXPECT_GE(joined, 0.8);
}
