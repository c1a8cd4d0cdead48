// Data shared by the stages of the classical (incremental structure-from-motion) pipeline.
// Everything here is at the *working* resolution (images downscaled for matching); the
// backend converts intrinsics back to the original resolution at the end.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sl::sfm {

// One image as the mapper sees it: size, keypoints (pixel centres, (0,0) = top-left pixel
// centre), their colours (RGB), and a focal-length prior in pixels.
struct MapperImage {
  std::string name;
  int width = 0;
  int height = 0;
  double focal_prior = 0;
  std::vector<Eigen::Vector2d> keypoints;
  std::vector<std::array<uint8_t, 3>> colors;  // same length as keypoints, or empty
};

// Geometrically verified matches between images i < j: (keypoint in i, keypoint in j).
struct VerifiedPair {
  int i = -1;
  int j = -1;
  std::vector<std::pair<int, int>> matches;
};

struct MapperOptions {
  bool shared_intrinsics = true;  // one (f, k1) per image size; false: per image
  bool refine_k1 = true;
  int min_images_for_k1 = 8;       // k1 is poorly observed in small models: fixed until then
  double max_reproj_px = 4.0;      // observation filter
  double min_tri_angle_deg = 1.5;  // triangulation angle filter
  int min_pnp_inliers = 15;
  int min_init_inliers = 50;
  int local_ba_images = 8;  // images optimised by the local BA after a registration
  int global_ba_every = 4;  // global BA after this many new images (and at the end)
  int ba_max_iterations = 40;
  int max_models = 3;  // starts tried when a model covers less than half the images
};

// A camera: focal (px), radial k1, principal point (px), all at working resolution.
struct CameraParams {
  double f = 0, k1 = 0, cx = 0, cy = 0;
};

struct MapPoint {
  Eigen::Vector3d xyz = Eigen::Vector3d::Zero();
  std::vector<std::pair<int, int>> obs;  // (image, keypoint)
  int track = -1;
  double error_px = 0;  // mean reprojection error after the last filter
  bool alive() const { return obs.size() >= 2; }
};

// The growing reconstruction. Poses are cam_from_world as angle-axis (0..2) + translation.
struct MapModel {
  const std::vector<MapperImage>* images = nullptr;  // the mapper's input (keypoints)
  std::vector<int> camera_of;                        // image -> camera index
  std::vector<CameraParams> cameras;
  std::vector<std::array<double, 6>> poses;
  std::vector<bool> registered;
  std::vector<int> registration_order;
  std::vector<MapPoint> points;
  std::vector<std::vector<int>> point_of;  // image -> keypoint -> point index or -1
  std::vector<int> point_of_track;         // track -> point index or -1

  int num_registered() const;
  int num_points() const;
  Eigen::Isometry3d cam_from_world(int image) const;
  void set_cam_from_world(int image, const Eigen::Isometry3d& T);
  Eigen::Vector3d center(int image) const;
  const CameraParams& camera(int image) const { return cameras[camera_of[image]]; }
  // Pixel of a world point in an image (distortion included); false when behind the camera.
  bool project(int image, const Eigen::Vector3d& X, Eigen::Vector2d& uv) const;
  // Normalised, undistorted ray (x, y) of a pixel.
  Eigen::Vector2d normalize(int image, const Eigen::Vector2d& uv) const;
  const Eigen::Vector2d& keypoint(int image, int kp) const {
    return (*images)[image].keypoints[kp];
  }
  // Reprojection error of one observation in px (1e9 when behind the camera).
  double reprojection_error(int image, int kp, const Eigen::Vector3d& X) const;
  double mean_reprojection_error() const;
};

}  // namespace sl::sfm
