// The proposals' view merge (ProposalOptions::view_merge_together): fragments the views see on
// one piece of their depth are merged, but not two things side by side that a smear of the
// views' depth joins (view_merge_max_area_growth).
#include <gtest/gtest.h>

#include <cstdio>
#include <limits>

#include "TestRoom.h"
#include "inference/objects/Proposals.h"
#include "scene/LookAt.h"

using namespace sl;
using namespace sl::objects;

namespace {

struct Aabb {
  Eigen::Vector3d lo, hi;
};

// Depth along the optical axis of the nearest box a pixel's ray meets (0 where it meets none).
cv::Mat render_depth(const View& v, const std::vector<Aabb>& boxes) {
  const Intrinsics& k = v.intrinsics;
  cv::Mat depth = cv::Mat::zeros(k.height, k.width, CV_32F);
  const Eigen::Vector3d eye = v.world_from_cam.translation();
  for (int r = 0; r < k.height; ++r)
    for (int c = 0; c < k.width; ++c) {
      const Eigen::Vector3d ray =
          v.world_from_cam.linear() * Eigen::Vector3d((c - k.cx) / k.fx, (r - k.cy) / k.fy, 1);
      double best = std::numeric_limits<double>::infinity();
      for (const Aabb& b : boxes) {  // slab test; t is the depth (the ray's camera z is 1)
        double t0 = 0, t1 = best;
        for (int a = 0; a < 3 && t0 <= t1; ++a) {
          if (std::abs(ray[a]) < 1e-12) {
            if (eye[a] < b.lo[a] || eye[a] > b.hi[a]) t0 = t1 + 1;
            continue;
          }
          double ta = (b.lo[a] - eye[a]) / ray[a], tb = (b.hi[a] - eye[a]) / ray[a];
          if (ta > tb) std::swap(ta, tb);
          t0 = std::max(t0, ta);
          t1 = std::min(t1, tb);
        }
        if (t0 <= t1 && t0 > 0) best = t0;
      }
      if (std::isfinite(best)) depth.at<float>(r, c) = float(best);
    }
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
  const std::vector<Aabb> seen = {
      {{0, 0, -0.1}, {3, 3.5, 0}},  // floor
      {{-0.1, 0, 0}, {0, 3.5, 2.5}}, {{0, -0.1, 0}, {3, 0, 2.5}}, shelf, chair, smear};
  for (double x : {1.1, 1.8}) {
    View v = testroom::camera({0, 0, 0}, Eigen::Matrix3d::Identity(), 240, 180, 180);
    v.world_from_cam = world_from_cam_looking_at({x, 3.3, 1.5}, {1.45, 0.5, 0.5});
    v.registered = true;
    v.depth_m = render_depth(v, seen);
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
