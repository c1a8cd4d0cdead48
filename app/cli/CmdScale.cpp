// scenelens-cli scale <scene> --from X1,Y1,Z1 --to X2,Y2,Z2 --meters D
#include <iostream>
#include <memory>

#include "app/cli/Command.h"
#include "inference/objects/Measure.h"
#include "scene/SceneFile.h"

namespace {
struct Args {
  std::string path;
  std::vector<double> from, to;
  double meters = 0;
};

sl::cli::CommandRegistrar reg(
    "scale", "Fix the metric scale from two points a known distance apart, and save it",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<Args>();
      sub.add_option("scene", a->path, "scene file (.scenelens)")->required();
      sub.add_option("--from", a->from, "first point X,Y,Z (scene units)")
          ->required()
          ->delimiter(',')
          ->expected(3);
      sub.add_option("--to", a->to, "second point X,Y,Z (scene units)")
          ->required()
          ->delimiter(',')
          ->expected(3);
      sub.add_option("--meters", a->meters, "true distance between them in metres")->required();
      return [a]() {
        sl::Scene s = sl::load_scene(a->path);
        const Eigen::Vector3d p(a->from[0], a->from[1], a->from[2]);
        const Eigen::Vector3d q(a->to[0], a->to[1], a->to[2]);
        try {
          sl::objects::set_scale_from_distance(s, p, q, a->meters);
        } catch (const std::invalid_argument& e) {
          std::cerr << "error: " << e.what() << "\n";
          return sl::cli::kExitBadInput;
        }
        sl::save_scene(s, a->path);
        std::cout << "meters_per_unit " << s.scale.meters_per_unit << "\nsaved " << a->path << "\n";
        return sl::cli::kExitOk;
      };
    });
}  // namespace
