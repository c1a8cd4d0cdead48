#include "inference/feedforward/FeedForwardBackend.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "inference/feedforward/TorchModel.h"
#include "inference/io/ImageLoader.h"

namespace sl {

namespace {

// How one photo maps onto the model's input: model pixel = s * (photo pixel + 0.5) - 0.5 - offset.
struct FrameMapping {
  double sx = 1, sy = 1;
  double offset_y = 0;  // > 0: rows cropped at the top; < 0: rows padded at the top
  int full_rows = 0;    // rows of the whole photo at model scale
};

cv::Mat to_model_input(const cv::Mat& bgr, const ff::ModelMetadata& meta, cv::Size size,
                       FrameMapping& map) {
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  map.sx = double(size.width) / bgr.cols;
  cv::Mat resized;
  if (meta.resize_mode == ff::ResizeMode::Resize) {
    map.sy = double(size.height) / bgr.rows;
    map.full_rows = size.height;
    cv::resize(rgb, resized, size, 0, 0, cv::INTER_AREA);
  } else {
    map.sy = map.sx;
    map.full_rows = int(std::lround(bgr.rows * map.sy));
    cv::Mat full;
    cv::resize(rgb, full, cv::Size(size.width, map.full_rows), 0, 0, cv::INTER_AREA);
    map.offset_y = 0.5 * (map.full_rows - size.height);
    const int top = int(std::floor(map.offset_y));
    map.offset_y = top;
    if (top >= 0) {
      resized = full.rowRange(top, top + size.height).clone();
    } else {
      cv::copyMakeBorder(full, resized, -top, size.height - map.full_rows + top, 0, 0,
                         cv::BORDER_CONSTANT, cv::Scalar(255, 255, 255));
    }
  }
  cv::Mat out;
  resized.convertTo(out, CV_32FC3, 1.0 / 255.0);
  return out;
}

// A model-input map (rows = model height) placed into the whole photo's frame at model scale;
// cropped rows become 0 (unknown), padded rows are dropped.
cv::Mat to_full_frame(const cv::Mat& m, const FrameMapping& map) {
  cv::Mat full = cv::Mat::zeros(map.full_rows, m.cols, m.type());
  const int top = int(map.offset_y);
  for (int r = 0; r < m.rows; ++r) {
    const int fr = r + top;
    if (fr >= 0 && fr < map.full_rows) m.row(r).copyTo(full.row(fr));
  }
  return full;
}

Intrinsics photo_intrinsics(const Eigen::Matrix3d& k, const FrameMapping& map, cv::Size photo) {
  Intrinsics in;
  in.width = photo.width;
  in.height = photo.height;
  in.fx = k(0, 0) / map.sx;
  in.fy = k(1, 1) / map.sy;
  in.cx = (k(0, 2) + 0.5) / map.sx - 0.5;
  in.cy = (k(1, 2) + map.offset_y + 0.5) / map.sy - 0.5;
  return in;
}

void align_chunk(std::vector<ff::FramePrediction>& chunk, const std::vector<int>& shared_local,
                 const std::vector<const ff::FramePrediction*>& reference) {
  std::vector<Eigen::Vector3d> from, to;
  for (size_t k = 0; k < shared_local.size(); ++k) {
    const ff::FramePrediction& a = chunk[size_t(shared_local[k])];
    const ff::FramePrediction& b = *reference[k];
    const int step = std::max(1, int(std::sqrt(double(a.depth.total()) / 2000.0)));
    for (int v = 0; v < a.depth.rows; v += step)
      for (int u = 0; u < a.depth.cols; u += step) {
        if (a.confidence.at<float>(v, u) < 0.5f || b.confidence.at<float>(v, u) < 0.5f) continue;
        const cv::Vec3f& p = a.world_points.at<cv::Vec3f>(v, u);
        const cv::Vec3f& q = b.world_points.at<cv::Vec3f>(v, u);
        from.emplace_back(p[0], p[1], p[2]);
        to.emplace_back(q[0], q[1], q[2]);
      }
  }
  const Eigen::Matrix4d sim = ff::similarity_from_points(from, to);
  for (auto& f : chunk) ff::apply_similarity(sim, f);
}

}  // namespace

Reconstruction FeedForwardBackend::run(const ReconstructionInput& input,
                                       const ReconstructionOptions& options, JobContext& ctx,
                                       ReconstructionReport& report) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  if (options.model_path.empty())
    throw IoError(
        "the feedforward backend needs a model file: give --model FILE.pt (a "
        "TorchScript export, see docs/feedforward-models.md)");
  if (!input.video_path.empty())
    throw IoError(input.video_path +
                  ": the feedforward backend takes photos; extract frames "
                  "first or use the classical backend for video");
  ctx.progress({"loading model", 0.0, -1, "reading " + options.model_path});
  ff::TorchModel model(options.model_path);
  const ff::ModelMetadata& meta = model.metadata();
  if (model.device_name() == "cpu")
    ctx.log(LogLevel::Warning,
            "no CUDA device: running the model on the CPU, which is much "
            "slower than on a GPU");

  Reconstruction scene;
  scene.source = "feedforward: " + options.model_path;
  std::vector<cv::Mat> photos;
  std::vector<int> view_of_frame;
  // Folders give their photos (sorted), like the classical backend.
  std::vector<std::string> paths;
  for (const auto& p : input.image_paths) {
    if (std::filesystem::is_directory(p)) {
      const auto listed = io::list_images(p);
      paths.insert(paths.end(), listed.begin(), listed.end());
    } else {
      paths.push_back(p);
    }
  }
  for (const auto& path : paths) {
    View v;
    v.image_path = std::filesystem::absolute(path).lexically_normal().string();  // see Scene.h
    v.name = std::filesystem::path(path).filename().string();
    v.registered = false;
    cv::Mat img;
    try {
      img = io::load_image_bgr8(path);  // any bit depth / channel count, EXIF orientation
    } catch (const std::exception& e) {
      report.unplaced.push_back({v.name, std::string("could not be read: ") + e.what()});
    }
    if (!img.empty()) {
      photos.push_back(img);
      view_of_frame.push_back(int(scene.views.size()));
    }
    scene.views.push_back(v);
  }
  if (photos.empty()) {
    std::string why;
    for (const auto& u : report.unplaced) why += "\n  " + u.image + ": " + u.reason;
    throw IoError("none of the given photos could be read" +
                  (why.empty() ? std::string(" (no photos given)") : ":" + why));
  }
  ctx.check_stop();

  const cv::Size size = ff::model_input_size(meta, photos[0].size());
  std::vector<cv::Mat> frames(photos.size());
  std::vector<FrameMapping> maps(photos.size());
  for (size_t i = 0; i < photos.size(); ++i)
    frames[i] = to_model_input(photos[i], meta, size, maps[i]);

  const auto chunks = ff::plan_chunks(int(frames.size()), meta.max_frames, meta.chunk_overlap);
  std::vector<ff::FramePrediction> preds(frames.size());
  for (size_t c = 0; c < chunks.size(); ++c) {
    ctx.check_stop();
    const auto [begin, end] = chunks[c];
    const double done = double(c) / chunks.size();
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    ctx.progress({"inference", 0.05 + 0.85 * done, c ? elapsed / done * (1 - done) : -1,
                  "frames " + std::to_string(begin + 1) + "-" + std::to_string(end) + " of " +
                      std::to_string(frames.size()) + " on " + model.device_name()});
    std::vector<cv::Mat> batch(frames.begin() + begin, frames.begin() + end);
    auto chunk = model.predict(batch);
    for (auto& f : chunk) ff::complete_prediction(f);
    if (c > 0) {
      std::vector<int> shared;
      std::vector<const ff::FramePrediction*> ref;
      for (int i = begin; i < chunks[c - 1].second; ++i) {
        shared.push_back(i - begin);
        ref.push_back(&preds[size_t(i)]);
      }
      align_chunk(chunk, shared, ref);
    }
    for (int i = begin; i < end; ++i)
      if (c == 0 || i >= chunks[c - 1].second)
        preds[size_t(i)] = std::move(chunk[size_t(i - begin)]);
  }
  ctx.check_stop();

  // Views, then the fused cloud: every pixel with some confidence, strided to stay <= 3M points.
  const size_t total_px = frames.size() * size_t(size.area());
  const int stride = std::max(1, int(std::ceil(std::sqrt(double(total_px) / 3e6))));
  for (size_t i = 0; i < preds.size(); ++i) {
    const ff::FramePrediction& f = preds[i];
    View& v = scene.views[size_t(view_of_frame[i])];
    v.registered = true;
    v.world_from_cam = f.world_from_cam;
    v.intrinsics = photo_intrinsics(*f.K, maps[i], photos[i].size());
    v.depth_m = to_full_frame(f.depth, maps[i]);
    v.confidence = to_full_frame(f.confidence, maps[i]);
    cv::resize(photos[i], v.thumbnail,
               cv::Size(160, std::max(1, 160 * photos[i].rows / photos[i].cols)), 0, 0,
               cv::INTER_AREA);
    for (int r = 0; r < f.depth.rows; r += stride)
      for (int u = 0; u < f.depth.cols; u += stride) {
        const float conf = f.confidence.at<float>(r, u);
        if (!(conf > 0.05f) || !(f.depth.at<float>(r, u) > 0)) continue;
        const cv::Vec3f& p = f.world_points.at<cv::Vec3f>(r, u);
        const cv::Vec3f& rgb = frames[i].at<cv::Vec3f>(r, u);
        scene.cloud.xyz.emplace_back(p[0], p[1], p[2]);
        scene.cloud.rgb.push_back({uint8_t(rgb[0] * 255 + 0.5f), uint8_t(rgb[1] * 255 + 0.5f),
                                   uint8_t(rgb[2] * 255 + 0.5f)});
        scene.cloud.confidence.push_back(conf);
        scene.cloud.source_view.push_back(view_of_frame[i]);
        scene.cloud.source_pixel.emplace_back(
            float((u + 0.5) / maps[i].sx - 0.5),
            float((r + maps[i].offset_y + 0.5) / maps[i].sy - 0.5));
      }
  }
  Eigen::Vector3d up = Eigen::Vector3d::Zero();
  for (const auto& f : preds) up -= f.world_from_cam.linear().col(1);
  scene.up = up.norm() > 1e-9 ? up.normalized() : Eigen::Vector3d::UnitZ();
  ctx.publish(std::make_shared<const Scene>(scene));

  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  report.ok = true;
  report.summary =
      "Feed-forward model '" + meta.name + "' (" + ff::convention_name(meta.convention) +
      ") placed " + std::to_string(preds.size()) + " of " + std::to_string(scene.views.size()) +
      " photos in " + std::to_string(chunks.size()) + " pass(es) on " + model.device_name() +
      " in " + std::to_string(int(secs)) + " s; scale is arbitrary until you set a known distance.";
  ctx.progress({"done", 1.0, 0, report.summary});
  return scene;
}

}  // namespace sl
