// Proposals and region growing on the synthetic room generator's ground-truth cloud.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "inference/objects/Boxes.h"
#include "inference/objects/CloudIndex.h"
#include "inference/objects/Frame.h"
#include "inference/objects/Proposals.h"
#include "inference/objects/Selection.h"
#include "scene/synth/SynthScene.h"

using namespace sl;
using namespace sl::objects;

namespace {
synth::SynthResult make(int seed) {
  synth::SynthOptions o;
  o.seed = seed;
  o.views = 4;
  o.width = 160;
  o.height = 120;
  o.cloud_points = 250000;
  return synth::make_synthetic_scene(o);
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

// Disabled: 3D region growing from one click does not yet recover whole objects in generated
// rooms (seed 1, floor as the only stop plane: sofa precision 0.52 / recall 0.47 as it leaks into
// the wall it touches, plant recall 0.57, chair recall 0.07; with the walls as stop planes too the
// sofa's clicked points lie on the wall plane and nothing grows). Selecting the same objects by
// a click on a photo does (tests/objects/photo_select_test.cpp: 3D IoU median 0.87).
TEST(SynthObjects, DISABLED_RegionGrowingOnFloorObjects) {
  const auto r = make(1);
  const Scene& s = r.scene;
  CloudIndex index(s.cloud.xyz);
  const Floor f = find_floor(s);
  ASSERT_TRUE(f.found);
  GrowOptions o;
  o.support_plane = f.plane.coeffs;
  int tested = 0;
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
    const auto sel = grow_region(s.cloud, index, truth[truth.size() / 2], o);
    const double tp = static_cast<double>(selection_intersection(sel, truth).size());
    const double prec = tp / std::max<double>(1, double(sel.size()));
    const double rec = tp / double(truth.size());
    std::printf("  %s: precision %.3f recall %.3f\n", g.name.c_str(), prec, rec);
    EXPECT_GE(prec, 0.9) << g.name;
    EXPECT_GE(rec, 0.9) << g.name;
    ++tested;
  }
  std::printf("region growing tested on %d objects\n", tested);
}
