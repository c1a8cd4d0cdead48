// Upright oriented boxes: fitting to points (min-area footprint rectangle) and 3D IoU.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "scene/Scene.h"

namespace sl::objects {

// Box with height along `up`, yaw from cv::minAreaRect of the footprint, extents from the
// [lo, hi] percentiles of the points along each axis; size[0] (length) >= size[1] (width).
OrientedBox fit_upright_box(const std::vector<Eigen::Vector3f>& xyz,
                            const std::vector<uint32_t>& indices, const Eigen::Vector3d& up,
                            double lo_percentile = 0.01, double hi_percentile = 0.99);
// The same with the footprint's first axis along `axis` (made horizontal) instead of minAreaRect's.
OrientedBox fit_upright_box_along(const std::vector<Eigen::Vector3f>& xyz,
                                  const std::vector<uint32_t>& indices, const Eigen::Vector3d& up,
                                  const Eigen::Vector3d& axis, double lo_percentile = 0.01,
                                  double hi_percentile = 0.99);

// A box standing on a horizontal surface at height `base` (along up) whose bottom stops short of
// it by less than max(min_gap, gap_fraction x its height) is extended down to it: the feet of a
// chair or the legs of a table lost in the surface's band (points on a floor are not part of an
// object) or not reconstructed. Returns true when it was extended.
bool extend_to_support(OrientedBox& box, const Eigen::Vector3d& up, double base, double min_gap,
                       double gap_fraction = 0.35);

// IoU of two boxes whose third axis is (close to) the same up direction: footprint polygon
// intersection area x height overlap, over the union volume.
double upright_box_iou(const OrientedBox& a, const OrientedBox& b, const Eigen::Vector3d& up);

// Footprint (perpendicular to up) intersection area over the smaller footprint's area, and the
// gap between the boxes along up (negative when their height ranges overlap).
double footprint_overlap(const OrientedBox& a, const OrientedBox& b, const Eigen::Vector3d& up,
                         double* vertical_gap = nullptr);

// Orthonormal (e1, e2) spanning the plane perpendicular to up.
void horizontal_basis(const Eigen::Vector3d& up, Eigen::Vector3d& e1, Eigen::Vector3d& e2);

}  // namespace sl::objects
