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
  // within `rel` of the view's depth there, else (no depth known) of the cloud's own z-buffer.
  // `depth` (optional) receives the point's camera depth.
  bool visible(const Eigen::Vector3f& p_world, cv::Point& px, double* depth = nullptr) const {
    Eigen::Vector2d uv;
    Eigen::Vector3d pc;
    if (!project(p_world, uv, pc)) return false;
    const double z = pc.z();
    if (depth) *depth = z;
    px = cv::Point(std::clamp(int(std::lround(uv.x())), 0, out_w_ - 1),
                   std::clamp(int(std::lround(uv.y())), 0, out_h_ - 1));
    if (!v_.depth_m.empty()) {
      const Eigen::Vector2d ud = k_depth_.project(pc);
      const int c = int(std::lround(ud.x())), r = int(std::lround(ud.y()));
      // The nearest known depth of the 3x3 neighbourhood: edges and holes of the map.
      float best = 0;
      for (int dr = -1; dr <= 1; ++dr)
        for (int dc = -1; dc <= 1; ++dc) {
          const int rr = r + dr, cc = c + dc;
          if (rr < 0 || cc < 0 || rr >= v_.depth_m.rows || cc >= v_.depth_m.cols) continue;
          const float d = v_.depth_m.at<float>(rr, cc);
          if (d > 0 && std::isfinite(d) && (best == 0 || std::abs(d - z) < std::abs(best - z)))
            best = d;
        }
      if (best > 0) return std::abs(z - best) <= rel_ * best;
    }
    if (zbuf_.empty()) build_zbuffer();
    const float front = zbuf_.at<float>(int(uv.y()) / zbuf_cell_, int(uv.x()) / zbuf_cell_);
    return z <= front * (1 + 3 * rel_);
  }

 private:
  // The nearest cloud depth per cell of a coarse grid over the out grid.
  void build_zbuffer() const {
    zbuf_cell_ = std::max(2, std::min(out_w_, out_h_) / 160);
    zbuf_ = cv::Mat(out_h_ / zbuf_cell_ + 1, out_w_ / zbuf_cell_ + 1, CV_32F,
                    cv::Scalar(std::numeric_limits<float>::infinity()));
    for (const auto& p : cloud_.xyz) {
      Eigen::Vector2d uv;
      Eigen::Vector3d pc;
      if (!project(p, uv, pc)) continue;
      float& cell = zbuf_.at<float>(int(uv.y()) / zbuf_cell_, int(uv.x()) / zbuf_cell_);
      cell = std::min(cell, float(pc.z()));
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
