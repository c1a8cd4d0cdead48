// The .scenelens scene file (format documented in docs/scenelens-format.md):
// one file = magic "SCENELENS\n" + little-endian uint32 format version + uint64 JSON size +
// UTF-8 JSON header + binary blobs referenced from the JSON by offset/size/dtype/shape.
#pragma once
#include <functional>
#include <string>

#include "scene/Scene.h"

namespace sl {

constexpr int kSceneFileVersion = 1;

// Throws IoError (file, what is wrong: not a scene file, newer version, truncated...).
Scene load_scene(const std::string& path);
struct SaveOptions {
  // Fraction done in [0, 1] (packing the data, then writing it); called on the saving thread.
  std::function<void(double)> progress;
};

// Atomic: writes <path>.tmp-XXXX in the same folder, fsyncs, renames over <path>.
// Image paths are stored relative to the scene file's folder when they lie under it. With
// scene.embed_photos the photo files' bytes are stored too; a photo that cannot be read then
// is an IoError naming it (nothing is written).
void save_scene(const Scene& scene, const std::string& path, const SaveOptions& options = {});

// Where embedded photos are unpacked when a scene is loaded and the original file is gone:
// $SCENELENS_CACHE_DIR, else $XDG_CACHE_HOME/scenelens, else ~/.cache/scenelens (+ /photos).
std::string embedded_photo_cache_dir();

// Opens whatever the user dropped: .scenelens, .ply, .pcd, .glb/.gltf, or a COLMAP model folder
// (the folder itself, or one containing sparse/ or sparse/0/). Throws IoError otherwise.
Scene load_any(const std::string& path);
// True when load_any accepts the path (by extension or folder layout), without reading it.
bool is_scene_like(const std::string& path);

}  // namespace sl
