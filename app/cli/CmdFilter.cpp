// scenelens-cli filter <scene> [--confidence-percentile P] [--min-confidence C]
//   [--hide-views 1,3] [--remove-black] [--remove-white] [--remove-sky] [--voxel S] [-o out]
// The point filters of the GUI's "Point filters" dock, applied to the scene's cloud and saved
// (objects keep their remaining points). Views are numbered from 1, as in the GUI.
#include <iostream>
#include <memory>

#include "app/cli/Command.h"
#include "inference/dense/DenseStereo.h"
#include "scene/CloudEdit.h"
#include "scene/SceneFile.h"

namespace {
struct Args {
  std::string path, out;
  float percentile = 0, min_confidence = 0;
  std::vector<int> hide_views;
  bool black = false, white = false, sky = false;
  double voxel = 0;
};

sl::cli::CommandRegistrar reg(
    "filter",
    "Keep the points that pass the point filters (confidence, frames, background, voxel) and save",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<Args>();
      sub.add_option("scene", a->path, "scene file (.scenelens)")->required();
      sub.add_option("-o,--output", a->out, "where to save (default: overwrite the scene)");
      sub.add_option("--confidence-percentile", a->percentile,
                     "drop this percentage of the points, the least confident first")
          ->check(CLI::Range(0.0, 99.0));
      sub.add_option("--min-confidence", a->min_confidence, "drop points below this confidence")
          ->check(CLI::Range(0.0, 1.0));
      sub.add_option("--hide-views", a->hide_views, "drop the points of these views (1-based)")
          ->delimiter(',');
      sub.add_flag("--remove-black", a->black, "drop near-black background points");
      sub.add_flag("--remove-white", a->white, "drop near-white background points");
      sub.add_flag("--remove-sky", a->sky, "drop sky-like points (bright, high in a photo, far)");
      sub.add_option("--voxel", a->voxel, "keep the most confident point per voxel of this size")
          ->check(CLI::NonNegativeNumber);
      return [a]() {
        sl::Scene s = sl::load_scene(a->path);
        sl::dense::DenseFilter f;
        f.confidence_percentile = a->percentile;
        f.min_confidence = a->min_confidence;
        f.remove_black = a->black;
        f.remove_white = a->white;
        f.remove_sky = a->sky;
        f.voxel_size = a->voxel;
        f.hidden_views.assign(s.views.size(), false);
        for (int v : a->hide_views) {
          if (v < 1 || size_t(v) > s.views.size()) {
            std::cerr << "error: --hide-views " << v << ": the scene has views 1.."
                      << s.views.size() << "\n";
            return sl::cli::kExitBadInput;
          }
          f.hidden_views[size_t(v - 1)] = true;
        }
        if ((f.confidence_percentile > 0 || f.min_confidence > 0) && !s.cloud.has_confidence())
          std::cerr << "warning: " << a->path
                    << " has no per-point confidence: the confidence filters keep every point\n";
        const size_t before = s.cloud.size();
        const auto keep = sl::dense::dense_keep(sl::dense::cache_from_scene(s, false), f, &s.cloud);
        sl::keep_cloud_points(s, keep);
        const std::string out = a->out.empty() ? a->path : a->out;
        sl::save_scene(s, out);
        std::cout << "kept " << s.cloud.size() << " of " << before << " points\nsaved " << out
                  << "\n";
        return sl::cli::kExitOk;
      };
    });
}  // namespace
