// Per-scene data for click-to-region selection, so that a click costs time in proportion to the
// region it selects and not to the cloud. Built once per scene (and again when its geometry
// changes): the stop planes are refitted to their own points; each point is labelled free or on
// one of them (near the plane *and*, with normals, facing along it, so an object's side next to
// a wall stays free while the floor around its feet does not; a free point near a plane joins
// it when most of its cell's points near the plane lie on it, against noisy normals); points
// are bucketed in a grid of cells of about the growing radius, each cell's points of one label
// form a node (mean normal, mean colour), and nodes of one label whose bounding boxes come
// within the radius are linked. A click floods this node graph.
#pragma once
#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <vector>

#include "inference/objects/CloudIndex.h"
#include "scene/Scene.h"

namespace sl::objects {

struct GrowOptions;

struct RegionGraph {
  size_t cloud_size = 0;
  float radius = 0;     // connectivity: nodes whose boxes come this close are linked
  float cell = 0;       // grid cell edge (>= radius)
  float cos_plane = 0;  // with normals: min |cos| between a point's and a plane's normal
  bool use_normals = false;
  Eigen::Vector3f origin = Eigen::Vector3f::Zero();  // the grid's corner (cloud minimum)
  std::vector<Eigen::Vector4f> planes;               // support plane first, then stop planes
  // Per plane: +1 / -1 when the cloud's normals on it face one way (along +n / -n), so a face
  // pointing the other way (an object's back against a wall) is not on it; 0 = either way.
  std::vector<int8_t> plane_facing;
  std::vector<float> plane_tol;  // per plane: points this close (and facing along it) lie on it

  // Nodes, sorted by key = (cell x, y, z: 20 bits each) << 4 | label (0 free, 1 + plane).
  std::vector<uint64_t> node_key;
  std::vector<uint32_t> node_first;  // node k's points: order[node_first[k] .. node_first[k+1])
  std::vector<uint32_t> order;       // point indices grouped by node, ascending within a node
  using Normal8 = Eigen::Matrix<int8_t, 3, 1>;
  std::vector<Normal8> node_normal;              // mean unit normal x 127; empty without normals
  std::vector<std::array<uint8_t, 3>> node_rgb;  // mean colour; empty without colours
  std::vector<uint32_t> link_first;  // node k's neighbours: links[link_first[k] .. [k+1])
  std::vector<uint32_t> links;

  size_t nodes() const { return node_key.size(); }
  // 0 = free, else 1 + the index in `planes` of the plane the point lies on.
  uint8_t label_of(const PointCloud& cloud, uint32_t i) const;
  // The same by distance alone (normals only looked at to keep faces turned away off it).
  uint8_t near_plane(const PointCloud& cloud, uint32_t i) const;
  uint64_t cell_key(const Eigen::Vector3f& p) const;
  // The node with this key, or -1.
  int64_t find_node(uint64_t key) const;
  // The node holding point i, or -1.
  int64_t node_of(const PointCloud& cloud, uint32_t i) const;
};

// Builds the graph for `cloud` (which `index` indexes) with the per-scene parts of `options`:
// radius, support_plane, stop_planes, plane_distance, plane_normal_deg, cell_factor.
RegionGraph build_region_graph(const PointCloud& cloud, const CloudIndex& index,
                               const GrowOptions& options);

// The region grown from `seed` over the graph with the per-click parts of `options`
// (max_normal_deg, max_color_dist, max_points); sorted ascending. `cloud` is the graph's cloud.
std::vector<uint32_t> grow_region(const RegionGraph& graph, const PointCloud& cloud, uint32_t seed,
                                  const GrowOptions& options);

}  // namespace sl::objects
