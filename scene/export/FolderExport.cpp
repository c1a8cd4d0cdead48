#include "scene/export/FolderExport.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace sl {

namespace {

void make_dir(const fs::path& d) {
  std::error_code ec;
  fs::create_directories(d, ec);
  if (ec || !fs::is_directory(d))
    throw IoError(d.string() + ": cannot create the output folder (" + ec.message() +
                  "); choose a writable location");
}

std::string image_file_name(const View& v) {
  return v.name.empty() ? fs::path(v.image_path).filename().string() : v.name;
}

}  // namespace

int copy_photos(const Scene& scene, const std::string& dir) {
  std::string missing;
  for (const auto& v : scene.views)
    if (v.registered && !fs::is_regular_file(v.image_path)) missing += "\n  " + v.image_path;
  if (!missing.empty())
    throw IoError(
        "these photos could not be found, so they cannot be exported with the "
        "model (move them back or re-open the scene from its folder):" +
        missing);
  make_dir(fs::path(dir) / "images");
  int n = 0;
  for (const auto& v : scene.views) {
    if (!v.registered) continue;
    const fs::path to = fs::path(dir) / "images" / image_file_name(v);
    make_dir(to.parent_path());
    std::error_code ec;
    if (!fs::equivalent(v.image_path, to, ec))
      fs::copy_file(v.image_path, to, fs::copy_options::overwrite_existing, ec);
    if (ec) throw IoError(to.string() + ": cannot copy the photo (" + ec.message() + ")");
    ++n;
  }
  return n;
}

void write_nerfstudio(const Scene& scene, const std::string& dir) {
  make_dir(dir);
  nlohmann::json frames = nlohmann::json::array();
  const Intrinsics* first = nullptr;
  bool shared = true;
  for (const auto& v : scene.views) {
    if (!v.registered) continue;
    const Intrinsics& k = v.intrinsics;
    if (!first) first = &k;
    shared = shared && k.width == first->width && k.height == first->height && k.fx == first->fx &&
             k.fy == first->fy && k.cx == first->cx && k.cy == first->cy && k.k1 == first->k1 &&
             k.k2 == first->k2;
  }
  if (!first) throw IoError(dir + ": the scene has no registered views to export");
  auto intrinsics_json = [](const Intrinsics& k) {
    // Nerfstudio's principal point is in pixel-edge coordinates: (0,0) = top-left corner.
    return nlohmann::json{{"w", k.width},
                          {"h", k.height},
                          {"fl_x", k.fx},
                          {"fl_y", k.fy},
                          {"cx", k.cx + 0.5},
                          {"cy", k.cy + 0.5},
                          {"k1", k.k1},
                          {"k2", k.k2},
                          {"p1", 0.0},
                          {"p2", 0.0},
                          {"camera_model", "OPENCV"}};
  };
  const double s = scene.scale.metric ? scene.scale.meters_per_unit : 1.0;
  for (const auto& v : scene.views) {
    if (!v.registered) continue;
    Eigen::Matrix4d c2w = v.world_from_cam.matrix();
    c2w.col(1) *= -1;  // OpenCV (y down, z forward) -> OpenGL (y up, z back)
    c2w.col(2) *= -1;
    c2w.block<3, 1>(0, 3) *= s;
    nlohmann::json m = nlohmann::json::array();
    for (int r = 0; r < 4; ++r) m.push_back({c2w(r, 0), c2w(r, 1), c2w(r, 2), c2w(r, 3)});
    nlohmann::json f = {{"file_path", "images/" + image_file_name(v)}, {"transform_matrix", m}};
    if (!shared) f.update(intrinsics_json(v.intrinsics));
    frames.push_back(f);
  }
  nlohmann::json out = shared ? intrinsics_json(*first) : nlohmann::json::object();
  out["frames"] = frames;
  out["scenelens_up"] = {scene.up.x(), scene.up.y(), scene.up.z()};
  out["scenelens_unit"] = scene.scale.metric ? "m" : "scene_units";
  copy_photos(scene, dir);
  const fs::path path = fs::path(dir) / "transforms.json";
  std::ofstream f(path);
  f << out.dump(2) << "\n";
  if (!f) throw IoError(path.string() + ": could not be written (disk full or not writable?)");
}

int write_depth_pngs(const Scene& scene, const std::string& dir) {
  float max_depth = 0;
  for (const auto& v : scene.views) {
    if (v.depth_m.empty()) continue;
    double lo, hi;
    cv::minMaxLoc(v.depth_m, &lo, &hi);
    max_depth = std::max(max_depth, float(hi));
  }
  if (max_depth <= 0)
    throw IoError("the scene has no depth maps; run a dense reconstruction first");
  const fs::path out = fs::path(dir) / "depth";
  make_dir(out);
  const double depth_scale = max_depth / 65000.0;  // depth = value * depth_scale
  int n = 0;
  for (const auto& v : scene.views) {
    if (v.depth_m.empty()) continue;
    cv::Mat png;
    v.depth_m.convertTo(png, CV_16U, 1.0 / depth_scale);
    const fs::path p = out / (fs::path(image_file_name(v)).stem().string() + ".png");
    if (!cv::imwrite(p.string(), png)) throw IoError(p.string() + ": could not be written");
    ++n;
  }
  std::ofstream f(out / "scale.txt");
  f << "# depth = value * scale (" << (scene.scale.metric ? "metres" : "scene units")
    << "); 0 = unknown. Maps may be smaller than the photos: scale the intrinsics.\n"
    << "scale " << depth_scale * (scene.scale.metric ? scene.scale.meters_per_unit : 1.0) << "\n";
  return n;
}

}  // namespace sl
