// scenelens-cli export <scene> --format F -o PATH: the scene for 3D editors and other tools.
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>

#include "app/cli/Command.h"
#include "inference/mesh/SurfaceMesh.h"
#include "scene/ColmapIO.h"
#include "scene/PlyIO.h"
#include "scene/SceneFile.h"
#include "scene/export/FolderExport.h"
#include "scene/export/GltfExport.h"

namespace {

struct Args {
  std::string scene, format, out, objects, mesh_method = "poisson";
};

// Keeps only the named objects and their points (indices remapped).
sl::Scene only_objects(const sl::Scene& in, const std::string& csv) {
  std::set<std::string> names;
  std::stringstream ss(csv);
  for (std::string n; std::getline(ss, n, ',');) names.insert(n);
  sl::Scene out = in;
  out.objects.clear();
  std::vector<uint32_t> keep;
  for (const auto& o : in.objects) {
    if (!names.erase(o.name)) continue;
    sl::SceneObject copy = o;
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
    throw sl::IoError("no object named '" + *names.begin() + "' in " + in.source +
                      " (objects: " + (known.empty() ? "none" : known) + ")");
  }
  out.cloud = in.cloud.subset(keep);
  return out;
}

int run(const Args& a) {
  sl::Scene scene = sl::load_any(a.scene);
  if (!a.objects.empty()) scene = only_objects(scene, a.objects);
  const auto& f = a.format;
  if (f == "ply") {
    sl::write_ply(a.out, scene.cloud, true);
  } else if (f == "glb" || f == "gltf") {
    sl::write_gltf(scene, a.out);
  } else if (f == "colmap-text" || f == "colmap-bin") {
    std::filesystem::create_directories(std::filesystem::path(a.out) / "sparse");
    const std::string sparse = (std::filesystem::path(a.out) / "sparse").string();
    f == "colmap-text" ? sl::write_colmap_text(scene, sparse)
                       : sl::write_colmap_binary(scene, sparse);
    const int n = sl::copy_photos(scene, a.out);
    std::cout << "copied " << n << " photos to " << a.out << "/images\n";
  } else if (f == "nerfstudio") {
    sl::write_nerfstudio(scene, a.out);
  } else if (f == "mesh") {
    sl::MeshOptions opt;
    if (a.mesh_method == "ball-pivoting") opt.method = sl::MeshOptions::Method::BallPivoting;
    const auto mesh = sl::mesh_from_cloud(scene.cloud, opt);
    sl::write_mesh(scene, mesh, a.out);
    std::cout << mesh.vertices.size() << " vertices, " << mesh.triangles.size() << " triangles\n";
  } else if (f == "depth") {
    const int n = sl::write_depth_pngs(scene, a.out);
    std::cout << n << " depth maps\n";
  } else if (f == "scenelens") {
    sl::save_scene(scene, a.out);
  } else {
    throw sl::IoError("unknown export format '" + f + "'");
  }
  std::cout << "wrote " << a.out << "\n";
  return sl::cli::kExitOk;
}

sl::cli::CommandRegistrar reg(
    "export", "Export a scene: ply, glb/gltf, colmap-text, colmap-bin, nerfstudio, mesh, depth",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<Args>();
      sub.add_option("scene", a->scene, "scene, PLY, PCD or COLMAP folder")->required();
      sub.add_option("--format,-f", a->format, "output format")
          ->required()
          ->check(CLI::IsMember({"ply", "glb", "gltf", "colmap-text", "colmap-bin", "nerfstudio",
                                 "mesh", "depth", "scenelens"}));
      sub.add_option("-o,--output", a->out, "output file (ply, glb, mesh .ply/.obj/.glb) or folder")
          ->required();
      sub.add_option("--objects", a->objects, "export only these objects (comma-separated names)");
      sub.add_option("--mesh-method", a->mesh_method, "poisson or ball-pivoting")
          ->check(CLI::IsMember({"poisson", "ball-pivoting"}));
      return [a] { return run(*a); };
    });

}  // namespace
