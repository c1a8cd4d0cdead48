// Frames from a video for reconstruction: one per sampling window (1 / fps seconds), the
// sharpest of the window (variance of the Laplacian), decoded with OpenCV's FFmpeg backend.
#pragma once
#include <functional>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace sl::io {

struct VideoFrame {
  int index = 0;      // frame number in the video
  double time_s = 0;  // timestamp
  cv::Mat image;      // 8-bit BGR
};

// `keep_going` is called once per decoded frame (return false to stop early; used for cancel).
// Throws sl::IoError when the video cannot be opened or has no decodable frame.
std::vector<VideoFrame> sample_video(const std::string& path, double fps,
                                     const std::function<bool(double fraction)>& keep_going);

// Variance of the Laplacian of the grey image (higher = sharper).
double sharpness(const cv::Mat& bgr);

}  // namespace sl::io
