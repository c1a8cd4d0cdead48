// Which cloud points a view sees, and at which pixel of a grid of a given size: the view's depth
// map when it has one, else a coarse z-buffer of the cloud itself. Internal to inference/objects.
#pragma once
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <limits>
#include <opencv2/core.hpp>

#include "scene/Scene.h"

namespace sl::objects {

// Not thread-safe (the z-buffer is built on first need); one instance per thread.
class ViewVisibility {
 public:
  ViewVisibility(const Scene& scene, int view, int out_w, int out_h, double rel)
      : cloud_(scene.cloud), v_(scene.views.at(size_t(view))), rel_(rel) {
    cam_from_world_ = v_.cam_from_world();
    k_out_ = v_.intrinsics.scaled(out_w, out_h);
    out_w_ = out_w;
    out_h_ = out_h;
    if (!v_.depth_m.empty()) k_depth_ = v_.intrinsics.scaled(v_.depth_m.cols, v_.depth_m.rows);
  }

  // Pixel (out grid), camera-frame point and depth of a world point in front of the camera and
  // in the frame.
  bool project(const Eigen::Vector3f& p_world, Eigen::Vector2d& uv, Eigen::Vector3d& pc) const {
    pc = cam_from_world_ * p_world.cast<double>();
    if (pc.z() <= 1e-9) return false;
    uv = k_out_.project(pc);
    return uv.x() >= -0.5 && uv.y() >= -0.5 && uv.x() < out_w_ - 0.5 && uv.y() < out_h_ - 0.5 &&
           std::isfinite(uv.x()) && std::isfinite(uv.y());
  }

  // In the frame at `px` (rounded pixel of the out grid) and not hidden behind other geometry:
  // within `rel` of the view's depth there, else (no depth known) not clearly behind the cloud's
  // own nearest surface there (cloud_front). `depth` (optional) receives the point's camera depth.
  bool visible(const Eigen::Vector3f& p_world, cv::Point& px, double* depth = nullptr) const {
    Eigen::Vector2d uv;
    Eigen::Vector3d pc;
    if (!project(p_world, uv, pc)) return false;
    const double z = pc.z();
    if (depth) *depth = z;
    px = cv::Point(std::clamp(int(std::lround(uv.x())), 0, out_w_ - 1),
                   std::clamp(int(std::lround(uv.y())), 0, out_h_ - 1));
    const float best = map_depth(pc);
    if (best > 0) return std::abs(z - best) <= rel_ * best;
    const float front = cloud_front(uv);
    return !(front > 0) || z <= front * (1 + 3 * rel_);
  }

  // Where a world point lies against the surface the view shows at its pixel `px`: out of the
  // frame, behind it (hidden), on it (within `rel`), or in front of it (in the free space the
  // view looks through: had a surface been there, the view would have seen it).
  enum class Relation { OutOfFrame, Behind, On, InFront };
  Relation relation(const Eigen::Vector3f& p_world, cv::Point& px) const {
    Eigen::Vector2d uv;
    Eigen::Vector3d pc;
    if (!project(p_world, uv, pc)) return Relation::OutOfFrame;
    px = cv::Point(std::clamp(int(std::lround(uv.x())), 0, out_w_ - 1),
                   std::clamp(int(std::lround(uv.y())), 0, out_h_ - 1));
    const double z = pc.z();
    double surface = map_depth(pc);
    double rel = rel_;
    if (!(surface > 0)) surface = cloud_front(uv), rel = 3 * rel_;
    if (!(surface > 0)) return Relation::On;  // nothing known there: cannot say
    if (z > surface * (1 + rel)) return Relation::Behind;
    if (z < surface * (1 - rel)) return Relation::InFront;
    return Relation::On;
  }

  // The camera depth of the cloud's nearest surface at out-grid position `uv` (0: no point of
  // the cloud there). Per cell of a coarse grid, the nearest depth that a second point of the
  // cell confirms (a lone point far in front of the others is a stray one).
  float cloud_front(const Eigen::Vector2d& uv) const {
    if (zbuf_.empty()) build_zbuffer();
    const int r = std::clamp(int(uv.y()) / zbuf_cell_, 0, zbuf_.rows - 1);
    const int c = std::clamp(int(uv.x()) / zbuf_cell_, 0, zbuf_.cols - 1);
    return zbuf_.at<float>(r, c);
  }
  // The grid cloud_front reads (CV_32F, 0 = none) and its cell size in out-grid pixels.
  const cv::Mat& front_grid() const {
    if (zbuf_.empty()) build_zbuffer();
    return zbuf_;
  }
  int front_cell() const {
    if (zbuf_.empty()) build_zbuffer();
    return zbuf_cell_;
  }

 private:
  // The view's depth map nearest to camera point `pc`'s depth in the 3x3 neighbourhood of its
  // pixel (edges and holes of the map); 0 when the map has none there.
  float map_depth(const Eigen::Vector3d& pc) const {
    if (v_.depth_m.empty()) return 0;
    const double z = pc.z();
    const Eigen::Vector2d ud = k_depth_.project(pc);
    const int c = int(std::lround(ud.x())), r = int(std::lround(ud.y()));
    float best = 0;
    for (int dr = -1; dr <= 1; ++dr)
      for (int dc = -1; dc <= 1; ++dc) {
        const int rr = r + dr, cc = c + dc;
        if (rr < 0 || cc < 0 || rr >= v_.depth_m.rows || cc >= v_.depth_m.cols) continue;
        const float d = v_.depth_m.at<float>(rr, cc);
        if (d > 0 && std::isfinite(d) && (best == 0 || std::abs(d - z) < std::abs(best - z)))
          best = d;
      }
    return best;
  }

  // The nearest confirmed cloud depth per cell of a coarse grid over the out grid: the three
  // nearest depths of each cell are kept; the first that the next one is within 2 * rel of.
  void build_zbuffer() const {
    zbuf_cell_ = std::max(2, std::min(out_w_, out_h_) / 160);
    const int rows = out_h_ / zbuf_cell_ + 1, cols = out_w_ / zbuf_cell_ + 1;
    const float inf = std::numeric_limits<float>::infinity();
    cv::Mat near3(rows, cols, CV_32FC3, cv::Scalar::all(inf));
    for (const auto& p : cloud_.xyz) {
      Eigen::Vector2d uv;
      Eigen::Vector3d pc;
      if (!project(p, uv, pc)) continue;
      const int r = std::clamp(int(uv.y()) / zbuf_cell_, 0, rows - 1);
      const int c = std::clamp(int(uv.x()) / zbuf_cell_, 0, cols - 1);
      cv::Vec3f& n = near3.at<cv::Vec3f>(r, c);
      float z = float(pc.z());
      for (int i = 0; i < 3; ++i)
        if (z < n[i]) std::swap(z, n[i]);
    }
    zbuf_ = cv::Mat(rows, cols, CV_32F, cv::Scalar(0));
    const float step = float(1 + 2 * rel_);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const cv::Vec3f& n = near3.at<cv::Vec3f>(r, c);
        if (!std::isfinite(n[0])) continue;
        float f = n[0];  // a lone point, or three that disagree: the nearest
        if (std::isfinite(n[1]) && n[1] > n[0] * step && std::isfinite(n[2]) && n[2] <= n[1] * step)
          f = n[1];
        zbuf_.at<float>(r, c) = f;
      }
  }

  const PointCloud& cloud_;
  const View& v_;
  double rel_;
  Eigen::Isometry3d cam_from_world_;
  Intrinsics k_out_, k_depth_;
  int out_w_ = 0, out_h_ = 0;
  mutable int zbuf_cell_ = 2;
  mutable cv::Mat zbuf_;
};

}  // namespace sl::objects
