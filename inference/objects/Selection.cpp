#include "inference/objects/Selection.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sl::objects {

std::vector<uint32_t> grow_region(const PointCloud& cloud, const CloudIndex& index, uint32_t seed,
                                  const GrowOptions& o) {
  std::vector<uint32_t> out;
  if (seed >= cloud.size()) return out;
  const float radius =
      static_cast<float>(o.radius > 0 ? o.radius : 2.5 * median_spacing(index, 500));
  const double plane_tol = o.plane_distance > 0 ? o.plane_distance : 1.0 * radius;
  const bool use_normals = cloud.has_normals() && o.max_normal_deg < 180;
  const float cos_normal =
      static_cast<float>(std::cos(o.max_normal_deg * 3.14159265358979 / 180.0));
  const bool use_color = cloud.has_rgb() && o.max_color_dist > 0;
  const float max_c2 = static_cast<float>(o.max_color_dist * o.max_color_dist);
  Eigen::Vector3f seed_rgb = Eigen::Vector3f::Zero();
  if (cloud.has_rgb())
    seed_rgb = Eigen::Vector3f(cloud.rgb[seed][0], cloud.rgb[seed][1], cloud.rgb[seed][2]);

  auto on_plane = [&](uint32_t i) {
    const Eigen::Vector3d p = cloud.xyz[i].cast<double>();
    if (o.support_plane &&
        std::abs(o.support_plane->head<3>().dot(p) + (*o.support_plane)[3]) < plane_tol)
      return true;
    for (const auto& pl : o.stop_planes)
      if (std::abs(pl.head<3>().dot(p) + pl[3]) < plane_tol) return true;
    return false;
  };
  bool plane_mode = false;
  auto accepts = [&](uint32_t from, uint32_t to) {
    if (on_plane(to) != plane_mode) return false;
    if (use_normals && std::abs(cloud.normals[from].dot(cloud.normals[to])) < cos_normal)
      return false;
    if (use_color) {
      Eigen::Vector3f c(cloud.rgb[to][0], cloud.rgb[to][1], cloud.rgb[to][2]);
      if ((c - seed_rgb).squaredNorm() > max_c2) return false;
    }
    return true;
  };

  const float inner2 = static_cast<float>(o.skip_inner * o.skip_inner) * radius * radius;
  // A click on the band of a stop plane: take the nearest point above it (the object's
  // foot); a click in the middle of the plane selects the plane's connected patch instead.
  if (on_plane(seed)) {
    std::vector<uint32_t> near;
    index.radius(cloud.xyz[seed], 3 * radius, near);
    float best = std::numeric_limits<float>::max();
    uint32_t moved = seed;
    for (uint32_t j : near) {
      const float d = (cloud.xyz[j] - cloud.xyz[seed]).squaredNorm();
      if (!on_plane(j) && d < best) {
        best = d;
        moved = j;
      }
    }
    if (moved != seed)
      seed = moved;
    else
      plane_mode = true;
  }
  std::vector<uint8_t> visited(cloud.size(), 0);
  std::vector<uint32_t> taken;  // accepted but not expanded
  std::vector<uint32_t> queue;
  std::vector<uint32_t> nb;
  visited[seed] = 1;
  queue.push_back(seed);
  for (size_t head = 0; head < queue.size(); ++head) {
    if (o.max_points > 0 && queue.size() >= o.max_points) break;
    const uint32_t cur = queue[head];
    index.radius(cloud.xyz[cur], radius, nb);
    for (uint32_t j : nb) {
      if (visited[j]) continue;
      if (!accepts(cur, j)) continue;
      visited[j] = 1;
      if ((cloud.xyz[j] - cloud.xyz[cur]).squaredNorm() < inner2)
        taken.push_back(j);
      else
        queue.push_back(j);
    }
  }
  queue.insert(queue.end(), taken.begin(), taken.end());
  std::sort(queue.begin(), queue.end());
  return queue;
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
