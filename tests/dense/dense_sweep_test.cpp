// plane_sweep on hand-built scenes of textured planes: a surface only one neighbour sees, and a
// floor seen at a grazing angle (the ground planes).
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

#include "inference/dense/DenseInternal.h"

using namespace sl;
using namespace sl::dense;

namespace {

// A plane n . X = offset (world, metres) with a random texture of ~5 cm blobs.
struct TexturedPlane {
  Eigen::Vector3d normal;
  double offset = 0;
  cv::Mat texture;  // CV_32F in [0, 1], 100 px per metre, centred on the origin
};

TexturedPlane make_plane(const Eigen::Vector3d& normal, double offset, int seed) {
  TexturedPlane p{normal.normalized(), offset, cv::Mat(1000, 1000, CV_32F)};
  cv::RNG rng{uint64_t(seed)};
  rng.fill(p.texture, cv::RNG::UNIFORM, 0.0, 1.0);
  cv::GaussianBlur(p.texture, p.texture, cv::Size(0, 0), 5.0);
  cv::normalize(p.texture, p.texture, 0, 1, cv::NORM_MINMAX);
  return p;
}

// Texture coordinates: the point's two coordinates across the plane's normal.
float shade(const TexturedPlane& p, const Eigen::Vector3d& X) {
  const Eigen::Vector3d a =
      std::abs(p.normal.z()) > 0.9 ? Eigen::Vector3d::UnitX() : Eigen::Vector3d::UnitZ();
  const Eigen::Vector3d u = p.normal.cross(a).normalized(), v = p.normal.cross(u);
  const float tx = float(X.dot(u) * 100 + 500), ty = float(X.dot(v) * 100 + 500);
  if (tx < 0 || ty < 0 || tx > 998 || ty > 998) return 0.5f;
  cv::Mat px;
  cv::getRectSubPix(p.texture, cv::Size(1, 1), cv::Point2f(tx, ty), px);
  return px.at<float>(0, 0);
}

Intrinsics camera() {
  Intrinsics k;
  k.width = 160;
  k.height = 120;
  k.fx = k.fy = 140;
  k.cx = 79.5;
  k.cy = 59.5;
  return k;
}

// A view at `eye` looking at `target` (y down in the image, `up` up in the world), rendered from
// the nearest plane each pixel's ray meets; true depth alongside.
SweepView render(const std::vector<TexturedPlane>& planes, const Eigen::Vector3d& eye,
                 const Eigen::Vector3d& target, const Eigen::Vector3d& up, cv::Mat* depth) {
  SweepView v;
  v.intrinsics = camera();
  const Eigen::Vector3d z = (target - eye).normalized(), x = z.cross(up).normalized(),
                        y = z.cross(x);
  v.world_from_cam.linear().col(0) = x;
  v.world_from_cam.linear().col(1) = y;
  v.world_from_cam.linear().col(2) = z;
  v.world_from_cam.translation() = eye;
  v.gray = cv::Mat(v.intrinsics.height, v.intrinsics.width, CV_32F, cv::Scalar(0.5));
  if (depth) *depth = cv::Mat::zeros(v.gray.size(), CV_32F);
  for (int r = 0; r < v.gray.rows; ++r)
    for (int c = 0; c < v.gray.cols; ++c) {
      const Eigen::Vector3d ray_cam = v.intrinsics.unproject({double(c), double(r)});
      const Eigen::Vector3d ray = v.world_from_cam.linear() * ray_cam;
      double best = 1e9;
      const TexturedPlane* hit = nullptr;
      for (const auto& p : planes) {
        const double den = p.normal.dot(ray);
        if (std::abs(den) < 1e-9) continue;
        const double t = (p.offset - p.normal.dot(eye)) / den;  // depth: ray has unit z
        if (t > 0.05 && t < best) best = t, hit = &p;
      }
      if (!hit) continue;
      v.gray.at<float>(r, c) = shade(*hit, eye + ray * best);
      if (depth) depth->at<float>(r, c) = float(best);
    }
  return v;
}

// Share of the pixels with a true depth whose depth is within `tol` of it at confidence >= 0.5.
double confirmed_share(const SweepResult& r, const cv::Mat& truth, double tol, int border,
                       float min_conf = 0.5f) {
  size_t n = 0, good = 0;
  for (int y = border; y < truth.rows - border; ++y)
    for (int x = border; x < truth.cols - border; ++x) {
      const float t = truth.at<float>(y, x);
      if (t <= 0) continue;
      ++n;
      const float e = r.depth_m.at<float>(y, x);
      good += e > 0 && std::abs(e - t) < tol * t && r.confidence.at<float>(y, x) >= min_conf;
    }
  return n ? double(good) / double(n) : 0;
}

DenseOptions sweep_options() {
  DenseOptions o;
  o.num_depths = 64;
  o.coarse_to_fine = false;
  return o;
}

}  // namespace

// The reference and one neighbour see a wall 2 m away; of the other three neighbours one turns its
// back to it and two look sideways at side walls, where the reference's rays land at wrong
// depths. The mean of the best two neighbours scores the wall at most half its NCC and the side
// walls' chance matches win; the best neighbour alone (x 0.8) keeps it.
TEST(DenseSweep, SurfaceOnlyOneNeighbourSeesGetsItsDepth) {
  const Eigen::Vector3d up(0, -1, 0);  // y down in the world as in the cameras
  const std::vector<TexturedPlane> planes = {
      make_plane({0, 0, 1}, 2.0, 1), make_plane({0, 0, 1}, -3.0, 2), make_plane({1, 0, 0}, 1.5, 4),
      make_plane({1, 0, 0}, -1.5, 5)};
  cv::Mat truth;
  const SweepView ref = render(planes, {0, 0, 0}, {0, 0, 2}, up, &truth);
  std::vector<SweepView> nbs = {render(planes, {0.25, 0, 0}, {0.25, 0, 2}, up, nullptr)};
  nbs.push_back(render(planes, {-0.25, 0.1, 0}, {-0.25, 0.1, -2}, up, nullptr));
  nbs.push_back(render(planes, {0.0, 0.1, 0.3}, {2, 0.1, 1.3}, up, nullptr));
  nbs.push_back(render(planes, {0.1, -0.1, 0.3}, {-2, -0.1, 1.3}, up, nullptr));
  DenseOptions o = sweep_options();
  const SweepResult with = plane_sweep(ref, nbs, 0.8, 6.0, o, {}, {});
  o.single_view_weight = 0;
  const SweepResult without = plane_sweep(ref, nbs, 0.8, 6.0, o, {}, {});
  // The neighbour 0.25 m to the right misses the wall's left edge: judge the other columns.
  cv::Mat seen = truth.clone();
  seen.colRange(0, 20).setTo(0);
  const double share = confirmed_share(with, seen, 0.01, 4, o.min_confidence);
  const double share_without = confirmed_share(without, seen, 0.01, 4, o.min_confidence);
  std::printf(
      "wall seen by one neighbour: within 1%% at a fusable confidence: %.3f (best-k mean "
      "alone %.3f)\n",
      share, share_without);
  EXPECT_GE(share, 0.8);
  EXPECT_LT(share_without, 0.6);
}

// A floor 1.2 m below cameras that look 20 degrees down: fronto-parallel planes cut it at a
// steep angle, ground planes lie on it.
TEST(DenseSweep, GroundPlanesRecoverAFloorSeenAtAGrazingAngle) {
  const Eigen::Vector3d up(0, 0, 1);
  const std::vector<TexturedPlane> planes = {make_plane(up, 0.0, 3)};
  const double tilt = std::tan(20 * M_PI / 180);
  const auto look = [&](double x) { return Eigen::Vector3d(x, 1.0, 1.2 - tilt); };
  cv::Mat truth;
  const SweepView ref = render(planes, {0, 0, 1.2}, look(0), up, &truth);
  std::vector<SweepView> nbs;
  for (double x : {-0.3, 0.3, -0.15, 0.15})
    nbs.push_back(render(planes, {x, -0.1, 1.2}, look(x), up, nullptr));
  DenseOptions o = sweep_options();
  GroundPlanes ground;
  ground.up_world = up;
  ground.min_drop_m = 0.3;
  ground.max_drop_m = 1.5;
  const SweepResult with = plane_sweep(ref, nbs, 0.8, 12.0, o, {}, ground);
  const SweepResult without = plane_sweep(ref, nbs, 0.8, 12.0, o, {}, {});
  const double share = confirmed_share(with, truth, 0.01, 4);
  const double share_without = confirmed_share(without, truth, 0.01, 4);
  std::printf("floor at a grazing angle: confirmed within 1%%: %.3f (fronto-parallel only %.3f)\n",
              share, share_without);
  EXPECT_GT(share, share_without + 0.05);
}

TEST(DenseSweep, UpFromCamerasIsNormalToTheirXAxes) {
  Scene scene;
  const Eigen::Vector3d up = Eigen::Vector3d(0.1, 0.2, 1).normalized();
  for (int i = 0; i < 6; ++i) {
    // Cameras around a ring, pitched down 15 degrees, no roll, in a frame tilted to `up`.
    const Eigen::Vector3d a = up.unitOrthogonal(), b = up.cross(a);
    const double yaw = i * M_PI / 3, pitch = 15 * M_PI / 180;
    const Eigen::Vector3d fwd =
        (std::cos(yaw) * a + std::sin(yaw) * b) * std::cos(pitch) - up * std::sin(pitch);
    View v;
    v.intrinsics = camera();
    const Eigen::Vector3d x = fwd.cross(up).normalized(), y = fwd.cross(x);
    v.world_from_cam.linear().col(0) = x;
    v.world_from_cam.linear().col(1) = y;
    v.world_from_cam.linear().col(2) = fwd;
    scene.views.push_back(v);
  }
  const Eigen::Vector3d est = up_from_cameras(scene);
  EXPECT_GT(est.dot(up), std::cos(0.1 * M_PI / 180));
  // All looking one way: the mean -y axis, still perpendicular to x.
  for (auto& v : scene.views) v.world_from_cam = scene.views[0].world_from_cam;
  const Eigen::Vector3d one = up_from_cameras(scene);
  EXPECT_NEAR(one.dot(scene.views[0].world_from_cam.linear().col(0)), 0, 1e-9);
  EXPECT_GT(one.dot(up), std::cos(16 * M_PI / 180));
}
