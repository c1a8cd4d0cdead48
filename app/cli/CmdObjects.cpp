// scenelens-cli objects <scene> [--propose] [--detect [--detector DIR]] [--json] [--save]
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>

#include "app/cli/Command.h"
#include "inference/io/ImageLoader.h"
#include "inference/objects/Labels.h"
#include "inference/objects/Proposals.h"
#include "scene/ObjectsJson.h"
#include "scene/SceneFile.h"

namespace {
struct Args {
  std::string path;
  bool propose = false;
  bool json = false;
  bool save = false;
  bool detect = false;
  std::string detector_dir;  // default: $SCENELENS_DETECTOR_DIR
};

sl::cli::CommandRegistrar reg(
    "objects", "List a scene's objects, or propose them automatically from its point cloud",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<Args>();
      sub.add_option("scene", a->path, "scene file (.scenelens), PLY, PCD or COLMAP folder")
          ->required();
      sub.add_flag("--propose", a->propose,
                   "detect objects: remove floor/walls/ceiling, cluster the rest, fit boxes");
      sub.add_flag("--detect", a->detect,
                   "label objects (and add missing ones) with a Darknet YOLO detector run on the "
                   "photos");
      sub.add_option("--detector", a->detector_dir,
                     "the detector's folder: yolo-fastest-1.1[-xl].cfg/.weights and coco.names "
                     "(default: $SCENELENS_DETECTOR_DIR)");
      sub.add_flag("--json", a->json, "print objects.json (up, unit, objects)");
      sub.add_flag("--save", a->save, "write the proposed objects back to the scene file");
      return [a]() {
        sl::Scene s = sl::load_any(a->path);
        if (a->propose) {
          if (s.cloud.empty())
            throw sl::IoError(a->path + ": the scene has no point cloud to propose objects from");
          auto res = sl::objects::propose_objects(s);
          s.objects = std::move(res.objects);
          if (res.floor.found) s.up = res.floor.up;
          if (!a->json)
            std::cout << "proposed " << s.objects.size() << " objects in " << std::fixed
                      << std::setprecision(2) << res.seconds << " s (" << res.planes.size()
                      << " planes, " << res.boundary_planes.size() << " room boundaries)\n";
        }
        if (a->detect) {
          const std::string dir =
              a->detector_dir.empty() ? sl::objects::Detector::configured_dir() : a->detector_dir;
          if (dir.empty()) {
            std::cerr << "error: --detect needs the detector's folder (--detector DIR or "
                         "SCENELENS_DETECTOR_DIR)\n";
            return sl::cli::kExitBadInput;
          }
          sl::objects::Detector detector(dir);
          const std::string scene_dir = std::filesystem::path(a->path).parent_path().string();
          const auto rep = sl::objects::label_with_detector(s, detector, [&](int v) {
            std::string why;
            cv::Mat img = sl::io::load_view_photo(s.views[size_t(v)], scene_dir, &why);
            if (img.empty()) std::cerr << "warning: " << why << "\n";
            return img;
          });
          if (!a->json) {
            std::cout << "detector " << detector.modelName() << ": " << rep.detections
                      << " detections, " << rep.labelled << " objects labelled, " << rep.created
                      << " new\n";
            for (const auto& n : rep.notes) std::cout << "  " << n << "\n";
          }
        }
        if (a->save) {
          if (a->path.size() < 10 || a->path.substr(a->path.size() - 10) != ".scenelens") {
            std::cerr << "error: --save needs a .scenelens file, got " << a->path << "\n";
            return sl::cli::kExitBadInput;
          }
          sl::save_scene(s, a->path);
        }
        if (a->json) {
          std::cout << sl::objects_to_json(s).dump(2) << "\n";
          return sl::cli::kExitOk;
        }
        std::cout << std::fixed << std::setprecision(3);
        for (const auto& o : s.objects) {
          const Eigen::Vector3d& c = o.box.center;
          std::cout << o.name << (o.label.empty() ? "" : " [" + o.label + "]") << "  centre "
                    << c.x() << "," << c.y() << "," << c.z() << "  size "
                    << s.to_meters(o.box.size[0]) << " x " << s.to_meters(o.box.size[1]) << " x "
                    << s.to_meters(o.box.size[2]) << " " << s.unit_name() << "  points "
                    << o.point_indices.size() << "\n";
        }
        if (a->save) std::cout << "saved " << a->path << "\n";
        return sl::cli::kExitOk;
      };
    });
}  // namespace
