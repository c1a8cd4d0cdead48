#include "inference/objects/Frame.h"

#include <open3d/geometry/PointCloud.h>
#include <open3d/utility/Random.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>

#if __has_include(<omp.h>)
#include <omp.h>
#define SL_HAVE_OMP 1
#endif

namespace sl::objects {

void use_all_cores() {
#ifdef SL_HAVE_OMP
  const int n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (omp_get_max_threads() != n) omp_set_num_threads(n);
#endif
}

double auto_plane_distance(const PointCloud& cloud) {
  if (cloud.empty()) return 0.01;
  if (cloud.size() < 1000) return std::max(1e-6, 0.004 * double(cloud.bounds().diagonal().norm()));
  // Per axis, the 1st to 99th percentile of an evenly strided sample (about 100k points).
  const size_t step = std::max<size_t>(1, cloud.size() / 100000);
  Eigen::Vector3d extent;
  std::vector<float> v;
  for (int k = 0; k < 3; ++k) {
    v.clear();
    for (size_t i = 0; i < cloud.size(); i += step) v.push_back(cloud.xyz[i][k]);
    const size_t lo = v.size() / 100, hi = v.size() - 1 - v.size() / 100;
    std::nth_element(v.begin(), v.begin() + long(lo), v.end());
    const float a = v[lo];
    std::nth_element(v.begin(), v.begin() + long(hi), v.end());
    extent[k] = double(v[hi] - a);
  }
  return std::max(1e-6, 0.004 * extent.norm());
}

std::vector<Plane> detect_planes(const PointCloud& cloud, const PlaneOptions& o) {
  use_all_cores();
  std::vector<Plane> planes;
  if (cloud.size() < 10) return planes;
  const double dist = o.distance > 0 ? o.distance : auto_plane_distance(cloud);
  open3d::geometry::PointCloud pc;
  const size_t n = cloud.size();
  const size_t m = std::min(n, o.max_sample);
  pc.points_.reserve(m);
  if (m == n) {
    for (const auto& p : cloud.xyz) pc.points_.push_back(p.cast<double>());
  } else {
    std::mt19937 rng(7);
    std::uniform_int_distribution<size_t> pick(0, n - 1);
    for (size_t i = 0; i < m; ++i) pc.points_.push_back(cloud.xyz[pick(rng)].cast<double>());
  }
  const double total = static_cast<double>(m);
  // One RANSAC thread from a fixed seed: Open3D's parallel iterations draw from one shared
  // generator in whatever order the threads run, so the same cloud gave different planes (and
  // different objects) from run to run.
#ifdef SL_HAVE_OMP
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
#endif
  for (int k = 0; k < o.max_planes && pc.points_.size() >= 10; ++k) {
    open3d::utility::random::Seed(1000 + k);
    auto [coeffs, inliers] = pc.SegmentPlane(dist, 3, o.iterations);
    const double frac = static_cast<double>(inliers.size()) / total;
    if (frac < o.min_fraction) break;
    Plane pl;
    const double nn = coeffs.head<3>().norm();
    pl.coeffs = coeffs / (nn > 0 ? nn : 1.0);
    pl.inlier_fraction = frac;
    Eigen::Vector3d c = Eigen::Vector3d::Zero();
    for (size_t i : inliers) c += pc.points_[i];
    pl.centroid = c / static_cast<double>(inliers.size());
    planes.push_back(pl);
    pc = *pc.SelectByIndex(inliers, true);
  }
#ifdef SL_HAVE_OMP
  omp_set_num_threads(threads);
#endif
  return planes;
}

Eigen::Vector3d camera_up(const Scene& scene) {
  Eigen::Vector3d sum = Eigen::Vector3d::Zero();
  for (const auto& v : scene.views)
    if (v.registered) sum -= v.world_from_cam.linear().col(1);
  if (sum.norm() > 1e-9) return sum.normalized();
  return scene.up.norm() > 1e-9 ? scene.up.normalized() : Eigen::Vector3d::UnitZ();
}

Floor find_floor(const Scene& scene, const std::vector<Plane>& planes, double max_tilt_deg) {
  Floor f;
  const Eigen::Vector3d up0 = camera_up(scene);
  const double cos_tilt = std::cos(max_tilt_deg * M_PI / 180.0);
  // The side of the floor that is "up": where the cameras are, else where the cloud's bulk is.
  Eigen::Vector3d ref = Eigen::Vector3d::Zero();
  int nref = 0;
  for (const auto& v : scene.views)
    if (v.registered) {
      ref += v.center();
      ++nref;
    }
  if (nref == 0) {
    for (size_t i = 0; i < scene.cloud.size(); i += 97) {
      ref += scene.cloud.xyz[i].cast<double>();
      ++nref;
    }
  }
  if (nref > 0) ref /= nref;
  double best = std::numeric_limits<double>::infinity();
  double biggest = 0;
  for (const auto& p : planes) biggest = std::max(biggest, p.inlier_fraction);
  for (size_t k = 0; k < planes.size(); ++k) {
    const Plane& p = planes[k];
    if (std::abs(p.normal().dot(up0)) < cos_tilt) continue;
    if (p.inlier_fraction < 0.25 * biggest) continue;
    const double height = p.centroid.dot(up0);
    if (height < best) {
      best = height;
      f.found = true;
      f.plane = p;
      f.plane_index = static_cast<int>(k);
    }
  }
  if (!f.found) return f;
  Eigen::Vector3d n = f.plane.normal();
  const bool flip = nref > 0 ? f.plane.signed_distance(ref) < 0 : n.dot(up0) < 0;
  if (flip) f.plane.coeffs = -f.plane.coeffs;
  f.up = f.plane.normal();
  return f;
}

Floor find_floor(const Scene& scene) {
  return find_floor(scene, detect_planes(scene.cloud));
}

Eigen::Matrix3d level_rotation(const Eigen::Vector3d& normal, const Eigen::Vector3d& target_up) {
  return Eigen::Quaterniond::FromTwoVectors(normal.normalized(), target_up.normalized())
      .toRotationMatrix();
}

void apply_rotation(Scene& scene, const Eigen::Matrix3d& R) {
  const Eigen::Matrix3f Rf = R.cast<float>();
  for (auto& p : scene.cloud.xyz) p = Rf * p;
  for (auto& n : scene.cloud.normals) n = Rf * n;
  Eigen::Isometry3d T = Eigen::Isometry3d::Identity();
  T.linear() = R;
  for (auto& v : scene.views) v.world_from_cam = T * v.world_from_cam;
  for (auto& o : scene.objects) {
    o.box.center = R * o.box.center;
    o.box.axes = R * o.box.axes;
  }
  for (auto& m : scene.measurements)
    for (auto& p : m.points) p = R * p;
  scene.up = (R * scene.up).normalized();
}

}  // namespace sl::objects
