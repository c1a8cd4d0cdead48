// Objects in the JSON form of the synthetic ground truth's objects.json:
// { "up": [x,y,z], "unit": "m"|"scene_units", "objects": [ { "name", "label",
//   "center_m": [x,y,z], "size_m": [length, width, height], "yaw_deg": deg } ] }
// size_m[2] (height) is along `up`; yaw_deg is the right-handed rotation about `up` that takes
// the world x axis (projected onto the horizontal plane) to the box's length axis.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scene/Scene.h"

namespace sl {

nlohmann::json objects_to_json(const Scene& scene);
// Builds objects (no point indices) from that JSON; boxes get axes from up + yaw.
std::vector<SceneObject> objects_from_json(const nlohmann::json& j, Eigen::Vector3d* up = nullptr);
// Axis frame of a box with height along `up` and its length axis at yaw_deg from world x.
Eigen::Matrix3d box_axes_from_yaw(const Eigen::Vector3d& up, double yaw_deg);
double yaw_deg_from_axes(const Eigen::Vector3d& up, const Eigen::Matrix3d& axes);

}  // namespace sl
