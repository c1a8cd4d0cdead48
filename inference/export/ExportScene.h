// One entry point for every file export, shared by `scenelens-cli export` and the GUI's
// File > Export menu (which runs it on a worker thread). Viewport images (screenshot,
// turntable) are rendered by the viewer and live in app/ and ui/, not here.
#pragma once
#include <string>
#include <vector>

#include "inference/Job.h"
#include "scene/Scene.h"

namespace sl {

struct ExportRequest {
  // ply, glb, gltf, colmap-text, colmap-bin, nerfstudio, mesh, depth, scenelens
  std::string format;
  std::string output;                   // file or folder, as the format needs
  std::vector<std::string> objects;     // non-empty: only these objects (and their points)
  std::string mesh_method = "poisson";  // or ball-pivoting
};

struct ExportFormatInfo {
  std::string id;           // as in ExportRequest::format
  std::string description;  // for menus and --help
  bool writes_folder;       // output is a folder (else a file)
  std::string extension;    // suggested file extension, without dot ("" for folders)
};

// The formats export_scene accepts, in menu order.
const std::vector<ExportFormatInfo>& export_formats();

// Keeps only the named objects and their points (indices remapped). IoError naming the scene
// and the known objects when a name is unknown.
Scene scene_with_objects(const Scene& scene, const std::vector<std::string>& names);

// Writes the export; returns a one-line summary ("wrote 1.2M points to out.ply"). Throws
// IoError (unwritable path, unknown format, nothing to export...) and JobCancelled.
std::string export_scene(const Scene& scene, const ExportRequest& request,
                         JobContext* ctx = nullptr);

}  // namespace sl
