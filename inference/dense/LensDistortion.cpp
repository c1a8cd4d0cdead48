// Lens distortion in the dense step: stereo runs on pinhole (undistorted) working images, and
// what goes back into the Scene (depth maps, source pixels) is on the photo's own pixel grid.
#include <opencv2/imgproc.hpp>

#include "inference/dense/DenseInternal.h"

namespace sl::dense {
namespace {

Intrinsics with_lens(const DenseViewData& d) {
  Intrinsics k = d.intrinsics;
  k.k1 = d.k1;
  k.k2 = d.k2;
  return k;
}

}  // namespace

bool has_lens_distortion(const Intrinsics& k) {
  return k.k1 != 0 || k.k2 != 0;
}

cv::Mat undistort_to_pinhole(const cv::Mat& image, const Intrinsics& lens) {
  if (!has_lens_distortion(lens)) return image;
  Intrinsics pin = lens;
  pin.k1 = pin.k2 = 0;
  cv::Mat mx(image.rows, image.cols, CV_32F), my(image.rows, image.cols, CV_32F);
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x) {
      const Eigen::Vector2d uv = lens.project(pin.unproject({double(x), double(y)}));
      mx.at<float>(y, x) = float(uv.x());
      my.at<float>(y, x) = float(uv.y());
    }
  cv::Mat out;
  cv::remap(image, out, mx, my, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar::all(0));
  return out;
}

PhotoGridMap photo_grid_map(const DenseViewData& d) {
  const Intrinsics lens = with_lens(d);
  PhotoGridMap m;
  if (!has_lens_distortion(lens)) return m;
  const int w = d.intrinsics.width, h = d.intrinsics.height;
  m.x.create(h, w, CV_32F);
  m.y.create(h, w, CV_32F);
  for (int v = 0; v < h; ++v)
    for (int u = 0; u < w; ++u) {  // the pinhole pixel of each photo pixel
      const Eigen::Vector3d ray = lens.undistorted_ray({double(u), double(v)});
      m.x.at<float>(v, u) = float(lens.fx * ray.x() + lens.cx);
      m.y.at<float>(v, u) = float(lens.fy * ray.y() + lens.cy);
    }
  return m;
}

cv::Mat to_photo_grid(const cv::Mat& pinhole_map, const PhotoGridMap& map) {
  if (map.x.empty() || pinhole_map.empty() || map.x.size() != pinhole_map.size())
    return pinhole_map;
  cv::Mat out;  // nearest: depths of two surfaces are never blended
  cv::remap(pinhole_map, out, map.x, map.y, cv::INTER_NEAREST, cv::BORDER_CONSTANT,
            cv::Scalar::all(0));
  return out;
}

Eigen::Vector2f photo_pixel(const DenseViewData& d, float x, float y) {
  Eigen::Vector2d uv(x, y);
  const Intrinsics lens = with_lens(d);
  if (has_lens_distortion(lens)) uv = lens.project(d.intrinsics.unproject(uv));
  const double sx = d.full_width > 0 ? double(d.full_width) / d.intrinsics.width : 1.0;
  const double sy = d.full_height > 0 ? double(d.full_height) / d.intrinsics.height : 1.0;
  return {float((uv.x() + 0.5) * sx - 0.5), float((uv.y() + 0.5) * sy - 0.5)};
}

}  // namespace sl::dense
