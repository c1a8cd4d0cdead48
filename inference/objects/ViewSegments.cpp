#include "inference/objects/ViewSegments.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "inference/objects/DepthFlood.h"
#include "inference/objects/PhotoPrior.h"

namespace sl::objects {
namespace {

// Pieces of `depth` (CV_32F, 0 = unknown) joined by small relative steps between 4-neighbours,
// over the pixels `usable` marks; CV_32S, kOnPlane where not usable, kSmallPiece on a piece
// smaller than min_px.
cv::Mat depth_pieces(const cv::Mat& depth, const cv::Mat& usable, double step_rel, int min_px) {
  cv::Mat piece(depth.size(), CV_32S, cv::Scalar(ViewSegments::kOnPlane));
  std::vector<int> size_of;
  const auto joinable = [&](const cv::Point& q) { return usable.at<uchar>(q) != 0; };
  for (int r = 0; r < depth.rows; ++r)
    for (int c = 0; c < depth.cols; ++c) {
      if (!usable.at<uchar>(r, c) || piece.at<int>(r, c) >= 0) continue;
      const int id = int(size_of.size());
      size_of.push_back(flood_depth_piece(depth, piece, cv::Point(c, r), id, ViewSegments::kOnPlane,
                                          step_rel, joinable));
    }
  for (int r = 0; r < depth.rows; ++r)
    for (int c = 0; c < depth.cols; ++c) {
      int& id = piece.at<int>(r, c);
      if (id >= 0 && size_of[size_t(id)] < min_px) id = ViewSegments::kSmallPiece;
    }
  return piece;
}

}  // namespace

ViewSegments::ViewSegments(const Scene& scene, const std::vector<Eigen::Vector3f>& points,
                           const ViewSegmentOptions& o) {
  std::vector<int> with_depth;
  for (size_t v = 0; v < scene.views.size(); ++v) {
    const View& view = scene.views[v];
    if (view.registered && view.intrinsics.valid() && !view.depth_m.empty() &&
        view.depth_m.type() == CV_32F)
      with_depth.push_back(int(v));
  }
  if (with_depth.empty() || points.empty()) return;
  // A long video has hundreds of views: memory and time grow with points x views.
  if (o.max_views > 0 && int(with_depth.size()) > o.max_views) {
    std::vector<int> spread;
    for (int k = 0; k < o.max_views; ++k)
      spread.push_back(with_depth[size_t(k) * with_depth.size() / size_t(o.max_views)]);
    with_depth.swap(spread);
  }
  views_ = int(with_depth.size());
  labels_.assign(points.size() * size_t(views_), kUnseen);

  auto one_view = [&](int slot) {
    const int vi = with_depth[size_t(slot)];
    const View& view = scene.views[size_t(vi)];
    cv::Mat depth = consensus_depth(scene, vi);
    const double s = std::min(1.0, double(o.work_side) / double(std::max(depth.cols, depth.rows)));
    if (s < 1)
      cv::resize(depth, depth,
                 cv::Size(std::max(1, int(std::lround(depth.cols * s))),
                          std::max(1, int(std::lround(depth.rows * s)))),
                 0, 0, cv::INTER_NEAREST);
    if (o.median_px >= 3) cv::medianBlur(depth, depth, std::min(5, o.median_px | 1));
    const Intrinsics k = view.intrinsics.scaled(depth.cols, depth.rows);
    cv::Mat usable(depth.size(), CV_8U, cv::Scalar(0));
    for (int r = 0; r < depth.rows; ++r)
      for (int c = 0; c < depth.cols; ++c) {
        const float d = depth.at<float>(r, c);
        if (!(d > 0) || !std::isfinite(d)) continue;
        const Eigen::Vector3d p = view.world_from_cam * (k.unproject(Eigen::Vector2d(c, r)) * d);
        bool on_plane = false;
        for (const auto& pl : o.boundary_planes)
          on_plane = on_plane || std::abs(pl.head<3>().dot(p) + pl[3]) <= o.plane_distance;
        usable.at<uchar>(r, c) = on_plane ? 0 : 1;
      }
    const int min_px = std::max(4, int(o.min_piece_fraction * double(depth.total())));
    const cv::Mat piece = depth_pieces(depth, usable, o.depth_step_rel, min_px);
    const Eigen::Isometry3d cam_from_world = view.cam_from_world();
    for (size_t i = 0; i < points.size(); ++i) {
      const Eigen::Vector3d pc = cam_from_world * points[i].cast<double>();
      if (pc.z() <= 1e-9) continue;
      const Eigen::Vector2d uv = k.project(pc);
      if (!std::isfinite(uv.x()) || !std::isfinite(uv.y())) continue;
      const int c = int(std::lround(uv.x())), r = int(std::lround(uv.y()));
      if (c < 0 || r < 0 || c >= depth.cols || r >= depth.rows) continue;
      // The piece of the 3x3 pixel whose depth is nearest the point's, when near enough.
      const float z = float(pc.z());
      float best = -1;
      int32_t id = kUnseen;
      for (int dr = -1; dr <= 1; ++dr)
        for (int dc = -1; dc <= 1; ++dc) {
          const int rr = r + dr, cc = c + dc;
          if (rr < 0 || cc < 0 || rr >= depth.rows || cc >= depth.cols) continue;
          const float d = depth.at<float>(rr, cc);
          if (!(d > 0)) continue;
          const float err = std::abs(d - z);
          if (err > float(o.visibility_rel) * d || (best >= 0 && err >= best)) continue;
          best = err;
          id = piece.at<int>(rr, cc);
        }
      labels_[i * size_t(views_) + size_t(slot)] = id;
    }
  };
  const int threads = int(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int slot = t; slot < views_; slot += threads) one_view(slot);
    });
  for (auto& th : pool) th.join();
}

std::vector<std::vector<int32_t>> ViewSegments::dominant_pieces(const std::vector<uint32_t>& group,
                                                                double share, int min_seen) const {
  std::vector<std::vector<int32_t>> out(static_cast<size_t>(views_));
  std::vector<int32_t> ids;
  for (int v = 0; v < views_; ++v) {
    ids.clear();
    for (uint32_t i : group) {
      const int32_t l = label(i, v);
      if (l >= 0) ids.push_back(l);
    }
    if (int(ids.size()) < min_seen) continue;
    std::sort(ids.begin(), ids.end());
    for (size_t a = 0; a < ids.size();) {
      size_t b = a;
      while (b < ids.size() && ids[b] == ids[a]) ++b;
      if (double(b - a) >= share * double(ids.size())) out[size_t(v)].push_back(ids[a]);
      a = b;
    }
  }
  return out;
}

}  // namespace sl::objects
