#include <iostream>

#include "app/cli/Command.h"
#include "scene/SceneFile.h"

namespace {
sl::cli::CommandRegistrar reg(
    "info", "Print a summary of a scene, point cloud or COLMAP model",
    [](CLI::App& sub) -> sl::cli::Action {
      auto path = std::make_shared<std::string>();
      sub.add_option("path", *path, "scene file, PLY, PCD or COLMAP folder")->required();
      return [path]() {
        sl::Scene s = sl::load_any(*path);
        std::cout << "views " << s.views.size() << "\nregistered " << s.registered_views()
                  << "\npoints " << s.cloud.size() << "\nobjects " << s.objects.size() << "\n";
        return 0;
      };
    });
}  // namespace
