// Which views to match against, and over which depths: from the sparse points a view sees.
#include <algorithm>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "inference/dense/DenseInternal.h"

namespace sl::dense {
namespace {

bool in_image(const Intrinsics& K, const Eigen::Vector2d& uv) {
  return uv.x() >= 0 && uv.y() >= 0 && uv.x() <= K.width - 1 && uv.y() <= K.height - 1;
}

// A camera-frame point the photo shows (Intrinsics::project keeps points beside the camera out
// of the photo even where the lens polynomial folds back).
bool sees(const Intrinsics& K, const Eigen::Vector3d& pc) {
  return pc.z() > 1e-9 && in_image(K, K.project(pc));
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1)));
  std::nth_element(v.begin(), v.begin() + long(i), v.end());
  return v[i];
}

}  // namespace

std::vector<Eigen::Vector3d> visible_points(const Scene& scene, int view, size_t max_points) {
  const View& v = scene.views[size_t(view)];
  const Eigen::Isometry3d cam_from_world = v.cam_from_world();
  const size_t n = scene.cloud.size();
  const size_t step = std::max<size_t>(1, n / std::max<size_t>(1, max_points * 4));
  std::vector<Eigen::Vector3d> seen;
  for (size_t i = 0; i < n && seen.size() < max_points; i += step) {
    const Eigen::Vector3d p = scene.cloud.xyz[i].cast<double>();
    const Eigen::Vector3d pc = cam_from_world * p;
    if (!sees(v.intrinsics, pc)) continue;
    seen.push_back(p);
  }
  return seen;
}

std::pair<double, double> depth_range(const Scene& scene, int view,
                                      const std::vector<Eigen::Vector3d>& seen) {
  const View& v = scene.views[size_t(view)];
  const Eigen::Isometry3d cam_from_world = v.cam_from_world();
  std::vector<double> z;
  z.reserve(seen.size());
  for (const auto& p : seen) z.push_back((cam_from_world * p).z());
  if (z.size() >= 10) {
    const double lo = percentile(z, 0.01), hi = percentile(z, 0.99);
    return {std::max(1e-6, lo * 0.75), hi * 1.3};
  }
  // Fallback: a range from the camera layout (median distance between camera centres).
  std::vector<double> dist;
  for (size_t j = 0; j < scene.views.size(); ++j) {
    if (int(j) == view || !scene.views[j].registered) continue;
    dist.push_back((scene.views[j].center() - v.center()).norm());
  }
  const double base = dist.empty() ? 1.0 : std::max(1e-6, percentile(dist, 0.5));
  return {base * 0.2, base * 20.0};
}

std::vector<int> select_neighbors(const Scene& scene, int view,
                                  const std::vector<Eigen::Vector3d>& seen, double near, double far,
                                  int count) {
  const View& ref = scene.views[size_t(view)];
  std::vector<Eigen::Vector3d> probes = seen;
  if (probes.size() < 10) {
    // No sparse points: probe a grid of reference pixels at the middle of the depth range.
    const double mid = 2.0 / (1.0 / near + 1.0 / far);
    const Intrinsics& K = ref.intrinsics;
    for (int gy = 1; gy < 8; ++gy)
      for (int gx = 1; gx < 8; ++gx) {
        const Eigen::Vector3d ray = K.unproject({K.width * gx / 8.0, K.height * gy / 8.0});
        probes.push_back(ref.world_from_cam * (ray * mid));
      }
  }
  std::vector<std::pair<double, int>> scored;
  for (size_t j = 0; j < scene.views.size(); ++j) {
    const View& other = scene.views[j];
    if (int(j) == view || !other.registered || !other.intrinsics.valid()) continue;
    if ((other.center() - ref.center()).norm() < 1e-9) continue;
    const Eigen::Isometry3d cam_from_world = other.cam_from_world();
    double score = 0;
    for (const auto& p : probes) {
      const Eigen::Vector3d pc = cam_from_world * p;
      if (!sees(other.intrinsics, pc)) continue;
      const Eigen::Vector3d a = (ref.center() - p).normalized(),
                            b = (other.center() - p).normalized();
      const double angle_deg = std::acos(std::clamp(a.dot(b), -1.0, 1.0)) * 180.0 / M_PI;
      // Triangulation-angle weight: rises to 1 at 10 degrees, falls slowly beyond 30.
      double w = angle_deg < 10 ? std::pow(angle_deg / 10.0, 2) : 1.0;
      if (angle_deg > 30) w = std::exp(-std::pow((angle_deg - 30) / 25.0, 2));
      score += w;
    }
    if (score > 0.05 * double(probes.size())) scored.push_back({score, int(j)});
  }
  std::sort(scored.begin(), scored.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<int> out;
  for (size_t i = 0; i < scored.size() && int(out.size()) < count; ++i)
    out.push_back(scored[i].second);
  return out;
}

Eigen::Vector3d up_from_cameras(const Scene& scene) {
  Eigen::Matrix3d xx = Eigen::Matrix3d::Zero();
  Eigen::Vector3d mean_x = Eigen::Vector3d::Zero(), mean_up = Eigen::Vector3d::Zero();
  for (const View& v : scene.views) {
    if (!v.registered) continue;
    const Eigen::Vector3d x = v.world_from_cam.linear().col(0);
    xx += x * x.transpose();
    mean_x += x;
    mean_up -= v.world_from_cam.linear().col(1);
  }
  if (mean_up.norm() < 1e-9) return Eigen::Vector3d::Zero();
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(xx);
  const Eigen::Vector3d lambda = eig.eigenvalues();  // ascending
  Eigen::Vector3d up;
  if (lambda(1) > 0.05 * lambda.sum()) {
    up = eig.eigenvectors().col(0);  // the x axes span a plane: up is its normal
  } else {
    // One viewing direction: the mean -y axis, made perpendicular to the x axes.
    const Eigen::Vector3d x = mean_x.normalized();
    up = mean_up - mean_up.dot(x) * x;
  }
  if (up.norm() < 1e-9) return Eigen::Vector3d::Zero();
  up.normalize();
  return up.dot(mean_up) < 0 ? Eigen::Vector3d(-up) : up;
}

GroundPlanes ground_planes(const Scene& scene, int view, const std::vector<Eigen::Vector3d>& seen,
                           const Eigen::Vector3d& up_world) {
  GroundPlanes g;
  const Eigen::Vector3d c = scene.views[size_t(view)].center();
  std::vector<double> drops;
  for (const auto& p : seen) {
    const double drop = (c - p).dot(up_world);
    if (drop > 0) drops.push_back(drop);
  }
  if (drops.size() < 20) return g;
  g.max_drop_m = percentile(drops, 0.99) * 1.15;
  // Planes just below the camera are seen edge-on: they start at a tenth of the deepest.
  g.min_drop_m = std::max(percentile(drops, 0.02) * 0.8, 0.1 * g.max_drop_m);
  g.up_world = up_world;
  return g;
}

}  // namespace sl::dense
