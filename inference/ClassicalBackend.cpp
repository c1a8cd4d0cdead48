#include "inference/ClassicalBackend.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <thread>

#include "inference/dense/DenseStereo.h"
#include "inference/io/Exif.h"
#include "inference/io/ImageLoader.h"
#include "inference/io/VideoSampler.h"
#include "inference/sfm/Features.h"
#include "inference/sfm/Mapper.h"
#include "inference/sfm/Matching.h"

namespace sl {
namespace {

namespace fs = std::filesystem;

struct InputImage {
  std::string name, path;
  cv::Mat frame;  // decoded video frame (empty for files)
  bool readable = false;
  std::string error;
  int width = 0, height = 0;  // original
  double scale = 1;           // working / original
  cv::Mat thumbnail;
  double focal_prior_orig = 0;
};

// Overall fraction + ETA from the elapsed time.
class Progress {
 public:
  explicit Progress(JobContext& ctx) : ctx_(ctx), start_(std::chrono::steady_clock::now()) {}
  void operator()(const std::string& stage, double lo, double hi, double f,
                  const std::string& msg) {
    JobProgress p;
    p.stage = stage;
    p.fraction = std::clamp(lo + (hi - lo) * std::clamp(f, 0.0, 1.0), 0.0, 1.0);
    const double el =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    p.eta_s = p.fraction > 0.02 ? el * (1 - p.fraction) / p.fraction : -1;
    p.message = msg;
    ctx_.progress(p);
  }

 private:
  JobContext& ctx_;
  std::chrono::steady_clock::time_point start_;
};

InputImage file_input(const std::string& name, const std::string& path) {
  InputImage im;
  im.name = name;
  im.path = path;
  return im;
}

std::vector<InputImage> gather_inputs(const ReconstructionInput& in,
                                      const ReconstructionOptions& opt, JobContext& ctx,
                                      Progress& progress) {
  std::vector<InputImage> out;
  auto add_video = [&](const std::string& path) {
    const std::string stem = fs::path(path).stem().string();
    auto frames = io::sample_video(path, in.video_fps, [&](double f) {
      progress("reading", 0.0, 0.1, f, "decoding " + path);
      return !ctx.stop_requested();
    });
    ctx.check_stop();
    for (auto& fr : frames) {
      InputImage im;
      char buf[32];
      std::snprintf(buf, sizeof buf, "_f%06d.png", fr.index);
      im.name = stem + buf;
      im.frame = fr.image;
      out.push_back(std::move(im));
    }
  };
  if (!in.video_path.empty()) add_video(in.video_path);
  for (const auto& p : in.image_paths) {
    if (fs::is_directory(p)) {
      for (const auto& f : io::list_images(p))
        out.push_back(file_input(fs::path(f).filename().string(), f));
    } else if (io::is_video_file(p)) {
      add_video(p);
    } else {
      out.push_back(file_input(p, p));
    }
  }
  (void)opt;
  if (out.empty()) throw IoError("no input: give photos, a folder of photos or a video");
  return out;
}

std::string view_name(const InputImage& im) {
  return im.name;
}

Scene build_scene(const std::vector<InputImage>& inputs, const std::vector<int>& input_of,
                  const sfm::MapModel* model, const std::string& source, bool only_registered) {
  Scene s;
  s.source = source;
  std::vector<int> view_of_input(inputs.size(), -1);
  std::vector<char> reg(inputs.size(), 0);
  if (model)
    for (size_t k = 0; k < input_of.size(); ++k) reg[input_of[k]] = model->registered[k];
  std::vector<int> work_of_input(inputs.size(), -1);
  for (size_t k = 0; k < input_of.size(); ++k) work_of_input[input_of[k]] = int(k);
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (only_registered && !reg[i]) continue;
    const InputImage& im = inputs[i];
    View v;
    v.name = view_name(im);
    // Absolute: a relative path in a Scene is relative to its file's folder (Scene.h), not to
    // the working directory the photos were given from.
    v.image_path = im.path.empty() ? im.path : fs::absolute(im.path).lexically_normal().string();
    v.thumbnail = im.thumbnail;
    v.registered = reg[i];
    if (im.readable) {
      v.intrinsics.width = im.width;
      v.intrinsics.height = im.height;
      double f = im.focal_prior_orig, k1 = 0;
      if (model && work_of_input[i] >= 0) {
        const auto& c = model->camera(work_of_input[i]);
        f = c.f / im.scale;
        k1 = c.k1;
      }
      v.intrinsics.fx = v.intrinsics.fy = f;
      v.intrinsics.cx = (im.width - 1) * 0.5;
      v.intrinsics.cy = (im.height - 1) * 0.5;
      v.intrinsics.k1 = k1;
    }
    if (reg[i]) v.world_from_cam = model->cam_from_world(work_of_input[i]).inverse();
    view_of_input[i] = int(s.views.size());
    s.views.push_back(std::move(v));
  }
  if (!model) return s;
  Eigen::Vector3d up = Eigen::Vector3d::Zero();
  for (const auto& v : s.views)
    if (v.registered) up += v.world_from_cam.linear() * Eigen::Vector3d(0, -1, 0);
  if (up.norm() > 1e-9) s.up = up.normalized();
  s.cloud.reserve(model->points.size());
  for (const auto& p : model->points) {
    if (!p.alive()) continue;
    const auto [img, kp] = p.obs.front();
    const auto& mi = (*model->images)[img];
    const std::array<uint8_t, 3> rgb =
        mi.colors.empty() ? std::array<uint8_t, 3>{200, 200, 200} : mi.colors[kp];
    s.cloud.xyz.push_back(p.xyz.cast<float>());
    s.cloud.rgb.push_back(rgb);
    const double len_term = 1.0 - std::exp(-(double(p.obs.size()) - 1.0) / 2.0);
    s.cloud.confidence.push_back(
        float(std::clamp(len_term * std::exp(-p.error_px / 2.0), 0.0, 1.0)));
    const InputImage& im = inputs[input_of[img]];
    s.cloud.source_view.push_back(view_of_input[input_of[img]]);
    const Eigen::Vector2d& uv = mi.keypoints[kp];
    s.cloud.source_pixel.emplace_back(float((uv.x() + 0.5) / im.scale - 0.5),
                                      float((uv.y() + 0.5) / im.scale - 0.5));
  }
  return s;
}

}  // namespace

Reconstruction ClassicalBackend::run(const ReconstructionInput& input,
                                     const ReconstructionOptions& options, JobContext& ctx,
                                     ReconstructionReport& report) {
  const int threads =
      options.threads > 0 ? options.threads : std::max(1, int(std::thread::hardware_concurrency()));
  cv::setNumThreads(threads);
  Progress progress(ctx);
  const auto t_start = std::chrono::steady_clock::now();
  report = ReconstructionReport();
  progress("reading", 0, 0.1, 0, "reading the input");
  std::vector<InputImage> inputs = gather_inputs(input, options, ctx, progress);
  const std::string source = !input.video_path.empty() ? input.video_path
                             : input.image_paths.size() == 1
                                 ? input.image_paths[0]
                                 : std::to_string(inputs.size()) + " photos";

  // Reading + features, one image at a time (only features and a thumbnail are kept).
  std::vector<sfm::FeatureSet> features;
  std::vector<int> input_of;  // working index -> input index
  for (size_t i = 0; i < inputs.size(); ++i) {
    ctx.check_stop();
    InputImage& im = inputs[i];
    progress("features", 0.1, 0.3, double(i) / inputs.size(), "features of " + im.name);
    cv::Mat bgr;
    try {
      bgr = im.frame.empty() ? io::load_image_bgr8(im.path) : im.frame;
    } catch (const IoError& e) {
      im.error = e.what();
      report.unplaced.push_back({im.name, std::string("could not be read: ") + e.what()});
      ctx.log(LogLevel::Warning, e.what());
      continue;
    }
    im.frame.release();
    im.readable = true;
    im.width = bgr.cols;
    im.height = bgr.rows;
    const auto f35 = im.path.empty() ? std::nullopt : io::exif_focal_35mm(im.path);
    im.focal_prior_orig = io::focal_prior_px(f35, im.width, im.height);
    cv::resize(bgr, im.thumbnail,
               cv::Size(160, std::max(1, int(std::lround(160.0 * bgr.rows / bgr.cols)))), 0, 0,
               cv::INTER_AREA);
    const cv::Mat work = io::downscale_to(bgr, options.max_image_size);
    im.scale = double(work.cols) / bgr.cols;
    features.push_back(sfm::extract_features(work, settings_.max_features));
    ctx.log(LogLevel::Info,
            im.name + ": " + std::to_string(features.back().keypoints.size()) + " features");
    input_of.push_back(int(i));
  }
  const int n = int(features.size());
  const auto t_features = std::chrono::steady_clock::now();

  // Matching.
  sfm::MatchOptions mo;
  mo.sequential = !input.video_path.empty() ||
                  std::any_of(input.image_paths.begin(), input.image_paths.end(),
                              [](const std::string& p) { return io::is_video_file(p); });
  const auto todo = sfm::select_pairs(n, mo);
  std::vector<sfm::VerifiedPair> pairs;
  std::vector<int> best_putative(n, 0);
  std::vector<size_t> last_use(n, 0);
  for (size_t k = 0; k < todo.size(); ++k) last_use[todo[k].first] = last_use[todo[k].second] = k;
  sfm::PairMatcher matcher(features, mo);
  for (size_t k = 0; k < todo.size(); ++k) {
    ctx.check_stop();
    progress("matching", 0.3, 0.55, double(k) / todo.size(),
             "matching " + std::to_string(k + 1) + "/" + std::to_string(todo.size()));
    const auto [i, j] = todo[k];
    auto r = matcher.match(i, j);
    if (last_use[i] == k) matcher.release(i);
    if (last_use[j] == k) matcher.release(j);
    best_putative[i] = std::max(best_putative[i], r.inliers);
    best_putative[j] = std::max(best_putative[j], r.inliers);
    ctx.log(LogLevel::Info, "pair " + inputs[input_of[i]].name + " " + inputs[input_of[j]].name +
                                ": " + std::to_string(r.putative) + " putative, " +
                                std::to_string(r.inliers) + " inliers");
    if (r.inliers >= mo.min_inliers) pairs.push_back(std::move(r.pair));
  }

  const auto t_matching = std::chrono::steady_clock::now();
  ctx.log(LogLevel::Info,
          "timing: reading+features " +
              std::to_string(std::chrono::duration<double>(t_features - t_start).count()) +
              " s, matching " +
              std::to_string(std::chrono::duration<double>(t_matching - t_features).count()) +
              " s");
  // Mapping.
  std::vector<sfm::MapperImage> images(n);
  for (int k = 0; k < n; ++k) {
    const InputImage& im = inputs[input_of[k]];
    images[k].name = im.name;
    images[k].width = features[k].width;
    images[k].height = features[k].height;
    images[k].focal_prior = im.focal_prior_orig * im.scale;
    images[k].keypoints = std::move(features[k].keypoints);
    images[k].colors = std::move(features[k].colors);
  }
  features.clear();
  sfm::MapperHooks hooks;
  hooks.ctx = &ctx;
  hooks.threads = threads;
  hooks.on_progress = [&](double f, const std::string& stage) {
    if (stage == "mapping")
      progress("mapping", 0.55, 0.95, f,
               "registered " + std::to_string(int(std::lround(f * n))) + "/" + std::to_string(n));
    else
      progress(stage, 0.95, 1.0, 0.0, "final bundle adjustment");
  };
  hooks.on_registered = [&](const sfm::MapModel& m) {
    ctx.publish(std::make_shared<const Scene>(build_scene(inputs, input_of, &m, source, true)));
  };
  hooks.on_log = [&](const std::string& m) { ctx.log(LogLevel::Info, m); };
  ctx.log(LogLevel::Info,
          std::to_string(pairs.size()) + " of " + std::to_string(todo.size()) + " pairs verified");
  progress("mapping", 0.55, 0.95, 0, "finding a starting pair");
  sfm::MapperResult res = sfm::run_mapper(images, pairs, settings_.mapper, hooks);

  Scene scene = build_scene(inputs, input_of, &res.model, source, false);
  for (int k = 0; k < n; ++k) {
    if (res.model.registered[k]) continue;
    std::string why = res.unplaced_reason[k];
    if (why.rfind("too few matches", 0) == 0)
      why = "too few matches with the others (" + std::to_string(best_putative[k]) + ")";
    report.unplaced.push_back({inputs[input_of[k]].name, why});
  }
  const int reg = res.model.num_registered();
  report.ok = reg >= 2;
  std::ostringstream sum;
  if (report.ok) {
    sum << "Placed " << reg << " of " << inputs.size() << " photos with " << scene.cloud.size()
        << " sparse points (mean reprojection error " << std::fixed;
    sum.precision(2);
    sum << res.mean_reproj_px << " px). Scale is arbitrary until you set a known distance.";
    if (!report.unplaced.empty())
      sum << " " << report.unplaced.size()
          << " photos could not be placed (listed below); take more overlapping photos of those "
             "parts.";
  } else if (n < 2) {
    sum << "Too few readable photos (" << n << "): at least two overlapping photos are needed.";
  } else {
    sum << "Nothing could be reconstructed: no two photos overlap enough. Take photos with about "
           "two-thirds overlap, moving sideways between shots.";
  }
  if (options.dense && report.ok) {
    // Multi-view stereo on the registered views: per-view depth + confidence, fused cloud.
    dense::DenseOptions dense_options;
    dense_options.threads = options.threads;
    dense_options.max_image_size = std::max(64, options.dense_max_image_size);
    const size_t sparse_points = scene.cloud.size();
    dense::run_dense(scene, dense_options, ctx);
    sum << " Dense stereo fused " << scene.cloud.size() << " points (from " << sparse_points
        << " sparse ones).";
  }
  report.summary = sum.str();
  progress("bundle adjustment", 0.95, 1.0, 1.0, "done");
  return scene;
}

}  // namespace sl
