#include "inference/objects/RoundFootprint.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "inference/objects/Boxes.h"

namespace sl::objects {

Circle2 fit_circle(const std::vector<Eigen::Vector2d>& pts) {
  Circle2 c;
  if (pts.size() < 3) return c;
  // Algebraic (Kasa) fit: x^2 + y^2 + D x + E y + F = 0, about the centroid for conditioning.
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  for (const auto& p : pts) mean += p;
  mean /= double(pts.size());
  Eigen::MatrixXd A(pts.size(), 3);
  Eigen::VectorXd b(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) {
    const Eigen::Vector2d q = pts[i] - mean;
    A.row(Eigen::Index(i)) << q.x(), q.y(), 1.0;
    b[Eigen::Index(i)] = -q.squaredNorm();
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(A);
  if (qr.rank() < 3) return c;  // collinear (or repeated) points
  const Eigen::Vector3d s = qr.solve(b);
  Eigen::Vector2d centre(-0.5 * s[0], -0.5 * s[1]);
  double r2 = centre.squaredNorm() - s[2];
  if (!(r2 > 0) || !std::isfinite(r2)) return c;
  double r = std::sqrt(r2);
  // Gauss-Newton on the geometric residuals |p - centre| - r.
  for (int it = 0; it < 20; ++it) {
    Eigen::Matrix3d JtJ = Eigen::Matrix3d::Zero();
    Eigen::Vector3d Jtr = Eigen::Vector3d::Zero();
    for (const auto& p : pts) {
      const Eigen::Vector2d d = (p - mean) - centre;
      const double n = d.norm();
      if (n < 1e-12) continue;
      const Eigen::Vector3d J(-d.x() / n, -d.y() / n, -1.0);
      const double res = n - r;
      JtJ += J * J.transpose();
      Jtr += J * res;
    }
    const Eigen::Vector3d step = JtJ.ldlt().solve(-Jtr);
    if (!step.allFinite()) break;
    centre += step.head<2>();
    r += step[2];
    if (step.norm() < 1e-9 * std::max(1.0, r)) break;
  }
  if (!(r > 0) || !centre.allFinite()) return c;
  double ss = 0;
  for (const auto& p : pts) {
    const double e = ((p - mean) - centre).norm() - r;
    ss += e * e;
  }
  c.center = centre + mean;
  c.radius = r;
  c.rms = std::sqrt(ss / double(pts.size()));
  return c;
}

namespace {

// The circle whose arc the hull of `flat` runs along, or radius 0 (see RoundFootprintOptions).
Circle2 arc_circle(const std::vector<cv::Point2f>& flat, const RoundFootprintOptions& o) {
  Circle2 none;
  if (flat.size() < 3) return none;
  std::vector<cv::Point2f> hull;
  cv::convexHull(flat, hull);
  if (int(hull.size()) < o.min_vertices) return none;
  std::vector<Eigen::Vector2d> v;
  for (const auto& q : hull) v.emplace_back(q.x, q.y);
  const Circle2 c = fit_circle(v);
  if (c.radius <= 0) return none;
  // The hull vertices' angles about the centre: one wide gap (the unseen side, or none), and
  // every other gap narrow.
  std::vector<double> ang;
  for (const auto& p : v) ang.push_back(std::atan2(p.y() - c.center.y(), p.x() - c.center.x()));
  std::sort(ang.begin(), ang.end());
  double widest = 0, second = 0;
  for (size_t k = 0; k < ang.size(); ++k) {
    const double gap = k + 1 < ang.size() ? ang[k + 1] - ang[k] : ang[0] + 2 * M_PI - ang[k];
    if (gap > widest) {
      second = widest;
      widest = gap;
    } else {
      second = std::max(second, gap);
    }
  }
  const double deg = 180.0 / M_PI;
  if (c.rms > o.max_rms_rel * c.radius || second * deg > o.max_gap_deg ||
      (2 * M_PI - widest) * deg < o.min_span_deg)
    return none;
  return c;
}

}  // namespace

bool round_footprint(const std::vector<Eigen::Vector3f>& xyz, const std::vector<uint32_t>& members,
                     const Eigen::Vector3d& up_in, OrientedBox& box,
                     const RoundFootprintOptions& o) {
  if (members.size() < 3 || o.slices < 1) return false;
  const Eigen::Vector3d up = up_in.normalized();
  Eigen::Vector3d e1, e2;
  horizontal_basis(up, e1, e2);
  const double h = box.center.dot(up), lo = h - 0.5 * box.size[2];
  const double thick = box.size[2] / o.slices;
  if (!(thick > 0)) return false;
  const size_t step = std::max<size_t>(1, members.size() / std::max<size_t>(1, o.max_points));
  std::vector<std::vector<cv::Point2f>> slice(size_t(o.slices));
  for (size_t k = 0; k < members.size(); k += step) {
    const Eigen::Vector3d p = xyz[members[k]].cast<double>();
    const int s = int(std::floor((p.dot(up) - lo) / thick));
    if (s < 0 || s >= o.slices) continue;
    slice[size_t(s)].emplace_back(float(p.dot(e1)), float(p.dot(e2)));
  }
  const double longer = std::max(box.size[0], box.size[1]);
  Circle2 best;
  for (const auto& f : slice) {
    if (f.size() < o.min_slice_points) continue;
    const Circle2 c = arc_circle(f, o);
    if (c.radius > best.radius && 2 * c.radius >= o.min_grow * longer &&
        2 * c.radius <= o.max_grow * longer)
      best = c;
  }
  if (best.radius <= 0) return false;
  box.center = best.center.x() * e1 + best.center.y() * e2 + h * up;
  box.size[0] = box.size[1] = 2 * best.radius;
  return true;
}

}  // namespace sl::objects
