// scenelens-cli export <scene> --format F -o PATH: the scene for 3D editors and other tools
// (the same inference/export code as the GUI's File > Export). Viewport images: `render`.
#include <iostream>
#include <sstream>

#include "app/cli/Command.h"
#include "inference/export/ExportScene.h"
#include "scene/SceneFile.h"

namespace {

struct Args {
  std::string scene, objects;
  sl::ExportRequest request;
};

int run(const Args& a) {
  sl::Scene scene;
  try {
    scene = sl::load_any(a.scene);
  } catch (const std::exception& e) {
    std::cerr << "export: " << e.what() << "\n";
    return sl::cli::kExitBadInput;
  }
  sl::ExportRequest r = a.request;
  std::stringstream ss(a.objects);
  for (std::string n; std::getline(ss, n, ',');)
    if (!n.empty()) r.objects.push_back(n);
  try {
    std::cout << sl::export_scene(scene, r) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "export: " << e.what() << "\n";
    return sl::cli::kExitFailure;
  }
  return sl::cli::kExitOk;
}

sl::cli::CommandRegistrar reg(
    "export", "Export a scene: ply, glb/gltf, colmap-text, colmap-bin, nerfstudio, mesh, depth",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<Args>();
      std::vector<std::string> ids;
      std::string help = "output format:";
      for (const auto& f : sl::export_formats()) {
        ids.push_back(f.id);
        help += "\n  " + f.id + ": " + f.description;
      }
      sub.add_option("scene", a->scene, "scene, PLY, PCD or COLMAP folder")->required();
      sub.add_option("--format,-f", a->request.format, help)->required()->check(CLI::IsMember(ids));
      sub.add_option("-o,--output", a->request.output,
                     "output file (ply, glb, mesh .ply/.obj/.glb) or folder")
          ->required();
      sub.add_option("--objects", a->objects, "export only these objects (comma-separated names)");
      sub.add_option("--mesh-method", a->request.mesh_method, "poisson or ball-pivoting")
          ->check(CLI::IsMember({"poisson", "ball-pivoting"}));
      return [a] { return run(*a); };
    });

}  // namespace
