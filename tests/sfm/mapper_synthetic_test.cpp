// Incremental mapper on synthetic correspondences: random 3D points seen by known cameras,
// projected with pixel noise. Poses must come back (up to a similarity) within tolerance, and
// bundle adjustment must reduce the reprojection error of perturbed data.
#include <gtest/gtest.h>

#include <random>

#include "inference/sfm/Alignment.h"
#include "inference/sfm/BundleAdjustment.h"
#include "inference/sfm/Mapper.h"
#include "scene/LookAt.h"

using namespace sl::sfm;

namespace {

struct Synthetic {
  std::vector<MapperImage> images;
  std::vector<VerifiedPair> pairs;
  std::vector<Eigen::Isometry3d> world_from_cam;
  std::vector<Eigen::Vector3d> points;
  std::vector<std::vector<int>> kp_point;  // image -> keypoint -> point id
};

// Cameras on a ring of radius 4 looking at the origin; points in a 2 m cube. Real focal 800 px
// at 640x480, k1 = 0; the prior is off by `focal_error`.
Synthetic make_data(int n_views, int n_points, double noise_px, double focal_error, int seed) {
  Synthetic s;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(-1, 1);
  std::normal_distribution<double> N(0, noise_px);
  for (int k = 0; k < n_points; ++k) s.points.emplace_back(U(rng), U(rng), 0.6 * U(rng));
  const double f = 800, cx = 319.5, cy = 239.5;
  for (int v = 0; v < n_views; ++v) {
    const double a = 2 * M_PI * v / n_views * 0.5;  // half ring: 180 degrees
    const Eigen::Vector3d c(4 * std::cos(a), 4 * std::sin(a), 1.5 + 0.3 * std::sin(3 * a));
    const Eigen::Isometry3d T = sl::world_from_cam_looking_at(c, Eigen::Vector3d::Zero());
    s.world_from_cam.push_back(T);
    MapperImage im;
    im.name = "v" + std::to_string(v);
    im.width = 640;
    im.height = 480;
    im.focal_prior = f * (1 + focal_error);
    std::vector<int> ids;
    for (int k = 0; k < n_points; ++k) {
      const Eigen::Vector3d p = T.inverse() * s.points[k];
      const Eigen::Vector2d uv(f * p.x() / p.z() + cx + N(rng), f * p.y() / p.z() + cy + N(rng));
      if (uv.x() < 0 || uv.y() < 0 || uv.x() > 639 || uv.y() > 479) continue;
      im.keypoints.push_back(uv);
      ids.push_back(k);
    }
    s.images.push_back(im);
    s.kp_point.push_back(ids);
  }
  for (int i = 0; i < n_views; ++i) {
    for (int j = i + 1; j < n_views && j <= i + 4; ++j) {  // sequential window of 4
      VerifiedPair p;
      p.i = i;
      p.j = j;
      std::map<int, int> in_j;
      for (int k = 0; k < int(s.kp_point[j].size()); ++k) in_j[s.kp_point[j][k]] = k;
      for (int k = 0; k < int(s.kp_point[i].size()); ++k) {
        auto it = in_j.find(s.kp_point[i][k]);
        if (it != in_j.end()) p.matches.emplace_back(k, it->second);
      }
      if (p.matches.size() >= 30) s.pairs.push_back(p);
    }
  }
  return s;
}

}  // namespace

TEST(Mapper, RecoversPosesFromSyntheticCorrespondences) {
  Synthetic s = make_data(12, 1500, 0.5, 0.15, 3);
  sl::JobContext ctx;
  MapperHooks hooks;
  hooks.ctx = &ctx;
  int snapshots = 0;
  hooks.on_registered = [&](const MapModel&) { ++snapshots; };
  MapperOptions opt;
  const MapperResult r = run_mapper(s.images, s.pairs, opt, hooks);
  ASSERT_EQ(r.model.num_registered(), 12);
  EXPECT_GE(snapshots, 10);
  EXPECT_GT(r.model.num_points(), 1000);
  EXPECT_LT(r.mean_reproj_px, 1.0);
  std::vector<Eigen::Isometry3d> est;
  for (int v = 0; v < 12; ++v) est.push_back(r.model.cam_from_world(v).inverse());
  const PoseErrors e = compare_poses(est, s.world_from_cam);
  EXPECT_LT(e.max_rotation_deg, 0.2);
  EXPECT_LT(e.max_center, 0.02);  // metres on a 4 m ring
  EXPECT_NEAR(r.model.cameras[0].f, 800.0, 8.0);
}

TEST(Mapper, UnconnectedImageIsReported) {
  Synthetic s = make_data(8, 800, 0.3, 0.0, 5);
  MapperImage lone;
  lone.name = "lone";
  lone.width = 640;
  lone.height = 480;
  lone.focal_prior = 800;
  lone.keypoints.assign(50, Eigen::Vector2d(10, 10));
  s.images.push_back(lone);
  MapperHooks hooks;
  const MapperResult r = run_mapper(s.images, s.pairs, MapperOptions(), hooks);
  EXPECT_EQ(r.model.num_registered(), 8);
  EXPECT_EQ(r.unplaced_reason[8], "too few matches with the others (0)");
}

TEST(Mapper, StopRequestCancels) {
  Synthetic s = make_data(8, 800, 0.3, 0.0, 7);
  sl::JobContext ctx;
  MapperHooks hooks;
  hooks.ctx = &ctx;
  hooks.on_registered = [&](const MapModel&) { ctx.request_stop(); };
  EXPECT_THROW(run_mapper(s.images, s.pairs, MapperOptions(), hooks), sl::JobCancelled);
}

TEST(BundleAdjustment, ReducesReprojectionErrorOfPerturbedData) {
  Synthetic s = make_data(6, 600, 0.5, 0.0, 11);
  MapperHooks hooks;
  MapperResult r = run_mapper(s.images, s.pairs, MapperOptions(), hooks);
  ASSERT_EQ(r.model.num_registered(), 6);
  MapModel m = r.model;
  const double before = m.mean_reprojection_error();
  std::mt19937 rng(1);
  std::normal_distribution<double> N(0, 0.01);
  for (auto& p : m.points)
    if (p.alive()) p.xyz += Eigen::Vector3d(N(rng), N(rng), N(rng));
  for (int v = 1; v < 6; ++v)
    for (int k = 0; k < 6; ++k) m.poses[v][k] += N(rng) * (k < 3 ? 0.2 : 1.0);
  const double perturbed = m.mean_reprojection_error();
  ASSERT_GT(perturbed, 5 * before);
  BAOptions ba;
  ba.max_iterations = 100;
  const BASummary sum = bundle_adjust(m, ba, nullptr);
  EXPECT_GT(sum.residuals, 1000);
  EXPECT_LT(m.mean_reprojection_error(), 1.2 * before + 0.05);
  EXPECT_LT(m.mean_reprojection_error(), 0.1 * perturbed);
}
