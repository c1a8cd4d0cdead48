// Turning a set of cloud points into a named object (the GUI's "Name selection", the CLI's
// `select`, detector labels): a unique name, an upright box, the views that see it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "scene/Scene.h"

namespace sl::objects {

// `wanted` itself when no other object (but `except`) has that name, else "wanted 2", "wanted 3"…
// With `always_number`: "wanted 1", "wanted 2"… (detector labels).
std::string unique_object_name(const Scene& scene, const std::string& wanted, int except = -1,
                               bool always_number = false);

// A new object over `points` (indices into scene.cloud, sorted): id after the largest in use,
// the given name and label, an upright box (scene.up) and the views that see its centre.
SceneObject object_from_points(const Scene& scene, std::vector<uint32_t> points,
                               const std::string& name, const std::string& label);

}  // namespace sl::objects
