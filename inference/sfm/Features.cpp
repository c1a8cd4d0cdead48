#include "inference/sfm/Features.h"

#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

namespace sl::sfm {

FeatureSet extract_features(const cv::Mat& bgr, int max_features) {
  FeatureSet fs;
  fs.width = bgr.cols;
  fs.height = bgr.rows;
  cv::Mat grey;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  // A low contrast threshold: dark, low-texture photos still give enough features.
  auto sift = cv::SIFT::create(max_features, 3, 0.015);
  std::vector<cv::KeyPoint> kps;
  cv::Mat desc;
  sift->detectAndCompute(grey, cv::noArray(), kps, desc);
  if (desc.empty()) {
    fs.descriptors = cv::Mat(0, 128, CV_32F);
    return fs;
  }
  desc.convertTo(desc, CV_32F);
  // RootSIFT: L1-normalise, square root (Hellinger kernel); better matching for free.
  for (int r = 0; r < desc.rows; ++r) {
    cv::Mat row = desc.row(r);
    const double l1 = cv::norm(row, cv::NORM_L1);
    if (l1 > 0) row /= l1;
    cv::sqrt(row, row);
  }
  fs.descriptors = desc;
  fs.keypoints.reserve(kps.size());
  fs.colors.reserve(kps.size());
  for (const auto& k : kps) {
    fs.keypoints.emplace_back(k.pt.x, k.pt.y);
    const int u = std::clamp(int(std::lround(k.pt.x)), 0, bgr.cols - 1);
    const int v = std::clamp(int(std::lround(k.pt.y)), 0, bgr.rows - 1);
    const cv::Vec3b c = bgr.at<cv::Vec3b>(v, u);
    fs.colors.push_back({c[2], c[1], c[0]});
  }
  return fs;
}

}  // namespace sl::sfm
