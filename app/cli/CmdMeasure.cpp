// scenelens-cli measure <scene> --from X,Y,Z --to X,Y,Z | --height X,Y,Z | --object NAME
#include <iostream>
#include <memory>

#include "app/cli/Command.h"
#include "inference/objects/Measure.h"
#include "scene/SceneFile.h"

namespace {
struct Args {
  std::string path;
  std::vector<double> from, to, height;
  std::string object;
};

Eigen::Vector3d vec(const std::vector<double>& v) {
  return {v[0], v[1], v[2]};
}

sl::cli::CommandRegistrar reg(
    "measure", "Measure a distance, a height above the floor, or an object's dimensions",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<Args>();
      sub.add_option("scene", a->path, "scene file (.scenelens), PLY, PCD or COLMAP folder")
          ->required();
      sub.add_option("--from", a->from, "first point X,Y,Z")->delimiter(',')->expected(3);
      sub.add_option("--to", a->to, "second point X,Y,Z")->delimiter(',')->expected(3);
      sub.add_option("--height", a->height, "point X,Y,Z: its height above the floor")
          ->delimiter(',')
          ->expected(3);
      sub.add_option("--object", a->object, "object name: its length, width and height");
      return [a]() {
        sl::Scene s = sl::load_any(a->path);
        std::vector<sl::Measurement> out;
        if (!a->from.empty() || !a->to.empty()) {
          if (a->from.size() != 3 || a->to.size() != 3) {
            std::cerr << "error: a distance needs both --from X,Y,Z and --to X,Y,Z\n";
            return sl::cli::kExitBadInput;
          }
          out.push_back(sl::objects::measure_distance(vec(a->from), vec(a->to)));
        }
        if (a->height.size() == 3) {
          const sl::objects::Floor f = sl::objects::find_floor(s);
          if (!f.found) {
            std::cerr << "error: " << a->path << ": no floor plane found in the point cloud\n";
            return sl::cli::kExitFailure;
          }
          out.push_back(sl::objects::measure_height(vec(a->height), f.plane));
        }
        if (!a->object.empty()) {
          const sl::SceneObject* o = s.find_object(a->object);
          if (!o) {
            std::cerr << "error: " << a->path << ": no object named '" << a->object
                      << "' (list them with: scenelens-cli objects " << a->path << ")\n";
            return sl::cli::kExitBadInput;
          }
          out.push_back(sl::objects::measure_dimensions(*o));
        }
        if (out.empty()) {
          std::cerr << "error: nothing to measure: give --from/--to, --height or --object\n";
          return sl::cli::kExitBadInput;
        }
        for (const auto& m : out)
          std::cout << m.label << ": " << sl::objects::format_measurement(s, m) << "\n";
        if (!s.scale.metric)
          std::cout << "(scale not set: use scenelens-cli scale to give a known distance)\n";
        return sl::cli::kExitOk;
      };
    });
}  // namespace
