// Uniting clicks on several photos of one thing: points smeared along one photo's viewing rays
// (what stereo does at an object's border) are carved off by a second photo's outline, the
// object's own points stay, and a click on a different thing is united without carving.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <opencv2/imgproc.hpp>

#include "inference/objects/PhotoCarve.h"
#include "inference/objects/PhotoSelect.h"
#include "scene/synth/SynthScene.h"
#include "tests/objects/SynthRoom.h"

using namespace sl;
using namespace sl::objects;

namespace {

synth::SynthResult room(int seed) {
  return testroom::small_room(seed, 6);
}

size_t common(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<uint32_t> inter;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(inter));
  return inter.size();
}

struct Pair {
  int object = -1, a = -1, b = -1;
  double angle_deg = 0;
};

// The clearly visible object and two photos of it with the widest angle between their rays.
Pair widest_pair(const synth::SynthResult& res) {
  const Scene& s = res.scene;
  Pair best;
  for (size_t o = 0; o < s.objects.size(); ++o) {
    const Eigen::Vector3d c = s.objects[o].box.center;
    for (size_t a = 0; a < s.views.size(); ++a)
      for (size_t b = a + 1; b < s.views.size(); ++b) {
        if (cv::countNonZero(res.object_ids[a] == int(o)) < 1500 ||
            cv::countNonZero(res.object_ids[b] == int(o)) < 1500)
          continue;
        const Eigen::Vector3d ra = (s.views[a].center() - c).normalized();
        const Eigen::Vector3d rb = (s.views[b].center() - c).normalized();
        const double angle = std::acos(std::clamp(ra.dot(rb), -1.0, 1.0)) * 180 / M_PI;
        if (angle > best.angle_deg) best = {int(o), int(a), int(b), angle};
      }
  }
  return best;
}

}  // namespace

TEST(PhotoCarve, SecondPhotoCarvesSpillAlongTheFirstPhotosRays) {
  int tested = 0;
  for (int seed : {1, 2, 3}) {
    synth::SynthResult res = room(seed);
    Scene& s = res.scene;
    const Pair p = widest_pair(res);
    if (p.object < 0 || p.angle_deg < 12) continue;
    const cv::Mat mask_a = res.object_ids[size_t(p.a)] == p.object;
    const cv::Mat mask_b = res.object_ids[size_t(p.b)] == p.object;
    const std::vector<uint32_t> own = lift_mask(s, p.a, mask_a);
    ASSERT_GE(own.size(), 50u);
    // Spill: copies of the object's points moved 0.4 m towards photo a along its rays, so photo
    // a sees them inside its outline and photo b beside the object, in free space.
    const Eigen::Vector3f cam_a = s.views[size_t(p.a)].center().cast<float>();
    std::vector<uint32_t> spill;
    for (size_t j = 0; j < own.size(); j += 3) {
      const Eigen::Vector3f q = s.cloud.xyz[own[j]];
      spill.push_back(uint32_t(s.cloud.size()));
      s.cloud.push_back(q + (cam_a - q).normalized() * 0.4f);
    }
    std::vector<uint32_t> points = own;
    points.insert(points.end(), spill.begin(), spill.end());  // spill indices are the largest

    // Photo a alone cannot tell: its outline holds the spill.
    const std::vector<uint32_t> by_a = carve_by_masks(s, points, {{p.a, mask_a}});
    EXPECT_GE(double(common(by_a, spill)), 0.95 * double(spill.size())) << "seed " << seed;

    const std::vector<uint32_t> carved = carve_by_masks(s, points, {{p.a, mask_a}, {p.b, mask_b}});
    const double kept_own = double(common(carved, own)) / double(own.size());
    // The spill that photo b sees clearly beside the object: more than 8 px outside its outline.
    cv::Mat near_b;
    cv::dilate(mask_b, near_b, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(17, 17)));
    const View& vb = s.views[size_t(p.b)];
    std::vector<uint32_t> beside;
    for (uint32_t i : spill) {
      const Eigen::Vector3d pc = vb.cam_from_world() * s.cloud.xyz[i].cast<double>();
      if (pc.z() <= 0) continue;
      const Eigen::Vector2d uv = vb.intrinsics.project(pc);
      const int u = int(std::lround(uv.x())), v = int(std::lround(uv.y()));
      if (u < 0 || v < 0 || u >= near_b.cols || v >= near_b.rows) continue;
      const float d = vb.depth_m.at<float>(v, u);
      if (!near_b.at<uchar>(v, u) && d > 0 && pc.z() < d) beside.push_back(i);
    }
    const double kept_beside =
        beside.empty() ? 1.0 : double(common(carved, beside)) / double(beside.size());
    std::printf(
        "seed %d: object %d, photos %d and %d (%.0f deg): own kept %.3f; spill: %zu, %zu of "
        "them beside the object in photo %d, kept %.3f\n",
        seed, p.object, p.a + 1, p.b + 1, p.angle_deg, kept_own, spill.size(), beside.size(),
        p.b + 1, kept_beside);
    EXPECT_GE(kept_own, 0.9) << "seed " << seed;
    EXPECT_GE(beside.size(), 20u) << "seed " << seed;  // the check is not empty
    EXPECT_LE(kept_beside, 0.05) << "seed " << seed;
    ++tested;
  }
  EXPECT_GE(tested, 2);
}

TEST(PhotoCarve, SameThingIsCarvedAnotherThingOnlyUnited) {
  synth::SynthResult res = room(1);
  const Scene& s = res.scene;
  const Pair p = widest_pair(res);
  ASSERT_GE(p.object, 0);
  const cv::Mat mask_a = res.object_ids[size_t(p.a)] == p.object;
  const cv::Mat mask_b = res.object_ids[size_t(p.b)] == p.object;
  const std::vector<uint32_t> in_a = lift_mask(s, p.a, mask_a);
  const std::vector<uint32_t> in_b = lift_mask(s, p.b, mask_b);

  PhotoUnion u = add_photo_selection(s, {}, in_a, {p.a, mask_a});
  EXPECT_EQ(u.points, in_a);
  ASSERT_EQ(u.masks.size(), 1u);
  u = add_photo_selection(s, u, in_b, {p.b, mask_b});
  EXPECT_EQ(u.masks.size(), 2u) << "a second photo of the same object is the same thing";
  EXPECT_GE(u.points.size(), std::max(in_a.size(), in_b.size()) * 9 / 10);

  // Another object that photo b sees clearly: united, and the masks are dropped.
  int other = -1;
  for (size_t o = 0; o < s.objects.size(); ++o)
    if (int(o) != p.object && cv::countNonZero(res.object_ids[size_t(p.b)] == int(o)) > 800)
      other = int(o);
  ASSERT_GE(other, 0);
  const cv::Mat mask_o = res.object_ids[size_t(p.b)] == other;
  const std::vector<uint32_t> in_o = lift_mask(s, p.b, mask_o);
  const PhotoUnion two = add_photo_selection(s, u, in_o, {p.b, mask_o});
  EXPECT_TRUE(two.masks.empty());
  EXPECT_FALSE(two.carved);
  EXPECT_EQ(two.points.size(), u.points.size() + in_o.size() - common(u.points, in_o));

  // Removing part of it on a photo keeps the masks, less the part removed.
  const PhotoUnion less = subtract_photo_selection(u, in_b, {p.b, mask_b});
  EXPECT_EQ(less.masks.size(), 2u);
  EXPECT_EQ(common(less.points, in_b), 0u);
  EXPECT_EQ(cv::countNonZero(less.masks[1].mask), 0);
}
