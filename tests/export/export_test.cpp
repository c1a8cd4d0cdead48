// Exports: GLB structure (tinygltf loads it and every accessor lies inside its buffer view),
// frame conventions (+Y up, metres), Nerfstudio transforms, depth PNGs and meshes.
#include <gtest/gtest.h>
#include <tiny_gltf.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <random>

#include "inference/mesh/SurfaceMesh.h"
#include "scene/SceneFile.h"
#include "scene/export/FolderExport.h"
#include "scene/export/GltfExport.h"

namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("scenelens_export_" + name + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// A sphere of radius 1 at (0, 0, 2) (z up), two cameras looking at it, one box object.
sl::Scene sphere_scene(const fs::path& dir) {
  sl::Scene s;
  s.up = Eigen::Vector3d::UnitZ();
  s.scale.metric = true;
  s.scale.meters_per_unit = 2.0;
  std::mt19937 rng(7);
  std::normal_distribution<float> g;
  for (int i = 0; i < 20000; ++i) {
    Eigen::Vector3f p(g(rng), g(rng), g(rng));
    p.normalize();
    s.cloud.push_back(p + Eigen::Vector3f(0, 0, 2), {uint8_t(i % 255), 100, 200});
  }
  for (int i = 0; i < 2; ++i) {
    sl::View v;
    v.name = "cam" + std::to_string(i) + ".png";
    v.image_path = (dir / v.name).string();
    cv::imwrite(v.image_path, cv::Mat(48, 64, CV_8UC3, cv::Scalar(10, 20, 30)));
    v.intrinsics = {64, 48, 50, 50, 31.5, 23.5};
    // Camera at (0, -5, 2) looking along +y (OpenCV z forward = world +y, y down = world -z).
    Eigen::Matrix3d r;
    r.col(0) = Eigen::Vector3d(1, 0, 0);
    r.col(1) = Eigen::Vector3d(0, 0, -1);
    r.col(2) = Eigen::Vector3d(0, 1, 0);
    v.world_from_cam.linear() = r;
    v.world_from_cam.translation() = Eigen::Vector3d(i * 0.5, -5, 2);
    v.depth_m = cv::Mat(48, 64, CV_32F, cv::Scalar(4.0f + i));
    s.views.push_back(v);
  }
  sl::SceneObject o;
  o.name = "ball";
  o.box.center = Eigen::Vector3d(0, 0, 2);
  o.box.size = Eigen::Vector3d(2, 2, 2);
  s.objects.push_back(o);
  return s;
}

TEST(Gltf, GlbIsStructurallyValidAndYUpInMetres) {
  const fs::path dir = temp_dir("glb");
  const sl::Scene s = sphere_scene(dir);
  const std::string path = (dir / "scene.glb").string();
  sl::write_gltf(s, path);

  tinygltf::Model m;
  tinygltf::TinyGLTF loader;
  std::string err, warn;
  ASSERT_TRUE(loader.LoadBinaryFromFile(&m, &err, &warn, path)) << err;
  EXPECT_TRUE(err.empty()) << err;
  for (const auto& a : m.accessors) {
    ASSERT_GE(a.bufferView, 0);
    const auto& v = m.bufferViews[size_t(a.bufferView)];
    const size_t elem = size_t(tinygltf::GetComponentSizeInBytes(uint32_t(a.componentType)) *
                               tinygltf::GetNumComponentsInType(uint32_t(a.type)));
    EXPECT_LE(a.byteOffset + a.count * elem, v.byteLength);
    EXPECT_LE(v.byteOffset + v.byteLength, m.buffers[size_t(v.buffer)].data.size());
  }
  std::vector<std::string> names;
  for (const auto& n : m.nodes) names.push_back(n.name);
  EXPECT_NE(std::find(names.begin(), names.end(), "points"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "camera cam0.png"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "object ball"), names.end());
  // Points: the sphere centre (0,0,2) scene units, z up -> (0, 4, 0) metres, y up.
  const auto& pts = m.accessors[size_t(m.meshes[0].primitives[0].attributes.at("POSITION"))];
  EXPECT_EQ(pts.count, s.cloud.size());
  EXPECT_NEAR(0.5 * (pts.minValues[1] + pts.maxValues[1]), 4.0, 0.05);
  EXPECT_NEAR(pts.maxValues[1] - pts.minValues[1], 4.0, 0.05);
  EXPECT_NEAR(0.5 * (pts.minValues[2] + pts.maxValues[2]), 0.0, 0.05);
  EXPECT_EQ(m.meshes[0].primitives[0].mode, TINYGLTF_MODE_POINTS);
}

TEST(Gltf, ReadBackGivesTheSamePointsColoursAndBoxes) {
  const fs::path dir = temp_dir("glb_back");
  const sl::Scene s = sphere_scene(dir);
  const std::string path = (dir / "scene.glb").string();
  sl::write_gltf(s, path);
  const sl::Scene b = sl::load_any(path);  // through the same entry point as the GUI
  ASSERT_EQ(b.cloud.size(), s.cloud.size());
  EXPECT_EQ(b.up, Eigen::Vector3d::UnitY());
  EXPECT_TRUE(b.scale.metric);
  const Eigen::Matrix3f r = sl::gltf_from_world_rotation(s.up).cast<float>();
  const float m = float(s.scale.meters_per_unit);
  for (size_t i = 0; i < s.cloud.size(); i += 97) {
    ASSERT_LE((b.cloud.xyz[i] - m * (r * s.cloud.xyz[i])).norm(), 1e-4f) << i;
    ASSERT_EQ(b.cloud.rgb[i], s.cloud.rgb[i]) << i;
  }
  ASSERT_EQ(b.objects.size(), s.objects.size());
  EXPECT_EQ(b.objects[0].name, s.objects[0].name);
  const Eigen::Vector3d want = double(m) * (r.cast<double>() * s.objects[0].box.center);
  EXPECT_LE((b.objects[0].box.center - want).norm(), 1e-4);
  EXPECT_NEAR(b.objects[0].box.size.prod(), std::pow(double(m), 3) * s.objects[0].box.size.prod(),
              1e-4);
  EXPECT_FALSE(b.objects[0].point_indices.empty());
  // Damaged files: a clear error naming the file.
  const std::string bad = (dir / "bad.glb").string();
  std::ofstream(bad) << "glTF garbage";
  try {
    sl::load_any(bad);
    ADD_FAILURE() << "no error for a garbage GLB";
  } catch (const sl::IoError& e) {
    EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
  }
}

TEST(Gltf, UnwritablePathNamesTheFile) {
  const sl::Scene s = sphere_scene(temp_dir("glb2"));
  try {
    sl::write_gltf(s, "/proc/nonexistent/dir/scene.glb");
    FAIL() << "no error";
  } catch (const sl::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/proc/nonexistent/dir/scene.glb"), std::string::npos);
  }
}

TEST(Nerfstudio, TransformsUseOpenGlAxesAndCopyPhotos) {
  const fs::path dir = temp_dir("ns");
  fs::create_directories(dir / "src");
  sl::Scene s2 = sphere_scene(dir / "src");
  sl::write_nerfstudio(s2, (dir / "out").string());
  nlohmann::json j = nlohmann::json::parse(std::ifstream(dir / "out" / "transforms.json"));
  ASSERT_EQ(j["frames"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["fl_x"].get<double>(), 50.0);
  EXPECT_DOUBLE_EQ(j["cx"].get<double>(), 32.0);
  const auto& m = j["frames"][1]["transform_matrix"];
  // Camera looks along world +y; OpenGL's camera looks along -z_cam, so column 2 = -(+y).
  EXPECT_NEAR(m[1][2].get<double>(), -1.0, 1e-12);
  EXPECT_NEAR(m[2][1].get<double>(), 1.0, 1e-12);  // OpenGL y up = world +z
  EXPECT_NEAR(m[0][3].get<double>(), 1.0, 1e-12);  // 0.5 scene units * 2 m/unit
  EXPECT_TRUE(fs::exists(dir / "out" / "images" / "cam1.png"));
}

TEST(Depth, SixteenBitPngsWithScale) {
  const fs::path dir = temp_dir("depth");
  const sl::Scene s = sphere_scene(dir);
  ASSERT_EQ(sl::write_depth_pngs(s, (dir / "out").string()), 2);
  const cv::Mat png = cv::imread((dir / "out/depth/cam1.png").string(), cv::IMREAD_UNCHANGED);
  ASSERT_EQ(png.type(), CV_16U);
  std::ifstream f(dir / "out/depth/scale.txt");
  std::string line;
  double scale = 0;
  while (std::getline(f, line))
    if (line.rfind("scale ", 0) == 0) scale = std::stod(line.substr(6));
  EXPECT_NEAR(png.at<uint16_t>(10, 10) * scale, 5.0 * 2.0, 1e-3);  // metres
}

TEST(Mesh, PoissonSphereIsCloseToTheSurface) {
  const fs::path dir = temp_dir("mesh");
  const sl::Scene s = sphere_scene(dir);
  const sl::TriangleMesh mesh = sl::mesh_from_cloud(s.cloud);
  ASSERT_GT(mesh.triangles.size(), 1000u);
  double worst = 0;
  for (const auto& v : mesh.vertices)
    worst = std::max(worst, double(std::abs((v - Eigen::Vector3f(0, 0, 2)).norm() - 1.f)));
  EXPECT_LT(worst, 0.1);
  for (const char* ext : {".ply", ".obj", ".glb"}) {
    const fs::path p = dir / (std::string("mesh") + ext);
    sl::write_mesh(s, mesh, p.string());
    EXPECT_GT(fs::file_size(p), 1000u) << ext;
  }
}

TEST(Mesh, TooFewPointsIsAClearError) {
  sl::PointCloud tiny;
  tiny.push_back({0, 0, 0});
  try {
    sl::mesh_from_cloud(tiny);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("at least 100"), std::string::npos);
  }
}

}  // namespace
