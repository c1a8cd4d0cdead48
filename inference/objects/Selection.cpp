#include "inference/objects/Selection.h"

#include <algorithm>
#include <cmath>

namespace sl::objects {

std::vector<uint32_t> grow_region(const PointCloud& cloud, const CloudIndex& index, uint32_t seed,
                                  const GrowOptions& o) {
  if (seed >= cloud.size()) return {};
  return grow_region(build_region_graph(cloud, index, o), cloud, seed, o);
}

static std::vector<uint32_t> normalized(std::vector<uint32_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::vector<uint32_t> selection_union(const std::vector<uint32_t>& a,
                                      const std::vector<uint32_t>& b) {
  auto x = normalized(a), y = normalized(b);
  std::vector<uint32_t> out;
  std::set_union(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
  return out;
}
std::vector<uint32_t> selection_difference(const std::vector<uint32_t>& a,
                                           const std::vector<uint32_t>& b) {
  auto x = normalized(a), y = normalized(b);
  std::vector<uint32_t> out;
  std::set_difference(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
  return out;
}
std::vector<uint32_t> selection_intersection(const std::vector<uint32_t>& a,
                                             const std::vector<uint32_t>& b) {
  auto x = normalized(a), y = normalized(b);
  std::vector<uint32_t> out;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
  return out;
}

namespace {
// NDC xy of a point, or nothing when behind the camera / outside the depth range.
bool to_ndc(const Eigen::Matrix4f& m, const Eigen::Vector3f& p, Eigen::Vector2f& ndc) {
  const Eigen::Vector4f c = m * p.homogeneous();
  if (c.w() <= 1e-9f) return false;
  if (std::abs(c.z() / c.w()) > 1.f) return false;
  ndc = c.head<2>() / c.w();
  return true;
}
}  // namespace

std::vector<uint32_t> select_box(const PointCloud& cloud, const Eigen::Matrix4f& clip_from_world,
                                 const Eigen::Vector2f& ndc_min, const Eigen::Vector2f& ndc_max) {
  const Eigen::Vector2f lo = ndc_min.cwiseMin(ndc_max), hi = ndc_min.cwiseMax(ndc_max);
  std::vector<uint32_t> out;
  Eigen::Vector2f q;
  for (size_t i = 0; i < cloud.size(); ++i) {
    if (!to_ndc(clip_from_world, cloud.xyz[i], q)) continue;
    if (q.x() >= lo.x() && q.x() <= hi.x() && q.y() >= lo.y() && q.y() <= hi.y())
      out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

bool point_in_polygon(const Eigen::Vector2f& p, const std::vector<Eigen::Vector2f>& poly) {
  bool inside = false;
  for (size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    const Eigen::Vector2f& a = poly[i];
    const Eigen::Vector2f& b = poly[j];
    if ((a.y() > p.y()) != (b.y() > p.y()) &&
        p.x() < (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x())
      inside = !inside;
  }
  return inside;
}

std::vector<uint32_t> select_lasso(const PointCloud& cloud, const Eigen::Matrix4f& clip_from_world,
                                   const std::vector<Eigen::Vector2f>& polygon) {
  std::vector<uint32_t> out;
  if (polygon.size() < 3) return out;
  Eigen::Vector2f lo = polygon[0], hi = polygon[0];
  for (const auto& v : polygon) {
    lo = lo.cwiseMin(v);
    hi = hi.cwiseMax(v);
  }
  Eigen::Vector2f q;
  for (size_t i = 0; i < cloud.size(); ++i) {
    if (!to_ndc(clip_from_world, cloud.xyz[i], q)) continue;
    if (q.x() < lo.x() || q.x() > hi.x() || q.y() < lo.y() || q.y() > hi.y()) continue;
    if (point_in_polygon(q, polygon)) out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

}  // namespace sl::objects
