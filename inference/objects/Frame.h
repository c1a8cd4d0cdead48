// Frame of reference: dominant planes (RANSAC), the floor, the up axis, levelling the scene.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "scene/Scene.h"

namespace sl::objects {

struct Plane {
  Eigen::Vector4d coeffs = Eigen::Vector4d(0, 0, 1, 0);  // n . p + d = 0, |n| = 1
  double inlier_fraction = 0;  // share of the (sampled) cloud on this plane
  Eigen::Vector3d centroid = Eigen::Vector3d::Zero();
  Eigen::Vector3d normal() const { return coeffs.head<3>(); }
  double signed_distance(const Eigen::Vector3d& p) const { return normal().dot(p) + coeffs[3]; }
};

struct PlaneOptions {
  int max_planes = 8;
  double distance = 0;         // inlier distance; 0 = automatic from the cloud's size
  double min_fraction = 0.02;  // stop when a plane holds fewer of the sampled points
  size_t max_sample = 30000;   // RANSAC runs on a random subset this large
  int iterations = 500;
};

// Sets OpenMP's thread count (Open3D) to the number of cores; cheap, call before heavy work.
void use_all_cores();

// Automatic inlier distance for a cloud: 0.4% of the diagonal of the box spanning the 1st to
// 99th percentile of its points along each axis (of all of them below 1000 points). The whole
// bounding box let a reconstruction's stray points set it: on the synthetic rooms'
// reconstructions (12 photos of 640x480, seeds 1-40) it came out 1.1-1.6 x the true room's
// (1.02-1.2 x with the percentiles), and the proposals found 226 of 321 objects against 234 (the
// percentile box's diagonal x 0.9, 1.1, 1.2, 1.3: 229, 224, 230, 226); the true clouds 198 / 198
// and the rooms seen perfectly 116 / 132 either way.
double auto_plane_distance(const PointCloud& cloud);

// Dominant planes, largest first (Open3D SegmentPlane, peeling inliers off one plane at a time).
std::vector<Plane> detect_planes(const PointCloud& cloud, const PlaneOptions& options = {});

// Up estimate before a floor is known: mean of the cameras' up (-y) axes, else scene.up.
Eigen::Vector3d camera_up(const Scene& scene);

struct Floor {
  bool found = false;
  Plane plane;  // normal oriented to the up side (towards the cameras / the bulk of the points)
  int plane_index = -1;  // which of the planes given to find_floor it is
  Eigen::Vector3d up = Eigen::Vector3d::UnitZ();
};
// The large, roughly horizontal (within max_tilt_deg of the up estimate) plane lowest along it.
Floor find_floor(const Scene& scene, const std::vector<Plane>& planes, double max_tilt_deg = 30);
Floor find_floor(const Scene& scene);

// Rotation taking `normal` onto `target_up` (the scene is "levelled" to that plane).
Eigen::Matrix3d level_rotation(const Eigen::Vector3d& normal,
                               const Eigen::Vector3d& target_up = Eigen::Vector3d::UnitZ());
// Rotates everything in the scene (cloud, normals, views, objects, measurements, up) about
// the origin by R.
void apply_rotation(Scene& scene, const Eigen::Matrix3d& R);

}  // namespace sl::objects
