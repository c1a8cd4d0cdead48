#include "inference/io/ImageLoader.h"

#include <algorithm>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "scene/Scene.h"

namespace sl::io {
namespace fs = std::filesystem;
namespace {

std::string lower_ext(const std::string& path) {
  std::string e = fs::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return e;
}

}  // namespace

bool is_image_file(const std::string& path) {
  static const std::vector<std::string> exts = {".jpg",  ".jpeg", ".png", ".tif",
                                                ".tiff", ".webp", ".bmp"};
  return std::find(exts.begin(), exts.end(), lower_ext(path)) != exts.end();
}

bool is_video_file(const std::string& path) {
  static const std::vector<std::string> exts = {".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v"};
  return std::find(exts.begin(), exts.end(), lower_ext(path)) != exts.end();
}

std::vector<std::string> list_images(const std::string& folder) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.is_regular_file() && is_image_file(e.path().string())) out.push_back(e.path().string());
  if (ec) throw IoError(folder + ": cannot list the folder (" + ec.message() + ")");
  if (out.empty())
    throw IoError(folder + ": no photos found (expected .jpg, .png, .tif or .webp files)");
  std::sort(out.begin(), out.end());
  return out;
}

cv::Mat to_bgr8(const cv::Mat& image) {
  cv::Mat img = image;
  if (img.depth() == CV_16U) {
    img.convertTo(img, CV_8U, 1.0 / 257.0);
  } else if (img.depth() == CV_32F || img.depth() == CV_64F) {
    double lo = 0, hi = 1;
    cv::minMaxLoc(img.reshape(1), &lo, &hi);
    img.convertTo(img, CV_8U, hi > 1.0 ? 255.0 / hi : 255.0);
  } else if (img.depth() != CV_8U) {
    img.convertTo(img, CV_8U);
  }
  cv::Mat out;
  if (img.channels() == 1)
    cv::cvtColor(img, out, cv::COLOR_GRAY2BGR);
  else if (img.channels() == 4)
    cv::cvtColor(img, out, cv::COLOR_BGRA2BGR);
  else
    out = img;
  return out;
}

cv::Mat load_view_photo(const View& view, const std::string& scene_dir, std::string* why) {
  fs::path p = view.image_path;
  if (p.empty()) {
    if (why) *why = (view.name.empty() ? std::string("a view") : view.name) + ": no photo path";
    return {};
  }
  if (p.is_relative() && !scene_dir.empty()) p = fs::path(scene_dir) / p;
  try {
    return load_image_bgr8(p.string());
  } catch (const std::exception& e) {
    if (why) *why = e.what();
    return {};
  }
}

cv::Mat load_image_bgr8(const std::string& path) {
  if (!fs::exists(path)) throw IoError(path + ": file not found");
  // IMREAD_ANYDEPTH | IMREAD_ANYCOLOR keeps 16-bit data and alpha for our own conversion;
  // orientation is applied unless IMREAD_IGNORE_ORIENTATION is given.
  cv::Mat img;
  try {
    img = cv::imread(path, cv::IMREAD_ANYDEPTH | cv::IMREAD_ANYCOLOR);
  } catch (const cv::Exception& e) {
    throw IoError(path + ": cannot decode the image (" + e.what() + ")");
  }
  if (img.empty())
    throw IoError(path +
                  ": not a readable image (corrupt, or a format OpenCV cannot decode); "
                  "convert it to JPEG or PNG");
  return to_bgr8(img);
}

cv::Mat downscale_to(const cv::Mat& image, int max_size) {
  const int longer = std::max(image.cols, image.rows);
  if (max_size <= 0 || longer <= max_size) return image;
  const double s = double(max_size) / longer;
  cv::Mat out;
  cv::resize(image, out,
             cv::Size(std::max(1, int(std::lround(image.cols * s))),
                      std::max(1, int(std::lround(image.rows * s)))),
             0, 0, cv::INTER_AREA);
  return out;
}

}  // namespace sl::io
