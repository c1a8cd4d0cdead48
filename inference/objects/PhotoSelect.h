// Selecting on a photo: a click or stroke on one view's photo becomes a 2D mask (GrabCut seeded
// by the strokes, with a prior region grown over the view's depth and colour), the mask is lifted
// to 3D through that view's depth and camera (the cloud points it covers and that the view sees),
// and the resulting points are outlined in every other photo that sees them.
//
// Pixels: (u, v) of the photo as given (image_bgr's size); the view's intrinsics may be for
// another size (they are scaled). The mask is CV_8U, 255 = selected, the photo's size.
#pragma once
#include <Eigen/Core>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scene/Scene.h"

namespace sl::objects {

struct PhotoSelectOptions {
  int work_side = 640;              // photos are segmented at most this many pixels on a side
  int seed_radius_px = 0;           // disc of sure foreground around each stroke point; 0 = auto
  int grabcut_iterations = 4;       //
  double depth_step_rel = 0.03;     // geometric prior: neighbours joined when depths differ less
  double color_dist = 28;           // colour prior (no depth): Lab distance scale
  double max_prior_fraction = 0.3;  // the prior stops growing at this share of the photo
  double roi_margin = 0.6;          // GrabCut works in the prior's box grown by this share
  // Lifting: a cloud point is seen by the view when its depth is within this share of the
  // view's depth at its pixel (or of the nearest cloud depth there when the view has no depth).
  double visibility_rel = 0.03;
  // World planes (n . p + d = 0) that bound the scene (floor, walls: find_boundary_planes);
  // depth pixels within plane_distance of one are not part of an object.
  std::vector<Eigen::Vector4d> stop_planes;
  double plane_distance = 0;
  // The scene's up (zero: select_on_photo takes Scene::up). With it, a click on a thing standing
  // on a larger horizontal surface (a cup on a table) stops at that surface: the surface's
  // horizontal extent must be at least `support_extent_ratio` times the thing's.
  Eigen::Vector3d up = Eigen::Vector3d::Zero();
  double support_extent_ratio = 2.0;
  double support_min_share = 0.15;       // of the region's pixels at the surface's height
  double support_max_thing_share = 0.3;  // of the region's pixels above the surface
  // Parts of the depth prior too thin for GrabCut to keep (a chair's legs, a lamp's pole) are
  // added back to the mask when they touch it and stand inside its footprint (seen along up).
  bool keep_thin_parts = true;
};

struct PhotoStroke {
  std::vector<cv::Point> foreground;  // clicked / stroked pixels on the object (>= 1)
  std::vector<cv::Point> background;  // optional pixels known not to be on it
};

struct PhotoSelection {
  cv::Mat mask;                  // CV_8U at the photo's size, 255 = selected
  std::vector<uint32_t> points;  // cloud indices lifted from the mask, sorted
  double mask_fraction = 0;      // selected share of the photo
  std::string message;           // empty on success; else what went wrong, for the user
};

// The 2D mask only. With the view's depth (CV_32F, any size, 0 = unknown) the prior region is
// the geometry connected to the click over the depth map and off the boundary planes, and
// GrabCut settles its border; without depth, colour makes the prior and GrabCut the rest.
// Throws std::invalid_argument on an empty photo or strokes outside it.
// `support_top`, when given, receives the height (along options.up) of the top of the surface the
// selection was cut from, when it was (a cup's table).
cv::Mat segment_photo(const cv::Mat& image_bgr, const View& view, const PhotoStroke& stroke,
                      const PhotoSelectOptions& options = {},
                      std::optional<double>* support_top = nullptr);

// Cloud points of `scene` that view `view` sees inside `mask` (any size: scaled to the view's
// intrinsics), sorted ascending.
std::vector<uint32_t> lift_mask(const Scene& scene, int view, const cv::Mat& mask,
                                const PhotoSelectOptions& options = {});

// segment_photo + lift_mask, with the view's own depth. `image_bgr` is the view's photo.
PhotoSelection select_on_photo(const Scene& scene, int view, const cv::Mat& image_bgr,
                               const PhotoStroke& stroke, const PhotoSelectOptions& options = {});

// Outlines (closed polygons, pixels of the view's intrinsics width x height) of the given cloud
// points where view `view` sees them (depth-tested); empty when it does not see them.
std::vector<std::vector<cv::Point2f>> outline_points_in_view(
    const Scene& scene, int view, const std::vector<uint32_t>& points,
    const PhotoSelectOptions& options = {});

}  // namespace sl::objects
