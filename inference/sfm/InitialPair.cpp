#include "inference/sfm/InitialPair.h"

#include <algorithm>
#include <opencv2/calib3d.hpp>
#include <opencv2/core/eigen.hpp>

#include "inference/sfm/Triangulation.h"

namespace sl::sfm {
namespace {

InitialPair evaluate(const MapModel& model, const VerifiedPair& p, const MapperOptions& opt) {
  InitialPair out;
  out.i = p.i;
  out.j = p.j;
  std::vector<cv::Point2d> a, b, pa, pb;
  for (const auto& [ka, kb] : p.matches) {
    const Eigen::Vector2d xa = model.normalize(p.i, model.keypoint(p.i, ka));
    const Eigen::Vector2d xb = model.normalize(p.j, model.keypoint(p.j, kb));
    a.emplace_back(xa.x(), xa.y());
    b.emplace_back(xb.x(), xb.y());
    const auto& ua = model.keypoint(p.i, ka);
    const auto& ub = model.keypoint(p.j, kb);
    pa.emplace_back(ua.x(), ua.y());
    pb.emplace_back(ub.x(), ub.y());
  }
  const double f = 0.5 * (model.camera(p.i).f + model.camera(p.j).f);
  cv::Mat mask;
  cv::Mat E =
      cv::findEssentialMat(a, b, cv::Mat::eye(3, 3, CV_64F), cv::RANSAC, 0.999, 1.5 / f, mask);
  if (E.empty() || E.rows != 3) return out;
  cv::Mat R, t;
  const int n_pose = cv::recoverPose(E, a, b, cv::Mat::eye(3, 3, CV_64F), R, t, mask);
  if (n_pose < opt.min_init_inliers) return out;
  cv::Mat hmask;
  cv::Mat H = cv::findHomography(pa, pb, cv::RANSAC, 3.0, hmask);
  const int h_inliers = H.empty() ? 0 : cv::countNonZero(hmask);
  if (double(h_inliers) > 0.9 * double(n_pose)) return out;  // no parallax
  Eigen::Matrix3d Re;
  Eigen::Vector3d te;
  cv::cv2eigen(R, Re);
  cv::cv2eigen(t, te);
  Eigen::Isometry3d T = Eigen::Isometry3d::Identity();
  T.linear() = Re;
  T.translation() = te.normalized();
  std::vector<double> angles;
  const Eigen::Vector3d c1 = Eigen::Vector3d::Zero(), c2 = T.inverse().translation();
  for (size_t k = 0; k < a.size(); ++k) {
    if (!mask.at<uchar>(int(k))) continue;
    Eigen::Vector3d X;
    if (!triangulate_dlt(Eigen::Isometry3d::Identity(), Eigen::Vector2d(a[k].x, a[k].y), T,
                         Eigen::Vector2d(b[k].x, b[k].y), X))
      continue;
    angles.push_back(triangulation_angle(c1, c2, X) * 180.0 / M_PI);
  }
  if (int(angles.size()) < opt.min_init_inliers) return out;
  std::nth_element(angles.begin(), angles.begin() + angles.size() / 2, angles.end());
  out.median_angle_deg = angles[angles.size() / 2];
  out.inliers = int(angles.size());
  out.j_from_i = T;
  out.ok = true;
  return out;
}

}  // namespace

InitialPair find_initial_pair(const MapModel& model, const std::vector<VerifiedPair>& pairs,
                              const std::set<std::pair<int, int>>& tried,
                              const MapperOptions& opt) {
  // Candidates by number of verified matches, weighted by how connected both images are.
  std::vector<int> degree(model.poses.size(), 0);
  for (const auto& p : pairs) {
    ++degree[p.i];
    ++degree[p.j];
  }
  std::vector<int> order;
  for (int k = 0; k < int(pairs.size()); ++k)
    if (!tried.count({pairs[k].i, pairs[k].j}) &&
        int(pairs[k].matches.size()) >= opt.min_init_inliers)
      order.push_back(k);
  std::sort(order.begin(), order.end(),
            [&](int x, int y) { return pairs[x].matches.size() > pairs[y].matches.size(); });
  // The pairs with the most matches are often the closest (video frames: no parallax), so the
  // candidates span the whole ranking: the top 20, then evenly spaced down to the weakest.
  if (order.size() > 60) {
    std::vector<int> spread(order.begin(), order.begin() + 20);
    const double step = double(order.size() - 20) / 40.0;
    for (int k = 0; k < 40; ++k) spread.push_back(order[20 + size_t(k * step)]);
    order = std::move(spread);
  }
  InitialPair best;
  double best_score = -1;
  for (int k : order) {
    InitialPair c = evaluate(model, pairs[k], opt);
    if (!c.ok) continue;
    // Favour a wide baseline (saturating at 8 degrees) and many inliers.
    const double angle_term = std::min(c.median_angle_deg, 8.0);
    if (c.median_angle_deg < 2.0) continue;
    const double score = double(c.inliers) * angle_term;
    if (score > best_score) {
      best_score = score;
      best = c;
    }
  }
  if (!best.ok) {  // relax: accept a narrow baseline rather than nothing
    for (int k : order) {
      InitialPair c = evaluate(model, pairs[k], opt);
      if (c.ok && c.median_angle_deg > 0.5) return c;
    }
  }
  return best;
}

}  // namespace sl::sfm
