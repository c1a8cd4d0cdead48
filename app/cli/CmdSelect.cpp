// scenelens-cli select <scene> --photo N --pixel U,V [--pixel U,V ...] --name NAME [-o OUT]
// The GUI's click on a photo (then Name selection): GrabCut seeded by the clicked pixels and by
// the geometry the view's depth connects to them, off the floor and walls, lifted to the cloud;
// the points become an object named NAME, saved with the scene.
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/cli/Command.h"
#include "inference/io/ImageLoader.h"
#include "inference/objects/BoundaryPlanes.h"
#include "inference/objects/NewObject.h"
#include "inference/objects/PhotoSelect.h"
#include "scene/SceneFile.h"

namespace {
struct Args {
  std::string path, out, name, label;
  int photo = 0;
  std::vector<int> pixels;  // u, v pairs
};

sl::cli::CommandRegistrar reg(
    "select", "Select an object by clicking its pixels on a photo, and save it as a named object",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<Args>();
      sub.add_option("scene", a->path, "scene file (.scenelens)")->required();
      sub.add_option("--photo", a->photo, "the photo clicked on (1-based, as in the GUI)")
          ->required();
      sub.add_option("--pixel", a->pixels, "a clicked pixel U,V of that photo (repeatable)")
          ->required()
          ->delimiter(',')
          ->expected(2, 1000);
      sub.add_option("--name", a->name, "the object's name (made unique: \"cup 2\")")->required();
      sub.add_option("--label", a->label, "its class (default: the name)");
      sub.add_option("-o,--output", a->out, "where to save (default: overwrite the scene)");
      return [a]() {
        sl::Scene s = sl::load_scene(a->path);
        if (a->photo < 1 || size_t(a->photo) > s.views.size()) {
          std::cerr << "error: --photo " << a->photo << ": the scene has photos 1.."
                    << s.views.size() << "\n";
          return sl::cli::kExitBadInput;
        }
        if (a->pixels.size() % 2 != 0) {
          std::cerr << "error: --pixel takes U,V pairs\n";
          return sl::cli::kExitBadInput;
        }
        const int view = a->photo - 1;
        std::string why;
        const cv::Mat photo = sl::io::load_view_photo(
            s.views[size_t(view)], std::filesystem::path(a->path).parent_path().string(), &why);
        if (photo.empty()) {
          std::cerr << "error: photo " << a->photo << ": " << why << "\n";
          return sl::cli::kExitBadInput;
        }
        sl::objects::PhotoStroke stroke;
        for (size_t i = 0; i + 1 < a->pixels.size(); i += 2)
          stroke.foreground.emplace_back(a->pixels[i], a->pixels[i + 1]);
        for (const cv::Point& p : stroke.foreground)
          if (p.x < 0 || p.y < 0 || p.x >= photo.cols || p.y >= photo.rows) {
            std::cerr << "error: pixel " << p.x << "," << p.y << " is outside photo " << a->photo
                      << " (" << photo.cols << "x" << photo.rows << ")\n";
            return sl::cli::kExitBadInput;
          }
        const sl::objects::BoundaryPlanes planes = sl::objects::find_boundary_planes(s.cloud, s.up);
        sl::objects::PhotoSelectOptions o;
        o.stop_planes = planes.all();
        o.plane_distance = planes.distance;
        const sl::objects::PhotoSelection sel =
            sl::objects::select_on_photo(s, view, photo, stroke, o);
        if (sel.points.size() < 3) {
          std::cerr << "error: nothing selected"
                    << (sel.message.empty() ? std::string() : ": " + sel.message) << "\n";
          return sl::cli::kExitFailure;
        }
        const std::string name = sl::objects::unique_object_name(s, a->name);
        s.objects.push_back(sl::objects::object_from_points(
            s, sel.points, name, a->label.empty() ? a->name : a->label,
            sl::objects::FloorContact{planes.floor, planes.distance}));
        const sl::SceneObject& obj = s.objects.back();
        const std::string out = a->out.empty() ? a->path : a->out;
        sl::save_scene(s, out);
        std::cout << name << ": " << sel.points.size() << " points, mask "
                  << int(100 * sel.mask_fraction + 0.5) << " % of the photo, box "
                  << obj.box.size.x() << " x " << obj.box.size.y() << " x " << obj.box.size.z()
                  << " " << s.unit_name() << "\nsaved " << out << "\n";
        return sl::cli::kExitOk;
      };
    });
}  // namespace
