// Selecting points: region growing from a clicked point, set operations, box and lasso picks.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

#include "inference/objects/CloudIndex.h"
#include "inference/objects/RegionGraph.h"
#include "scene/Scene.h"

namespace sl::objects {

struct GrowOptions {
  // Per scene (RegionGraph):
  double radius = 0;  // neighbour radius; 0 = 3.5 x median spacing
  // Supporting plane (n . p + d = 0, n unit): points on it are excluded.
  std::optional<Eigen::Vector4d> support_plane;
  std::vector<Eigen::Vector4d> stop_planes;  // more planes treated the same way (walls...)
  // A point lies on a plane when this close; 0 = 3 sigma of the plane's own points' spread,
  // between radius / 2 and radius.
  double plane_distance = 0;
  // With cloud normals, also only when its normal is within this angle of the plane's (so an
  // object's vertical side next to a wall or foot next to the floor stays with the object).
  double plane_normal_deg = 30;
  double cell_factor = 1.5;  // grid cell edge / radius (>= 1): larger = coarser, faster
  // Per click:
  double max_normal_deg = 180;  // with cloud normals: max angle between neighbouring nodes
  double max_color_dist = 0;    // > 0: max RGB distance (0..441) from the seed's colour
  size_t max_points = 0;        // 0 = unlimited (stops once the region holds about this many)
};

// Points connected to `seed`, sorted ascending. Builds the scene's RegionGraph first: callers
// that click more than once keep a graph (build_region_graph) and use its grow_region.
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
