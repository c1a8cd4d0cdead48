// Selecting points: region growing from a clicked point, set operations, box and lasso picks.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

#include "inference/objects/CloudIndex.h"
#include "scene/Scene.h"

namespace sl::objects {

struct GrowOptions {
  double radius = 0;            // neighbour radius; 0 = 2.5 x median spacing
  double max_normal_deg = 180;  // with cloud normals: max angle between neighbouring normals
  double max_color_dist = 0;    // > 0: max RGB distance (0..441) from the seed's colour
  // Supporting plane (n . p + d = 0, n unit): points within `plane_distance` are excluded.
  std::optional<Eigen::Vector4d> support_plane;
  std::vector<Eigen::Vector4d> stop_planes;  // more planes treated the same way (walls...)
  double plane_distance = 0;                 // 0 = 2 x radius
  size_t max_points = 0;                     // 0 = unlimited
  // Neighbours closer than this share of the radius to the point that found them are taken
  // but not expanded themselves (their balls are mostly covered): ~4x fewer queries on
  // surfaces. 0 = expand every point (exact flood fill).
  double skip_inner = 0.5;
};

// Points connected to `seed` (flood fill over the KD-tree), sorted ascending.
std::vector<uint32_t> grow_region(const PointCloud& cloud, const CloudIndex& index, uint32_t seed,
                                  const GrowOptions& options = {});

// Set operations on sorted index lists (outputs sorted, unique).
std::vector<uint32_t> selection_union(const std::vector<uint32_t>& a,
                                      const std::vector<uint32_t>& b);
std::vector<uint32_t> selection_difference(const std::vector<uint32_t>& a,
                                           const std::vector<uint32_t>& b);
std::vector<uint32_t> selection_intersection(const std::vector<uint32_t>& a,
                                             const std::vector<uint32_t>& b);

// Points whose projection by `clip_from_world` (OpenGL-style 4x4, NDC in [-1, 1]) falls inside
// the NDC rectangle [x0, x1] x [y0, y1] and in front of the camera (w > 0, |z/w| <= 1).
std::vector<uint32_t> select_box(const PointCloud& cloud, const Eigen::Matrix4f& clip_from_world,
                                 const Eigen::Vector2f& ndc_min, const Eigen::Vector2f& ndc_max);
// Same with a polygon in NDC (even-odd rule).
std::vector<uint32_t> select_lasso(const PointCloud& cloud, const Eigen::Matrix4f& clip_from_world,
                                   const std::vector<Eigen::Vector2f>& polygon_ndc);
bool point_in_polygon(const Eigen::Vector2f& p, const std::vector<Eigen::Vector2f>& polygon);

}  // namespace sl::objects
