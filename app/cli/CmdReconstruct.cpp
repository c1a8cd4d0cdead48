// scenelens-cli reconstruct <images...|folder|video> -o OUT: photos or a video -> 3D scene.
// Writes OUT/scene.scenelens, OUT/sparse/{cameras,images,points3D}.txt and OUT/points.ply,
// with a one-line progress (stage, %, ETA) on stderr.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/Command.h"
#include "inference/ReconstructionBackend.h"
#include "scene/ColmapIO.h"
#include "scene/PlyIO.h"
#include "scene/SceneFile.h"

namespace {

namespace fs = std::filesystem;

struct Args {
  std::vector<std::string> inputs;
  std::string out, backend = "classical", model;
  double fps = 2.0;
  int max_size = 1600;
  int dense_size = 640;
  bool dense = false;
  bool verbose = false;
  int threads = 0;
};

bool is_video(const std::string& p) {
  std::string e = fs::path(p).extension().string();
  for (auto& c : e) c = char(std::tolower(static_cast<unsigned char>(c)));
  return e == ".mp4" || e == ".mov" || e == ".avi" || e == ".mkv" || e == ".webm" || e == ".m4v";
}

void write_outputs(const sl::Scene& scene, const std::string& out) {
  fs::create_directories(fs::path(out) / "sparse");
  sl::save_scene(scene, (fs::path(out) / "scene.scenelens").string());
  sl::write_colmap_text(scene, (fs::path(out) / "sparse").string());
  sl::write_ply((fs::path(out) / "points.ply").string(), scene.cloud);
  std::cerr << "wrote " << out << "/scene.scenelens, " << out << "/sparse/, " << out
            << "/points.ply\n";
}

int run(const Args& a) {
  sl::ReconstructionInput in;
  for (const auto& p : a.inputs) {
    if (!fs::exists(p)) throw sl::IoError(p + ": no such file or folder");
    if (is_video(p) && in.video_path.empty())
      in.video_path = p;
    else
      in.image_paths.push_back(p);
  }
  in.video_fps = a.fps;
  sl::ReconstructionOptions opt;
  opt.backend = a.backend;
  opt.dense = a.dense;
  opt.max_image_size = a.max_size;
  opt.dense_max_image_size = a.dense_size;
  opt.model_path = a.model;
  opt.threads = a.threads;
  auto backend = sl::make_backend(a.backend);
  sl::CallbackJobContext ctx;
  std::string last_line;
  ctx.on_progress = [&](const sl::JobProgress& p) {
    char buf[256];
    if (p.eta_s >= 0)
      std::snprintf(buf, sizeof buf, "\r%-18s %5.1f%%  ETA %4.0f s  %-40.40s", p.stage.c_str(),
                    100 * p.fraction, p.eta_s, p.message.c_str());
    else
      std::snprintf(buf, sizeof buf, "\r%-18s %5.1f%%  ETA    ? s  %-40.40s", p.stage.c_str(),
                    100 * p.fraction, p.message.c_str());
    if (buf != last_line) std::cerr << buf << std::flush;
    last_line = buf;
  };
  ctx.on_log = [verbose = a.verbose](sl::LogLevel level, const std::string& m) {
    if (verbose || level != sl::LogLevel::Info) std::cerr << "\n" << m << "\n";
  };
  sl::ReconstructionReport report;
  sl::Scene scene = backend->run(in, opt, ctx, report);
  std::cerr << "\n";
  std::cout << report.summary << "\n";
  for (const auto& u : report.unplaced)
    std::cout << "  not placed: " << u.image << ": " << u.reason << "\n";
  if (scene.registered_views() > 0 || !scene.cloud.empty()) write_outputs(scene, a.out);
  return report.ok ? sl::cli::kExitOk : sl::cli::kExitFailure;
}

sl::cli::CommandRegistrar reg(
    "reconstruct", "Reconstruct a 3D scene from photos (files or a folder) or a video",
    [](CLI::App& sub) -> sl::cli::Action {
      auto a = std::make_shared<Args>();
      sub.add_option("inputs", a->inputs, "photos, a folder of photos, or a video")->required();
      sub.add_option("-o,--output", a->out, "output folder")->required();
      sub.add_option("--backend", a->backend, "classical (default) or feedforward");
      sub.add_option("--model", a->model, "feedforward: TorchScript model file");
      sub.add_option("--fps", a->fps, "video: frames sampled per second (default 2)");
      sub.add_option("--max-size", a->max_size, "longest image side used for matching (px)");
      sub.add_option("--threads", a->threads, "worker threads (0 = all cores)");
      sub.add_flag("--dense", a->dense, "also compute per-view depth and a dense cloud");
      sub.add_option("--dense-size", a->dense_size,
                     "longest image side used for dense stereo (px, default 640)")
          ->check(CLI::Range(64, 8192));
      sub.add_flag("--verbose", a->verbose, "print the log (features, pairs, each registration)");
      return [a]() { return run(*a); };
    });

}  // namespace
