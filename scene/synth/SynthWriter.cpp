// write_synthetic_scene: photos, float depth TIFFs, COLMAP ground truth, objects.json, and the
// .scenelens file of a synthetic scene.
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>

#include "scene/ColmapIO.h"
#include "scene/ObjectsJson.h"
#include "scene/SceneFile.h"
#include "scene/synth/SynthScene.h"

namespace sl::synth {
namespace fs = std::filesystem;

namespace {

void write_image(const std::string& path, const cv::Mat& m) {
  bool ok = false;
  try {
    ok = cv::imwrite(path, m);
  } catch (const cv::Exception& e) {
    throw IoError(path + ": cannot write image (" + e.what() + ")");
  }
  if (!ok) throw IoError(path + ": cannot write image; check that the folder is writable");
}

}  // namespace

void write_synthetic_scene(const SynthResult& result, const std::string& dir) {
  const Scene& scene = result.scene;
  if (result.images.size() != scene.views.size())
    throw IoError(dir + ": synthetic result has " + std::to_string(result.images.size()) +
                  " images for " + std::to_string(scene.views.size()) + " views");
  std::error_code ec;
  for (const char* sub : {"images", "depth", "ground_truth/sparse"}) {
    fs::create_directories(fs::path(dir) / sub, ec);
    if (ec) throw IoError(dir + ": cannot create folder " + sub + " (" + ec.message() + ")");
  }
  Scene out = scene;
  for (size_t k = 0; k < scene.views.size(); ++k) {
    const View& v = scene.views[k];
    const std::string stem = fs::path(v.name).stem().string();
    write_image((fs::path(dir) / "images" / v.name).string(), result.images[k]);
    if (!v.depth_m.empty())
      write_image((fs::path(dir) / "depth" / (stem + ".tiff")).string(), v.depth_m);
    out.views[k].image_path = "images/" + v.name;
  }
  write_colmap_text(out, (fs::path(dir) / "ground_truth" / "sparse").string());
  const std::string json_path = (fs::path(dir) / "ground_truth" / "objects.json").string();
  std::ofstream json(json_path);
  json << objects_to_json(out).dump(2) << "\n";
  if (!json) throw IoError(json_path + ": cannot write; check that the folder is writable");
  save_scene(out, (fs::path(dir) / "scene.scenelens").string());
}

}  // namespace sl::synth
