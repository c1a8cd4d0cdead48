// Synthetic scene generator: determinism, depth and cloud consistency with the renders,
// object layout (inside the room, disjoint, boxes containing their points, stacking).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "scene/synth/SynthScene.h"

namespace {

using sl::synth::SynthOptions;
using sl::synth::SynthResult;

uint64_t fnv(uint64_t h, const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

uint64_t hash_result(const SynthResult& r) {
  uint64_t h = 1469598103934665603ull;
  for (const cv::Mat& m : r.images) h = fnv(h, m.data, m.total() * m.elemSize());
  for (const auto& v : r.scene.views) h = fnv(h, v.depth_m.data, v.depth_m.total() * 4);
  h = fnv(h, r.scene.cloud.xyz.data(), r.scene.cloud.xyz.size() * sizeof(Eigen::Vector3f));
  h = fnv(h, r.scene.cloud.rgb.data(), r.scene.cloud.rgb.size() * 3);
  return h;
}

const SynthResult& shared() {
  static const SynthResult r = [] {
    SynthOptions o;
    o.seed = 3;
    o.views = 8;
    o.width = 200;
    o.height = 150;
    o.cloud_points = 30000;
    SynthResult res = sl::synth::make_synthetic_scene(o);
    if (const char* p = std::getenv("SCENELENS_SYNTH_PREVIEW")) cv::imwrite(p, res.images[0]);
    return res;
  }();
  return r;
}

// Depth at a sub-pixel position by bilinear interpolation of inverse depth (exact on planes);
// nullopt unless the four neighbours show the same surface id and have depth.
std::optional<double> depth_at(const SynthResult& r, size_t view, const Eigen::Vector2d& uv,
                               int* id_out = nullptr) {
  const cv::Mat& d = r.scene.views[view].depth_m;
  const cv::Mat& ids = r.object_ids[view];
  const int x0 = static_cast<int>(std::floor(uv.x())), y0 = static_cast<int>(std::floor(uv.y()));
  if (x0 < 0 || y0 < 0 || x0 + 1 >= d.cols || y0 + 1 >= d.rows) return std::nullopt;
  const int id = ids.at<int32_t>(y0, x0);
  double inv[2][2];
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b) {
      if (ids.at<int32_t>(y0 + a, x0 + b) != id) return std::nullopt;
      const float z = d.at<float>(y0 + a, x0 + b);
      if (!(z > 0)) return std::nullopt;
      inv[a][b] = 1.0 / z;
    }
  const double lo = std::min({inv[0][0], inv[0][1], inv[1][0], inv[1][1]});
  const double hi = std::max({inv[0][0], inv[0][1], inv[1][0], inv[1][1]});
  if (hi > lo * 1.03) return std::nullopt;  // depth edge between two parts of one object
  const double tx = uv.x() - x0, ty = uv.y() - y0;
  const double top = inv[0][0] + (inv[0][1] - inv[0][0]) * tx;
  const double bot = inv[1][0] + (inv[1][1] - inv[1][0]) * tx;
  if (id_out) *id_out = id;
  return 1.0 / (top + (bot - top) * ty);
}

TEST(Synth, DeterministicPerSeed) {
  SynthOptions o;
  o.seed = 5;
  o.views = 3;
  o.width = 96;
  o.height = 72;
  o.cloud_points = 5000;
  const uint64_t a = hash_result(sl::synth::make_synthetic_scene(o));
  const uint64_t b = hash_result(sl::synth::make_synthetic_scene(o));
  EXPECT_EQ(a, b);
  o.seed = 6;
  EXPECT_NE(a, hash_result(sl::synth::make_synthetic_scene(o)));
}

TEST(Synth, SceneBasics) {
  const SynthResult& r = shared();
  const sl::Scene& s = r.scene;
  ASSERT_EQ(s.views.size(), 8u);
  ASSERT_EQ(r.images.size(), 8u);
  EXPECT_TRUE(s.scale.metric);
  EXPECT_DOUBLE_EQ(s.scale.meters_per_unit, 1.0);
  EXPECT_TRUE(s.up.isApprox(Eigen::Vector3d::UnitZ()));
  EXPECT_EQ(s.views[0].name, "view_000.png");
  EXPECT_EQ(s.cloud.size(), 30000u);
  s.cloud.check_consistent("synthetic cloud");
  EXPECT_TRUE(s.cloud.has_normals());
  for (float c : s.cloud.confidence) ASSERT_EQ(c, 1.0f);
  EXPECT_GE(r.room_size_m.x(), 4.0);
  EXPECT_LE(r.room_size_m.x(), 7.0);
  EXPECT_GE(r.room_size_m.y(), 3.5);
  EXPECT_LE(r.room_size_m.y(), 6.0);
  EXPECT_GE(r.room_size_m.z(), 2.6);
  EXPECT_LE(r.room_size_m.z(), 3.0);
  for (const auto& v : s.views) {
    EXPECT_EQ(v.intrinsics.width, 200);
    EXPECT_GE(v.intrinsics.fx, 0.8 * 200);
    EXPECT_LE(v.intrinsics.fx, 1.0 * 200);
    const Eigen::Vector3d c = v.center();
    EXPECT_GE(c.z(), 1.2);
    EXPECT_LE(c.z(), 1.7);
    EXPECT_TRUE((c.array() > 0).all() && (c.array() < r.room_size_m.array()).all());
    EXPECT_TRUE(v.world_from_cam.linear().isUnitary(1e-9));
    EXPECT_NEAR(v.world_from_cam.linear().determinant(), 1.0, 1e-9);
    EXPECT_EQ(v.thumbnail.cols, 160);
    EXPECT_EQ(cv::countNonZero(v.depth_m > 0), 200 * 150);  // closed room: depth everywhere
  }
  // Neighbouring views: rotation about up between 15 and 40 degrees.
  for (size_t k = 0; k + 1 < s.views.size(); ++k) {
    const Eigen::Vector3d a = s.views[k].world_from_cam.linear().col(2);
    const Eigen::Vector3d b = s.views[k + 1].world_from_cam.linear().col(2);
    const double deg = std::acos(std::clamp(a.dot(b), -1.0, 1.0)) * 180 / M_PI;
    EXPECT_GT(deg, 10);
    EXPECT_LT(deg, 60);
  }
}

TEST(Synth, DepthConsistentAcrossViews) {
  const SynthResult& r = shared();
  const auto& views = r.scene.views;
  size_t checked = 0, good = 0;
  for (size_t i = 0; i < views.size(); ++i) {
    const size_t j = (i + 1) % views.size();
    for (int y = 2; y < views[i].intrinsics.height - 2; y += 3)
      for (int x = 2; x < views[i].intrinsics.width - 2; x += 3) {
        const float z = views[i].depth_m.at<float>(y, x);
        const Eigen::Vector3d pw =
            views[i].world_from_cam * (views[i].intrinsics.unproject({double(x), double(y)}) * z);
        const Eigen::Vector3d pj = views[j].cam_from_world() * pw;
        if (pj.z() < 0.1) continue;
        const auto dj = depth_at(r, j, views[j].intrinsics.project(pj));
        if (!dj || *dj < pj.z() - 0.02) continue;  // occluded in view j
        ++checked;
        if (std::abs(*dj - pj.z()) < 1e-3) ++good;
      }
  }
  ASSERT_GT(checked, 5000u);
  EXPECT_GT(double(good) / checked, 0.97) << good << " / " << checked;
}

TEST(Synth, CloudLiesOnRenderedSurfaces) {
  const SynthResult& r = shared();
  const auto& s = r.scene;
  size_t seen = 0, in_free_space = 0, tracked = 0, looked = 0, floating_points = 0;
  for (size_t i = 0; i < s.cloud.size(); i += 3) {
    const Eigen::Vector3d p = s.cloud.xyz[i].cast<double>();
    bool matched = false;
    const size_t free_before = in_free_space;
    for (size_t k = 0; k < s.views.size(); ++k) {
      const Eigen::Vector3d pc = s.views[k].cam_from_world() * p;
      if (pc.z() < 0.1) continue;
      const auto d = depth_at(r, k, s.views[k].intrinsics.project(pc));
      if (!d) continue;
      // Grazing views of curved thin parts (2 cm poles) interpolate depth badly: judge free space
      // only where the surface faces the camera (normal within 60 degrees of the view ray).
      const Eigen::Vector3d n = s.cloud.normals[i].cast<double>();
      const Eigen::Vector3d ray = (p - s.views[k].center()).normalized();
      if (std::abs(n.dot(ray)) < 0.5) continue;
      ++looked;
      if (pc.z() < *d - 0.005) {
        ++in_free_space;
        if (std::getenv("SYNTH_DEBUG"))
          std::printf("free p=%zu view=%zu z=%.4f d=%.4f n=(%.2f %.2f %.2f) xyz=(%.3f %.3f %.3f)\n",
                      i, k, pc.z(), *d, n.x(), n.y(), n.z(), p.x(), p.y(), p.z());
      }  // a point in front of the seen surface
      if (std::abs(pc.z() - *d) < 2e-3) matched = true;
    }
    seen += matched;
    floating_points += in_free_space > free_before;
    tracked += s.cloud.source_view[i] >= 0;
  }
  const size_t n = (s.cloud.size() + 2) / 3;
  // Known defect: a handful of points on faces flush with another solid (seed 1: 5 of 10k
  // checked) are not drawn by the renderer; keep it below 0.1% of the points.
  EXPECT_LT(double(floating_points), 1e-3 * double(n))
      << in_free_space << " of " << looked << " looks";
  EXPECT_GT(double(seen) / n, 0.3) << seen << " / " << n;
  EXPECT_GT(double(tracked) / n, 0.3);
}

TEST(Synth, ObjectsInsideRoomDisjointAndContainTheirPoints) {
  const SynthResult& r = shared();
  const auto& s = r.scene;
  ASSERT_GE(s.objects.size(), 6u);
  ASSERT_LE(s.objects.size(), 10u);
  std::set<std::string> names;
  int stacked = 0;
  for (size_t i = 0; i < s.objects.size(); ++i) {
    const sl::SceneObject& o = s.objects[i];
    EXPECT_TRUE(names.insert(o.name).second) << o.name;
    EXPECT_FALSE(o.label.empty());
    EXPECT_GE(o.box.size.x(), o.box.size.y() - 1e-12) << o.name;
    EXPECT_TRUE(o.box.axes.col(2).isApprox(Eigen::Vector3d::UnitZ()));
    for (const auto& c : o.box.corners()) {
      EXPECT_TRUE((c.array() >= -1e-9).all() && (c.array() <= r.room_size_m.array() + 1e-9).all())
          << o.name;
    }
    EXPECT_FALSE(o.point_indices.empty()) << o.name;
    for (uint32_t pi : o.point_indices)
      ASSERT_TRUE(o.box.contains(s.cloud.xyz[pi].cast<double>(), 1e-5)) << o.name;
    if (r.supported_by[i] >= 0) {
      ++stacked;
      const auto& base = s.objects[static_cast<size_t>(r.supported_by[i])].box;
      EXPECT_NEAR(o.box.center.z() - o.box.size.z() / 2, base.center.z() + base.size.z() / 2, 1e-9);
      EXPECT_TRUE(base.contains(o.box.center - Eigen::Vector3d(0, 0, o.box.size.z() / 2), 1e-6));
    } else {
      EXPECT_NEAR(o.box.center.z() - o.box.size.z() / 2, 0.0, 1e-9) << o.name;
    }
  }
  EXPECT_GE(stacked, 1);
  // Disjoint: separating axis among the two boxes' axes (all boxes are upright).
  for (size_t a = 0; a < s.objects.size(); ++a)
    for (size_t b = a + 1; b < s.objects.size(); ++b) {
      const auto& A = s.objects[a].box;
      const auto& B = s.objects[b].box;
      bool separated = false;
      const std::vector<Eigen::Vector3d> axes = {A.axes.col(0), A.axes.col(1), B.axes.col(0),
                                                 B.axes.col(1), Eigen::Vector3d::UnitZ()};
      for (const Eigen::Vector3d& n : axes) {
        double ra = 0, rb = 0;
        for (int k = 0; k < 3; ++k) {
          ra += A.size[k] / 2 * std::abs(n.dot(A.axes.col(k)));
          rb += B.size[k] / 2 * std::abs(n.dot(B.axes.col(k)));
        }
        if (std::abs(n.dot(B.center - A.center)) >= ra + rb - 1e-9) separated = true;
      }
      EXPECT_TRUE(separated) << s.objects[a].name << " / " << s.objects[b].name;
    }
  // Most objects are seen by some view.
  size_t with_views = 0;
  for (const auto& o : s.objects) with_views += !o.views.empty();
  EXPECT_GE(with_views, s.objects.size() - 1);
}

TEST(Synth, ObjectIdsMatchObjectViews) {
  const SynthResult& r = shared();
  for (size_t i = 0; i < r.scene.objects.size(); ++i)
    for (int k : r.scene.objects[i].views)
      EXPECT_GT(cv::countNonZero(r.object_ids[static_cast<size_t>(k)] == static_cast<int>(i)), 0);
}

}  // namespace
