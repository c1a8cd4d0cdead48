// Loading photos for the reconstruction: folders expanded to image lists, any bit depth or
// channel count converted to 8-bit BGR, EXIF orientation honoured (cv::imread does it).
#pragma once
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace sl::io {

bool is_image_file(const std::string& path);  // by extension: jpg jpeg png tif tiff webp bmp
bool is_video_file(const std::string& path);  // mp4 mov avi mkv webm m4v

// Images in a folder, sorted by name (not recursive). Throws sl::IoError when it has none.
std::vector<std::string> list_images(const std::string& folder);

// 8-bit, 3-channel BGR image. Throws sl::IoError naming the file and the problem.
cv::Mat load_image_bgr8(const std::string& path);

// Converts any depth (8/16-bit, float) and channel count (1, 3, 4) to 8-bit BGR.
cv::Mat to_bgr8(const cv::Mat& image);

// Resized so its longer side is at most max_size (INTER_AREA); unchanged when smaller.
cv::Mat downscale_to(const cv::Mat& image, int max_size);

}  // namespace sl::io
