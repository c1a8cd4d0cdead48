// Dense geometry for posed views: multi-view stereo (plane sweep with LibTorch tensor ops, on
// the GPU when LibTorch has CUDA) -> per-view depth + confidence -> geometric-consistency fusion
// -> a filtered, coloured point cloud. Torch-free header: LibTorch stays in the .cpp files.
//
// Depth maps are kept at the working resolution (longest side <= DenseOptions::max_image_size);
// View::depth_m / confidence are stored at that size: scale View::intrinsics with
// Intrinsics::scaled(depth.cols, depth.rows) to use them.
#pragma once
#include <cstddef>
#include <functional>
#include <vector>

#include "inference/Job.h"
#include "scene/Scene.h"

namespace sl::dense {

struct DenseOptions {
  // Stereo.
  int max_image_size = 640;  // working resolution: longest side in pixels
  int num_neighbors = 4;     // source views per reference view
  int num_depths = 96;       // inverse-depth hypotheses (planes)
  int ncc_window = 7;        // NCC window (odd)
  int best_k = 2;            // photo-consistency: mean of the best k neighbours' NCC
  // ... or the best neighbour's NCC times this, when higher: a surface only one neighbour sees
  // (the others look past it or elsewhere) still wins at its depth (0 = off). Generated rooms
  // (bench_dense, exact poses, seeds 1-3): the furniture's fused share 0.389 -> 0.609 on seed 3,
  // where most of it is seen by two photos only; 0.9 alike, best-k 1 worse on the room.
  float single_view_weight = 0.8f;
  int agg_window = 3;    // box filter over the cost volume (odd, 1 = off)
  double min_depth = 0;  // depth range; 0 = from the sparse points seen in the view
  double max_depth = 0;
  // Coarse to fine: the whole depth range at half resolution (half the planes), then
  // refine_depths per-pixel hypotheses at full resolution within +-refine_range coarse planes
  // of the coarse estimate.
  bool coarse_to_fine = true;
  // ... only when the working image's shorter side is at least this: the half-resolution sweep
  // needs pixels (on 320x240 photos of generated rooms it lost most objects: bench_spatial_qa
  // seeds 1-2 scored 0.53 / 0.65 against 0.90 / 0.82 with one full-resolution sweep).
  int coarse_min_side = 400;
  int refine_depths = 10;
  double refine_range = 2.0;
  size_t memory_budget_mb = 768;  // per depth batch (tensors of the sweep), all workers together
  // On the CPU batches stay smaller than this per worker: tensors that fit the caches (and stay
  // below glibc's mmap threshold) made temple_ring's dense step 1.7x faster than 384 MB batches
  // (bench_dense: 32.4 s -> 18.5 s for 16 views). GPUs use the whole budget.
  size_t cpu_batch_mb = 32;
  int threads = 0;  // 0 = all cores
  // A second sweep over planes parallel to the ground (up from the cameras' axes) for surfaces
  // seen at a grazing angle: floors, table tops, seats (the furniture's up-facing pixels of
  // seeds 1-3 fused 0.540 / 0.418 / 0.326 -> 0.556 / 0.422 / 0.361; ~1.4x the stereo time).
  bool ground_sweep = true;
  // Fusion.
  float min_confidence = 0.25f;  // pixels below this are not fused
  // Neighbours (besides the reference) that must agree, of those that can see the point: a
  // neighbour whose depth there lies in front of it (occluded) or that has none cannot tell,
  // one whose surface lies behind it saw past it (and counts against). A surface only one
  // neighbour sees is kept when that one agrees (bench_spatial_qa at 640x480: 34 of 146 emulated
  // clicks failed against 62 of 162 when such surfaces were dropped).
  int min_consistent_views = 2;
  float max_rel_depth_error = 0.01f;  // |d' - d| / d
  float max_reproj_error_px = 1.0f;   // at the working resolution
  // A neighbour's depth is read at the point's projection, interpolated (in inverse depth) over
  // its four pixels when they lie within fusion_interpolate_rel of each other, instead of at the
  // nearest pixel: a surface seen at a grazing angle changes depth by about the tolerance from one
  // pixel to the next. bench_dense, exact poses, seeds 1-4 at 640x480: share of pixels fused
  // 0.592 / 0.655 / 0.622 / 0.685 -> 0.607 / 0.673 / 0.643 / 0.708, the furniture's 0.700 / 0.682
  // / 0.609 / 0.624 -> 0.720 / 0.699 / 0.638 / 0.649, the room's points more than 2 % off 0.0058 /
  // 0.0040 / 0.0039 / 0.0020 -> 0.0061 / 0.0042 / 0.0041 / 0.0021.
  bool fusion_interpolate = true;
  float fusion_interpolate_rel = 0.05f;
  int sor_neighbors = 16;  // statistical outlier removal (0 = off)
  double sor_std_ratio = 2.0;
  bool estimate_normals = true;     // normals oriented towards the source camera
  int snapshot_stride = 2;          // partial clouds published while running: every n-th pixel
  bool keep_sparse_points = false;  // run_dense: append the fused cloud to the sparse one
};

// Everything needed to re-filter the dense cloud without re-running stereo.
struct DenseViewData {
  int view_index = -1;                  // into Scene::views
  Intrinsics intrinsics;                // at the working resolution, pinhole (image_bgr, depth_m)
  double k1 = 0, k2 = 0;                // the photo's lens distortion (removed from image_bgr)
  int full_width = 0, full_height = 0;  // View::intrinsics size (source pixels use it)
  Eigen::Isometry3d world_from_cam = Eigen::Isometry3d::Identity();
  cv::Mat image_bgr;           // CV_8UC3, working resolution
  cv::Mat depth_m;             // CV_32F, 0 = unknown
  cv::Mat confidence;          // CV_32F in [0, 1]
  std::vector<int> neighbors;  // view indices used as sources
  float far_depth = 0;         // 90th percentile of this view's valid depths
};

struct DenseCache {
  std::vector<DenseViewData> views;
  // Every geometrically consistent point: xyz, rgb, confidence, source view + pixel (+ normals).
  PointCloud points;
  std::vector<uint8_t> outlier;     // per point: 1 = statistical outlier
  std::vector<float> row_fraction;  // per point: v / image height of its source pixel
  std::vector<float> far_fraction;  // per point: depth / far_depth of its source view
};

// User controls applied to the cache (fast: no stereo, no fusion).
struct DenseFilter {
  float confidence_percentile = 0;  // drop the lowest p percent by confidence (0..100)
  float min_confidence = 0;         // and every point below this
  std::vector<bool> hidden_views;   // by Scene view index: true = drop that view's points
  bool remove_outliers = true;      // drop the statistical outliers found at fusion
  bool remove_black = false;        // near-black points (max channel <= black_max)
  int black_max = 25;
  bool remove_white = false;  // near-white points (min channel >= white_min)
  int white_min = 235;
  bool remove_sky = false;         // bright, low-saturation or bluish, near the top, and far
  float sky_top_fraction = 0.45f;  // source pixel in the top part of its image
  float sky_far_fraction = 0.8f;   // depth >= this * the view's far depth
  double voxel_size = 0;           // > 0: keep the most confident point per voxel

  // True when only the fusion's outlier removal is on (it keeps every point of a fused cloud).
  bool is_identity() const;
};

// Indices into cache.points of the points the filter keeps (ascending). `points`, when given,
// stands for cache.points (a cache built without a copy of the scene's cloud: cache_from_scene).
std::vector<uint32_t> dense_keep(const DenseCache& cache, const DenseFilter& filter,
                                 const PointCloud* points = nullptr);
PointCloud filter_dense(const DenseCache& cache, const DenseFilter& filter);

// Per-view stereo then fusion. `images` are BGR photos by view index (empty: load each
// View::image_path). Only registered views are processed. `on_view_done(view_index, cache)`
// is called after each depth map (the cache then has views but no fused points yet).
DenseCache compute_dense(const Scene& scene, const std::vector<cv::Mat>& images,
                         const DenseOptions& options, JobContext& ctx,
                         const std::function<void(int, const DenseCache&)>& on_view_done = {});

// Fusion alone (the views of `cache` must hold depth maps): fills points/outlier/fractions.
// Pixels that fail the geometric consistency check keep their depth but their confidence is
// multiplied by 0.4 (so confidence >= 0.5 means "confirmed by the neighbours").
void fuse_dense(DenseCache& cache, const DenseOptions& options, JobContext& ctx);

// A cache over a scene whose cloud was already fused from per-view depth (e.g. the feed-forward
// backend): filter_dense then re-filters it like a multi-view-stereo result (points keep their
// source view and pixel; no outliers marked).
// copy_points = false leaves cache.points empty (the per-point arrays still follow the scene's
// cloud): pass &scene.cloud to dense_keep then, and keep the scene alive and unchanged.
DenseCache cache_from_scene(const Scene& scene, bool copy_points = true);

// Job step after SfM: fills View::depth_m / confidence for the registered views, replaces
// (or extends, keep_sparse_points) Scene::cloud with the fused cloud, reports progress per
// view, publishes a snapshot with a growing partial cloud after each depth map. Returns the
// cache for later re-filtering.
DenseCache run_dense(Scene& scene, const DenseOptions& options, JobContext& ctx,
                     const std::vector<cv::Mat>& images = {});

}  // namespace sl::dense
