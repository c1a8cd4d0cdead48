#include "inference/objects/Proposals.h"

#include <open3d/geometry/PointCloud.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <thread>
#include <tuple>

#include "inference/objects/Boxes.h"
#include "inference/objects/CameraLook.h"
#include "inference/objects/CloudIndex.h"
#include "inference/objects/ProposalDepth.h"
#include "inference/objects/RoundFootprint.h"
#include "inference/objects/Support.h"
#include "inference/objects/TableLegs.h"
#include "inference/objects/ViewSegments.h"

namespace sl::objects {

namespace {

template <class F>
void parallel_for(size_t n, F f) {
  const size_t t = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> th;
  for (size_t k = 0; k < t; ++k)
    th.emplace_back([&, k] {
      for (size_t i = k * n / t; i < (k + 1) * n / t; ++i) f(i);
    });
  for (auto& x : th) x.join();
}

// Unit normals of the sample: the cloud's own, else estimated (Open3D, k = 16) and oriented
// towards the mean camera centre (or up when there are no cameras).
std::vector<Eigen::Vector3f> sample_normals(const Scene& scene, const std::vector<uint32_t>& sample,
                                            const Eigen::Vector3d& up) {
  const PointCloud& cloud = scene.cloud;
  std::vector<Eigen::Vector3f> out(sample.size());
  if (cloud.has_normals()) {
    for (size_t k = 0; k < sample.size(); ++k) out[k] = cloud.normals[sample[k]];
    return out;
  }
  open3d::geometry::PointCloud pc;
  pc.points_.reserve(sample.size());
  for (uint32_t i : sample) pc.points_.push_back(cloud.xyz[i].cast<double>());
  pc.EstimateNormals(open3d::geometry::KDTreeSearchParamKNN(16));
  Eigen::Vector3d eye = Eigen::Vector3d::Zero();
  int n = 0;
  for (const auto& v : scene.views)
    if (v.registered) {
      eye += v.center();
      ++n;
    }
  for (size_t k = 0; k < sample.size(); ++k) {
    Eigen::Vector3d nn = pc.normals_[k];
    const Eigen::Vector3d towards = n > 0 ? Eigen::Vector3d(eye / n - pc.points_[k]) : up;
    if (nn.dot(towards) < 0) nn = -nn;
    out[k] = nn.cast<float>();
  }
  return out;
}

}  // namespace

ProposalResult propose_objects(const Scene& scene, const ProposalOptions& o) {
  use_all_cores();
  const auto t0 = std::chrono::steady_clock::now();
  ProposalResult r;
  const PointCloud& cloud = scene.cloud;
  const size_t n = cloud.size();
  if (n < 10) return r;
  r.planes = detect_planes(cloud, o.planes);
  r.floor = find_floor(scene, r.planes);
  const Eigen::Vector3d up = r.floor.found ? r.floor.up : camera_up(scene);
  const double tol = o.planes.distance > 0 ? o.planes.distance : auto_plane_distance(cloud);

  // Random subset (sorted indices, deterministic).
  std::vector<uint32_t> sample(n);
  std::iota(sample.begin(), sample.end(), 0u);
  if (n > o.max_sample) {
    std::mt19937 rng(11);
    std::shuffle(sample.begin(), sample.end(), rng);
    sample.resize(o.max_sample);
    std::sort(sample.begin(), sample.end());
  }
  // Boundary planes: (nearly) all points lie on one side.
  for (size_t k = 0; k < r.planes.size(); ++k) {
    size_t pos = 0, neg = 0;
    for (uint32_t i : sample) {
      const double d = r.planes[k].signed_distance(cloud.xyz[i].cast<double>());
      if (d > 1.5 * tol) ++pos;
      if (d < -1.5 * tol) ++neg;
    }
    const double off = static_cast<double>(std::max<size_t>(1, pos + neg));
    if (static_cast<double>(std::min(pos, neg)) / off < o.boundary_side_fraction)
      r.boundary_planes.push_back(static_cast<int>(k));
  }
  // The ground the scene stands on (the floor, or the table top a close-up was shot on) bounds it
  // when next to nothing of the cloud lies below it (ProposalOptions::floor_bounds_share): its
  // points are then removed like a wall's, even where the room's floor or the table's legs show
  // under it, and a piece wholly below it is stray points or far background.
  bool floor_bounds = false;
  if (r.floor.found && o.floor_bounds_share > 0) {
    size_t below = 0;
    for (uint32_t i : sample)
      below += r.floor.plane.signed_distance(cloud.xyz[i].cast<double>()) < -1.5 * tol ? 1 : 0;
    floor_bounds = double(below) < o.floor_bounds_share * double(sample.size());
    const int k = r.floor.plane_index;
    if (floor_bounds && k >= 0 &&
        std::find(r.boundary_planes.begin(), r.boundary_planes.end(), k) == r.boundary_planes.end())
      r.boundary_planes.push_back(k);
  }
  // With normals, a point near a boundary plane belongs to it only when it faces the same way
  // (an object's side standing close to a wall stays with the object).
  const float cos_bn = static_cast<float>(std::cos(o.boundary_normal_deg * M_PI / 180.0));
  auto on_boundary = [&](const Eigen::Vector3f& p, const Eigen::Vector3f* nrm) {
    for (int k : r.boundary_planes) {
      const Plane& pl = r.planes[static_cast<size_t>(k)];
      if (std::abs(pl.signed_distance(p.cast<double>())) >= 1.5 * tol) continue;
      if (!nrm || std::abs(nrm->dot(pl.normal().cast<float>())) >= cos_bn) return true;
    }
    return false;
  };
  const std::vector<Eigen::Vector3f> snrm = sample_normals(scene, sample, up);
  std::vector<uint32_t> kept;  // indices into cloud
  std::vector<Eigen::Vector3f> kxyz, knrm;
  for (size_t k = 0; k < sample.size(); ++k)
    if (!on_boundary(cloud.xyz[sample[k]], &snrm[k])) {
      kept.push_back(sample[k]);
      kxyz.push_back(cloud.xyz[sample[k]]);
      knrm.push_back(snrm[k]);
    }
  if (o.denoise_neighbours > 0 && o.denoise_std > 0 && kxyz.size() > 100) {
    open3d::geometry::PointCloud pc;
    pc.points_.reserve(kxyz.size());
    for (const auto& p : kxyz) pc.points_.push_back(p.cast<double>());
    const auto inliers = std::get<1>(
        pc.RemoveStatisticalOutliers(static_cast<size_t>(o.denoise_neighbours), o.denoise_std));
    std::vector<uint32_t> k2;
    std::vector<Eigen::Vector3f> x2, n2;
    for (size_t j : inliers) {
      k2.push_back(kept[j]);
      x2.push_back(kxyz[j]);
      n2.push_back(knrm[j]);
    }
    kept.swap(k2);
    kxyz.swap(x2);
    knrm.swap(n2);
  }
  if (kxyz.size() < 10) return r;
  // The kept points' colours (empty when the cloud has none).
  std::vector<std::array<uint8_t, 3>> krgb;
  if (cloud.has_rgb())
    for (uint32_t i : kept) krgb.push_back(cloud.rgb[i]);
  CloudIndex index(kxyz);
  const float radius = static_cast<float>(
      o.cluster_radius > 0
          ? o.cluster_radius
          : o.cluster_scale * spacing_quantile(index, o.cluster_neighbours, o.cluster_quantile));

  // Euclidean clusters, each split at its support surfaces.
  const size_t min_size = std::max<size_t>(
      o.min_cluster_points,
      static_cast<size_t>(o.min_cluster_fraction * static_cast<double>(sample.size())));
  SupportSplitOptions so;
  so.radius = radius;
  so.level_tol = 0.5 * tol;
  so.core_levels = o.support_core_levels;
  so.wide_core_levels = o.support_wide_core_levels;
  so.same_colour_stays = o.same_colour_stays;
  if (o.hidden_top_reach_radii > 0) {
    so.hidden_reach_radii = o.hidden_top_reach_radii;
    so.look_at = [&scene](const Eigen::Vector3d& p) { return look_direction(scene, p); };
  }
  so.min_cluster = min_size;
  so.min_support = std::max<size_t>(2 * min_size, 60);
  std::vector<SupportCluster> pieces;
  ViewSegments segments;
  if (o.view_apart_weight > 0) {
    ViewSegmentOptions vo;
    vo.depth_step_rel = o.view_depth_step_rel;
    vo.plane_distance = 1.5 * tol;
    for (int k : r.boundary_planes) vo.boundary_planes.push_back(r.planes[size_t(k)].coeffs);
    segments = ViewSegments(scene, kxyz, vo);
  }
  std::vector<uint8_t> plane_point(kxyz.size(), 0);
  if (!segments.empty())
    for (size_t j = 0; j < kxyz.size(); ++j) plane_point[j] = segments.on_plane(j);
  std::function<bool(uint32_t, uint32_t)> linked;
  if (!segments.empty())
    linked = [&](uint32_t a, uint32_t b) {
      int same = 0, apart = 0;
      if (plane_point[a] || plane_point[b]) return false;
      segments.compare(a, b, same, apart);
      return apart == 0 || double(apart) * o.view_apart_weight <= double(same);
    };
  for (auto& c : euclidean_clusters(kxyz, radius, linked)) {
    if (c.size() < min_size) continue;
    if (!o.split_supports) {
      pieces.push_back({std::move(c), std::numeric_limits<double>::quiet_NaN()});
      continue;
    }
    for (auto& p : split_on_supports(kxyz, knrm, c, up, so, krgb))
      if (p.members.size() >= min_size) pieces.push_back(std::move(p));
  }
  // Every cloud point joins the piece of its nearest kept subset point (when close).
  std::vector<int> sub_label(kxyz.size(), -1);
  for (size_t c = 0; c < pieces.size(); ++c)
    for (uint32_t j : pieces[c].members) sub_label[j] = static_cast<int>(c);
  std::vector<int> full_label(n, -1);
  if (o.keep_fates) r.fate.assign(n, ProposalResult::kDropped);
  const float r2 = radius * radius;
  parallel_for(n, [&](size_t i) {
    const Eigen::Vector3f* nrm = cloud.has_normals() ? &cloud.normals[i] : nullptr;
    if (on_boundary(cloud.xyz[i], nrm)) {
      if (o.keep_fates) r.fate[i] = ProposalResult::kOnBoundary;
      return;
    }
    std::vector<uint32_t> idx;
    std::vector<float> d2;
    index.knn(cloud.xyz[i], 1, idx, d2);
    if (idx.empty() || d2[0] > r2) {
      if (o.keep_fates) r.fate[i] = ProposalResult::kFar;
      return;
    }
    full_label[i] = sub_label[idx[0]];
    if (o.keep_fates && full_label[i] < 0)
      r.fate[i] =
          plane_point[idx[0]] ? ProposalResult::kPlaneInViews : ProposalResult::kSmallCluster;
  });
  std::vector<std::vector<uint32_t>> members(pieces.size());
  for (size_t i = 0; i < n; ++i)
    if (full_label[i] >= 0) members[static_cast<size_t>(full_label[i])].push_back(uint32_t(i));

  // Boxes; merge clusters whose boxes overlap a lot (an object split by a thin gap).
  std::vector<OrientedBox> boxes;
  // A piece lost its foot with the floor band (or stands on a surface): extend it down.
  auto fit = [&](const std::vector<uint32_t>& m, double level) {
    OrientedBox b = fit_upright_box(cloud.xyz, m, up);
    if (m.empty()) return b;
    // A low thing standing on a surface (a cup): its footprint from its points clear of the
    // surface's noise (ProposalOptions::footprint_clear_tols).
    if (!std::isnan(level) && o.footprint_clear_tols > 0 &&
        b.size[2] <= o.footprint_clear_max_height_tols * tol) {
      std::vector<uint32_t> clear;
      for (uint32_t i : m)
        if (cloud.xyz[i].cast<double>().dot(up) > level + o.footprint_clear_tols * tol)
          clear.push_back(i);
      if (clear.size() >= std::max<size_t>(30, m.size() / 3)) {
        OrientedBox f = fit_upright_box(cloud.xyz, clear, up, o.footprint_clear_percentile,
                                        1.0 - o.footprint_clear_percentile);
        const double lo = b.center.dot(up) - 0.5 * b.size[2];
        const double hi = b.center.dot(up) + 0.5 * b.size[2];
        f.center += up * (0.5 * (lo + hi) - f.center.dot(up));
        f.size[2] = hi - lo;
        b = f;
        square_away_from_cameras(scene, b, up, o.footprint_square_min_ratio,
                                 o.footprint_square_min_agreement);
      }
    }
    const double h = b.center.dot(up) - 0.5 * b.size[2];
    double base = std::numeric_limits<double>::quiet_NaN();
    if (!std::isnan(level))
      base = level;
    else if (r.floor.found)
      base = h - r.floor.plane.signed_distance(b.center - 0.5 * b.size[2] * up);
    extend_to_support(b, up, base, 3.0 * tol, o.support_gap_fraction);
    return b;
  };
  for (size_t c = 0; c < pieces.size(); ++c)
    boxes.push_back(fit(members[c], pieces[c].support_level));
  bool merged = true;
  while (merged) {
    merged = false;
    for (size_t a = 0; a < members.size() && !merged; ++a)
      for (size_t b = a + 1; b < members.size() && !merged; ++b) {
        if (members[a].empty() || members[b].empty()) continue;
        if (upright_box_iou(boxes[a], boxes[b], up) < o.merge_iou) continue;
        members[a].insert(members[a].end(), members[b].begin(), members[b].end());
        std::sort(members[a].begin(), members[a].end());
        members[b].clear();
        boxes[a] = fit(members[a], pieces[a].support_level);
        merged = true;
      }
  }
  // A group's points in the kept subset (indices into kxyz).
  std::vector<int32_t> sample_index(n, -1);
  for (size_t j = 0; j < kept.size(); ++j) sample_index[kept[j]] = int32_t(j);
  auto sample_of = [&](const std::vector<uint32_t>& m) {
    std::vector<uint32_t> sub;
    for (uint32_t i : m)
      if (sample_index[i] >= 0) sub.push_back(uint32_t(sample_index[i]));
    return sub;
  };
  // Fragments of one thing that holes of the reconstruction left apart: the views see them on one
  // piece of their depth (see ProposalOptions::view_merge_together).
  if (!segments.empty() && o.view_merge_together > 0) {
    auto dominant = [&](const std::vector<uint32_t>& m) {
      return segments.dominant_pieces(sample_of(m), 0.2, 10);
    };
    std::vector<std::vector<std::vector<int32_t>>> dom(members.size());
    for (size_t c = 0; c < members.size(); ++c)
      if (!members[c].empty()) dom[c] = dominant(members[c]);
    auto near = [&](const OrientedBox& a, const OrientedBox& b) {
      const Eigen::Vector3d dc = a.center - b.center;
      const double flat =
          (dc - dc.dot(up) * up).norm() - 0.5 * (a.size.head<2>().norm() + b.size.head<2>().norm());
      const double vert = std::abs(dc.dot(up)) - 0.5 * (a.size[2] + b.size[2]);
      return std::max(flat, vert) <= o.view_merge_gap_radii * radius;
    };
    // See ProposalOptions::view_merge_max_area_growth.
    auto side_by_side = [&](size_t a, size_t b) {
      const size_t na = members[a].size(), nb = members[b].size();
      if (double(std::min(na, nb)) < o.view_merge_guard_share * double(std::max(na, nb)))
        return false;
      std::vector<uint32_t> both = members[a];
      both.insert(both.end(), members[b].begin(), members[b].end());
      const OrientedBox u = fit_upright_box(cloud.xyz, both, up);
      auto area = [](const OrientedBox& x) { return x.size[0] * x.size[1]; };
      return area(u) > o.view_merge_max_area_growth * (area(boxes[a]) + area(boxes[b]));
    };
    merged = true;
    while (merged) {
      merged = false;
      for (size_t a = 0; a < members.size() && !merged; ++a)
        for (size_t b = a + 1; b < members.size() && !merged; ++b) {
          if (members[a].empty() || members[b].empty()) continue;
          if (!std::isnan(pieces[a].support_level) || !std::isnan(pieces[b].support_level))
            continue;
          if (!near(boxes[a], boxes[b])) continue;
          // A flat piece at the other's foot is what it stands on (a mat, a table top), not a
          // fragment of it.
          auto under = [&](const OrientedBox& lo, const OrientedBox& hi) {
            const double lo_top = lo.center.dot(up) + 0.5 * lo.size[2];
            const double hi_bottom = hi.center.dot(up) - 0.5 * hi.size[2];
            return lo.size[2] <= 3 * tol && lo_top <= hi_bottom + 3 * tol;
          };
          if (under(boxes[a], boxes[b]) || under(boxes[b], boxes[a])) continue;
          int together = 0, apart = 0;
          for (size_t v = 0; v < dom[a].size(); ++v) {
            const auto& da = dom[a][v];
            const auto& db = dom[b][v];
            if (da.empty() || db.empty()) continue;
            bool shared = false;
            for (int32_t x : da) shared = shared || std::binary_search(db.begin(), db.end(), x);
            ++(shared ? together : apart);
          }
          if (together < o.view_merge_together || apart > 0) continue;
          if (o.view_merge_max_area_growth > 0 && side_by_side(a, b)) continue;
          members[a].insert(members[a].end(), members[b].begin(), members[b].end());
          std::sort(members[a].begin(), members[a].end());
          members[b].clear();
          boxes[a] = fit(members[a], pieces[a].support_level);
          dom[a] = dominant(members[a]);
          merged = true;
        }
    }
  }
  // Fragments stacked on one footprint (see ProposalOptions::stack_overlap).
  auto bottom = [&](const OrientedBox& b) { return b.center.dot(up) - 0.5 * b.size[2]; };
  auto top = [&](const OrientedBox& b) { return b.center.dot(up) + 0.5 * b.size[2]; };
  merged = o.stack_overlap > 0;
  while (merged) {
    merged = false;
    for (size_t a = 0; a < members.size() && !merged; ++a)
      for (size_t b = 0; b < members.size() && !merged; ++b) {
        if (a == b || members[a].empty() || members[b].empty()) continue;
        if (bottom(boxes[a]) > bottom(boxes[b])) continue;  // a is the lower one
        if (bottom(boxes[b]) - top(boxes[a]) > o.stack_gap * tol) continue;
        const double reach =
            0.5 * (boxes[a].size.head<2>().norm() + boxes[b].size.head<2>().norm());
        const Eigen::Vector3d dc = boxes[a].center - boxes[b].center;
        if ((dc - dc.dot(up) * up).norm() > reach) continue;
        double gap = 0;
        if (footprint_overlap(boxes[a], boxes[b], up, &gap) < o.stack_overlap) continue;
        if (gap > o.stack_gap * tol) continue;
        const double level = pieces[b].support_level;
        if (!std::isnan(level) && std::abs(top(boxes[a]) - level) < 3.0 * tol) continue;
        if (o.stack_keeps_standing &&
            stands_on_top(kxyz, knrm, sample_of(members[a]), sample_of(members[b]), up, so, krgb))
          continue;
        members[a].insert(members[a].end(), members[b].begin(), members[b].end());
        std::sort(members[a].begin(), members[a].end());
        members[b].clear();
        boxes[a] = fit(members[a], pieces[a].support_level);
        merged = true;
      }
  }
  // Fragments of the room's boundary: thin pieces lying along a boundary plane.
  auto fragment = [&](const OrientedBox& b) {
    for (int k : r.boundary_planes) {
      const Plane& pl = r.planes[static_cast<size_t>(k)];
      double extent = 0;  // half thickness of the box along the plane's normal
      for (int a = 0; a < 3; ++a)
        extent += 0.5 * b.size[a] * std::abs(b.axes.col(a).dot(pl.normal()));
      if (extent < 1.5 * tol && std::abs(pl.signed_distance(b.center)) < 3 * tol) return true;
    }
    return false;
  };
  auto under_floor = [&](const OrientedBox& b) {
    if (!floor_bounds) return false;
    double highest = -std::numeric_limits<double>::infinity();
    for (const auto& q : b.corners()) highest = std::max(highest, r.floor.plane.signed_distance(q));
    return highest < -1.5 * tol;
  };
  std::vector<size_t> order;
  for (size_t c = 0; c < members.size(); ++c)
    if (members[c].size() >= min_size && !fragment(boxes[c]) && !under_floor(boxes[c]))
      order.push_back(c);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return members[a].size() > members[b].size(); });
  if (o.complete_depth) {
    const FreeSpace free(scene, 2.0 * tol);
    std::vector<Plane> walls;
    for (int k : r.boundary_planes)
      if (std::abs(r.planes[size_t(k)].normal().dot(up)) < 0.2)
        walls.push_back(r.planes[size_t(k)]);
    WallSnapOptions snap;
    snap.max_deg = o.wall_snap_deg;
    for (size_t c : order) {
      // (Not a low thing split off a surface, a cup: its footprint comes from its points clear
      // of the surface, see footprint_clear_tols.)
      const bool low_on_surface = !std::isnan(pieces[c].support_level) &&
                                  boxes[c].size[2] <= o.footprint_clear_max_height_tols * tol;
      if (o.wall_snap_deg > 0 && !low_on_surface)
        snap_to_wall(walls, tol, up, cloud.xyz, members[c], boxes[c], snap);
      // A round thing seen from one side: its circle gives its hidden side (round_footprints).
      if (o.round_footprints && !low_on_surface &&
          round_footprint(cloud.xyz, members[c], up, boxes[c]))
        continue;
      DepthCompletionOptions dc;
      if (std::isnan(pieces[c].support_level)) dc.max_thin = o.floor_thin_height_ratio;
      if (complete_depth(free, walls, tol, boxes[c], dc) || !o.complete_hidden_side) continue;
      // (Nor a low thing on a surface: its footprint was made square, see
      // footprint_square_min_ratio.)
      if (low_on_surface && o.footprint_square_min_ratio > 0) continue;
      const Eigen::Vector3d look = look_direction(scene, boxes[c].center);
      HiddenSideOptions hs;
      hs.own_axes_max_deg = o.hidden_side_own_axes_deg;
      hs.own_axes_face_ratio = o.hidden_side_own_axes_face_ratio;
      complete_hidden_side(free, walls, tol, look, up, cloud.xyz, members[c], boxes[c], hs);
    }
  }
  // Legs the floor's band and the clustering left apart: a piece above the floor with no support
  // of its own takes in what stands under it, down to the floor, when the stray points and
  // small pieces in its footprint below it cover that height (ProposalOptions::leg_coverage).
  if (o.leg_coverage > 0 && r.floor.found) {
    std::vector<int> owner(n, -1);
    for (size_t c = 0; c < members.size(); ++c)
      for (uint32_t i : members[c]) owner[i] = static_cast<int>(c);
    // A pole (a lamp's) may hold more points than what it carries (the shade's front arc, which
    // the photos saw from one side only).
    auto pole = [&](const OrientedBox& g) { return pole_shaped(g, o.leg_pole_width_tols * tol); };
    for (size_t c : order) {
      if (members[c].empty() || !std::isnan(pieces[c].support_level) || pole(boxes[c])) continue;
      OrientedBox& b = boxes[c];
      const double lo = bottom(b);
      const double floor_h = lo - r.floor.plane.signed_distance(b.center - 0.5 * b.size[2] * up);
      if (lo - floor_h <= 3 * tol) continue;
      // Below it and in its footprint: heights of stray points and of pieces lying wholly there.
      auto under = [&](const Eigen::Vector3d& p, double slack) {
        const Eigen::Vector3d l = b.axes.transpose() * (p - b.center);
        return std::abs(l[0]) <= 0.5 * b.size[0] + slack &&
               std::abs(l[1]) <= 0.5 * b.size[1] + slack;
      };
      // A piece taken in: smaller (or a pole), wholly in the footprint and below, not split off a
      // surface.
      auto leg_like = [&](size_t g) {
        if ((members[g].size() >= members[c].size() && !pole(boxes[g])) ||
            !std::isnan(pieces[g].support_level) || top(boxes[g]) > lo + 3 * tol)
          return false;
        for (const auto& q : boxes[g].corners())
          if (!under(q, radius)) return false;
        return true;
      };
      std::vector<uint8_t> takes(members.size(), 0);
      std::vector<Eigen::Vector3d> below;
      for (size_t j = 0; j < kxyz.size(); ++j) {
        const Eigen::Vector3d p = kxyz[j].cast<double>();
        const double h = p.dot(up);
        if (h >= lo || h <= floor_h || !under(p, radius)) continue;
        const int g = owner[kept[j]];
        if (g == int(c)) continue;
        if (g >= 0) {
          if (takes[size_t(g)] == 0) takes[size_t(g)] = leg_like(size_t(g)) ? 1 : 2;
          if (takes[size_t(g)] != 1) continue;
        }
        below.push_back(p);
      }
      // Bins of one plane tolerance from the top of the floor's band up to the piece.
      const double from = floor_h + 1.5 * tol;
      const int bins = static_cast<int>(std::ceil((lo - from) / tol));
      if (bins <= 0) continue;
      std::vector<uint8_t> hit(size_t(bins), 0);
      for (const auto& p : below)
        if (p.dot(up) >= from) hit[size_t(std::min(bins - 1, int((p.dot(up) - from) / tol)))] = 1;
      const int covered = std::accumulate(hit.begin(), hit.end(), 0);
      if (double(covered) < o.leg_coverage * bins) continue;
      for (size_t g = 0; g < members.size(); ++g)
        if (takes[g] == 1) {
          for (uint32_t i : members[g]) owner[i] = static_cast<int>(c);
          members[c].insert(members[c].end(), members[g].begin(), members[g].end());
          members[g].clear();
        }
      std::sort(members[c].begin(), members[c].end());
      // The box (as completed) grown over what it took in, down to the floor.
      Eigen::Vector3d lo_l = -0.5 * b.size, hi_l = 0.5 * b.size;
      for (const auto& p : below) {
        if (p.dot(up) < from) continue;
        const Eigen::Vector3d l = b.axes.transpose() * (p - b.center);
        lo_l = lo_l.cwiseMin(l);
        hi_l = hi_l.cwiseMax(l);
      }
      lo_l[2] = std::min(lo_l[2], floor_h - b.center.dot(up));
      b.center += b.axes * (0.5 * (lo_l + hi_l));
      b.size = hi_l - lo_l;
    }
  }
  if (o.table_leg_reach > 0 && r.floor.found) {
    std::vector<bool> standing(members.size());
    for (size_t c = 0; c < members.size(); ++c) standing[c] = std::isnan(pieces[c].support_level);
    LegJoinOptions lo;
    lo.pole_width = o.table_leg_width_tols * tol;
    lo.level_tol = 3 * tol;
    lo.reach = o.table_leg_reach;
    join_table_legs(up, r.floor.plane, order, standing, members, boxes, lo);
  }
  for (size_t c : order) {
    if (members[c].empty()) continue;  // taken in as legs
    SceneObject obj;
    obj.id = static_cast<int>(r.objects.size());
    obj.name = "object " + std::to_string(r.objects.size() + 1);
    obj.point_indices = std::move(members[c]);
    if (o.keep_fates)
      for (uint32_t i : obj.point_indices) r.fate[i] = ProposalResult::kInObject;
    obj.box = boxes[c];
    obj.views = views_seeing(scene, obj.box.center);
    r.objects.push_back(std::move(obj));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace sl::objects
