// fuse_dense on exact depth maps of a floor seen at a grazing angle: where the depth changes by
// about the fusion's tolerance from one pixel to the next, the neighbours' depth must be read at
// the projection itself (DenseOptions::fusion_interpolate), not at the nearest pixel.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "inference/Job.h"
#include "inference/dense/DenseStereo.h"
#include "scene/LookAt.h"

using namespace sl;
using namespace sl::dense;

namespace {

// Three cameras 1.2 m above the floor z = 0, 0.4 m apart along x (0.3 m along y), looking along +y
// and down to a point 6 m ahead: the floor 2-12 m away is seen at 6-33 degrees. Exact depth maps
// (depth along the optical axis, 0 above the horizon and beyond 12 m), 160 x 120 pixels.
DenseCache grazing_floor() {
  DenseCache c;
  const int W = 160, H = 120;
  for (int k = 0; k < 3; ++k) {
    DenseViewData d;
    d.view_index = k;
    d.intrinsics.width = d.full_width = W;
    d.intrinsics.height = d.full_height = H;
    d.intrinsics.fx = d.intrinsics.fy = 150;
    d.intrinsics.cx = (W - 1) / 2.0;
    d.intrinsics.cy = (H - 1) / 2.0;
    const Eigen::Vector3d eye(0.4 * (k - 1), 0.3 * k, 1.2);
    d.world_from_cam = world_from_cam_looking_at(eye, eye + Eigen::Vector3d(0, 6, -1.2));
    d.image_bgr = cv::Mat(H, W, CV_8UC3, cv::Scalar(90, 120, 150));
    d.depth_m = cv::Mat::zeros(H, W, CV_32F);
    d.confidence = cv::Mat::ones(H, W, CV_32F);
    const Eigen::Matrix3d R = d.world_from_cam.linear();
    for (int v = 0; v < H; ++v)
      for (int u = 0; u < W; ++u) {
        const Eigen::Vector3d ray = R * d.intrinsics.unproject(Eigen::Vector2d(u, v));
        if (ray.z() >= -1e-6) continue;
        const double t = -eye.z() / ray.z();  // depth along the optical axis (ray's z is 1)
        if (t <= 12) d.depth_m.at<float>(v, u) = float(t);
      }
    for (int j = 0; j < 3; ++j)
      if (j != k) d.neighbors.push_back(j);
    d.far_depth = 12;
    c.views.push_back(d);
  }
  return c;
}

// Pixels with depth that some neighbour sees too (the point projects into its image onto a pixel
// with depth): the most fusion can keep.
size_t pixels_a_neighbour_sees(const DenseCache& c) {
  size_t n = 0;
  for (const auto& d : c.views)
    for (int v = 0; v < d.depth_m.rows; ++v)
      for (int u = 0; u < d.depth_m.cols; ++u) {
        const double z = d.depth_m.at<float>(v, u);
        if (z <= 0) continue;
        const Eigen::Vector3d X =
            d.world_from_cam * (d.intrinsics.unproject(Eigen::Vector2d(u, v)) * z);
        bool seen = false;
        for (int k : d.neighbors) {
          const DenseViewData& e = c.views[size_t(k)];
          const Eigen::Vector3d Y = e.world_from_cam.inverse() * X;
          if (Y.z() <= 0) continue;
          const Eigen::Vector2d uv = e.intrinsics.project(Y);
          const long un = std::lround(uv.x()), vn = std::lround(uv.y());
          seen = seen || (un >= 0 && vn >= 0 && un < e.depth_m.cols && vn < e.depth_m.rows &&
                          e.depth_m.at<float>(int(vn), int(un)) > 0);
        }
        n += seen ? 1 : 0;
      }
  return n;
}

}  // namespace

TEST(DenseFusion, GrazingFloorFusedWithInterpolatedNeighbourDepth) {
  CallbackJobContext ctx;
  DenseOptions o;
  o.sor_neighbors = 0;
  o.estimate_normals = false;
  DenseCache with = grazing_floor();
  const size_t total = pixels_a_neighbour_sees(with);
  fuse_dense(with, o, ctx);
  o.fusion_interpolate = false;
  DenseCache without = grazing_floor();
  fuse_dense(without, o, ctx);
  const double share_with = double(with.points.size()) / double(total);
  const double share_without = double(without.points.size()) / double(total);
  std::printf(
      "grazing floor, of the pixels a neighbour sees, fused: %.3f interpolated, %.3f "
      "nearest pixel (%zu pixels)\n",
      share_with, share_without, total);
  EXPECT_GT(share_with, 0.9);
  EXPECT_GT(share_with, share_without + 0.1);
  // Every fused point lies on the floor.
  float worst = 0;
  for (const auto& p : with.points.xyz) worst = std::max(worst, std::abs(p.z()));
  EXPECT_LT(worst, 2e-3f);
}
