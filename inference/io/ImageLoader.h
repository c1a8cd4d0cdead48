// Loading photos for the reconstruction: folders expanded to image lists, any bit depth or
// channel count converted to 8-bit BGR, EXIF orientation honoured (cv::imread does it).
#pragma once
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace sl {
struct View;
}

namespace sl::io {

bool is_image_file(const std::string& path);  // by extension: jpg jpeg png tif tiff webp bmp
bool is_video_file(const std::string& path);  // mp4 mov avi mkv webm m4v

// Images in a folder, sorted by name (not recursive). Throws sl::IoError when it has none.
std::vector<std::string> list_images(const std::string& folder);

// 8-bit, 3-channel BGR image. Throws sl::IoError naming the file and the problem.
cv::Mat load_image_bgr8(const std::string& path);

// A view's photo as 8-bit BGR: View::image_path, resolved against `scene_dir` when relative (a
// loaded scene has absolute paths already). Empty when it cannot be read; `why` then says why.
cv::Mat load_view_photo(const View& view, const std::string& scene_dir = {},
                        std::string* why = nullptr);

// Converts any depth (8/16-bit, float) and channel count (1, 3, 4) to 8-bit BGR.
cv::Mat to_bgr8(const cv::Mat& image);

// Resized so its longer side is at most max_size (INTER_AREA); unchanged when smaller.
cv::Mat downscale_to(const cv::Mat& image, int max_size);

}  // namespace sl::io
