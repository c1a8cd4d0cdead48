// scenelens-cli render: renders a scene through the viewport (same code as the GUI) to a PNG and
// optionally compares it with a reference image (exit 3 when the difference is over threshold).
#include <QApplication>
#include <QImage>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/Command.h"
#include "scene/SceneFile.h"
#include "viewer/ImageCompare.h"
#include "viewer/Render.h"

namespace {

struct RenderArgs {
  std::string scene, output, reference, size = "300x300", color = "rgb";
  int camera = -1;
  int turntable = 0;       // > 0: that many frames circling the scene into the output folder
  double threshold = 3.0;  // mean absolute difference per channel, 0..255
  float point_size = 3;
  bool no_grid = false, no_cameras = false;
  bool objects = false;  // draw every object's box (the GUI's Show objects)
};

bool parse_size(const std::string& s, QSize* out) {
  const auto x = s.find('x');
  if (x == std::string::npos) return false;
  try {
    const int w = std::stoi(s.substr(0, x)), h = std::stoi(s.substr(x + 1));
    if (w < 16 || h < 16 || w > 8192 || h > 8192) return false;
    *out = QSize(w, h);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

int run_turntable(const RenderArgs& a, std::shared_ptr<const sl::Scene> scene, QSize size,
                  const sl::viewer::RenderOptions& opt) {
  std::error_code ec;
  std::filesystem::create_directories(a.output, ec);
  if (ec || !std::filesystem::is_directory(a.output)) {
    std::cerr << "render: cannot create the turntable folder " << a.output << " ("
              << (ec ? ec.message() : "a file is in the way") << ")\n";
    return sl::cli::kExitBadInput;
  }
  const auto frames = sl::viewer::render_turntable(std::move(scene), a.turntable, size, opt);
  if (frames.empty()) {
    std::cerr << "render: no frame could be captured (is OpenGL available on this display?)\n";
    return sl::cli::kExitFailure;
  }
  for (size_t i = 0; i < frames.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof(name), "frame_%04zu.png", i);
    const std::string path = (std::filesystem::path(a.output) / name).string();
    if (!frames[i].save(QString::fromStdString(path))) {
      std::cerr << "render: cannot write " << path << " (folder not writable or disk full)\n";
      return sl::cli::kExitFailure;
    }
  }
  std::cout << "wrote " << frames.size() << " turntable frames (" << size.width() << "x"
            << size.height() << ") to " << a.output << "\n";
  return sl::cli::kExitOk;
}

int run_render(const RenderArgs& a) {
  QSize size;
  if (!parse_size(a.size, &size)) {
    std::cerr << "render: --size '" << a.size << "' is not WxH (16..8192), e.g. 300x300\n";
    return sl::cli::kExitBadInput;
  }
  sl::viewer::RenderOptions opt;
  opt.point_size = a.point_size;
  opt.show_grid = !a.no_grid;
  opt.show_cameras = !a.no_cameras;
  if (a.color == "rgb")
    opt.color_mode = sl::viewer::ColorMode::Rgb;
  else if (a.color == "confidence")
    opt.color_mode = sl::viewer::ColorMode::Confidence;
  else if (a.color == "height")
    opt.color_mode = sl::viewer::ColorMode::Height;
  else if (a.color == "normal")
    opt.color_mode = sl::viewer::ColorMode::Normal;
  else {
    std::cerr << "render: --color must be rgb, confidence, height or normal\n";
    return sl::cli::kExitBadInput;
  }
  auto scene = std::make_shared<sl::Scene>();
  try {
    *scene = sl::load_any(a.scene);
  } catch (const std::exception& e) {
    std::cerr << "render: " << e.what() << "\n";
    return sl::cli::kExitBadInput;
  }
  if (a.turntable > 0 && a.camera >= 0) {
    std::cerr << "render: --turntable circles the scene; it does not take --camera\n";
    return sl::cli::kExitBadInput;
  }
  if (a.objects)
    for (const sl::SceneObject& o : scene->objects) {
      sl::viewer::Overlay box;
      box.kind = sl::viewer::Overlay::Kind::Box;
      for (const auto& c : o.box.corners()) box.points.push_back(c.cast<float>());
      box.color = QColor(255, 160, 60);
      box.label = QString::fromStdString(o.name);
      opt.overlays.push_back(std::move(box));
    }
  if (a.camera >= int(scene->views.size())) {
    std::cerr << "render: --camera " << a.camera << " is out of range: the scene has "
              << scene->views.size() << " views\n";
    return sl::cli::kExitBadInput;
  }
  if (!sl::viewer::display_available()) {
    std::cerr << "render needs a display; run under xvfb-run\n";
    return sl::cli::kExitFailure;
  }
  int argc = 1;
  char arg0[] = "scenelens-cli";
  char* argv[] = {arg0, nullptr};
  QApplication app(argc, argv);
  if (a.turntable > 0) return run_turntable(a, scene, size, opt);
  const QImage img = sl::viewer::render_scene(scene, a.camera, size, opt);
  if (img.isNull()) {
    std::cerr << "render: no frame could be captured (is OpenGL available on this display?)\n";
    return sl::cli::kExitFailure;
  }
  if (!img.save(QString::fromStdString(a.output))) {
    std::cerr << "render: cannot write " << a.output << "\n";
    return sl::cli::kExitFailure;
  }
  std::cout << "wrote " << a.output << " (" << img.width() << "x" << img.height() << ")\n";
  if (a.reference.empty()) return sl::cli::kExitOk;
  const QImage ref(QString::fromStdString(a.reference));
  if (ref.isNull()) {
    std::cerr << "render: cannot read reference image " << a.reference << "\n";
    return sl::cli::kExitBadInput;
  }
  const auto diff = sl::viewer::compare_images(img, ref);
  std::cout << "difference: " << diff.describe().toStdString() << " (threshold " << a.threshold
            << ")\n";
  if (diff.size_mismatch || diff.mean_abs > a.threshold) {
    std::cout << "MISMATCH: candidate written to " << a.output << "\n";
    return sl::cli::kExitMismatch;
  }
  return sl::cli::kExitOk;
}

sl::cli::CommandRegistrar reg(
    "render", "Render a scene to a PNG through the 3D viewport (needs a display, e.g. xvfb-run)",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<RenderArgs>();
      sub.add_option("--scene", a->scene, "scene file, PLY, PCD or COLMAP folder")->required();
      sub.add_option("--camera", a->camera, "look through this view (default: fit the scene)");
      sub.add_option("--size", a->size, "image size WxH (default 300x300)");
      sub.add_option("--output,-o", a->output, "output PNG (a folder with --turntable)")
          ->required();
      sub.add_option("--turntable", a->turntable,
                     "render this many frames circling the scene (frame_0000.png ...) into the "
                     "output folder")
          ->check(CLI::Range(1, 3600));
      sub.add_option("--reference", a->reference, "compare with this PNG");
      sub.add_option("--threshold", a->threshold,
                     "largest mean absolute difference per channel (0..255) accepted (default 3)");
      sub.add_option("--point-size", a->point_size, "point size in pixels (default 3)");
      sub.add_option("--color", a->color, "rgb | confidence | height | normal");
      sub.add_flag("--no-grid", a->no_grid, "hide the ground grid and axes");
      sub.add_flag("--no-cameras", a->no_cameras, "hide the camera frustums");
      sub.add_flag("--objects", a->objects, "draw the objects' boxes (the GUI's Show objects)");
      return [a]() { return run_render(*a); };
    });

}  // namespace
