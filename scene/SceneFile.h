// The .scenelens scene file (format documented in docs/scenelens-format.md):
// one file = magic "SCENELENS\n" + little-endian uint32 format version + uint64 JSON size +
// UTF-8 JSON header + binary blobs referenced from the JSON by offset/size/dtype/shape.
#pragma once
#include <string>

#include "scene/Scene.h"

namespace sl {

constexpr int kSceneFileVersion = 1;

// Throws IoError (file, what is wrong: not a scene file, newer version, truncated...).
Scene load_scene(const std::string& path);
// Atomic: writes <path>.tmp-XXXX in the same folder, fsyncs, renames over <path>.
// Image paths are stored relative to the scene file's folder when they lie under it.
void save_scene(const Scene& scene, const std::string& path);

// Opens whatever the user dropped: .scenelens, .ply, .pcd, or a COLMAP model folder
// (the folder itself, or one containing sparse/ or sparse/0/). Throws IoError otherwise.
Scene load_any(const std::string& path);
// True when load_any accepts the path (by extension or folder layout), without reading it.
bool is_scene_like(const std::string& path);

}  // namespace sl
