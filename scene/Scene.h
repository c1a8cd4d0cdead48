// The SceneLens data model: views, point cloud, objects, measurements, frame of reference.
//
// Conventions (written down once, used everywhere):
// - Camera frame: OpenCV axes, x right, y down, z forward (looking direction).
// - Poses are named a_from_b: `world_from_cam` maps camera-frame points into the world.
// - Pixel coordinates: (u, v) with (0, 0) at the centre of the top-left pixel.
// - Lengths are in scene units; `Scale::meters_per_unit` converts them to metres once the
//   user (or a synthetic ground truth) fixed the scale. Names carry units (`depth_m` is a
//   depth in scene units along camera z: "m" means metres when the scale is metric).
// - `up` is a unit vector in world coordinates (default +z for synthetic scenes,
//   -y of the first camera for reconstructions until a floor is found).
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sl {

// Error raised by every reader and writer: the message names the file and what is wrong.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Pinhole camera with optional radial distortion (COLMAP's SIMPLE_RADIAL / RADIAL).
struct Intrinsics {
  int width = 0;
  int height = 0;
  double fx = 0, fy = 0, cx = 0, cy = 0;
  double k1 = 0, k2 = 0;

  Eigen::Matrix3d matrix() const;
  // Projects a camera-frame point (z > 0) to pixel coordinates, distortion included.
  Eigen::Vector2d project(const Eigen::Vector3d& p_cam) const;
  // Unit-z ray (x, y, 1) through a pixel, distortion ignored.
  Eigen::Vector3d unproject(const Eigen::Vector2d& uv) const;
  // Unit-z ray through a pixel with the lens distortion removed (the inverse of project, by
  // fixed-point iteration; equals unproject without distortion).
  Eigen::Vector3d undistorted_ray(const Eigen::Vector2d& uv) const;
  // Same camera seen at another image size (all parameters scaled).
  Intrinsics scaled(int new_width, int new_height) const;
  bool valid() const { return width > 0 && height > 0 && fx > 0 && fy > 0; }
};

struct View {
  std::string name;        // image name as given by the user (COLMAP's NAME)
  std::string image_path;  // absolute or relative to the scene file's folder
  Intrinsics intrinsics;
  Eigen::Isometry3d world_from_cam = Eigen::Isometry3d::Identity();
  bool registered = true;  // false: the reconstruction could not place this view
  cv::Mat depth_m;         // CV_32F, 0 = unknown; optional
  cv::Mat confidence;      // CV_32F in [0, 1]; optional
  cv::Mat thumbnail;       // CV_8UC3 BGR, small; optional, for the viewport and photo strip

  Eigen::Vector3d center() const { return world_from_cam.translation(); }
  Eigen::Isometry3d cam_from_world() const { return world_from_cam.inverse(); }
};

struct PointCloud {
  std::vector<Eigen::Vector3f> xyz;
  std::vector<std::array<uint8_t, 3>> rgb;    // same length as xyz, or empty
  std::vector<float> confidence;              // same length as xyz, or empty
  std::vector<int32_t> source_view;           // index into Scene::views, -1 unknown; or empty
  std::vector<Eigen::Vector2f> source_pixel;  // (u, v) in that view; or empty
  std::vector<Eigen::Vector3f> normals;       // optional

  size_t size() const { return xyz.size(); }
  bool empty() const { return xyz.empty(); }
  bool has_rgb() const { return !rgb.empty(); }
  bool has_confidence() const { return !confidence.empty(); }
  bool has_normals() const { return !normals.empty(); }
  bool has_source() const { return !source_view.empty(); }
  void reserve(size_t n);
  void clear();
  // Appends one point; optional attributes are filled with defaults when the cloud has them.
  void push_back(const Eigen::Vector3f& p, const std::array<uint8_t, 3>& c = {200, 200, 200});
  // Throws IoError when attribute arrays disagree in length with xyz.
  void check_consistent(const std::string& what) const;
  // Keeps the points whose index is listed (in order).
  PointCloud subset(const std::vector<uint32_t>& indices) const;
  void append(const PointCloud& other);
  Eigen::AlignedBox3f bounds() const;
};

// Box whose axes are the columns of `axes` (length, width, height directions), `size` along them.
struct OrientedBox {
  Eigen::Vector3d center = Eigen::Vector3d::Zero();
  Eigen::Matrix3d axes = Eigen::Matrix3d::Identity();
  Eigen::Vector3d size = Eigen::Vector3d::Zero();

  double volume() const { return size.prod(); }
  bool contains(const Eigen::Vector3d& p, double margin = 0) const;
  std::array<Eigen::Vector3d, 8> corners() const;
};

struct SceneObject {
  int id = -1;
  std::string name;                     // unique, editable ("chair", "table 2")
  std::string label;                    // class ("chair"), may be empty
  std::vector<uint32_t> point_indices;  // into Scene::cloud
  OrientedBox box;
  std::vector<int> views;  // indices of views that see the object
  std::array<uint8_t, 3> color = {255, 140, 0};
};

struct Measurement {
  enum class Kind { Distance, Height, Angle, Area, Dimensions };
  Kind kind = Kind::Distance;
  std::string label;
  std::vector<Eigen::Vector3d> points;  // the clicked / derived points, world coordinates
  double value = 0;                     // scene units (or degrees, or units^2)
};

struct Scale {
  bool metric = false;           // false: arbitrary scene units
  double meters_per_unit = 1.0;  // valid when metric
};

struct ChatTurn {
  std::string question;
  std::string answer;
  std::string json;  // the structured answer (kind, value, unit, referents...), may be empty
};

struct Scene {
  std::vector<View> views;
  PointCloud cloud;
  std::vector<SceneObject> objects;
  std::vector<Measurement> measurements;
  std::vector<ChatTurn> chat;
  Scale scale;
  Eigen::Vector3d up = Eigen::Vector3d::UnitZ();
  std::string source;  // where it came from: a folder, a video, "synthetic seed 3"...
  // Saved projects carry the photo files inside them (portable), instead of referencing them.
  bool embed_photos = false;
  // Opaque JSON object written by the GUI (camera, display options); kept across saves.
  std::string view_state_json;

  int registered_views() const;
  const SceneObject* find_object(const std::string& name) const;
  // Converts a scene-unit length into metres (identity when the scale is arbitrary).
  double to_meters(double scene_units) const {
    return scale.metric ? scene_units * scale.meters_per_unit : scene_units;
  }
  std::string unit_name() const { return scale.metric ? "m" : "scene_units"; }
};

// The output of every reconstruction backend is a Scene.
using Reconstruction = Scene;

}  // namespace sl
