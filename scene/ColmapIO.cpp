#include "scene/ColmapIO.h"

#include <filesystem>

#include "scene/ColmapModel.h"

namespace fs = std::filesystem;

namespace sl {
namespace colmap {

namespace {
struct ModelInfo {
  const char* name;
  int params;
};
const ModelInfo kModels[] = {{"SIMPLE_PINHOLE", 3},
                             {"PINHOLE", 4},
                             {"SIMPLE_RADIAL", 4},
                             {"RADIAL", 5},
                             {"OPENCV", 8},
                             {"OPENCV_FISHEYE", 8},
                             {"FULL_OPENCV", 12},
                             {"FOV", 5},
                             {"SIMPLE_RADIAL_FISHEYE", 4},
                             {"RADIAL_FISHEYE", 5},
                             {"THIN_PRISM_FISHEYE", 12}};
}  // namespace

int model_id_from_name(const std::string& name, const std::string& path) {
  for (int i = 0; i < int(std::size(kModels)); ++i)
    if (name == kModels[i].name) return i;
  throw IoError(path + ": unknown COLMAP camera model '" + name + "'");
}

const char* model_name(int id) {
  return id >= 0 && id < int(std::size(kModels)) ? kModels[id].name : "?";
}

int model_param_count(int id, const std::string& path) {
  if (id < 0 || id >= int(std::size(kModels)))
    throw IoError(path + ": unknown COLMAP camera model id " + std::to_string(id));
  return kModels[id].params;
}

Intrinsics intrinsics_of(const Camera& c) {
  Intrinsics k;
  k.width = int(c.width);
  k.height = int(c.height);
  const auto& p = c.params;
  const bool single_f = c.model_id == 0 || c.model_id == 2 || c.model_id == 3 || c.model_id == 7 ||
                        c.model_id == 8 || c.model_id == 9;
  if (single_f) {
    k.fx = k.fy = p[0];
    k.cx = p[1];
    k.cy = p[2];
    if (c.model_id == 2 || c.model_id == 3) k.k1 = p[3];
    if (c.model_id == 3) k.k2 = p[4];
  } else {
    k.fx = p[0];
    k.fy = p[1];
    k.cx = p[2];
    k.cy = p[3];
    if (c.model_id == 4 || c.model_id == 6) {
      k.k1 = p[4];
      k.k2 = p[5];
    }
  }
  k.cx -= 0.5;  // COLMAP: (0,0) is the corner; ours: the centre of the first pixel
  k.cy -= 0.5;
  return k;
}

Camera camera_of(const Intrinsics& k, uint32_t id) {
  Camera c;
  c.id = id;
  c.width = uint64_t(k.width);
  c.height = uint64_t(k.height);
  const double cx = k.cx + 0.5, cy = k.cy + 0.5;
  const bool same_f = std::abs(k.fx - k.fy) <= 1e-9 * std::abs(k.fx);
  if (k.k1 == 0 && k.k2 == 0) {
    c.model_id = 1;
    c.params = {k.fx, k.fy, cx, cy};
  } else if (same_f) {
    c.model_id = 3;
    c.params = {k.fx, cx, cy, k.k1, k.k2};
  } else {
    c.model_id = 4;
    c.params = {k.fx, k.fy, cx, cy, k.k1, k.k2, 0, 0};
  }
  return c;
}

}  // namespace colmap

namespace {

bool has_model_files(const fs::path& d) {
  for (const char* ext : {".txt", ".bin"})
    if (fs::is_regular_file(d / (std::string("cameras") + ext)) &&
        fs::is_regular_file(d / (std::string("images") + ext)) &&
        fs::is_regular_file(d / (std::string("points3D") + ext)))
      return true;
  return false;
}

Scene scene_from_model(const colmap::Model& m, const fs::path& dir) {
  Scene s;
  s.source = dir.string();
  std::map<uint32_t, int> view_of_image;
  for (const auto& im : m.images) {
    View v;
    v.name = im.name;
    for (const fs::path& root :
         {dir.parent_path() / "images", dir.parent_path().parent_path() / "images",
          dir.parent_path().parent_path().parent_path() / "images"}) {
      if (fs::is_regular_file(root / im.name)) {
        v.image_path = fs::absolute(root / im.name).lexically_normal().string();
        break;
      }
    }
    if (v.image_path.empty())
      v.image_path =
          fs::absolute(dir.parent_path() / "images" / im.name).lexically_normal().string();
    const auto cam = m.cameras.find(im.camera_id);
    if (cam == m.cameras.end())
      throw IoError(dir.string() + ": image '" + im.name + "' refers to camera " +
                    std::to_string(im.camera_id) + ", which the model does not have");
    v.intrinsics = colmap::intrinsics_of(cam->second);
    Eigen::Isometry3d cam_from_world = Eigen::Isometry3d::Identity();
    cam_from_world.linear() = im.q_cam_from_world.normalized().toRotationMatrix();
    cam_from_world.translation() = im.t_cam_from_world;
    v.world_from_cam = cam_from_world.inverse();
    view_of_image[im.id] = int(s.views.size());
    s.views.push_back(std::move(v));
  }
  std::map<uint32_t, const colmap::Image*> image_by_id;
  for (const auto& im : m.images) image_by_id[im.id] = &im;
  auto& c = s.cloud;
  c.reserve(m.points.size());
  for (const auto& p : m.points) {
    c.xyz.push_back(p.xyz.cast<float>());
    c.rgb.push_back(p.rgb);
    c.confidence.push_back(float(std::min<size_t>(p.track.size(), 5)) / 5.f);
    int view = -1;
    Eigen::Vector2f px(-1, -1);
    if (!p.track.empty()) {
      const auto [image_id, idx] = p.track.front();
      const auto it = image_by_id.find(image_id);
      if (it != image_by_id.end() && idx < it->second->points2d.size()) {
        view = view_of_image[image_id];
        px = Eigen::Vector2f(float(it->second->points2d[idx].x - 0.5),
                             float(it->second->points2d[idx].y - 0.5));
      }
    }
    c.source_view.push_back(view);
    c.source_pixel.push_back(px);
  }
  // Up: the mean of the cameras' -y axes (COLMAP models have no gravity direction).
  Eigen::Vector3d up = Eigen::Vector3d::Zero();
  for (const auto& v : s.views) up -= v.world_from_cam.linear().col(1);
  s.up = up.norm() > 1e-9 ? up.normalized() : Eigen::Vector3d::UnitZ();
  return s;
}

colmap::Model model_from_scene(const Scene& s) {
  colmap::Model m;
  std::vector<uint32_t> image_id_of_view(s.views.size(), 0);
  for (size_t i = 0; i < s.views.size(); ++i) {
    const View& v = s.views[i];
    if (!v.registered) continue;
    colmap::Image im;
    im.id = uint32_t(m.images.size() + 1);
    im.camera_id = im.id;
    im.name = v.name.empty() ? fs::path(v.image_path).filename().string() : v.name;
    const Eigen::Isometry3d cfw = v.cam_from_world();
    im.q_cam_from_world = Eigen::Quaterniond(cfw.linear());
    im.t_cam_from_world = cfw.translation();
    m.cameras[im.id] = colmap::camera_of(v.intrinsics, im.id);
    image_id_of_view[i] = im.id;
    m.images.push_back(std::move(im));
  }
  std::map<uint32_t, colmap::Image*> by_id;
  for (auto& im : m.images) by_id[im.id] = &im;
  const auto& c = s.cloud;
  m.points.reserve(c.size());
  for (size_t i = 0; i < c.size(); ++i) {
    colmap::Point3D p;
    p.id = i + 1;
    p.xyz = c.xyz[i].cast<double>();
    p.rgb = c.has_rgb() ? c.rgb[i] : std::array<uint8_t, 3>{200, 200, 200};
    if (c.has_source() && !c.source_pixel.empty()) {
      const int v = c.source_view[i];
      if (v >= 0 && size_t(v) < s.views.size() && image_id_of_view[size_t(v)] != 0) {
        colmap::Image* im = by_id[image_id_of_view[size_t(v)]];
        p.track.emplace_back(im->id, uint32_t(im->points2d.size()));
        im->points2d.push_back({c.source_pixel[i].x() + 0.5, c.source_pixel[i].y() + 0.5, p.id});
      }
    }
    m.points.push_back(std::move(p));
  }
  return m;
}

fs::path prepare_out_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir))
    throw IoError(dir + ": cannot create the output folder (" + ec.message() +
                  "); choose a writable location");
  return dir;
}

}  // namespace

bool is_colmap_model_dir(const std::string& dir) {
  return fs::is_directory(dir) && has_model_files(dir);
}

Scene read_colmap_model(const std::string& dir) {
  if (!fs::is_directory(dir)) throw IoError(dir + ": not a folder (a COLMAP model is a folder)");
  const fs::path d(dir);
  const bool text = fs::is_regular_file(d / "cameras.txt") &&
                    fs::is_regular_file(d / "images.txt") &&
                    fs::is_regular_file(d / "points3D.txt");
  if (!text && !has_model_files(d))
    throw IoError(dir +
                  ": not a COLMAP model (needs cameras, images and points3D as .txt or .bin)");
  return scene_from_model(text ? colmap::read_text(dir) : colmap::read_binary(dir),
                          fs::absolute(d));
}

void write_colmap_text(const Scene& scene, const std::string& dir) {
  prepare_out_dir(dir);
  colmap::write_text(model_from_scene(scene), dir);
}

void write_colmap_binary(const Scene& scene, const std::string& dir) {
  prepare_out_dir(dir);
  colmap::write_binary(model_from_scene(scene), dir);
}

}  // namespace sl
