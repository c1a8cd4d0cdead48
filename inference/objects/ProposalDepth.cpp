#include "inference/objects/ProposalDepth.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "inference/objects/Boxes.h"

namespace sl::objects {

FreeSpace::FreeSpace(const Scene& scene, double margin, int width) : margin_(margin) {
  const PointCloud& cloud = scene.cloud;
  const size_t step = std::max<size_t>(1, cloud.size() / 400000);
  for (const View& v : scene.views) {
    if (!v.registered || !v.intrinsics.valid()) continue;
    ViewBuffer b;
    const Eigen::Isometry3d cw = v.cam_from_world();
    b.R = cw.linear();
    b.t = cw.translation();
    b.w = width;
    b.h = std::max(1, static_cast<int>(std::lround(width * double(v.intrinsics.height) /
                                                   double(v.intrinsics.width))));
    const Intrinsics k = v.intrinsics.scaled(b.w, b.h);
    b.fx = k.fx;
    b.fy = k.fy;
    b.cx = k.cx;
    b.cy = k.cy;
    b.depth.assign(size_t(b.w) * size_t(b.h), std::numeric_limits<float>::infinity());
    for (size_t i = 0; i < cloud.size(); i += step) {
      const Eigen::Vector3d pc = b.R * cloud.xyz[i].cast<double>() + b.t;
      if (pc.z() <= 1e-9) continue;
      const long u = std::lround(b.fx * pc.x() / pc.z() + b.cx);
      const long r = std::lround(b.fy * pc.y() / pc.z() + b.cy);
      if (u < 0 || r < 0 || u >= b.w || r >= b.h) continue;
      float& d = b.depth[size_t(r) * size_t(b.w) + size_t(u)];
      d = std::min(d, static_cast<float>(pc.z()));
    }
    views_.push_back(std::move(b));
  }
}

bool FreeSpace::seen_free(const Eigen::Vector3d& p) const {
  for (const ViewBuffer& b : views_) {
    const Eigen::Vector3d pc = b.R * p + b.t;
    if (pc.z() <= 1e-9) continue;
    const long u = std::lround(b.fx * pc.x() / pc.z() + b.cx);
    const long r = std::lround(b.fy * pc.y() / pc.z() + b.cy);
    if (u < 0 || r < 0 || u >= b.w || r >= b.h) continue;
    const float d = b.depth[size_t(r) * size_t(b.w) + size_t(u)];
    if (std::isfinite(d) && d > pc.z() + margin_) return true;
  }
  return false;
}

namespace {

// How far (at most `reach`) from `face` along `dir` the space is not seen free: slab by slab of
// about `tol`, each sampled 7 x 7 over the face (the middle `core` share of w along `across`, h
// along `vertical`); a slab with more than `free_share` of its samples seen free stops the march,
// unless at least `min_solid_rows` (> 0) of its 7 rows (heights) have no sample seen free.
double march_unseen(const FreeSpace& free, const Eigen::Vector3d& face, const Eigen::Vector3d& dir,
                    const Eigen::Vector3d& across, double w, const Eigen::Vector3d& vertical,
                    double h, double reach, double tol, double free_share, double core,
                    int min_solid_rows) {
  const int slabs = std::max(1, static_cast<int>(std::ceil(reach / std::max(tol, 1e-9))));
  const double step = reach / slabs;
  double extent = 0;
  for (int k = 0; k < slabs; ++k) {
    const Eigen::Vector3d mid = face + (k + 0.5) * step * dir;
    int n = 0, seen = 0;
    int solid_rows = 0;
    for (int j = 0; j < 7; ++j) {
      int row_free = 0;
      for (int i = 0; i < 7; ++i) {
        const Eigen::Vector3d p =
            mid + ((i + 0.5) / 7 - 0.5) * core * w * across + ((j + 0.5) / 7 - 0.5) * h * vertical;
        ++n;
        const bool f = free.seen_free(p);
        seen += f ? 1 : 0;
        row_free += f ? 1 : 0;
      }
      solid_rows += row_free == 0;
    }
    if (seen > free_share * n && (min_solid_rows <= 0 || solid_rows < min_solid_rows)) break;
    extent = (k + 1) * step;
  }
  return extent;
}

}  // namespace

bool complete_depth(const FreeSpace& free, const std::vector<Plane>& walls, double tol,
                    OrientedBox& box, const DepthCompletionOptions& o) {
  if (free.empty()) return false;
  const double len = box.size[0], wid = box.size[1], hgt = box.size[2];
  if (wid >= o.thin_ratio * len || wid >= o.max_thin * hgt) return false;
  const Eigen::Vector3d a = box.axes.col(1);
  const double cos_wall = std::cos(o.wall_max_deg * M_PI / 180.0);
  // The nearest parallel wall beyond the box along +a or -a.
  double best = std::numeric_limits<double>::infinity();
  Eigen::Vector3d dir = a;
  for (const Plane& pl : walls) {
    const double c = pl.normal().dot(a);
    if (std::abs(c) < cos_wall) continue;
    // Distance along `a` (signed) from the centre to the plane.
    const double s = -pl.signed_distance(box.center) / c;
    const double behind = std::abs(s) - 0.5 * wid;  // from the box's face to the wall
    if (behind <= tol || behind > o.max_depth * len) continue;
    if (behind < best) {
      best = behind;
      dir = s > 0 ? a : Eigen::Vector3d(-a);
    }
  }
  if (!std::isfinite(best)) return false;
  // March slab by slab from the far face towards the wall (stopping `tol` short of it).
  const double reach = best - tol;
  const double extent =
      march_unseen(free, box.center + 0.5 * wid * dir, dir, box.axes.col(0), len, box.axes.col(2),
                   hgt, reach, tol, o.free_share, 1.0, o.min_solid_rows);
  if (extent <= 0) return false;
  box.center += 0.5 * extent * dir;
  box.size[1] += extent;
  if (box.size[1] > box.size[0]) {  // keep size[0] the length
    std::swap(box.size[0], box.size[1]);
    const Eigen::Vector3d a0 = box.axes.col(0);
    box.axes.col(0) = box.axes.col(1);
    box.axes.col(1) = box.axes.col(2).cross(box.axes.col(0));
    (void)a0;
  }
  return true;
}

bool complete_hidden_side(const FreeSpace& free, const std::vector<Plane>& walls, double tol,
                          const Eigen::Vector3d& look_dir, const Eigen::Vector3d& up_in,
                          const std::vector<Eigen::Vector3f>& xyz,
                          const std::vector<uint32_t>& members, OrientedBox& box,
                          const HiddenSideOptions& o) {
  if (free.empty() || members.empty()) return false;
  const Eigen::Vector3d up = up_in.normalized();
  Eigen::Vector3d v = look_dir - look_dir.dot(up) * up;
  if (v.norm() < 1e-9) return false;
  v.normalize();
  OrientedBox b = fit_upright_box_along(xyz, members, up, up.cross(v));
  if (b.size[0] * b.size[1] > o.max_area_growth * box.size[0] * box.size[1]) {
    if (std::abs(box.axes.col(1).dot(v)) < std::cos(o.own_axes_max_deg * M_PI / 180.0))
      return false;
    if (o.own_axes_face_ratio > 0 && box.size[1] > o.own_axes_face_ratio * box.size[2])
      return false;
    b = box;
  }
  // Keep the height (the box may have been extended down to its support).
  b.center += (box.center.dot(up) - b.center.dot(up)) * up;
  b.size[2] = box.size[2];
  const int d = std::abs(b.axes.col(0).dot(v)) > std::abs(b.axes.col(1).dot(v)) ? 0 : 1;
  const Eigen::Vector3d dir =
      b.axes.col(d).dot(v) > 0 ? Eigen::Vector3d(b.axes.col(d)) : Eigen::Vector3d(-b.axes.col(d));
  const Eigen::Vector3d across = b.axes.col(1 - d);
  double reach = b.size[1 - d] - b.size[d];
  // Never into a wall: stop `tol` short of the nearest one across the extension.
  const double cos_wall = std::cos(o.wall_max_deg * M_PI / 180.0);
  for (const Plane& pl : walls) {
    const double c = pl.normal().dot(dir);
    if (std::abs(c) < cos_wall) continue;
    const double s = -pl.signed_distance(b.center) / c;  // along dir, from the centre
    if (s <= 0) continue;
    reach = std::min(reach, s - 0.5 * b.size[d] - tol);
  }
  if (reach <= tol) return false;
  const double extent =
      march_unseen(free, b.center + 0.5 * b.size[d] * dir, dir, across, b.size[1 - d], up,
                   b.size[2], reach, tol, o.free_share, o.core_width, o.min_solid_rows);
  if (extent <= 0) return false;
  b.center += 0.5 * extent * dir;
  b.size[d] += extent;
  if (b.size[1] > b.size[0]) {  // keep size[0] the length
    std::swap(b.size[0], b.size[1]);
    b.axes.col(0) = b.axes.col(1);
    b.axes.col(1) = up.cross(b.axes.col(0));
  }
  box = b;
  return true;
}

bool snap_to_wall(const std::vector<Plane>& walls, double tol, const Eigen::Vector3d& up_in,
                  const std::vector<Eigen::Vector3f>& xyz, const std::vector<uint32_t>& members,
                  OrientedBox& box, const WallSnapOptions& o) {
  if (members.empty()) return false;
  const Eigen::Vector3d up = up_in.normalized();
  const Eigen::Vector3d a0 = box.axes.col(0);
  const double cos_max = std::cos(o.max_deg * M_PI / 180.0);
  const std::array<Eigen::Vector3d, 8> corners = box.corners();
  const Plane* best = nullptr;
  double best_dist = o.near_tols * tol;
  for (const Plane& pl : walls) {
    Eigen::Vector3d n = pl.normal() - pl.normal().dot(up) * up;
    if (n.norm() < 0.5) continue;  // not a wall
    n.normalize();
    // The box's axes within max_deg of the wall's normal and direction (either way round).
    const double c = std::max(std::abs(a0.dot(n)), std::abs(up.cross(a0).dot(n)));
    if (c < cos_max || c > std::cos(0.5 * M_PI / 180.0)) continue;  // far off, or aligned already
    // The gap between the box and the wall (0 when its corners lie on both sides).
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& q : corners) {
      lo = std::min(lo, pl.signed_distance(q));
      hi = std::max(hi, pl.signed_distance(q));
    }
    const double d = lo > 0 ? lo : hi < 0 ? -hi : 0.0;
    if (d <= best_dist) {
      best_dist = d;
      best = &pl;
    }
  }
  if (!best) return false;
  OrientedBox b = fit_upright_box_along(xyz, members, up, up.cross(best->normal()));
  if (b.size[0] * b.size[1] > o.max_area_growth * box.size[0] * box.size[1]) return false;
  b.center += (box.center.dot(up) - b.center.dot(up)) * up;
  b.size[2] = box.size[2];
  box = b;
  return true;
}

}  // namespace sl::objects
