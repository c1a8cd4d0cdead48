// Spatial index for picking: a uniform voxel grid over the cloud (points sorted by cell, one
// offset per cell), built once per scene. A query marches the ray cell by cell (3D DDA) and looks
// at the points of the cells near the ray, within a tolerance that grows with distance (a cone of
// a few pixels); it stops shortly after the first hit, so a click costs a few thousand point
// tests, not a scan of the cloud.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <cstdint>
#include <optional>
#include <vector>

#include "viewer/OrbitCamera.h"

namespace sl::viewer {

struct PickHit {
  uint32_t index = 0;
  float distance_to_ray = 0;
  float depth = 0;  // along the ray
};

class PickIndex {
 public:
  // `target_per_cell`: mean points per occupied cell aimed at. `visible` (empty: all) leaves
  // out the points whose entry is 0: they are never picked.
  void build(const std::vector<Eigen::Vector3f>& xyz, double target_per_cell = 16,
             const std::vector<uint8_t>& visible = {});
  bool empty() const { return points_.empty(); }
  // tolerance(t) = tol0 + tol_per_depth * t (scene units at depth t along the ray).
  std::optional<PickHit> query(const Ray& ray, float tol0, float tol_per_depth) const;
  float cellSize() const { return cell_; }

 private:
  int64_t cellIndex(int x, int y, int z) const {
    return (int64_t(z) * dims_.y() + y) * dims_.x() + x;
  }
  std::vector<Eigen::Vector3f> points_;  // sorted by cell
  std::vector<uint32_t> original_;       // index into the scene cloud
  std::vector<uint32_t> offsets_;        // dims.prod() + 1
  Eigen::Vector3f origin_ = Eigen::Vector3f::Zero();
  Eigen::Vector3i dims_ = Eigen::Vector3i::Zero();
  float cell_ = 1;
};

}  // namespace sl::viewer
