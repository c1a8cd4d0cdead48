#include "inference/objects/Boxes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace sl::objects {

void horizontal_basis(const Eigen::Vector3d& up, Eigen::Vector3d& e1, Eigen::Vector3d& e2) {
  const Eigen::Vector3d u = up.normalized();
  Eigen::Vector3d x = Eigen::Vector3d::UnitX();
  if (std::abs(u.dot(x)) > 0.9) x = Eigen::Vector3d::UnitY();
  e1 = (x - u * u.dot(x)).normalized();
  e2 = u.cross(e1);
}

namespace {
// Signed area (counter-clockwise positive) of a polygon.
double polygon_area(const std::vector<Eigen::Vector2d>& p) {
  double a = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const Eigen::Vector2d& q = p[i];
    const Eigen::Vector2d& r = p[(i + 1) % p.size()];
    a += q.x() * r.y() - r.x() * q.y();
  }
  return 0.5 * a;
}

double percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  const size_t k = static_cast<size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}
}  // namespace

OrientedBox fit_upright_box(const std::vector<Eigen::Vector3f>& xyz,
                            const std::vector<uint32_t>& indices, const Eigen::Vector3d& up_in,
                            double lo, double hi) {
  OrientedBox box;
  if (indices.empty()) return box;
  const Eigen::Vector3d up = up_in.normalized();
  Eigen::Vector3d e1, e2;
  horizontal_basis(up, e1, e2);
  // Footprint rectangle on a subsample of at most 20k points (minAreaRect is O(n log n)).
  const size_t step = std::max<size_t>(1, indices.size() / 20000);
  std::vector<cv::Point2f> pts;
  pts.reserve(indices.size() / step + 1);
  for (size_t k = 0; k < indices.size(); k += step) {
    const Eigen::Vector3d p = xyz[indices[k]].cast<double>();
    pts.emplace_back(static_cast<float>(p.dot(e1)), static_cast<float>(p.dot(e2)));
  }
  double angle = 0;
  if (pts.size() >= 3) angle = cv::minAreaRect(pts).angle * M_PI / 180.0;
  return fit_upright_box_along(xyz, indices, up, std::cos(angle) * e1 + std::sin(angle) * e2, lo,
                               hi);
}

OrientedBox fit_upright_box_along(const std::vector<Eigen::Vector3f>& xyz,
                                  const std::vector<uint32_t>& indices,
                                  const Eigen::Vector3d& up_in, const Eigen::Vector3d& axis,
                                  double lo, double hi) {
  OrientedBox box;
  if (indices.empty()) return box;
  const Eigen::Vector3d up = up_in.normalized();
  Eigen::Vector3d a1 = (axis - axis.dot(up) * up).normalized();
  Eigen::Vector3d a2 = up.cross(a1);
  std::vector<double> s1, s2, s3;
  s1.reserve(indices.size());
  s2.reserve(indices.size());
  s3.reserve(indices.size());
  for (uint32_t i : indices) {
    const Eigen::Vector3d p = xyz[i].cast<double>();
    s1.push_back(p.dot(a1));
    s2.push_back(p.dot(a2));
    s3.push_back(p.dot(up));
  }
  const double l1 = percentile(s1, lo), h1 = percentile(s1, hi);
  const double l2 = percentile(s2, lo), h2 = percentile(s2, hi);
  const double l3 = percentile(s3, lo), h3 = percentile(s3, hi);
  Eigen::Vector3d size(h1 - l1, h2 - l2, h3 - l3);
  box.center = a1 * 0.5 * (l1 + h1) + a2 * 0.5 * (l2 + h2) + up * 0.5 * (l3 + h3);
  if (size[1] > size[0]) {
    std::swap(size[0], size[1]);
    const Eigen::Vector3d t = a1;
    a1 = a2;
    a2 = up.cross(a1);
    (void)t;
  }
  box.axes.col(0) = a1;
  box.axes.col(1) = a2;
  box.axes.col(2) = up;
  box.size = size;
  return box;
}

bool extend_to_support(OrientedBox& box, const Eigen::Vector3d& up_in, double base, double min_gap,
                       double gap_fraction) {
  if (!std::isfinite(base)) return false;
  const Eigen::Vector3d up = up_in.normalized();
  const double bottom = box.center.dot(up) - 0.5 * box.size[2];
  const double gap = bottom - base;
  if (!(gap > 0) || gap >= std::max(min_gap, gap_fraction * box.size[2])) return false;
  box.size[2] += gap;
  box.center -= 0.5 * gap * up;
  return true;
}

namespace {
// Footprint polygon (counter-clockwise in the (e1, e2) basis) and height range of a box.
std::vector<Eigen::Vector2d> footprint(const OrientedBox& box, const Eigen::Vector3d& up,
                                       double& zlo, double& zhi) {
  Eigen::Vector3d e1, e2;
  horizontal_basis(up, e1, e2);
  // Horizontal axes: the box axes least aligned with up.
  int hidx = 0;
  double best = -1;
  for (int k = 0; k < 3; ++k) {
    const double d = std::abs(box.axes.col(k).dot(up));
    if (d > best) {
      best = d;
      hidx = k;
    }
  }
  const int i0 = (hidx + 1) % 3, i1 = (hidx + 2) % 3;
  const Eigen::Vector3d u = box.axes.col(i0) * 0.5 * box.size[i0];
  const Eigen::Vector3d v = box.axes.col(i1) * 0.5 * box.size[i1];
  const double hc = box.center.dot(up), hh = 0.5 * box.size[hidx];
  zlo = hc - hh;
  zhi = hc + hh;
  std::vector<Eigen::Vector2d> poly;
  const std::array<Eigen::Vector3d, 4> cs = {
      Eigen::Vector3d(box.center + u + v), Eigen::Vector3d(box.center - u + v),
      Eigen::Vector3d(box.center - u - v), Eigen::Vector3d(box.center + u - v)};
  for (const auto& c : cs) poly.emplace_back(c.dot(e1), c.dot(e2));
  if (polygon_area(poly) < 0) std::reverse(poly.begin(), poly.end());
  return poly;
}

// Area of the intersection of two convex counter-clockwise polygons: `a` clipped by each edge of
// `b` (Sutherland-Hodgman), in double precision. (cv::intersectConvexConvex gives 0 for some
// nearly coinciding rectangles, OpenCV issues 22812 and 26972: a proposal matching its true box
// to within a centimetre scored IoU 0.)
double convex_intersection_area(const std::vector<Eigen::Vector2d>& a,
                                const std::vector<Eigen::Vector2d>& b) {
  std::vector<Eigen::Vector2d> poly = a, next;
  for (size_t k = 0; k < b.size() && !poly.empty(); ++k) {
    const Eigen::Vector2d& p0 = b[k];
    const Eigen::Vector2d edge = b[(k + 1) % b.size()] - p0;
    auto inside = [&](const Eigen::Vector2d& q) {
      const Eigen::Vector2d d = q - p0;
      return edge.x() * d.y() - edge.y() * d.x();  // >= 0: left of the edge (inside)
    };
    next.clear();
    for (size_t i = 0; i < poly.size(); ++i) {
      const Eigen::Vector2d& c = poly[i];
      const Eigen::Vector2d& n = poly[(i + 1) % poly.size()];
      const double sc = inside(c), sn = inside(n);
      if (sc >= 0) next.push_back(c);
      if ((sc >= 0) != (sn >= 0)) next.push_back(c + (n - c) * (sc / (sc - sn)));
    }
    poly.swap(next);
  }
  return poly.size() < 3 ? 0.0 : std::max(0.0, polygon_area(poly));
}

}  // namespace

double upright_box_iou(const OrientedBox& a, const OrientedBox& b, const Eigen::Vector3d& up_in) {
  const Eigen::Vector3d up = up_in.normalized();
  double alo, ahi, blo, bhi;
  const auto pa = footprint(a, up, alo, ahi);
  const auto pb = footprint(b, up, blo, bhi);
  const double h = std::max(0.0, std::min(ahi, bhi) - std::max(alo, blo));
  if (h <= 0) return 0;
  const double area = convex_intersection_area(pa, pb);
  if (area <= 0) return 0;
  const double vi = area * h;
  const double vu = a.volume() + b.volume() - vi;
  return vu > 0 ? vi / vu : 0;
}

double footprint_overlap(const OrientedBox& a, const OrientedBox& b, const Eigen::Vector3d& up_in,
                         double* vertical_gap) {
  const Eigen::Vector3d up = up_in.normalized();
  double alo, ahi, blo, bhi;
  const auto pa = footprint(a, up, alo, ahi);
  const auto pb = footprint(b, up, blo, bhi);
  if (vertical_gap) *vertical_gap = std::max(alo, blo) - std::min(ahi, bhi);
  const double amin = std::min(polygon_area(pa), polygon_area(pb));
  if (amin <= 0) return 0;
  return convex_intersection_area(pa, pb) / amin;
}

}  // namespace sl::objects
