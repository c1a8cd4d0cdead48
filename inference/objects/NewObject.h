// Turning a set of cloud points into a named object (the GUI's "Name selection", the CLI's
// `select`, detector labels): a unique name, an upright box, the views that see it.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scene/Scene.h"

namespace sl::objects {

// `wanted` itself when no other object (but `except`) has that name, else "wanted 2", "wanted 3"…
// With `always_number`: "wanted 1", "wanted 2"… (detector labels).
std::string unique_object_name(const Scene& scene, const std::string& wanted, int except = -1,
                               bool always_number = false);

// The floor a new object may stand on: the plane n . p + d = 0 (n towards up) and the band
// (scene units) within which points lie on it (BoundaryPlanes::floor / distance).
struct FloorContact {
  std::optional<Eigen::Vector4d> plane;
  double band = 0;
};

// A new object over `points` (indices into scene.cloud, sorted): id after the largest in use,
// the given name and label, an upright box (scene.up) and the views that see its centre. With a
// floor, a box whose bottom stops just short of it (feet lost in the floor's band: selections
// leave floor points out) reaches down to it (extend_to_support: within 3 bands or 35 % of its
// height).
SceneObject object_from_points(const Scene& scene, std::vector<uint32_t> points,
                               const std::string& name, const std::string& label,
                               const FloorContact& floor = {});

}  // namespace sl::objects
