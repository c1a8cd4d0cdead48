// SIFT features (OpenCV) at the working resolution, with the colour under each keypoint.
#pragma once
#include <opencv2/core.hpp>

#include "inference/sfm/Types.h"

namespace sl::sfm {

struct FeatureSet {
  int width = 0, height = 0;
  std::vector<Eigen::Vector2d> keypoints;
  std::vector<std::array<uint8_t, 3>> colors;  // RGB
  cv::Mat descriptors;                         // CV_32F RootSIFT, one row per keypoint
};

// `bgr` is 8-bit BGR at the working resolution. Keeps the `max_features` strongest.
FeatureSet extract_features(const cv::Mat& bgr, int max_features);

}  // namespace sl::sfm
