#include "inference/sfm/Matching.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/flann.hpp>
#include <set>

namespace sl::sfm {

std::vector<std::pair<int, int>> select_pairs(int n, const MatchOptions& opt) {
  std::vector<std::pair<int, int>> out;
  if (!opt.sequential && n <= opt.exhaustive_max_images) {
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j) out.emplace_back(i, j);
    return out;
  }
  std::set<std::pair<int, int>> s;
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n && j <= i + opt.window; ++j) s.insert({i, j});
    // Loop candidates: a few images further away at growing strides (closes rings and loops).
    for (int step = 2 * opt.window; step < n; step *= 2) {
      if (i + step < n) s.insert({i, i + step});
      if (i + n - step > i && i + n - step < n) s.insert({i, i + n - step});
    }
  }
  out.assign(s.begin(), s.end());
  return out;
}

namespace {

std::vector<int> best_matches(const cv::Mat& q, const cv::Mat& t, double ratio) {
  std::vector<int> out(size_t(q.rows), -1);
  if (q.rows < 2 || t.rows < 2) return out;
  cv::FlannBasedMatcher matcher(cv::makePtr<cv::flann::KDTreeIndexParams>(4),
                                cv::makePtr<cv::flann::SearchParams>(64));
  std::vector<std::vector<cv::DMatch>> knn;
  matcher.knnMatch(q, t, knn, 2);
  for (const auto& m : knn) {
    if (m.size() < 2) continue;
    if (m[0].distance < ratio * m[1].distance) out[size_t(m[0].queryIdx)] = m[0].trainIdx;
  }
  return out;
}

// Ratio test + mutual check + fundamental-matrix RANSAC on the nearest neighbours a->b, b->a.
PairMatchResult verify(const FeatureSet& a, const FeatureSet& b, int i, int j,
                       const MatchOptions& opt, const std::vector<int>& ab,
                       const std::vector<int>& ba) {
  PairMatchResult r;
  r.pair.i = i;
  r.pair.j = j;
  std::vector<std::pair<int, int>> putative;
  std::vector<cv::Point2f> pa, pb;
  for (int k = 0; k < int(ab.size()); ++k) {
    const int m = ab[k];
    if (m < 0 || ba[m] != k) continue;
    putative.emplace_back(k, m);
    pa.emplace_back(float(a.keypoints[k].x()), float(a.keypoints[k].y()));
    pb.emplace_back(float(b.keypoints[m].x()), float(b.keypoints[m].y()));
  }
  r.putative = int(putative.size());
  if (r.putative < std::max(8, opt.min_inliers)) return r;
  const double thresh =
      std::max(1.0, 1.0 * std::max({a.width, a.height, b.width, b.height}) / 1000.0);
  cv::Mat mask;
  cv::Mat F = cv::findFundamentalMat(pa, pb, cv::FM_RANSAC, thresh, 0.999, 5000, mask);
  if (F.empty() || mask.empty()) return r;
  for (int k = 0; k < int(putative.size()); ++k)
    if (mask.at<uchar>(k)) r.pair.matches.push_back(putative[k]);
  r.inliers = int(r.pair.matches.size());
  return r;
}

}  // namespace

PairMatchResult match_pair(const FeatureSet& a, const FeatureSet& b, int i, int j,
                           const MatchOptions& opt) {
  return verify(a, b, i, j, opt, best_matches(a.descriptors, b.descriptors, opt.ratio),
                best_matches(b.descriptors, a.descriptors, opt.ratio));
}

struct PairMatcher::Index {
  cv::flann::Index kd;
};

PairMatcher::PairMatcher(const std::vector<FeatureSet>& features, const MatchOptions& opt)
    : features_(features), opt_(opt), indexes_(features.size()) {}

PairMatcher::~PairMatcher() = default;

void PairMatcher::release(int image) {
  indexes_[image].reset();
}

const PairMatcher::Index& PairMatcher::index(int image) {
  if (!indexes_[image]) {
    indexes_[image] = std::make_unique<Index>();
    indexes_[image]->kd.build(features_[image].descriptors, cv::flann::KDTreeIndexParams(4));
  }
  return *indexes_[image];
}

PairMatchResult PairMatcher::match(int i, int j) {
  const cv::Mat& da = features_[i].descriptors;
  const cv::Mat& db = features_[j].descriptors;
  auto query = [&](const cv::Mat& q, int train_image, int train_rows) {
    std::vector<int> out(size_t(q.rows), -1);
    if (q.rows < 2 || train_rows < 2) return out;
    cv::Mat idx, dist;
    const_cast<cv::flann::Index&>(index(train_image).kd)
        .knnSearch(q, idx, dist, 2, cv::flann::SearchParams(32));
    for (int r = 0; r < q.rows; ++r) {
      // Squared L2 distances: the ratio test on distances is ratio^2 on these.
      if (dist.at<float>(r, 0) < opt_.ratio * opt_.ratio * dist.at<float>(r, 1))
        out[size_t(r)] = idx.at<int>(r, 0);
    }
    return out;
  };
  return verify(features_[i], features_[j], i, j, opt_, query(da, j, db.rows),
                query(db, i, da.rows));
}

}  // namespace sl::sfm
