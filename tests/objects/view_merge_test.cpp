// The proposals' view merge (ProposalOptions::view_merge_together): fragments the views see on
// one piece of their depth are merged, but not two things side by side that a smear of the
// views' depth joins (view_merge_max_area_growth).
#include <gtest/gtest.h>

#include <cstdio>

#include "TestRoom.h"
#include "inference/objects/Proposals.h"
#include "scene/LookAt.h"
#include "scene/synth/SynthWorld.h"

using namespace sl;
using namespace sl::objects;

namespace {

struct Aabb {
  Eigen::Vector3d lo, hi;
};

// The synthetic renderer's depth of a room [0, room] holding these boxes.
cv::Mat render_depth(const View& v, const Eigen::Vector3d& room, const std::vector<Aabb>& boxes) {
  synth::World w;
  w.room = room;
  w.materials.push_back({});
  for (const Aabb& b : boxes) {
    synth::Solid solid;
    solid.center = 0.5 * (b.lo + b.hi);
    solid.half = 0.5 * (b.hi - b.lo);
    synth::ObjectSpec object;
    object.box.center = solid.center;
    object.box.size = b.hi - b.lo;
    object.solids = {int(w.solids.size())};
    solid.object = int(w.objects.size());
    w.objects.push_back(object);
    w.solids.push_back(solid);
  }
  cv::Mat bgr, depth, ids;
  synth::render_view(w, v, &bgr, &depth, &ids);
  return depth;
}

}  // namespace

TEST(ProposalsViewMerge, ThingsSideBySideStayApartFragmentsMerge) {
  // A 3 x 3 m room (floor, walls x = 0 and y = 0); a shelf's front face (0.9 m wide, 1.6 m high)
  // 0.35 m before the wall y = 0 and a 0.45 m cube-ish chair 0.1 m before the shelf. Two cameras
  // look at them from the room's far side; their depth maps carry a smear joining the chair's
  // top to the shelf (a stereo window's fattening over the 10 cm gap), so both views see the two
  // on one piece of their depth.
  testroom::WalledFloor room(7, 3, 3.5);
  Scene& s = room.scene;
  const Aabb shelf{{1.0, 0.33, 0}, {1.9, 0.35, 1.6}}, chair{{1.25, 0.45, 0}, {1.7, 0.9, 0.85}};
  const Aabb smear{{1.25, 0.35, 0.84}, {1.7, 0.45, 0.85}};
  testroom::sample_rect(s.cloud, {1.0, 0.35, 0}, {0.9, 0, 0}, {0, 0, 1.6}, 0.01, room.rng,
                        {60, 90, 150}, nullptr);
  testroom::cuboid(s.cloud, chair.lo, chair.hi, 0.01, room.rng);
  const std::vector<Aabb> seen = {shelf, chair, smear};
  for (double x : {1.1, 1.8}) {
    View v = testroom::camera({0, 0, 0}, Eigen::Matrix3d::Identity(), 240, 180, 180);
    v.world_from_cam = world_from_cam_looking_at({x, 3.3, 1.5}, {1.45, 0.5, 0.5});
    v.registered = true;
    v.depth_m = render_depth(v, {3, 3.5, 2.5}, seen);
    s.views.push_back(v);
  }
  auto count_holding_both = [&](const ProposalResult& r) {
    int n = 0;
    const Eigen::Vector3d in_shelf(1.15, 0.34, 1.3), in_chair(1.47, 0.67, 0.4);
    for (const auto& p : r.objects)
      n += p.box.contains(in_shelf, 0.02) && p.box.contains(in_chair, 0.02) ? 1 : 0;
    return n;
  };
  ProposalOptions o;
  const ProposalResult guarded = propose_objects(s, o);
  o.view_merge_max_area_growth = 0;
  const ProposalResult unguarded = propose_objects(s, o);
  std::printf("proposals: %zu guarded (%d holding both), %zu unguarded (%d holding both)\n",
              guarded.objects.size(), count_holding_both(guarded), unguarded.objects.size(),
              count_holding_both(unguarded));
  EXPECT_EQ(count_holding_both(unguarded), 1);  // the case this guards: merged by the views
  EXPECT_EQ(count_holding_both(guarded), 0);
  OrientedBox chair_box;
  chair_box.center = 0.5 * (chair.lo + chair.hi);
  chair_box.size = chair.hi - chair.lo;
  EXPECT_GT(testroom::best_iou(guarded.objects, chair_box), 0.7);
}
