// The dense step as a job: per-view stereo with progress, stop checks and growing snapshots,
// then fusion; results written into the Scene.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include "inference/dense/DenseInternal.h"

namespace sl::dense {
namespace {

cv::Mat load_image(const Scene& scene, const std::vector<cv::Mat>& images, int v) {
  if (size_t(v) < images.size() && !images[size_t(v)].empty()) return images[size_t(v)];
  const View& view = scene.views[size_t(v)];
  cv::Mat img = view.image_path.empty() ? cv::Mat() : cv::imread(view.image_path, cv::IMREAD_COLOR);
  if (img.empty())
    throw IoError("dense: cannot read the photo of view '" + view.name + "' (" + view.image_path +
                  "): check that the file exists and is an image");
  return img;
}

float percentile_positive(const cv::Mat& depth, double p) {
  std::vector<float> v;
  for (int r = 0; r < depth.rows; ++r)
    for (int c = 0; c < depth.cols; ++c)
      if (depth.at<float>(r, c) > 0) v.push_back(depth.at<float>(r, c));
  if (v.empty()) return 0;
  const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1)));
  std::nth_element(v.begin(), v.begin() + long(i), v.end());
  return v[i];
}

}  // namespace

DenseCache compute_dense(const Scene& scene, const std::vector<cv::Mat>& images,
                         const DenseOptions& options, JobContext& ctx,
                         const std::function<void(int, const DenseCache&)>& on_view_done) {
  const char* device = prepare_torch(options.threads);
  DenseCache cache;
  std::vector<int> order;
  for (size_t v = 0; v < scene.views.size(); ++v)
    if (scene.views[v].registered && scene.views[v].intrinsics.valid()) order.push_back(int(v));
  ctx.log(LogLevel::Info, "dense: " + std::to_string(order.size()) + " views on " + device);

  // Working-resolution images and cameras.
  std::vector<SweepView> sweep(scene.views.size());
  for (int v : order) {
    ctx.check_stop();
    const View& view = scene.views[size_t(v)];
    const cv::Mat img = load_image(scene, images, v);
    const Intrinsics& K = view.intrinsics;
    const double s = std::min(1.0, double(options.max_image_size) / std::max(K.width, K.height));
    const int w = std::max(8, int(std::lround(K.width * s))),
              h = std::max(8, int(std::lround(K.height * s)));
    DenseViewData d;
    d.view_index = v;
    const Intrinsics lens = K.scaled(w, h);
    d.intrinsics = lens;
    d.intrinsics.k1 = d.intrinsics.k2 = 0;  // stereo sees pinhole images
    d.k1 = K.k1;
    d.k2 = K.k2;
    d.full_width = K.width;
    d.full_height = K.height;
    d.world_from_cam = view.world_from_cam;
    cv::resize(img, d.image_bgr, cv::Size(w, h), 0, 0, cv::INTER_AREA);
    if (d.image_bgr.channels() == 1) cv::cvtColor(d.image_bgr, d.image_bgr, cv::COLOR_GRAY2BGR);
    d.image_bgr = undistort_to_pinhole(d.image_bgr, lens);
    cv::Mat gray;
    cv::cvtColor(d.image_bgr, gray, cv::COLOR_BGR2GRAY);
    gray.convertTo(sweep[size_t(v)].gray, CV_32F, 1.0 / 255.0);
    sweep[size_t(v)].intrinsics = d.intrinsics;
    sweep[size_t(v)].world_from_cam = view.world_from_cam;
    cache.views.push_back(std::move(d));
  }

  // Neighbours and depth ranges first (reads of the scene only), then the sweeps.
  struct Task {
    double near = 0, far = 0;
    GroundPlanes ground;
  };
  std::vector<Task> tasks(cache.views.size());
  const Eigen::Vector3d up =
      options.ground_sweep ? up_from_cameras(scene) : Eigen::Vector3d::Zero();
  for (size_t i = 0; i < cache.views.size(); ++i) {
    DenseViewData& d = cache.views[i];
    const auto seen = visible_points(scene, d.view_index, 4000);
    auto [near, far] = depth_range(scene, d.view_index, seen);
    if (options.min_depth > 0) near = options.min_depth;
    if (options.max_depth > 0) far = options.max_depth;
    tasks[i] = {near, far,
                up.isZero() ? GroundPlanes{} : ground_planes(scene, d.view_index, seen, up)};
    d.neighbors = select_neighbors(scene, d.view_index, seen, near, far, options.num_neighbors);
  }

  // On the CPU, views run side by side, each sweep on one thread: LibTorch's intra-op threads
  // spend most of their time waiting for each other on these many small tensor ops (measured on
  // 2 cores, 12 synthetic views at 320 px: 13 s this way, 17 s on one thread, 51 s with 2
  // intra-op threads).
  const bool cpu = std::string(device) == "cpu";
  const int cores = options.threads > 0 ? options.threads
                                        : int(std::max(1u, std::thread::hardware_concurrency()));
  const int workers = cpu ? std::clamp(cores, 1, int(std::max<size_t>(1, cache.views.size()))) : 1;
  DenseOptions sweep_options = options;
  sweep_options.memory_budget_mb = std::max<size_t>(16, options.memory_budget_mb / size_t(workers));

  const auto t0 = std::chrono::steady_clock::now();
  std::mutex mutex;  // guards cache.views' results, progress, on_view_done, `failure`, `done`
  std::exception_ptr failure;
  std::atomic<size_t> next{0};
  size_t done_views = 0;
  auto work = [&] {
    if (cpu) torch_threads_for_this_thread(1);
    for (;;) {
      const size_t i = next++;
      if (i >= cache.views.size()) return;
      try {
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (failure) return;
        }
        ctx.check_stop();
        const DenseViewData& d = cache.views[i];
        const int v = d.view_index;
        std::vector<SweepView> nbs;
        for (int n : d.neighbors) nbs.push_back(sweep[size_t(n)]);
        SweepResult r = plane_sweep(
            sweep[size_t(v)], nbs, tasks[i].near, tasks[i].far, sweep_options,
            [&] { ctx.check_stop(); }, tasks[i].ground);
        std::lock_guard<std::mutex> lock(mutex);
        DenseViewData& out = cache.views[i];
        out.depth_m = r.depth_m;
        out.confidence = r.confidence;
        out.far_depth = percentile_positive(out.depth_m, 0.9);
        ++done_views;
        const double done = double(done_views) / double(cache.views.size());
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::ostringstream msg;
        msg << "depth map " << done_views << "/" << cache.views.size() << " ("
            << scene.views[size_t(v)].name << ", " << nbs.size() << " neighbours, depth "
            << tasks[i].near << ".." << tasks[i].far << ")";
        ctx.progress(
            {"dense", 0.9 * done, elapsed / done * (1.0 - done) + 0.05 * elapsed, msg.str()});
        if (on_view_done) on_view_done(v, cache);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        return;
      }
    }
  };
  {
    std::vector<std::thread> pool;
    for (int w = 1; w < workers; ++w) pool.emplace_back(work);
    work();  // this thread is a worker too
    for (auto& t : pool) t.join();
  }
  prepare_torch(options.threads);  // this thread's count again (fusion's Open3D uses it too)
  if (failure) std::rethrow_exception(failure);
  ctx.progress({"dense", 0.9, -1, "fusing depth maps"});
  fuse_dense(cache, options, ctx);
  ctx.progress(
      {"dense", 1.0, 0, "dense cloud: " + std::to_string(cache.points.size()) + " points"});
  return cache;
}

DenseCache run_dense(Scene& scene, const DenseOptions& options, JobContext& ctx,
                     const std::vector<cv::Mat>& images) {
  PointCloud partial;
  std::map<int, PhotoGridMap> grid_maps;  // by view index: each view's lens resampling, once
  const auto grid_of = [&](const DenseViewData& d) -> const PhotoGridMap& {
    auto it = grid_maps.find(d.view_index);
    if (it == grid_maps.end()) it = grid_maps.emplace(d.view_index, photo_grid_map(d)).first;
    return it->second;
  };
  const int stride = std::max(1, options.snapshot_stride);
  auto on_view = [&](int v, const DenseCache& cache) {
    const auto it = std::find_if(cache.views.begin(), cache.views.end(),
                                 [v](const DenseViewData& x) { return x.view_index == v; });
    if (it == cache.views.end()) return;
    const DenseViewData& d = *it;
    const PhotoGridMap& grid = grid_of(d);
    scene.views[size_t(v)].depth_m = to_photo_grid(d.depth_m, grid);
    scene.views[size_t(v)].confidence = to_photo_grid(d.confidence, grid);
    // Partial cloud: this view's confident pixels, unfused, for the viewport.
    const Intrinsics& K = d.intrinsics;
    for (int y = 0; y < d.depth_m.rows; y += stride)
      for (int x = 0; x < d.depth_m.cols; x += stride) {
        const float z = d.depth_m.at<float>(y, x);
        if (z <= 0 || d.confidence.at<float>(y, x) < options.min_confidence) continue;
        const Eigen::Vector3d p =
            d.world_from_cam * (K.unproject({double(x), double(y)}) * double(z));
        const cv::Vec3b c = d.image_bgr.at<cv::Vec3b>(y, x);
        partial.xyz.push_back(p.cast<float>());
        partial.rgb.push_back({c[2], c[1], c[0]});
        partial.confidence.push_back(d.confidence.at<float>(y, x));
        partial.source_view.push_back(v);
        partial.source_pixel.push_back(photo_pixel(d, float(x), float(y)));
      }
    auto snap = std::make_shared<Scene>(scene);
    if (!options.keep_sparse_points) snap->cloud = PointCloud();
    if (snap->cloud.empty())
      snap->cloud = partial;
    else
      snap->cloud.append(partial);
    ctx.publish(std::move(snap));
  };
  DenseCache cache = compute_dense(scene, images, options, ctx, on_view);
  // Fusion lowered the confidence of pixels the neighbours did not confirm.
  for (const DenseViewData& d : cache.views)
    scene.views[size_t(d.view_index)].confidence = to_photo_grid(d.confidence, grid_of(d));
  PointCloud fused = filter_dense(cache, DenseFilter{});
  if (options.keep_sparse_points && !scene.cloud.empty()) {
    scene.cloud.append(fused);
  } else if (!fused.empty() || !options.keep_sparse_points) {
    scene.cloud = std::move(fused);
  }
  ctx.publish(std::make_shared<Scene>(scene));
  return cache;
}

}  // namespace sl::dense
