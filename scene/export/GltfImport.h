// Reads a glTF 2.0 / GLB file back into a Scene (tinygltf): point primitives become the point
// cloud (COLOR_0 kept), triangle-mesh vertices join it, and line boxes named "object <name>"
// (as write_gltf writes them) become objects. Node transforms are applied. glTF is +Y up in
// metres, so the scene's up is +Y and its scale metric (unless the file says "scene units").
// Camera frustum lines are not turned back into cameras (they carry no intrinsics).
#pragma once
#include <string>

#include "scene/Scene.h"

namespace sl {

// Throws IoError naming the file: unreadable, not glTF, accessor out of its buffer, no points.
Scene read_gltf(const std::string& path);

}  // namespace sl
