// Geometry used by the spatial reasoner: box extents along `up`, exact box-to-box distance,
// support relations, closest points between object point sets, room extents of a cloud.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "scene/Scene.h"

namespace sl::spatial {

struct BoxDims {
  double length = 0, width = 0, height = 0;  // length >= width (horizontal), height along up
  double depth() const { return width; }
};

BoxDims box_dims(const OrientedBox& b, const Eigen::Vector3d& up);
double box_bottom(const OrientedBox& b, const Eigen::Vector3d& up);  // lowest point along up
double box_top(const OrientedBox& b, const Eigen::Vector3d& up);
// Exact Euclidean distance between two solid oriented boxes (0 when they intersect).
double box_distance(const OrientedBox& a, const OrientedBox& b);
double point_box_distance(const Eigen::Vector3d& p, const OrientedBox& b);
// Horizontal distance from a point to the box's footprint (0 inside).
double footprint_distance(const Eigen::Vector3d& p, const OrientedBox& b,
                          const Eigen::Vector3d& up);

// Height (along up) of the surface of `b`'s points that `a` would rest on: the highest of b's
// points (not a's) with two more within tol below it, among those inside a's footprint grown by
// half its length (b's surface right under a is hidden by a), above b's own base and no higher
// than a's bottom + tol. NaN when fewer than 5 such points (b's points do not reach under a).
// Unlike b's box top, this is the table top under a cup even when b's box also took in what
// stands on it.
double support_level(const PointCloud& cloud, const SceneObject& a, const SceneObject& b,
                     const Eigen::Vector3d& up, double tol);

// Minimum distance between two point sets (KD-tree on the larger); also returns the pair.
double min_point_distance(const PointCloud& cloud, const std::vector<uint32_t>& a,
                          const std::vector<uint32_t>& b, Eigen::Vector3d* pa, Eigen::Vector3d* pb);

// An object seen through one view: its samples (object points, else points along its box's
// edges) projected with the view's intrinsics (pixels of Intrinsics::width x height).
struct PhotoProjection {
  std::vector<Eigen::Vector2d> outline;  // convex hull clipped to the frame; empty: not visible
  size_t samples = 0;
  size_t behind = 0;    // behind the camera
  size_t in_frame = 0;  // in front and inside the frame
  size_t occluded = 0;  // of in_frame: farther than the view's depth map says (when it has one)
  Eigen::Vector2d mean_offset = Eigen::Vector2d::Zero();  // mean pixel of the samples in front
  double in_frame_fraction() const { return samples ? double(in_frame) / double(samples) : 0; }
  bool visible() const { return in_frame > 0 && occluded * 5 < in_frame * 4; }
};
PhotoProjection project_object(const Scene& scene, const SceneObject& object, const View& view);
// Convex hull (Andrew's monotone chain), without repeated end point.
std::vector<Eigen::Vector2d> convex_hull(std::vector<Eigen::Vector2d> pts);
// Sutherland-Hodgman clip of a convex polygon to the rectangle [lo, hi].
std::vector<Eigen::Vector2d> clip_to_rect(const std::vector<Eigen::Vector2d>& poly,
                                          const Eigen::Vector2d& lo, const Eigen::Vector2d& hi);

struct RoomExtent {
  double length = 0, width = 0, height = 0;  // along the floor axes (length >= width) and up
  Eigen::Vector3d length_axis = Eigen::Vector3d::UnitX();
  Eigen::Vector3d width_axis = Eigen::Vector3d::UnitY();
  std::vector<Eigen::Vector3d> corners;  // 8 corners of the room box, for drawing
  size_t points_used = 0;
  // A ceiling: many points (>= 5 %) in the top 3 % of the height, as a horizontal surface gives.
  // Without one the height is only that of what the photos saw, or of the highest camera when
  // that is higher (the photos were taken inside the room): a lower bound.
  bool ceiling_seen = false;
  bool height_from_camera = false;  // the lower bound is the highest camera's height
};
// Robust (0.5 / 99.5 percentile) extent of a cloud: up, and the horizontal rectangle of
// smallest area over yaw angles (the floor axes). `camera_centres`: where the photos were taken.
RoomExtent room_extent(const PointCloud& cloud, const Eigen::Vector3d& up,
                       const std::vector<Eigen::Vector3d>& camera_centres = {});

}  // namespace sl::spatial
