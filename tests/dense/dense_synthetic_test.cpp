// Multi-view stereo with known poses on the synthetic textured room: depth accuracy against
// the exact depth maps, fused points near the true surfaces, job progress / snapshots / stop.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "DenseTestRoom.h"
#include "inference/dense/DenseStereo.h"
#include "scene/synth/SynthScene.h"

using namespace sl;
using namespace sl::dense;

namespace {

constexpr int kRefViews = 5;  // views 0..4 of a 24-view ring are processed

struct Fixture {
  synth::SynthResult synth;
  Scene posed;  // known poses, sparse-like cloud, no depth
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture x;
    x.synth = synth::make_synthetic_scene(densetest::ring_room_options());
    x.posed = x.synth.scene;
    for (size_t v = 0; v < x.posed.views.size(); ++v) {
      x.posed.views[v].depth_m = cv::Mat();
      x.posed.views[v].registered = v < size_t(kRefViews);
    }
    return x;
  }();
  return f;
}

// Confidence above which depth is evaluated (the confidence a user would keep).
constexpr float kEvalConfidence = 0.5f;

DenseOptions test_options() {
  DenseOptions o;
  o.max_image_size = 256;
  o.num_depths = 48;
  o.num_neighbors = 4;
  o.coarse_min_side = 64;  // these 256x192 views exercise the coarse-to-fine path
  return o;
}

const DenseCache& dense_cache() {
  static const DenseCache c = [] {
    JobContext ctx;
    const auto t0 = std::chrono::steady_clock::now();
    DenseCache cache = compute_dense(fixture().posed, fixture().synth.images, test_options(), ctx);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("compute_dense: %zu views in %.2f s (%.2f s/view), %zu fused points\n",
                cache.views.size(), s, s / double(cache.views.size()), cache.points.size());
    return cache;
  }();
  return c;
}

}  // namespace

TEST(DenseStereo, DepthMatchesGroundTruthOnTexturedSurfaces) {
  const DenseCache& cache = dense_cache();
  ASSERT_EQ(cache.views.size(), size_t(kRefViews));
  const float thresholds[] = {0.25f, 0.4f, 0.5f, 0.6f, 0.7f};
  double abs_rel_t[5] = {0}, good_t[5] = {0}, n_t[5] = {0};
  const float conf_threshold = kEvalConfidence;
  double abs_rel = 0;
  size_t n = 0, good = 0, gt_valid = 0;
  for (const DenseViewData& d : cache.views) {
    const cv::Mat& gt = fixture().synth.scene.views[size_t(d.view_index)].depth_m;
    ASSERT_EQ(gt.size(), d.depth_m.size());
    EXPECT_FALSE(d.neighbors.empty());
    // Textured: local standard deviation of the grey image above 2 levels.
    cv::Mat g, mu, mu2;
    cv::cvtColor(d.image_bgr, g, cv::COLOR_BGR2GRAY);
    g.convertTo(g, CV_32F);
    cv::blur(g, mu, {7, 7});
    cv::blur(g.mul(g), mu2, {7, 7});
    for (int y = 0; y < gt.rows; ++y)
      for (int x = 0; x < gt.cols; ++x) {
        const float t = gt.at<float>(y, x);
        const float var = mu2.at<float>(y, x) - mu.at<float>(y, x) * mu.at<float>(y, x);
        if (t <= 0 || var < 4.f) continue;
        ++gt_valid;
        const float e = d.depth_m.at<float>(y, x);
        if (e <= 0) continue;
        for (int k = 0; k < 5; ++k)
          if (d.confidence.at<float>(y, x) >= thresholds[k]) {
            abs_rel_t[k] += std::abs(e - t) / t;
            good_t[k] += std::max(e / t, t / e) < 1.25f;
            n_t[k] += 1;
          }
        if (d.confidence.at<float>(y, x) < conf_threshold) continue;
        abs_rel += std::abs(e - t) / t;
        good += std::max(e / t, t / e) < 1.25f;
        ++n;
      }
  }
  for (int k = 0; k < 5; ++k)
    std::printf("  conf >= %.2f: AbsRel %.4f delta<1.25 %.4f coverage %.3f\n", thresholds[k],
                abs_rel_t[k] / std::max(1.0, n_t[k]), good_t[k] / std::max(1.0, n_t[k]),
                n_t[k] / double(std::max<size_t>(1, gt_valid)));
  ASSERT_GT(n, 0u);
  abs_rel /= double(n);
  const double delta = double(good) / double(n), coverage = double(n) / double(gt_valid);
  std::printf(
      "depth vs GT (conf >= %.2f, textured): AbsRel %.4f  delta<1.25 %.4f  coverage %.3f (%zu "
      "px)\n",
      conf_threshold, abs_rel, delta, coverage, n);
  EXPECT_LE(abs_rel, 0.03);
  EXPECT_GE(delta, 0.97);
  EXPECT_GE(coverage, 0.3);
}

TEST(DenseStereo, FusedPointsLieOnTrueSurfaces) {
  const DenseCache& cache = dense_cache();
  const PointCloud pts = filter_dense(cache, DenseFilter{});
  ASSERT_GT(pts.size(), 1000u);
  ASSERT_EQ(pts.normals.size(), pts.size());
  // Check each point against the exact depth of every other view that sees it unoccluded
  // (a view independent of the one it came from).
  std::vector<double> err;
  const auto& views = fixture().synth.scene.views;
  for (size_t i = 0; i < pts.size(); i += 7) {
    for (size_t v = 0; v < views.size(); ++v) {
      if (int(v) == pts.source_view[i]) continue;
      const Eigen::Vector3d pc = views[v].cam_from_world() * pts.xyz[i].cast<double>();
      if (pc.z() <= 0) continue;
      const Eigen::Vector2d uv = views[v].intrinsics.project(pc);
      const int x = int(std::lround(uv.x())), y = int(std::lround(uv.y()));
      const cv::Mat& gt = views[v].depth_m;
      if (x < 0 || y < 0 || x >= gt.cols || y >= gt.rows) continue;
      const float t = gt.at<float>(y, x);
      if (t <= 0 || pc.z() > t * 1.1) continue;  // occluded there
      err.push_back(std::abs(pc.z() - t) / t);
      break;
    }
  }
  ASSERT_GT(err.size(), 100u);
  std::sort(err.begin(), err.end());
  const double med = err[err.size() / 2], p90 = err[err.size() * 9 / 10];
  std::printf("fused: %zu points; relative distance to the true surface: median %.4f, p90 %.4f\n",
              pts.size(), med, p90);
  EXPECT_LT(med, 0.01);
  EXPECT_LT(p90, 0.03);
}

TEST(DenseJob, RunDenseFillsViewsPublishesAndStops) {
  Scene scene = fixture().posed;
  for (size_t v = 0; v < scene.views.size(); ++v) scene.views[v].registered = v < 3;
  DenseOptions o = test_options();
  o.num_depths = 32;
  CallbackJobContext ctx;
  int publishes = 0, progresses = 0;
  size_t last_points = 0;
  bool growing = true;
  ctx.on_progress = [&](const JobProgress& p) {
    ++progresses;
    EXPECT_EQ(p.stage, "dense");
  };
  ctx.on_publish = [&](std::shared_ptr<const Scene> s) {
    ++publishes;
    if (publishes <= 3) growing = growing && s->cloud.size() > last_points;
    last_points = s->cloud.size();
  };
  run_dense(scene, o, ctx, fixture().synth.images);
  EXPECT_EQ(publishes, 4);  // one per depth map + the final fused cloud
  EXPECT_TRUE(growing);
  EXPECT_GE(progresses, 4);
  for (size_t v = 0; v < 3; ++v) EXPECT_FALSE(scene.views[v].depth_m.empty()) << v;
  EXPECT_TRUE(scene.views[4].depth_m.empty());
  EXPECT_GT(scene.cloud.size(), 500u);
  EXPECT_TRUE(scene.cloud.has_source());

  // Stop after the first depth map: the job unwinds with JobCancelled.
  Scene again = fixture().posed;
  CallbackJobContext stop_ctx;
  stop_ctx.on_publish = [&](std::shared_ptr<const Scene>) { stop_ctx.request_stop(); };
  EXPECT_THROW(run_dense(again, o, stop_ctx, fixture().synth.images), JobCancelled);
}
