// scenelens-cli convert <in> -o <out>: between .scenelens, .ply, .pcd and COLMAP models.
#include <filesystem>
#include <iostream>

#include "app/cli/Command.h"
#include "scene/ColmapIO.h"
#include "scene/PcdIO.h"
#include "scene/PlyIO.h"
#include "scene/SceneFile.h"

namespace {

struct Args {
  std::string in, out, format;
  bool ascii = false;
};

int run(const Args& a) {
  const sl::Scene scene = sl::load_any(a.in);
  std::string ext = std::filesystem::path(a.out).extension().string();
  const std::string f = !a.format.empty() ? a.format : ext.empty() ? "" : ext.substr(1);
  if (f == "ply") {
    sl::write_ply(a.out, scene.cloud, !a.ascii);
  } else if (f == "pcd") {
    sl::write_pcd(a.out, scene.cloud, !a.ascii);
  } else if (f == "scenelens") {
    sl::save_scene(scene, a.out);
  } else if (f == "colmap-text") {
    sl::write_colmap_text(scene, a.out);
  } else if (f == "colmap-bin") {
    sl::write_colmap_binary(scene, a.out);
  } else {
    throw sl::IoError(a.out +
                      ": cannot tell the output format; use a .ply, .pcd or .scenelens "
                      "name, or --format colmap-text|colmap-bin with a folder");
  }
  std::cout << "wrote " << a.out << " (" << scene.views.size() << " views, " << scene.cloud.size()
            << " points)\n";
  return sl::cli::kExitOk;
}

sl::cli::CommandRegistrar reg(
    "convert", "Convert between .scenelens, PLY, PCD and COLMAP models",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<Args>();
      sub.add_option("input", a->in, "scene, PLY, PCD or COLMAP folder")->required();
      sub.add_option("-o,--output", a->out, "output file or folder")->required();
      sub.add_option("--format", a->format, "colmap-text, colmap-bin (folder outputs)")
          ->check(CLI::IsMember({"ply", "pcd", "scenelens", "colmap-text", "colmap-bin"}));
      sub.add_flag("--ascii", a->ascii, "write PLY/PCD as text");
      return [a] { return run(*a); };
    });

}  // namespace
