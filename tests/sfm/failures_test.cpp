// Bad input must give a report that names the photos and why, never a crash: a single photo,
// an unreadable file, photos that do not overlap, a missing video.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

#include "inference/ClassicalBackend.h"
#include "inference/io/ImageLoader.h"

namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  fs::path d =
      fs::temp_directory_path() / ("scenelens_sfm_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// A textured random image (blobs of colour), different for each seed.
cv::Mat random_image(int seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> U(0, 255);
  cv::Mat img(360, 480, CV_8UC3, cv::Scalar(U(rng), U(rng), U(rng)));
  for (int k = 0; k < 300; ++k) {
    cv::circle(img, cv::Point(U(rng) * 480 / 256, U(rng) * 360 / 256), 2 + U(rng) % 20,
               cv::Scalar(U(rng), U(rng), U(rng)), -1);
  }
  return img;
}

const sl::ReconstructionReport::Unplaced* find(const sl::ReconstructionReport& r,
                                               const std::string& name) {
  for (const auto& u : r.unplaced)
    if (fs::path(u.image).filename() == name) return &u;
  return nullptr;
}

sl::Scene run(const std::vector<std::string>& paths, sl::ReconstructionReport& report) {
  sl::ReconstructionInput in;
  in.image_paths = paths;
  sl::ReconstructionOptions opt;
  opt.threads = 2;
  sl::JobContext ctx;
  sl::ClassicalBackend backend;
  return backend.run(in, opt, ctx, report);
}

}  // namespace

TEST(ClassicalFailures, SinglePhoto) {
  const fs::path d = temp_dir("single");
  cv::imwrite((d / "a.png").string(), random_image(1));
  sl::ReconstructionReport report;
  const sl::Scene s = run({(d / "a.png").string()}, report);
  EXPECT_FALSE(report.ok);
  ASSERT_EQ(s.views.size(), 1u);
  EXPECT_FALSE(s.views[0].registered);
  EXPECT_NE(report.summary.find("Too few"), std::string::npos) << report.summary;
  ASSERT_NE(find(report, "a.png"), nullptr);
  fs::remove_all(d);
}

TEST(ClassicalFailures, UnreadableAndNonOverlapping) {
  const fs::path d = temp_dir("bad");
  for (int k = 0; k < 3; ++k)
    cv::imwrite((d / ("img" + std::to_string(k) + ".png")).string(), random_image(10 + k));
  std::ofstream((d / "broken.jpg").string()) << "this is not a JPEG";
  // 16-bit grey and RGBA inputs are read (converted to 8-bit BGR), not rejected.
  cv::Mat grey16;
  cv::cvtColor(random_image(20), grey16, cv::COLOR_BGR2GRAY);
  grey16.convertTo(grey16, CV_16U, 257);
  cv::imwrite((d / "grey16.png").string(), grey16);
  sl::ReconstructionReport report;
  const sl::Scene s = run({d.string()}, report);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(s.views.size(), 5u);
  EXPECT_EQ(s.registered_views(), 0);
  const auto* broken = find(report, "broken.jpg");
  ASSERT_NE(broken, nullptr);
  EXPECT_EQ(broken->reason.rfind("could not be read: ", 0), 0u) << broken->reason;
  const auto* lone = find(report, "img1.png");
  ASSERT_NE(lone, nullptr);
  EXPECT_EQ(lone->reason.rfind("too few matches with the others (", 0), 0u) << lone->reason;
  EXPECT_EQ(find(report, "grey16.png")->reason.rfind("too few matches", 0), 0u);
  fs::remove_all(d);
}

TEST(ClassicalFailures, MissingVideoAndEmptyInput) {
  sl::ReconstructionInput in;
  in.video_path = "/nonexistent/clip.mp4";
  sl::ReconstructionOptions opt;
  sl::JobContext ctx;
  sl::ReconstructionReport report;
  sl::ClassicalBackend backend;
  EXPECT_THROW(backend.run(in, opt, ctx, report), sl::IoError);
  EXPECT_THROW(backend.run(sl::ReconstructionInput(), opt, ctx, report), sl::IoError);
  EXPECT_THROW(sl::io::load_image_bgr8("/nonexistent.png"), sl::IoError);
}

TEST(ClassicalFailures, CancelStopsQuickly) {
  const fs::path d = temp_dir("cancel");
  std::vector<std::string> paths;
  for (int k = 0; k < 4; ++k) {
    paths.push_back((d / ("c" + std::to_string(k) + ".png")).string());
    cv::imwrite(paths.back(), random_image(30 + k));
  }
  sl::ReconstructionInput in;
  in.image_paths = paths;
  sl::CallbackJobContext ctx;
  ctx.on_progress = [&](const sl::JobProgress& p) {
    if (p.stage == "matching") ctx.request_stop();
  };
  sl::ReconstructionReport report;
  sl::ClassicalBackend backend;
  EXPECT_THROW(backend.run(in, sl::ReconstructionOptions(), ctx, report), sl::JobCancelled);
  fs::remove_all(d);
}
