// Metric scale and measurements (distance, height above the floor, angle, area, dimensions).
// Values are in scene units (degrees for angles, units^2 for areas); Scene::to_meters converts.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "inference/objects/Frame.h"
#include "scene/Scene.h"

namespace sl::objects {

// meters_per_unit = meters / |p1 - p2|. Throws std::invalid_argument on degenerate input.
void set_scale_from_distance(Scene& scene, const Eigen::Vector3d& p1, const Eigen::Vector3d& p2,
                             double meters);
// From a known object dimension: axis 0 length, 1 width, 2 height of its box.
void set_scale_from_object(Scene& scene, const SceneObject& object, int axis, double meters);

Measurement measure_distance(const Eigen::Vector3d& a, const Eigen::Vector3d& b);
// Height of p above the floor plane (signed distance along its up-oriented normal).
Measurement measure_height(const Eigen::Vector3d& p, const Plane& floor);
// Angle at `vertex` between the rays to a and b, in degrees.
Measurement measure_angle(const Eigen::Vector3d& a, const Eigen::Vector3d& vertex,
                          const Eigen::Vector3d& b);
// Area of a planar region: points projected on their best-fit plane, convex hull area.
Measurement measure_area(const PointCloud& cloud, const std::vector<uint32_t>& indices);
// Length, width, height of an object's box (value = length; points = the box centre and the
// three sizes packed as a point).
Measurement measure_dimensions(const SceneObject& object);

// "1.234 m" or "1.234 scene units" (and "deg" for angles, "m^2" for areas).
std::string format_measurement(const Scene& scene, const Measurement& m);

}  // namespace sl::objects
