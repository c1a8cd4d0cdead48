// The feed-forward backend end to end: TorchScript "oracle" models made by /usr/bin/python3
// (make_oracle.py) return a synthetic scene's exact geometry in each real model's convention;
// the backend must reproduce the ground-truth poses, intrinsics and points.
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "inference/ReconstructionBackend.h"
#include "inference/dense/DenseStereo.h"
#include "inference/spatial/SpatialReasoner.h"
#include "scene/synth/SynthScene.h"
#include "viewer/PickIndex.h"

namespace fs = std::filesystem;

namespace {

const fs::path kScript =
    fs::path(SCENELENS_TEST_DATA_DIR).parent_path() / "feedforward" / "make_oracle.py";

struct Fixture {
  fs::path dir;
  sl::synth::SynthResult truth;
  std::vector<std::string> photos;
};

void write_f32(const fs::path& p, const std::vector<float>& v) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * sizeof(float)));
}

// Synthetic scene at the model's own input size (518 x 392), photos on disk, truth as arrays.
Fixture& fixture() {
  static Fixture f = [] {
    Fixture fx;
    fx.dir = fs::temp_directory_path() / ("scenelens_ff_" + std::to_string(::getpid()));
    fs::create_directories(fx.dir / "photos");
    sl::synth::SynthOptions opt;
    opt.seed = 3;
    opt.views = 8;
    opt.width = 518;
    opt.height = 392;
    opt.cloud_points = 20000;
    fx.truth = sl::synth::make_synthetic_scene(opt);
    const int n = int(fx.truth.images.size()), h = opt.height, w = opt.width;
    std::vector<float> images, cfw, k, depth;
    for (int i = 0; i < n; ++i) {
      const std::string path = (fx.dir / "photos" / ("p" + std::to_string(i) + ".png")).string();
      cv::imwrite(path, fx.truth.images[size_t(i)]);
      fx.photos.push_back(path);
      const cv::Mat back = cv::imread(path, cv::IMREAD_COLOR);  // exactly what the backend sees
      for (int c = 0; c < 3; ++c)
        for (int y = 0; y < h; ++y)
          for (int x = 0; x < w; ++x) images.push_back(back.at<cv::Vec3b>(y, x)[2 - c] / 255.f);
      const sl::View& v = fx.truth.scene.views[size_t(i)];
      const Eigen::Matrix4d m = v.cam_from_world().matrix();
      for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) cfw.push_back(float(m(r, c)));
      const Eigen::Matrix3d km = v.intrinsics.matrix();
      for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) k.push_back(float(km(r, c)));
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) depth.push_back(v.depth_m.at<float>(y, x));
    }
    write_f32(fx.dir / "images.f32", images);
    write_f32(fx.dir / "cam_from_world.f32", cfw);
    write_f32(fx.dir / "intrinsics.f32", k);
    write_f32(fx.dir / "depth.f32", depth);
    nlohmann::json shapes = {{"images", {n, 3, h, w}},
                             {"cam_from_world", {n, 4, 4}},
                             {"intrinsics", {n, 3, 3}},
                             {"depth", {n, h, w}}};
    std::ofstream(fx.dir / "gt.json") << shapes.dump();
    return fx;
  }();
  return f;
}

std::string make_model(const std::string& convention, const std::string& extra = "") {
  Fixture& f = fixture();
  const std::string name = convention + extra;
  std::string out = (f.dir / (std::to_string(std::hash<std::string>()(name)) + ".pt")).string();
  const std::string cmd = "/usr/bin/python3 " + kScript.string() + " " + f.dir.string() + " " +
                          convention + " " + out + " " + extra;
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
  return out;
}

sl::Reconstruction run(const std::string& model, sl::ReconstructionReport& report) {
  auto backend = sl::make_backend("feedforward");
  sl::ReconstructionInput in;
  in.image_paths = fixture().photos;
  sl::ReconstructionOptions opt;
  opt.backend = "feedforward";
  opt.model_path = model;
  sl::JobContext ctx;
  return backend->run(in, opt, ctx, report);
}

// Rotation angle of a (nearly) orthonormal matrix; atan2 form, accurate for tiny angles.
double angle_deg(const Eigen::Matrix3d& r) {
  const Eigen::Vector3d axis_sin(r(2, 1) - r(1, 2), r(0, 2) - r(2, 0), r(1, 0) - r(0, 1));
  return std::atan2(0.5 * axis_sin.norm(), 0.5 * (r.trace() - 1)) * 180 / M_PI;
}

// Similarity taking the reconstruction into the truth frame, fitted on camera centres, then the
// per-view rotation, centre, intrinsics and point errors.
void expect_matches_truth(const sl::Reconstruction& rec, double tol_scale) {
  const auto& truth = fixture().truth.scene;
  ASSERT_EQ(rec.views.size(), truth.views.size());
  const int n = int(truth.views.size());
  Eigen::Matrix3Xd a(3, n), b(3, n);
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(rec.views[size_t(i)].registered);
    a.col(i) = rec.views[size_t(i)].center();
    b.col(i) = truth.views[size_t(i)].center();
  }
  const Eigen::Matrix4d sim = Eigen::umeyama(a, b, true);
  const double s = std::cbrt(sim.topLeftCorner<3, 3>().determinant());
  const Eigen::Matrix3d r = sim.topLeftCorner<3, 3>() / s;
  double extent = 0;
  for (int i = 0; i < n; ++i) extent = std::max(extent, (b.col(i) - b.col(0)).norm());
  for (int i = 0; i < n; ++i) {
    const auto& rv = rec.views[size_t(i)];
    const auto& tv = truth.views[size_t(i)];
    const Eigen::Matrix3d rot = r * rv.world_from_cam.linear();
    EXPECT_LT(angle_deg(tv.world_from_cam.linear().transpose() * rot), 0.01 * tol_scale) << i;
    const Eigen::Vector3d c = (sim * rv.center().homogeneous()).head<3>();
    EXPECT_LT((c - tv.center()).norm(), 1e-4 * tol_scale * extent) << i;
    EXPECT_NEAR(rv.intrinsics.fx, tv.intrinsics.fx, 1e-3 * tol_scale * tv.intrinsics.fx);
    EXPECT_NEAR(rv.intrinsics.cx, tv.intrinsics.cx, 0.05 * tol_scale);
    EXPECT_NEAR(rv.intrinsics.cy, tv.intrinsics.cy, 0.05 * tol_scale);
  }
  // Every 97th cloud point against the true surface point behind its source pixel.
  ASSERT_GT(rec.cloud.size(), 100000u);
  ASSERT_TRUE(rec.cloud.has_source());
  int checked = 0;
  for (size_t p = 0; p < rec.cloud.size(); p += 97, ++checked) {
    const auto& tv = truth.views[size_t(rec.cloud.source_view[p])];
    const Eigen::Vector2f uv = rec.cloud.source_pixel[p];
    const float z = tv.depth_m.at<float>(int(std::lround(uv.y())), int(std::lround(uv.x())));
    const Eigen::Vector3d want =
        tv.world_from_cam * (tv.intrinsics.unproject(uv.cast<double>()) * double(z));
    const Eigen::Vector3d got = (sim * rec.cloud.xyz[p].cast<double>().homogeneous()).head<3>();
    ASSERT_LT((got - want).norm(), 1e-3 * tol_scale * z) << "point " << p;
  }
  EXPECT_GT(checked, 1000);
}

class Conventions : public ::testing::TestWithParam<std::string> {};

TEST_P(Conventions, OracleReproducesTruth) {
  sl::ReconstructionReport report;
  const auto rec = run(make_model(GetParam()), report);
  EXPECT_TRUE(report.ok);
  expect_matches_truth(rec, 1.0);
}

TEST_P(Conventions, ChunksAreAlignedBySimilarity) {
  sl::ReconstructionReport report;
  const auto rec = run(make_model(GetParam(), "--max-frames 4 --overlap 2"), report);
  EXPECT_NE(report.summary.find("3 pass"), std::string::npos) << report.summary;
  expect_matches_truth(rec, 5.0);
}

INSTANTIATE_TEST_SUITE_P(FeedForward, Conventions, ::testing::Values("vggt", "g2vlm", "pi3"));

TEST(FeedForward, EmbeddedMetadataIsRead) {
  sl::ReconstructionReport report;
  const auto rec = run(make_model("pi3", "--embed-metadata"), report);
  expect_matches_truth(rec, 1.0);
}

// The feed-forward cloud takes the same paths as the classical one: the dense re-filtering
// (confidence percentile, hidden frames), the viewer's picking index and the spatial reasoner.
TEST(FeedForward, CloudGoesThroughTheSharedFiltersPickingAndChat) {
  sl::ReconstructionReport report;
  const auto rec = run(make_model("vggt"), report);
  const auto& truth = fixture().truth.scene;

  const sl::dense::DenseCache cache = sl::dense::cache_from_scene(rec);
  sl::dense::DenseFilter filter;
  filter.hidden_views.assign(rec.views.size(), false);
  filter.hidden_views[2] = true;
  const sl::PointCloud shown = sl::dense::filter_dense(cache, filter);
  size_t in_view2 = 0;
  for (int v : rec.cloud.source_view) in_view2 += v == 2;
  ASSERT_GT(in_view2, 1000u);
  EXPECT_EQ(shown.size(), rec.cloud.size() - in_view2);
  for (int v : shown.source_view) ASSERT_NE(v, 2);
  filter.hidden_views.clear();
  filter.confidence_percentile = 30;
  const size_t kept = sl::dense::filter_dense(cache, filter).size();
  EXPECT_LT(kept, rec.cloud.size());

  // Picking: a ray from camera 0 through its centre pixel hits the cloud at the true depth.
  sl::viewer::PickIndex index;
  index.build(rec.cloud.xyz);
  const sl::View& v0 = rec.views[0];
  const Eigen::Vector2d centre(v0.intrinsics.cx, v0.intrinsics.cy);
  const Eigen::Vector3d dir =
      (v0.world_from_cam.linear() * v0.intrinsics.unproject(centre)).normalized();
  const auto hit = index.query({v0.center().cast<float>(), dir.cast<float>()}, 0.002f, 0.004f);
  ASSERT_TRUE(hit.has_value());
  const double depth_rec = (v0.cam_from_world() * rec.cloud.xyz[hit->index].cast<double>()).z();
  const sl::View& t0 = truth.views[0];
  const double depth_true =
      t0.depth_m.at<float>(int(std::lround(t0.intrinsics.cy)), int(std::lround(t0.intrinsics.cx)));
  // The reconstruction's scale is arbitrary: compare through the camera baseline ratio.
  const double scale = (truth.views[1].center() - truth.views[0].center()).norm() /
                       (rec.views[1].center() - rec.views[0].center()).norm();
  EXPECT_NEAR(depth_rec * scale, depth_true, 0.02 * depth_true);

  // Chat: the spatial reasoner answers from the same reconstruction.
  sl::spatial::SpatialReasoner reasoner(rec);
  const auto answer = reasoner.ask("How far did the camera move between photo 1 and photo 4?");
  ASSERT_TRUE(answer.value.has_value()) << answer.text;
  EXPECT_EQ(answer.unit, "scene_units");
  const double moved_true = (truth.views[3].center() - truth.views[0].center()).norm();
  EXPECT_NEAR(*answer.value * scale, moved_true, 1e-3 * moved_true) << answer.text;
}

void expect_error(const std::string& model, const std::string& needle) {
  sl::ReconstructionReport report;
  try {
    run(model, report);
    ADD_FAILURE() << "no error for " << model;
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(FeedForwardErrors, NotTorchScript) {
  const std::string bad = (fixture().dir / "garbage.pt").string();
  std::ofstream(bad) << "this is not a model";
  expect_error(bad, "not a TorchScript model");
}

TEST(FeedForwardErrors, MissingFile) {
  expect_error("/nonexistent/model.pt", "not found");
}

TEST(FeedForwardErrors, MissingOutput) {
  expect_error(make_model("vggt", "--malformed missing_key"), "lacks 'depth'");
  expect_error(make_model("g2vlm", "--malformed missing_key"), "lacks 'local_points'");
}

TEST(FeedForwardErrors, WrongShape) {
  expect_error(make_model("vggt", "--malformed wrong_shape"), "'depth' has shape");
  expect_error(make_model("pi3", "--malformed wrong_shape"), "'points' has shape");
}

TEST(FeedForwardErrors, NaN) {
  expect_error(make_model("g2vlm", "--malformed nan"), "NaN");
}

TEST(FeedForwardErrors, NotADict) {
  expect_error(make_model("vggt", "--malformed tuple"), "expected a Dict[str, Tensor]");
}

TEST(FeedForwardErrors, NoMetadata) {
  expect_error(make_model("vggt", "--malformed no_metadata"), "no model metadata");
}

}  // namespace
