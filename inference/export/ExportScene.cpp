#include "inference/export/ExportScene.h"

#include <filesystem>
#include <set>

#include "inference/mesh/SurfaceMesh.h"
#include "scene/ColmapIO.h"
#include "scene/PlyIO.h"
#include "scene/SceneFile.h"
#include "scene/export/FolderExport.h"
#include "scene/export/GltfExport.h"

namespace fs = std::filesystem;

namespace sl {

const std::vector<ExportFormatInfo>& export_formats() {
  static const std::vector<ExportFormatInfo> formats = {
      {"ply", "Point cloud (PLY, binary, colour/normals/confidence)", false, "ply"},
      {"glb", "glTF 2.0 binary (points, cameras, object boxes; metres, +Y up)", false, "glb"},
      {"gltf", "glTF 2.0 (JSON + embedded buffer)", false, "gltf"},
      {"colmap-text", "COLMAP model, text, with the photos", true, ""},
      {"colmap-bin", "COLMAP model, binary, with the photos", true, ""},
      {"nerfstudio", "Nerfstudio transforms.json with the photos", true, ""},
      {"mesh", "Surface mesh (Poisson or ball pivoting; .ply, .obj or .glb)", false, "ply"},
      {"depth", "Depth maps as 16-bit PNG with a scale file", true, ""},
      {"scenelens", "SceneLens project", false, "scenelens"},
  };
  return formats;
}

Scene scene_with_objects(const Scene& in, const std::vector<std::string>& names_in) {
  std::set<std::string> names(names_in.begin(), names_in.end());
  Scene out = in;
  out.objects.clear();
  std::vector<uint32_t> keep;
  for (const auto& o : in.objects) {
    if (!names.erase(o.name)) continue;
    SceneObject copy = o;
    copy.point_indices.clear();
    for (uint32_t i : o.point_indices) {
      copy.point_indices.push_back(uint32_t(keep.size()));
      keep.push_back(i);
    }
    out.objects.push_back(copy);
  }
  if (!names.empty()) {
    std::string known;
    for (const auto& o : in.objects) known += (known.empty() ? "" : ", ") + o.name;
    throw IoError("no object named '" + *names.begin() + "' in " +
                  (in.source.empty() ? std::string("the scene") : in.source) +
                  " (objects: " + (known.empty() ? "none" : known) + ")");
  }
  out.cloud = in.cloud.subset(keep);
  return out;
}

std::string export_scene(const Scene& scene_in, const ExportRequest& r, JobContext* ctx) {
  const auto stage = [&](const std::string& what, double f) {
    if (!ctx) return;
    ctx->check_stop();
    ctx->progress({"export", f, -1, what});
  };
  if (r.output.empty()) throw IoError("export: no output path given");
  const Scene scene = r.objects.empty() ? scene_in : scene_with_objects(scene_in, r.objects);
  const std::string& f = r.format;
  const std::string& out = r.output;
  stage("exporting " + f + " to " + out, 0.05);
  std::string summary;
  if (f == "ply") {
    if (scene.cloud.empty()) throw IoError(out + ": the scene has no points to export");
    write_ply(out, scene.cloud, true);
    summary = std::to_string(scene.cloud.size()) + " points";
  } else if (f == "glb" || f == "gltf") {
    write_gltf(scene, out);
    summary = std::to_string(scene.cloud.size()) + " points, " +
              std::to_string(scene.registered_views()) + " cameras, " +
              std::to_string(scene.objects.size()) + " object boxes";
  } else if (f == "colmap-text" || f == "colmap-bin") {
    std::error_code ec;
    fs::create_directories(fs::path(out) / "sparse", ec);
    if (ec)
      throw IoError(out + ": cannot create the folder (" + ec.message() +
                    "); choose a writable place");
    const std::string sparse = (fs::path(out) / "sparse").string();
    f == "colmap-text" ? write_colmap_text(scene, sparse) : write_colmap_binary(scene, sparse);
    stage("copying photos", 0.5);
    const int n = copy_photos(scene, out);
    summary = std::to_string(scene.registered_views()) + " cameras, " +
              std::to_string(scene.cloud.size()) + " points, " + std::to_string(n) +
              " photos in images/";
  } else if (f == "nerfstudio") {
    write_nerfstudio(scene, out);
    summary = std::to_string(scene.registered_views()) + " frames";
  } else if (f == "mesh") {
    MeshOptions opt;
    if (r.mesh_method == "ball-pivoting")
      opt.method = MeshOptions::Method::BallPivoting;
    else if (r.mesh_method != "poisson")
      throw IoError("unknown mesh method '" + r.mesh_method + "' (poisson or ball-pivoting)");
    stage("meshing " + std::to_string(scene.cloud.size()) + " points", 0.1);
    const auto mesh = mesh_from_cloud(scene.cloud, opt);
    stage("writing the mesh", 0.9);
    write_mesh(scene, mesh, out);
    summary = std::to_string(mesh.vertices.size()) + " vertices, " +
              std::to_string(mesh.triangles.size()) + " triangles";
  } else if (f == "depth") {
    summary = std::to_string(write_depth_pngs(scene, out)) + " depth maps";
  } else if (f == "scenelens") {
    SaveOptions opt;
    if (ctx) opt.progress = [&](double x) { stage("saving", 0.05 + 0.9 * x); };
    save_scene(scene, out, opt);
    summary = "project";
  } else {
    std::string known;
    for (const auto& info : export_formats()) known += (known.empty() ? "" : ", ") + info.id;
    throw IoError("unknown export format '" + f + "' (known: " + known + ")");
  }
  stage("done", 1.0);
  return "wrote " + summary + " to " + out;
}

}  // namespace sl
