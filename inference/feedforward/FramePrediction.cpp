#include "inference/feedforward/FramePrediction.h"

#include <Eigen/Dense>
#include <cmath>
#include <stdexcept>

namespace sl::ff {

Eigen::Matrix3d intrinsics_from_local_points(const cv::Mat& local_points) {
  // Normal equations of two independent 2-parameter fits.
  Eigen::Matrix2d ax = Eigen::Matrix2d::Zero(), ay = Eigen::Matrix2d::Zero();
  Eigen::Vector2d bx = Eigen::Vector2d::Zero(), by = Eigen::Vector2d::Zero();
  int n = 0;
  for (int v = 0; v < local_points.rows; ++v) {
    const auto* row = local_points.ptr<cv::Vec3f>(v);
    for (int u = 0; u < local_points.cols; ++u) {
      const cv::Vec3f& p = row[u];
      if (!(p[2] > 1e-6f) || !std::isfinite(p[0]) || !std::isfinite(p[1])) continue;
      const double x = p[0] / p[2], y = p[1] / p[2];
      ax += Eigen::Vector2d(x, 1) * Eigen::RowVector2d(x, 1);
      bx += Eigen::Vector2d(x, 1) * u;
      ay += Eigen::Vector2d(y, 1) * Eigen::RowVector2d(y, 1);
      by += Eigen::Vector2d(y, 1) * v;
      ++n;
    }
  }
  if (n < 16)
    throw std::runtime_error("cannot recover intrinsics: only " + std::to_string(n) +
                             " pixels have a local point in front of the camera");
  const Eigen::Vector2d sx = ax.ldlt().solve(bx), sy = ay.ldlt().solve(by);
  Eigen::Matrix3d k;
  k << sx[0], 0, sx[1], 0, sy[0], sy[1], 0, 0, 1;
  if (!(k(0, 0) > 0 && k(1, 1) > 0))
    throw std::runtime_error(
        "cannot recover intrinsics: the local points do not fit a camera "
        "looking along +z (OpenCV axes expected)");
  return k;
}

void complete_prediction(FramePrediction& f) {
  const bool had_local = !f.local_points.empty();
  if (!had_local && f.depth.empty())
    throw std::runtime_error("the model gave neither depth nor local points for a frame");
  if (f.depth.empty()) {
    std::vector<cv::Mat> ch;
    cv::split(f.local_points, ch);
    f.depth = ch[2].clone();
  }
  if (!f.K) {
    if (!had_local) throw std::runtime_error("the model gave no intrinsics and no local points");
    f.K = intrinsics_from_local_points(f.local_points);
  }
  const Eigen::Matrix3d& k = *f.K;
  const int h = f.depth.rows, w = f.depth.cols;
  if (!had_local) {
    f.local_points.create(h, w, CV_32FC3);
    for (int v = 0; v < h; ++v)
      for (int u = 0; u < w; ++u) {
        const float z = f.depth.at<float>(v, u);
        f.local_points.at<cv::Vec3f>(v, u) =
            cv::Vec3f(float((u - k(0, 2)) / k(0, 0) * z), float((v - k(1, 2)) / k(1, 1) * z), z);
      }
  }
  const Eigen::Matrix4f t = f.world_from_cam.matrix().cast<float>();
  const bool had_world = !f.world_points.empty();
  if (!had_world) f.world_points.create(h, w, CV_32FC3);
  const bool need_conf = f.confidence.empty();
  if (need_conf) f.confidence.create(h, w, CV_32F);
  for (int v = 0; v < h; ++v)
    for (int u = 0; u < w; ++u) {
      const cv::Vec3f& l = f.local_points.at<cv::Vec3f>(v, u);
      const Eigen::Vector3f pw =
          t.topLeftCorner<3, 3>() * Eigen::Vector3f(l[0], l[1], l[2]) + t.topRightCorner<3, 1>();
      cv::Vec3f& wp = f.world_points.at<cv::Vec3f>(v, u);
      if (!had_world) wp = cv::Vec3f(pw.x(), pw.y(), pw.z());
      if (!need_conf) continue;
      const float z = l[2];
      if (!(z > 0) || !std::isfinite(z)) {
        f.confidence.at<float>(v, u) = 0.f;
        continue;
      }
      const float world_err = (Eigen::Vector3f(wp[0], wp[1], wp[2]) - pw).norm();
      const float ray_u = float(k(0, 0) * l[0] / z + k(0, 2)) - u;
      const float ray_v = float(k(1, 1) * l[1] / z + k(1, 2)) - v;
      const float ray_err = std::sqrt(ray_u * ray_u + ray_v * ray_v) * z / float(k(0, 0));
      f.confidence.at<float>(v, u) = std::exp(-(world_err + ray_err) / (0.01f * z));
    }
}

Eigen::Matrix4d similarity_from_points(const std::vector<Eigen::Vector3d>& from,
                                       const std::vector<Eigen::Vector3d>& to) {
  const int n = int(std::min(from.size(), to.size()));
  if (n < 3) throw std::runtime_error("chunk alignment needs at least 3 shared points");
  Eigen::Matrix3Xd a(3, n), b(3, n);
  for (int i = 0; i < n; ++i) a.col(i) = from[i], b.col(i) = to[i];
  Eigen::Matrix4d s = Eigen::umeyama(a, b, true);
  // Two rounds of trimming: drop points whose residual exceeds 3x the median.
  for (int round = 0; round < 2; ++round) {
    std::vector<double> r(n);
    for (int i = 0; i < n; ++i) r[i] = ((s * a.col(i).homogeneous()).head<3>() - b.col(i)).norm();
    std::vector<double> sorted = r;
    std::nth_element(sorted.begin(), sorted.begin() + n / 2, sorted.end());
    const double limit = 3 * sorted[n / 2] + 1e-12;
    std::vector<int> keep;
    for (int i = 0; i < n; ++i)
      if (r[i] <= limit) keep.push_back(i);
    if (int(keep.size()) < 3 || int(keep.size()) == n) break;
    Eigen::Matrix3Xd ka(3, keep.size()), kb(3, keep.size());
    for (size_t i = 0; i < keep.size(); ++i) ka.col(i) = a.col(keep[i]), kb.col(i) = b.col(keep[i]);
    s = Eigen::umeyama(ka, kb, true);
  }
  return s;
}

void apply_similarity(const Eigen::Matrix4d& to_from_from, FramePrediction& f) {
  const Eigen::Matrix3d sr = to_from_from.topLeftCorner<3, 3>();
  const double scale = std::cbrt(sr.determinant());
  const Eigen::Matrix3d r = sr / scale;
  const Eigen::Vector3d t = to_from_from.topRightCorner<3, 1>();
  Eigen::Isometry3d pose = Eigen::Isometry3d::Identity();
  pose.linear() = r * f.world_from_cam.linear();
  pose.translation() = scale * (r * f.world_from_cam.translation()) + t;
  f.world_from_cam = pose;
  // Depth and local points scale with the world.
  f.depth *= scale;
  f.local_points *= scale;
  const Eigen::Matrix3f srf = sr.cast<float>();
  const Eigen::Vector3f tf = t.cast<float>();
  for (int v = 0; v < f.world_points.rows; ++v)
    for (int u = 0; u < f.world_points.cols; ++u) {
      cv::Vec3f& p = f.world_points.at<cv::Vec3f>(v, u);
      const Eigen::Vector3f q = srf * Eigen::Vector3f(p[0], p[1], p[2]) + tf;
      p = cv::Vec3f(q.x(), q.y(), q.z());
    }
}

std::vector<std::pair<int, int>> plan_chunks(int n, int max_frames, int overlap) {
  std::vector<std::pair<int, int>> out;
  if (n <= max_frames) {
    out.emplace_back(0, n);
    return out;
  }
  const int step = max_frames - overlap;
  for (int begin = 0;; begin += step) {
    const int end = std::min(n, begin + max_frames);
    out.emplace_back(begin, end);
    if (end == n) break;
  }
  // Keep the last chunk full so it shares `overlap` frames and has enough context.
  auto& last = out.back();
  if (out.size() > 1 && last.second - last.first < max_frames) last.first = n - max_frames;
  return out;
}

}  // namespace sl::ff
