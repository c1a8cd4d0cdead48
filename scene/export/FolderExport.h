// Exports that write folders of files for other tools: Nerfstudio transforms.json, the photos
// beside a COLMAP model, and depth maps as 16-bit PNG with a scale file.
#pragma once
#include <string>

#include "scene/Scene.h"

namespace sl {

// Copies each registered view's photo to DIR/images/<name>; returns how many were copied.
// Views whose photo cannot be found are listed in the IoError (nothing is half-written).
int copy_photos(const Scene& scene, const std::string& dir);

// DIR/transforms.json (Nerfstudio / instant-ngp): per frame file_path "images/<name>",
// transform_matrix = world_from_cam with OpenGL camera axes (x right, y up, z back), and the
// intrinsics (shared keys when all views share them, else per frame). Copies the photos.
void write_nerfstudio(const Scene& scene, const std::string& dir);

// DIR/depth/<name>.png: uint16 = round(depth / depth_scale), 0 = unknown; DIR/depth/scale.txt
// says "depth = value * <depth_scale> <unit>". Returns the number of maps written.
int write_depth_pngs(const Scene& scene, const std::string& dir);

}  // namespace sl
