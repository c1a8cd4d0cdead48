// Scene file formats: round trips keep every attribute; damaged files give clear errors that
// name the file.
#include <gtest/gtest.h>
#include <cmath>

#include <filesystem>
#include <fstream>
#include <random>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "scene/AtomicFile.h"
#include "scene/ColmapIO.h"
#include "scene/ObjectsJson.h"
#include "scene/PcdIO.h"
#include "scene/PlyIO.h"
#include "scene/SceneFile.h"

namespace fs = std::filesystem;

namespace {

fs::path tmp(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("scenelens_io_" + std::to_string(getpid()));
  fs::create_directories(d);
  return d / name;
}

sl::PointCloud random_cloud(size_t n, bool all_attributes) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-5, 5);
  sl::PointCloud c;
  for (size_t i = 0; i < n; ++i) {
    c.xyz.emplace_back(u(rng), u(rng), u(rng));
    c.rgb.push_back({uint8_t(rng() % 256), uint8_t(rng() % 256), uint8_t(rng() % 256)});
    if (!all_attributes) continue;
    c.confidence.push_back(std::abs(u(rng)) / 5);
    c.source_view.push_back(int(rng() % 3));
    c.source_pixel.emplace_back(std::abs(u(rng)) * 10, std::abs(u(rng)) * 10);
    c.normals.push_back(Eigen::Vector3f(u(rng), u(rng), u(rng)).normalized());
  }
  return c;
}

void expect_same(const sl::PointCloud& a, const sl::PointCloud& b, float tol) {
  ASSERT_EQ(a.size(), b.size());
  ASSERT_EQ(a.has_rgb(), b.has_rgb());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_LE((a.xyz[i] - b.xyz[i]).norm(), tol) << i;
    if (a.has_rgb()) {
      ASSERT_EQ(a.rgb[i], b.rgb[i]) << i;
    }
    if (a.has_confidence() && b.has_confidence()) {
      ASSERT_NEAR(a.confidence[i], b.confidence[i], tol);
    }
    if (a.has_normals() && b.has_normals()) {
      ASSERT_LE((a.normals[i] - b.normals[i]).norm(), tol);
    }
    if (a.has_source() && b.has_source()) {
      ASSERT_EQ(a.source_view[i], b.source_view[i]);
    }
  }
}

void expect_io_error(const std::function<void()>& f, const std::string& path,
                     const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "no error for " << path;
  } catch (const sl::IoError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(path), std::string::npos) << m;
    EXPECT_NE(m.find(needle), std::string::npos) << m;
  }
}

TEST(Ply, BinaryAndAsciiRoundTripEveryAttribute) {
  const auto c = random_cloud(5000, true);
  for (bool binary : {true, false}) {
    const auto p = tmp(binary ? "b.ply" : "a.ply").string();
    sl::write_ply(p, c, binary);
    const auto back = sl::read_ply(p);
    expect_same(c, back, binary ? 0.f : 1e-5f);
    EXPECT_EQ(back.source_pixel.size(), c.size());
  }
}

TEST(Ply, ReadsBigEndianDoublesFloatColoursAndSkipsFaces) {
  const auto p = tmp("be.ply").string();
  std::string body;
  auto put_be = [&](const void* v, size_t n) {
    const char* b = static_cast<const char*>(v);
    for (size_t i = 0; i < n; ++i) body.push_back(b[n - 1 - i]);
  };
  std::ofstream f(p, std::ios::binary);
  f << "ply\nformat binary_big_endian 1.0\nelement vertex 2\nproperty double x\nproperty double y\n"
       "property double z\nproperty float red\nproperty float green\nproperty float blue\n"
       "element face 1\nproperty list uchar int vertex_indices\nend_header\n";
  for (int i = 0; i < 2; ++i) {
    for (double v : {1.5 + i, -2.0, 3.25}) put_be(&v, 8);
    for (float v : {1.0f, 0.5f, 0.0f}) put_be(&v, 4);
  }
  f << body;
  f.close();
  const auto c = sl::read_ply(p);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_FLOAT_EQ(c.xyz[1].x(), 2.5f);
  EXPECT_FLOAT_EQ(c.xyz[0].z(), 3.25f);
  EXPECT_EQ(c.rgb[0][0], 255);
  EXPECT_EQ(c.rgb[0][1], 128);
}

TEST(Ply, DamagedFilesGiveClearErrors) {
  const auto good = tmp("good.ply").string();
  sl::write_ply(good, random_cloud(100, false), true);
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto trunc = tmp("trunc.ply").string();
  std::ofstream(trunc, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  expect_io_error([&] { sl::read_ply(trunc); }, trunc, "ends early");
  const auto empty = tmp("empty.ply").string();
  std::ofstream(empty).close();
  expect_io_error([&] { sl::read_ply(empty); }, empty, "empty");
  const auto garbage = tmp("garbage.ply").string();
  std::ofstream(garbage) << "\x89PNG garbage bytes here";
  expect_io_error([&] { sl::read_ply(garbage); }, garbage, "not a PLY");
  const auto header = tmp("header.ply").string();
  std::ofstream(header) << "ply\nformat ascii 1.0\nelement vertex 3\n";
  expect_io_error([&] { sl::read_ply(header); }, header, "end_header");
  const auto missing = tmp("missing.ply").string();
  expect_io_error([&] { sl::read_ply(missing); }, missing, "cannot be opened");
}

TEST(Pcd, RoundTripAndErrors) {
  const auto c = random_cloud(3000, true);
  for (bool binary : {true, false}) {
    const auto p = tmp(binary ? "b.pcd" : "a.pcd").string();
    sl::write_pcd(p, c, binary);
    expect_same(c, sl::read_pcd(p), binary ? 0.f : 1e-5f);
  }
  const auto comp = tmp("comp.pcd").string();
  std::ofstream(comp) << "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH 1\n"
                         "HEIGHT 1\nPOINTS 1\nDATA binary_compressed\nxxxx";
  expect_io_error([&] { sl::read_pcd(comp); }, comp, "binary_compressed");
  const auto trunc = tmp("trunc.pcd").string();
  std::ofstream(trunc)
      << "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH 3\n"
         "HEIGHT 1\nPOINTS 3\nDATA ascii\n1 2 3\n4 5";
  expect_io_error([&] { sl::read_pcd(trunc); }, trunc, "ends early");
  const auto garbage = tmp("garbage.pcd").string();
  std::ofstream(garbage) << "hello world\n";
  expect_io_error([&] { sl::read_pcd(garbage); }, garbage, "not a PCD");
}

sl::Scene small_scene() {
  sl::Scene s;
  s.source = "test";
  for (int i = 0; i < 3; ++i) {
    sl::View v;
    v.name = "img" + std::to_string(i) + ".jpg";
    v.image_path = "/nonexistent/" + v.name;
    v.intrinsics = {640,   480,   500.0 + i,           500.0 + i,
                    319.5, 239.5, i == 1 ? 0.01 : 0.0, i == 1 ? -0.002 : 0.0};
    v.world_from_cam = Eigen::Translation3d(i, 0.5 * i, -1) *
                       Eigen::AngleAxisd(0.3 * i, Eigen::Vector3d(0.2, 1, 0.1).normalized());
    s.views.push_back(v);
  }
  s.cloud = random_cloud(500, true);
  for (auto& px : s.cloud.source_pixel) px = px.cwiseMin(Eigen::Vector2f(600, 400));
  return s;
}

TEST(Colmap, TextAndBinaryRoundTrip) {
  const sl::Scene s = small_scene();
  for (bool binary : {false, true}) {
    const auto dir = tmp(binary ? "colmap_bin" : "colmap_txt").string();
    binary ? sl::write_colmap_binary(s, dir) : sl::write_colmap_text(s, dir);
    ASSERT_TRUE(sl::is_colmap_model_dir(dir));
    const sl::Scene back = sl::read_colmap_model(dir);
    ASSERT_EQ(back.views.size(), s.views.size());
    for (size_t i = 0; i < s.views.size(); ++i) {
      const auto& a = s.views[i];
      const auto& b = back.views[i];
      EXPECT_EQ(a.name, b.name);
      EXPECT_LT((a.world_from_cam.matrix() - b.world_from_cam.matrix()).norm(), 1e-9);
      EXPECT_NEAR(a.intrinsics.fx, b.intrinsics.fx, 1e-9);
      EXPECT_NEAR(a.intrinsics.cx, b.intrinsics.cx, 1e-9);
      EXPECT_NEAR(a.intrinsics.k1, b.intrinsics.k1, 1e-12);
      EXPECT_NEAR(a.intrinsics.k2, b.intrinsics.k2, 1e-12);
      EXPECT_EQ(a.intrinsics.width, b.intrinsics.width);
    }
    sl::PointCloud got = back.cloud;
    got.confidence.clear();  // COLMAP has no confidence: it is derived from track length
    expect_same(s.cloud, got, 1e-5f);
    for (size_t i = 0; i < s.cloud.size(); ++i)
      ASSERT_LT((s.cloud.source_pixel[i] - back.cloud.source_pixel[i]).norm(), 1e-3f);
  }
}

TEST(Colmap, DamagedModelsGiveClearErrors) {
  const sl::Scene s = small_scene();
  const auto dir = tmp("colmap_bad").string();
  sl::write_colmap_binary(s, dir);
  const auto imgs = (fs::path(dir) / "images.bin").string();
  fs::resize_file(imgs, fs::file_size(imgs) / 2);
  expect_io_error([&] { sl::read_colmap_model(dir); }, imgs, "");
  const auto dir2 = tmp("colmap_bad_txt").string();
  sl::write_colmap_text(s, dir2);
  const auto cams = (fs::path(dir2) / "cameras.txt").string();
  std::ofstream(cams) << "1 WEIRD_MODEL 640 480 1 2 3\n";
  expect_io_error([&] { sl::read_colmap_model(dir2); }, cams, "WEIRD_MODEL");
  const auto not_model = tmp("not_a_model").string();
  fs::create_directories(not_model);
  expect_io_error([&] { sl::load_any(not_model); }, not_model, "not a COLMAP model");
}

TEST(SceneFile, RoundTripEverything) {
  sl::Scene s = small_scene();
  s.views[0].depth_m = cv::Mat(12, 16, CV_32F, cv::Scalar(2.5f));
  s.views[0].confidence = cv::Mat(12, 16, CV_32F, cv::Scalar(0.7f));
  s.views[1].thumbnail = cv::Mat(30, 40, CV_8UC3, cv::Scalar(10, 20, 30));
  s.views[2].registered = false;
  s.scale = {true, 0.37};
  s.up = Eigen::Vector3d(0, -1, 0);
  sl::SceneObject o;
  o.id = 4;
  o.name = "chair 1";
  o.label = "chair";
  o.point_indices = {1, 5, 9};
  o.box.center = {1, 2, 3};
  o.box.size = {0.5, 0.4, 0.9};
  o.box.axes = sl::box_axes_from_yaw(s.up, 30);
  o.views = {0, 2};
  s.objects.push_back(o);
  s.measurements.push_back(
      {sl::Measurement::Kind::Angle, "corner", {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}, 90});
  s.chat.push_back({"how tall is the chair?", "0.9 m", "{\"kind\":\"size\"}"});
  const auto p = tmp("scene.scenelens").string();
  sl::save_scene(s, p);
  const sl::Scene b = sl::load_scene(p);
  ASSERT_EQ(b.views.size(), 3u);
  EXPECT_FALSE(b.views[2].registered);
  EXPECT_EQ(b.views[0].depth_m.size(), cv::Size(16, 12));
  EXPECT_FLOAT_EQ(b.views[0].depth_m.at<float>(5, 5), 2.5f);
  EXPECT_FLOAT_EQ(b.views[0].confidence.at<float>(5, 5), 0.7f);
  EXPECT_EQ(b.views[1].thumbnail.size(), cv::Size(40, 30));
  EXPECT_LT((b.views[1].world_from_cam.matrix() - s.views[1].world_from_cam.matrix()).norm(),
            1e-12);
  expect_same(s.cloud, b.cloud, 0.f);
  ASSERT_EQ(b.objects.size(), 1u);
  EXPECT_EQ(b.objects[0].name, "chair 1");
  EXPECT_EQ(b.objects[0].point_indices, o.point_indices);
  EXPECT_LT((b.objects[0].box.axes - o.box.axes).norm(), 1e-12);
  EXPECT_EQ(b.measurements[0].kind, sl::Measurement::Kind::Angle);
  EXPECT_EQ(b.chat[0].answer, "0.9 m");
  EXPECT_TRUE(b.scale.metric);
  EXPECT_DOUBLE_EQ(b.scale.meters_per_unit, 0.37);
  EXPECT_EQ(b.up, s.up);
}

TEST(SceneFile, DamagedFilesGiveClearErrors) {
  const auto p = tmp("good.scenelens").string();
  sl::save_scene(small_scene(), p);
  std::string bytes;
  {
    std::ifstream in(p, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto trunc = tmp("trunc.scenelens").string();
  std::ofstream(trunc, std::ios::binary) << bytes.substr(0, bytes.size() - 100);
  expect_io_error([&] { sl::load_scene(trunc); }, trunc, "truncated");
  const auto newer = tmp("newer.scenelens").string();
  std::string nb = bytes;
  nb[10] = char(99);
  std::ofstream(newer, std::ios::binary) << nb;
  expect_io_error([&] { sl::load_scene(newer); }, newer, "newer SceneLens");
  const auto garbage = tmp("garbage.scenelens").string();
  std::ofstream(garbage) << "garbage";
  expect_io_error([&] { sl::load_scene(garbage); }, garbage, "not a SceneLens scene");
  const auto empty = tmp("empty.scenelens").string();
  std::ofstream(empty).close();
  expect_io_error([&] { sl::load_scene(empty); }, empty, "empty");
  expect_io_error([&] { sl::save_scene(small_scene(), "/nonexistent_dir/x.scenelens"); },
                  "/nonexistent_dir/x.scenelens", "does not exist");
}

TEST(SceneFile, EmbeddedPhotosViewStateAndProgress) {
  const fs::path photos = tmp("embed_photos");
  fs::create_directories(photos);
  cv::Mat img(24, 32, CV_8UC3, cv::Scalar(0, 0, 0));
  cv::circle(img, {16, 12}, 6, cv::Scalar(20, 200, 90), -1);
  const std::string photo = (photos / "a.png").string();
  ASSERT_TRUE(cv::imwrite(photo, img));
  const std::string photo_bytes = sl::read_file(photo);
  sl::Scene s = small_scene();
  s.views[0].image_path = photo;
  s.views[1].image_path = s.views[2].image_path = "";  // views without a photo file
  s.embed_photos = true;
  s.view_state_json = R"({"distance":4.5,"point_size":3})";
  const fs::path proj = tmp("embed_proj");
  fs::create_directories(proj);
  const std::string p = (proj / "p.scenelens").string();
  std::vector<double> fractions;
  sl::SaveOptions opt;
  opt.progress = [&](double f) { fractions.push_back(f); };
  sl::save_scene(s, p, opt);
  ASSERT_GE(fractions.size(), 3u);
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_DOUBLE_EQ(fractions.front(), 0.0);
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
  // The original photo is gone: the loader unpacks the embedded bytes into the cache.
  fs::remove(photo);
  setenv("SCENELENS_CACHE_DIR", tmp("embed_cache").c_str(), 1);
  const sl::Scene b = sl::load_scene(p);
  EXPECT_TRUE(b.embed_photos);
  EXPECT_EQ(b.view_state_json, R"({"distance":4.5,"point_size":3})");
  ASSERT_EQ(b.views.size(), 3u);
  EXPECT_EQ(b.views[0].image_path.rfind(tmp("embed_cache").string(), 0), 0u)
      << b.views[0].image_path;
  EXPECT_EQ(sl::read_file(b.views[0].image_path), photo_bytes);
  // Saved again elsewhere, the photos stay embedded.
  const std::string p2 = (proj / "p2.scenelens").string();
  sl::save_scene(b, p2);
  fs::remove_all(tmp("embed_cache"));
  EXPECT_EQ(sl::read_file(sl::load_scene(p2).views[0].image_path), photo_bytes);
  // A photo that cannot be read makes embedding fail with its name; nothing is written.
  sl::Scene missing = s;
  missing.views[0].image_path = (photos / "gone.png").string();
  const std::string p3 = (proj / "p3.scenelens").string();
  expect_io_error([&] { sl::save_scene(missing, p3); }, p3, missing.views[0].name);
  EXPECT_FALSE(fs::exists(p3));
  unsetenv("SCENELENS_CACHE_DIR");
}

// Frozen content of tests/data/fixtures/v1_small.scenelens (written by format version 1).
// Do not change: the fixture proves that later readers still open version-1 projects.
// SCENELENS_WRITE_FIXTURES=1 rewrites it (only when the version-1 writer is current).
static sl::Scene v1_fixture_scene() {
  sl::Scene s;
  s.source = "fixture v1";
  s.up = Eigen::Vector3d(0, 0, 1);
  s.scale = {true, 0.5};
  for (int i = 0; i < 2; ++i) {
    sl::View v;
    v.name = "view_" + std::to_string(i) + ".png";
    v.intrinsics = {8, 6, 10, 10, 3.5, 2.5, 0.01, 0};
    v.world_from_cam.translation() = Eigen::Vector3d(i, 0, -2);
    v.depth_m = cv::Mat(6, 8, CV_32F, cv::Scalar(1.5f + float(i)));
    s.views.push_back(v);
  }
  for (int i = 0; i < 40; ++i) {
    s.cloud.xyz.emplace_back(0.1f * float(i), 0.f, 1.f);
    s.cloud.rgb.push_back({uint8_t(i), 100, 200});
  }
  sl::SceneObject o;
  o.id = 1;
  o.name = "box 1";
  o.label = "box";
  o.point_indices = {0, 1, 2};
  o.box.center = {0.1, 0, 1};
  o.box.size = {0.3, 0.1, 0.1};
  s.objects.push_back(o);
  s.measurements.push_back({sl::Measurement::Kind::Distance, "d", {{0, 0, 1}, {3.9, 0, 1}}, 3.9});
  s.chat.push_back({"how long is box 1?", "0.3 m", ""});
  return s;
}

TEST(SceneFile, VersionOneFixtureStillOpens) {
  const std::string fixture = std::string(SCENELENS_TEST_DATA_DIR) + "/fixtures/v1_small.scenelens";
  const sl::Scene want = v1_fixture_scene();
  if (std::getenv("SCENELENS_WRITE_FIXTURES") && sl::kSceneFileVersion == 1) {
    fs::create_directories(fs::path(fixture).parent_path());
    sl::save_scene(want, fixture);
  }
  const sl::Scene b = sl::load_scene(fixture);
  EXPECT_EQ(b.source, want.source);
  EXPECT_TRUE(b.scale.metric);
  EXPECT_DOUBLE_EQ(b.scale.meters_per_unit, 0.5);
  ASSERT_EQ(b.views.size(), 2u);
  EXPECT_EQ(b.views[1].name, "view_1.png");
  EXPECT_DOUBLE_EQ(b.views[0].intrinsics.k1, 0.01);
  EXPECT_DOUBLE_EQ(b.views[1].world_from_cam.translation().x(), 1.0);
  EXPECT_FLOAT_EQ(b.views[1].depth_m.at<float>(3, 4), 2.5f);
  expect_same(want.cloud, b.cloud, 0.f);
  ASSERT_EQ(b.objects.size(), 1u);
  EXPECT_EQ(b.objects[0].point_indices, want.objects[0].point_indices);
  ASSERT_EQ(b.measurements.size(), 1u);
  EXPECT_DOUBLE_EQ(b.measurements[0].value, 3.9);
  ASSERT_EQ(b.chat.size(), 1u);
  EXPECT_EQ(b.chat[0].answer, "0.3 m");
}

TEST(ObjectsJson, YawAndRoundTrip) {
  for (double yaw : {0.0, 30.0, -120.0, 179.0}) {
    const Eigen::Matrix3d a = sl::box_axes_from_yaw(Eigen::Vector3d::UnitZ(), yaw);
    EXPECT_NEAR(sl::yaw_deg_from_axes(Eigen::Vector3d::UnitZ(), a), yaw, 1e-9);
    EXPECT_NEAR(a.determinant(), 1.0, 1e-12);
  }
  // 90 degrees about +z takes world x to world y.
  EXPECT_LT((sl::box_axes_from_yaw(Eigen::Vector3d::UnitZ(), 90).col(0) - Eigen::Vector3d::UnitY())
                .norm(),
            1e-12);
  sl::Scene s;
  s.scale = {true, 2.0};
  sl::SceneObject o;
  o.name = "table";
  o.label = "table";
  o.box.center = {1, 1, 0.5};
  o.box.size = {1.2, 0.8, 0.75};
  o.box.axes = sl::box_axes_from_yaw(s.up, 45);
  s.objects.push_back(o);
  const auto j = sl::objects_to_json(s);
  EXPECT_EQ(j["unit"], "m");
  EXPECT_DOUBLE_EQ(j["objects"][0]["size_m"][0].get<double>(), 2.4);
  EXPECT_NEAR(j["objects"][0]["yaw_deg"].get<double>(), 45, 1e-9);
  const auto back = sl::objects_from_json(j);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_NEAR(back[0].box.center.x(), 2.0, 1e-12);
  EXPECT_LT((back[0].box.axes - o.box.axes).norm(), 1e-12);
}

TEST(SceneModel, LensDistortionDoesNotFoldPointsBesideTheCameraIntoThePhoto) {
  sl::Intrinsics k{640, 480, 1566, 1566, 320, 240};
  k.k1 = -0.3;  // barrel, as SfM estimated for temple_ring
  // Inside the field of view the lens moves the point towards the centre.
  const Eigen::Vector2d in = k.project({0.1, 0.05, 1.0});
  EXPECT_LT(in.x(), 320 + 156.6);
  EXPECT_GT(in.x(), 320 + 150.0);
  // 60 degrees off the axis: far outside the photo, not folded back into it.
  const Eigen::Vector2d beside = k.project({std::tan(60 * M_PI / 180), 0, 1.0});
  EXPECT_GT(beside.x(), 640 * 2);
  // undistorted_ray inverts project inside the photo.
  const Eigen::Vector3d ray = k.undistorted_ray(in);
  EXPECT_NEAR(ray.x(), 0.1, 1e-9);
  EXPECT_NEAR(ray.y(), 0.05, 1e-9);
}

TEST(SceneModel, IntrinsicsAndBoxes) {
  const sl::Intrinsics k{640, 480, 500, 510, 319.5, 239.5};
  const Eigen::Vector3d p(0.3, -0.2, 2.0);
  const Eigen::Vector2d uv = k.project(p);
  EXPECT_LT((k.unproject(uv) * 2.0 - p).norm(), 1e-12);
  const sl::Intrinsics half = k.scaled(320, 240);
  EXPECT_DOUBLE_EQ(half.fx, 250);
  EXPECT_DOUBLE_EQ(half.cx, 159.5);
  sl::OrientedBox b;
  b.size = {2, 1, 1};
  b.axes = sl::box_axes_from_yaw(Eigen::Vector3d::UnitZ(), 90);
  EXPECT_TRUE(b.contains({0, 0.9, 0}));
  EXPECT_FALSE(b.contains({0.9, 0, 0}));
  sl::PointCloud a = random_cloud(10, true), c = random_cloud(5, false);
  a.append(c);
  EXPECT_NO_THROW(a.check_consistent("x"));
  EXPECT_EQ(a.confidence.size(), 15u);
  EXPECT_EQ(a.subset({0, 14}).size(), 2u);
}

}  // namespace
