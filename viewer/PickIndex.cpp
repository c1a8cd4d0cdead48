#include "viewer/PickIndex.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

namespace sl::viewer {

void PickIndex::build(const std::vector<Eigen::Vector3f>& xyz, double target_per_cell,
                      const std::vector<uint8_t>& visible) {
  points_.clear();
  original_.clear();
  offsets_.clear();
  if (xyz.empty()) return;
  Eigen::AlignedBox3f box;
  for (const auto& p : xyz)
    if (p.allFinite()) box.extend(p);
  if (box.isEmpty()) return;
  const Eigen::Vector3f ext = box.sizes().cwiseMax(1e-6f);
  // Cell size so that the grid has about n / target_per_cell cells (at most 4M).
  const double cells = std::clamp(double(xyz.size()) / target_per_cell, 1.0, 4.0e6);
  double cell = std::cbrt(double(ext.prod()) / cells);
  cell = std::max(cell, double(ext.maxCoeff()) / 1024.0);  // flat clouds: bound each axis
  for (;;) {
    const Eigen::Vector3d d = (ext.cast<double>() / cell).array().floor() + 1;
    if (d.prod() <= 4.0e6) break;
    cell *= 1.1;
  }
  cell_ = float(cell);
  origin_ = box.min();
  dims_ = ((ext / cell_).array().floor() + 1).cast<int>();
  const size_t ncells = size_t(dims_.prod());
  std::vector<uint32_t> cell_of(xyz.size(), UINT32_MAX);
  offsets_.assign(ncells + 1, 0);
  for (size_t i = 0; i < xyz.size(); ++i) {
    if (!xyz[i].allFinite() || (i < visible.size() && !visible[i])) continue;
    const Eigen::Vector3i c = ((xyz[i] - origin_) / cell_)
                                  .cast<int>()
                                  .cwiseMax(0)
                                  .cwiseMin(dims_ - Eigen::Vector3i::Ones());
    cell_of[i] = uint32_t(cellIndex(c.x(), c.y(), c.z()));
    ++offsets_[cell_of[i] + 1];
  }
  for (size_t c = 0; c < ncells; ++c) offsets_[c + 1] += offsets_[c];
  points_.resize(offsets_[ncells]);
  original_.resize(offsets_[ncells]);
  std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (size_t i = 0; i < xyz.size(); ++i) {
    if (cell_of[i] == UINT32_MAX) continue;
    const uint32_t slot = fill[cell_of[i]]++;
    points_[slot] = xyz[i];
    original_[slot] = uint32_t(i);
  }
}

std::optional<PickHit> PickIndex::query(const Ray& ray, float tol0, float tol_per_depth) const {
  if (points_.empty()) return std::nullopt;
  const Eigen::Vector3f d = ray.dir.normalized();
  // Clip the ray to the grid box grown by the largest tolerance.
  const Eigen::Vector3f lo = origin_, hi = origin_ + dims_.cast<float>() * cell_;
  float t0 = 0, t1 = std::numeric_limits<float>::max();
  for (int a = 0; a < 3; ++a) {
    if (std::abs(d[a]) < 1e-12f) {
      if (ray.origin[a] < lo[a] || ray.origin[a] > hi[a]) t1 = -1;
      continue;
    }
    float ta = (lo[a] - ray.origin[a]) / d[a], tb = (hi[a] - ray.origin[a]) / d[a];
    if (ta > tb) std::swap(ta, tb);
    t0 = std::max(t0, ta);
    t1 = std::min(t1, tb);
  }
  if (t0 > t1) return std::nullopt;

  std::optional<PickHit> best;
  float stop_depth = std::numeric_limits<float>::max();
  std::unordered_set<int64_t> visited;
  const float step = cell_ * 0.5f;
  for (float t = t0; t <= t1 + step && t <= stop_depth; t += step) {
    const Eigen::Vector3f p = ray.origin + d * t;
    const float tol = tol0 + tol_per_depth * t;
    const int reach = int(std::ceil(tol / cell_));
    const Eigen::Vector3i c = ((p - origin_) / cell_).array().floor().cast<int>();
    for (int z = c.z() - reach; z <= c.z() + reach; ++z) {
      if (z < 0 || z >= dims_.z()) continue;
      for (int y = c.y() - reach; y <= c.y() + reach; ++y) {
        if (y < 0 || y >= dims_.y()) continue;
        for (int x = c.x() - reach; x <= c.x() + reach; ++x) {
          if (x < 0 || x >= dims_.x()) continue;
          const int64_t ci = cellIndex(x, y, z);
          if (offsets_[ci] == offsets_[ci + 1] || !visited.insert(ci).second) continue;
          for (uint32_t k = offsets_[ci]; k < offsets_[ci + 1]; ++k) {
            const Eigen::Vector3f v = points_[k] - ray.origin;
            const float depth = v.dot(d);
            if (depth <= 0) continue;
            const float dist = (v - d * depth).norm();
            if (dist > tol0 + tol_per_depth * depth) continue;
            // Nearest to the ray among the points near the first hit's depth.
            if (!best || depth < best->depth - 2 * cell_ ||
                (depth < best->depth + 2 * cell_ && dist < best->distance_to_ray)) {
              best = PickHit{original_[k], dist, depth};
              stop_depth = std::min(stop_depth, depth + 2 * cell_);
            }
          }
        }
      }
    }
  }
  return best;
}

}  // namespace sl::viewer
