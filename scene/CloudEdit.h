// Edits of a scene's cloud that keep the objects pointing at the right points.
#pragma once
#include <cstdint>
#include <vector>

#include "scene/Scene.h"

namespace sl {

// Keeps only the cloud points listed in `keep` (ascending indices into scene.cloud); each object
// keeps those of its points that remain, renumbered (boxes, views and measurements unchanged).
void keep_cloud_points(Scene& scene, const std::vector<uint32_t>& keep);

}  // namespace sl
