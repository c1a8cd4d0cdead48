// write_synthetic_scene: all files present and readable; objects.json has the documented fields.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>

#include "scene/SceneFile.h"
#include "scene/synth/SynthScene.h"

namespace fs = std::filesystem;

TEST(SynthWriter, WritesAllFiles) {
  sl::synth::SynthOptions o;
  o.seed = 2;
  o.views = 4;
  o.width = 96;
  o.height = 72;
  o.cloud_points = 4000;
  const sl::synth::SynthResult r = sl::synth::make_synthetic_scene(o);
  const fs::path dir = fs::path(SCENELENS_BINARY_DIR) / "synth_writer_test";
  fs::remove_all(dir);
  sl::synth::write_synthetic_scene(r, dir.string());
  for (int k = 0; k < 4; ++k) {
    const std::string stem = "view_00" + std::to_string(k);
    const cv::Mat img = cv::imread((dir / "images" / (stem + ".png")).string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(img.empty()) << stem;
    EXPECT_EQ(cv::norm(img, r.images[static_cast<size_t>(k)], cv::NORM_INF), 0.0);
    const cv::Mat d = cv::imread((dir / "depth" / (stem + ".tiff")).string(), cv::IMREAD_UNCHANGED);
    ASSERT_EQ(d.type(), CV_32F) << stem;
    EXPECT_EQ(cv::norm(d, r.scene.views[static_cast<size_t>(k)].depth_m, cv::NORM_INF), 0.0);
  }
  for (const char* f : {"cameras.txt", "images.txt", "points3D.txt"})
    EXPECT_TRUE(fs::exists(dir / "ground_truth" / "sparse" / f)) << f;
  std::ifstream in(dir / "ground_truth" / "objects.json");
  ASSERT_TRUE(in.good());
  const nlohmann::json j = nlohmann::json::parse(in);
  ASSERT_EQ(j.at("objects").size(), r.scene.objects.size());
  EXPECT_EQ(j.at("unit"), "m");
  for (size_t i = 0; i < r.scene.objects.size(); ++i) {
    const auto& jo = j["objects"][i];
    const auto& o = r.scene.objects[i];
    EXPECT_EQ(jo.at("name"), o.name);
    EXPECT_EQ(jo.at("label"), o.label);
    for (int a = 0; a < 3; ++a) {
      EXPECT_NEAR(jo.at("center_m")[a].get<double>(), o.box.center[a], 1e-6);
      EXPECT_NEAR(jo.at("size_m")[a].get<double>(), o.box.size[a], 1e-6);
    }
    EXPECT_TRUE(jo.contains("yaw_deg"));
  }
  const sl::Scene s = sl::load_scene((dir / "scene.scenelens").string());
  EXPECT_EQ(s.views.size(), 4u);
  EXPECT_EQ(s.cloud.size(), r.scene.cloud.size());
  EXPECT_EQ(s.objects.size(), r.scene.objects.size());
  EXPECT_TRUE(s.scale.metric);
}
