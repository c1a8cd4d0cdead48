// The prior region a photo selection starts from (internal to inference/objects, and shown by
// diagnostics): at the working resolution, the pixels joined to the click over the view's depth
// (off the boundary planes, cut at a supporting surface), else a colour flood from the click.
#pragma once
#include <Eigen/Geometry>
#include <opencv2/core.hpp>
#include <optional>
#include <vector>

#include "inference/objects/PhotoSelect.h"

namespace sl::objects {

struct PhotoPrior {
  double scale = 1;                   // working pixels per photo pixel
  cv::Mat image;                      // the photo at the working size (BGR)
  cv::Mat depth;                      // the view's depth at the working size (CV_32F), may be empty
  std::vector<cv::Point> fg;          // strokes at the working size
  std::vector<cv::Point> bg;          //
  cv::Mat region;                     // CV_8U, working size, 255 = prior
  bool geometric = false;             // the region came from depth (else colour)
  std::optional<double> support_top;  // see segment_photo
};

// Throws std::invalid_argument on an empty photo or strokes outside it.
PhotoPrior photo_prior(const cv::Mat& image_bgr, const View& view, const PhotoStroke& stroke,
                       const PhotoSelectOptions& options);

// The depth map (the view's depth size, CV_32F, 0 = unknown) a selection on view `view` floods
// over: the view's own depth where the fused cloud's nearest surface there agrees with it (within
// `agree_rel`), that surface where they disagree (stereo fails on weak texture in one view, and
// fusion keeps what other views confirm), the view's depth where the cloud has no point near.
// Empty when the view has no depth map.
cv::Mat consensus_depth(const Scene& scene, int view, double agree_rel = 0.05);

}  // namespace sl::objects
