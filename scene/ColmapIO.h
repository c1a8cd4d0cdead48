// COLMAP sparse models: cameras, images, points3D in text (.txt) or binary (.bin) form.
// Supported camera models: SIMPLE_PINHOLE, PINHOLE, SIMPLE_RADIAL, RADIAL, OPENCV (k1, k2
// kept; others read and ignored with the camera kept). COLMAP stores cam_from_world
// (qvec, tvec); the reader converts to View::world_from_cam.
#pragma once
#include <string>

#include "scene/Scene.h"

namespace sl {

// `dir` holds cameras.{txt,bin}, images.{txt,bin}, points3D.{txt,bin}; text wins when both.
// Views keep image names; image_path = <dir>/../images/<name> when that file exists.
// Each 3D point becomes a cloud point (rgb; source view/pixel from the first track entry).
Scene read_colmap_model(const std::string& dir);
// Registered views only; one camera per view (PINHOLE, or SIMPLE_RADIAL/RADIAL when k1/k2 set).
// Points3D from the cloud: tracks from source_view/source_pixel when present, error = 0.
void write_colmap_text(const Scene& scene, const std::string& dir);
void write_colmap_binary(const Scene& scene, const std::string& dir);
bool is_colmap_model_dir(const std::string& dir);

}  // namespace sl
