// scenelens-cli synth: writes a deterministic synthetic indoor scene with exact ground truth.
#include <chrono>
#include <iostream>

#include "app/cli/Command.h"
#include "scene/synth/SynthScene.h"

namespace {
sl::cli::CommandRegistrar reg(
    "synth", "Generate a synthetic indoor scene (photos, depth, ground-truth cloud and objects)",
    [](CLI::App& sub) -> sl::cli::Action {
      auto opt = std::make_shared<sl::synth::SynthOptions>();
      auto out = std::make_shared<std::string>();
      sub.add_option("--seed", opt->seed, "random seed (same seed, same scene)");
      sub.add_option("--views", opt->views, "number of photos")->check(CLI::Range(1, 1000));
      sub.add_option("--width", opt->width, "image width")->check(CLI::Range(8, 8192));
      sub.add_option("--height", opt->height, "image height")->check(CLI::Range(8, 8192));
      sub.add_option("--points", opt->cloud_points, "ground-truth cloud points")
          ->check(CLI::Range(0, 50000000));
      sub.add_option("-o,--output", *out, "output folder")->required();
      return [opt, out]() {
        const auto t0 = std::chrono::steady_clock::now();
        const sl::synth::SynthResult r = sl::synth::make_synthetic_scene(*opt);
        const auto t1 = std::chrono::steady_clock::now();
        sl::synth::write_synthetic_scene(r, *out);
        const auto t2 = std::chrono::steady_clock::now();
        auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
        const sl::Scene& s = r.scene;
        std::cout << "synthetic scene seed " << opt->seed << ": room " << r.room_size_m.x() << " x "
                  << r.room_size_m.y() << " x " << r.room_size_m.z() << " m, " << s.views.size()
                  << " views " << opt->width << "x" << opt->height << ", " << s.cloud.size()
                  << " ground-truth points, " << s.objects.size() << " objects\n";
        for (size_t i = 0; i < s.objects.size(); ++i) {
          const sl::SceneObject& o = s.objects[i];
          std::cout << "  " << o.name << ": size " << o.box.size.x() << " x " << o.box.size.y()
                    << " x " << o.box.size.z() << " m, seen in " << o.views.size() << " views";
          if (r.supported_by[i] >= 0) std::cout << ", on " << s.objects[r.supported_by[i]].name;
          std::cout << "\n";
        }
        std::cout << "wrote " << *out << "/images/*.png, " << *out << "/depth/*.tiff, " << *out
                  << "/ground_truth/sparse/{cameras,images,points3D}.txt, " << *out
                  << "/ground_truth/objects.json, " << *out << "/scene.scenelens\n"
                  << "generated in " << secs(t0, t1) << " s, written in " << secs(t1, t2) << " s\n";
        return sl::cli::kExitOk;
      };
    });
}  // namespace
