// Internal pieces of the dense module (torch-free): view selection, depth range, plane sweep.
#pragma once
#include <functional>
#include <vector>

#include "inference/dense/DenseStereo.h"

namespace sl::dense {

struct SweepView {
  cv::Mat gray;  // CV_32F in [0, 1], working resolution
  Intrinsics intrinsics;
  Eigen::Isometry3d world_from_cam = Eigen::Isometry3d::Identity();
};

struct SweepResult {
  cv::Mat depth_m;     // CV_32F, 0 = unknown
  cv::Mat confidence;  // CV_32F in [0, 1]
};

// A second family of sweep planes, parallel to the ground and below the camera: surfaces seen
// at a grazing angle (floors, table tops, seats) match on them where fronto-parallel planes
// smear a window's texture over several depths.
struct GroundPlanes {
  Eigen::Vector3d up_world = Eigen::Vector3d::Zero();  // unit; zero: no ground planes
  double min_drop_m = 0, max_drop_m = 0;  // the planes' range of distances below the camera
  bool valid() const {
    return up_world.squaredNorm() > 0.5 && min_drop_m > 0 && max_drop_m > min_drop_m;
  }
};

// Plane sweep stereo for one reference view against its neighbours (LibTorch): fronto-parallel
// planes from min_depth to max_depth, and `ground`'s planes when valid (per pixel, the family
// that matches better).
SweepResult plane_sweep(const SweepView& ref, const std::vector<SweepView>& neighbors,
                        double min_depth, double max_depth, const DenseOptions& options,
                        const std::function<void()>& check_stop, const GroundPlanes& ground = {});

// The scene's up direction from its cameras (world frame): normal to the cameras' x axes (photos
// are taken without roll), signed like their -y axes; the mean -y axis when the x axes are all
// alike (one viewing direction). Zero without registered views.
Eigen::Vector3d up_from_cameras(const Scene& scene);

// Ground planes for a view from the sparse points it sees (their drops below the camera, 2nd to
// 99th percentile with a margin); invalid when too few points lie below the camera.
GroundPlanes ground_planes(const Scene& scene, int view, const std::vector<Eigen::Vector3d>& seen,
                           const Eigen::Vector3d& up_world);

// Sets LibTorch's thread count (0 = all cores); returns the device name ("cuda" / "cpu").
const char* prepare_torch(int threads);

// Lens distortion (LensDistortion.cpp). Stereo and fusion work on pinhole images; the Scene
// keeps the photos' own pixel grid.
bool has_lens_distortion(const Intrinsics& k);
// The image as a pinhole camera with the same fx, fy, cx, cy would see it (`lens`: the image's
// intrinsics, distortion included). Unchanged without distortion.
cv::Mat undistort_to_pinhole(const cv::Mat& image, const Intrinsics& lens);
// Resampling a map of `d`'s pinhole working grid (depth, confidence) to the photo's grid at the
// same size (nearest): photo_grid_map holds the pinhole pixel of each photo pixel (computed once
// per view; empty without distortion, and to_photo_grid then returns the map unchanged).
struct PhotoGridMap {
  cv::Mat x, y;  // CV_32F, the working size
};
PhotoGridMap photo_grid_map(const DenseViewData& d);
cv::Mat to_photo_grid(const cv::Mat& pinhole_map, const PhotoGridMap& map);
// Full-resolution photo pixel (View::intrinsics, distortion included) of working pixel (x, y).
Eigen::Vector2f photo_pixel(const DenseViewData& d, float x, float y);

// LibTorch's intra-op thread count for the calling thread only (OpenMP's count is per thread):
// for workers that each run their own sweep.
void torch_threads_for_this_thread(int threads);

// Points (world) that a view sees: the sparse cloud projected into the view (subsampled).
std::vector<Eigen::Vector3d> visible_points(const Scene& scene, int view, size_t max_points);

// Depth range [near, far] for a view from the points it sees (1st / 99th percentile with a
// margin); falls back to the scene's camera layout when there are too few points.
std::pair<double, double> depth_range(const Scene& scene, int view,
                                      const std::vector<Eigen::Vector3d>& seen);

// The best `count` source views for a reference view: overlap (points seen by both) weighted
// by triangulation angle (peaks near 10 degrees; tiny and very wide angles are penalised).
std::vector<int> select_neighbors(const Scene& scene, int view,
                                  const std::vector<Eigen::Vector3d>& seen, double near, double far,
                                  int count);

}  // namespace sl::dense
