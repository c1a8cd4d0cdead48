// Similarity alignment (Umeyama) of reconstructed camera centres to reference ones, and pose
// error measures used by tests and benchmarks.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <vector>

namespace sl::sfm {

struct Similarity {
  double scale = 1;
  Eigen::Matrix3d R = Eigen::Matrix3d::Identity();
  Eigen::Vector3d t = Eigen::Vector3d::Zero();
  Eigen::Vector3d apply(const Eigen::Vector3d& x) const { return scale * (R * x) + t; }
};

// dst ~ s R src + t, least squares (Eigen::umeyama). Needs >= 3 non-collinear points.
Similarity umeyama_alignment(const std::vector<Eigen::Vector3d>& src,
                             const std::vector<Eigen::Vector3d>& dst);

struct PoseErrors {
  std::vector<double> rotation_deg;  // per pair of poses, after alignment
  std::vector<double> center;        // camera-centre distance, reference units
  double median_rotation_deg = 0, max_rotation_deg = 0;
  double median_center = 0, max_center = 0;
};

// Aligns estimated world_from_cam poses to reference ones (centres via Umeyama) and measures
// rotation and centre errors. Vectors must have the same length (>= 3).
PoseErrors compare_poses(const std::vector<Eigen::Isometry3d>& estimated_world_from_cam,
                         const std::vector<Eigen::Isometry3d>& reference_world_from_cam);

double median(std::vector<double> v);

}  // namespace sl::sfm
