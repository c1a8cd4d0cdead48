// COLMAP's own model layout (ids, camera models, 2D observations), shared by the text and
// binary readers/writers in ColmapIO.cpp / ColmapText.cpp / ColmapBinary.cpp. COLMAP pixel
// coordinates put (0, 0) at the top-left corner of the image: ours + 0.5.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "scene/Scene.h"

namespace sl::colmap {

struct Camera {
  uint32_t id = 0;
  int model_id = 1;  // PINHOLE
  uint64_t width = 0, height = 0;
  std::vector<double> params;
};

struct Observation {
  double x = 0, y = 0;  // COLMAP pixel coordinates
  uint64_t point3d_id = UINT64_MAX;
};

struct Image {
  uint32_t id = 0;
  Eigen::Quaterniond q_cam_from_world = Eigen::Quaterniond::Identity();
  Eigen::Vector3d t_cam_from_world = Eigen::Vector3d::Zero();
  uint32_t camera_id = 0;
  std::string name;
  std::vector<Observation> points2d;
};

struct Point3D {
  uint64_t id = 0;
  Eigen::Vector3d xyz = Eigen::Vector3d::Zero();
  std::array<uint8_t, 3> rgb = {0, 0, 0};
  double error = 0;
  std::vector<std::pair<uint32_t, uint32_t>> track;  // (image id, point2D index)
};

struct Model {
  std::map<uint32_t, Camera> cameras;
  std::vector<Image> images;
  std::vector<Point3D> points;
};

// Camera model name <-> id <-> number of parameters; throws IoError for unknown ones.
int model_id_from_name(const std::string& name, const std::string& path);
const char* model_name(int id);
int model_param_count(int id, const std::string& path);

Model read_text(const std::string& dir);
Model read_binary(const std::string& dir);
void write_text(const Model& m, const std::string& dir);
void write_binary(const Model& m, const std::string& dir);

Intrinsics intrinsics_of(const Camera& c);
Camera camera_of(const Intrinsics& k, uint32_t id);

}  // namespace sl::colmap
