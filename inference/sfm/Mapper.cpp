#include "inference/sfm/Mapper.h"

#include <algorithm>
#include <map>
#include <set>

#include "inference/sfm/BundleAdjustment.h"
#include "inference/sfm/InitialPair.h"
#include "inference/sfm/Registration.h"
#include "inference/sfm/Triangulation.h"

namespace sl::sfm {
namespace {

MapModel empty_model(const std::vector<MapperImage>& images, const Tracks& tracks,
                     const MapperOptions& opt) {
  MapModel m;
  m.images = &images;
  const int n = int(images.size());
  m.camera_of.assign(n, -1);
  m.poses.assign(n, {0, 0, 0, 0, 0, 0});
  m.registered.assign(n, false);
  m.point_of.resize(n);
  std::map<std::pair<int, int>, int> by_size;
  for (int i = 0; i < n; ++i) {
    const auto& im = images[i];
    m.point_of[i].assign(im.keypoints.size(), -1);
    if (opt.shared_intrinsics) {
      auto it = by_size.find({im.width, im.height});
      if (it != by_size.end()) {
        m.camera_of[i] = it->second;
        continue;
      }
      by_size[{im.width, im.height}] = int(m.cameras.size());
    }
    m.camera_of[i] = int(m.cameras.size());
    m.cameras.push_back({im.focal_prior, 0.0, (im.width - 1) * 0.5, (im.height - 1) * 0.5});
  }
  m.point_of_track.assign(tracks.tracks.size(), -1);
  return m;
}

void global_ba(MapModel& m, const MapperOptions& opt, const MapperHooks& hooks, int iterations) {
  BAOptions ba;
  ba.max_iterations = iterations;
  ba.refine_k1 = opt.refine_k1 && m.num_registered() >= opt.min_images_for_k1;
  ba.threads = hooks.threads;
  bundle_adjust(m, ba, hooks.ctx);
}

void local_ba(MapModel& m, int image, const MapperOptions& opt, const MapperHooks& hooks) {
  std::map<int, int> shared;
  for (int pid : m.point_of[image]) {
    if (pid < 0) continue;
    for (const auto& o : m.points[pid].obs)
      if (o.first != image) ++shared[o.first];
  }
  std::vector<std::pair<int, int>> order;
  for (const auto& [img, n] : shared) order.emplace_back(n, img);
  std::sort(order.rbegin(), order.rend());
  BAOptions ba;
  ba.variable_images.push_back(image);
  for (int k = 0; k < int(order.size()) && k < opt.local_ba_images - 1; ++k)
    ba.variable_images.push_back(order[k].second);
  ba.max_iterations = std::min(opt.ba_max_iterations, 25);
  ba.refine_focal = false;
  ba.refine_k1 = false;
  ba.threads = hooks.threads;
  bundle_adjust(m, ba, hooks.ctx);
}

void log(const MapperHooks& h, const std::string& m) {
  if (h.on_log) h.on_log(m);
}

void check_stop(const MapperHooks& h) {
  if (h.ctx) h.ctx->check_stop();
}

// Starts a model from an initial pair; false when it yields too few points.
bool initialize(MapModel& m, const Tracks& tracks, const InitialPair& ip, const MapperOptions& opt,
                const MapperHooks& hooks) {
  m.set_cam_from_world(ip.i, Eigen::Isometry3d::Identity());
  m.set_cam_from_world(ip.j, ip.j_from_i);
  m.registered[ip.i] = m.registered[ip.j] = true;
  m.registration_order = {ip.i, ip.j};
  MapperOptions loose = opt;
  loose.max_reproj_px = opt.max_reproj_px * 2;  // the focal is still a guess
  loose.min_tri_angle_deg = std::min(opt.min_tri_angle_deg, 1.0);
  triangulate_image(m, tracks, ip.i, loose);
  global_ba(m, opt, hooks, opt.ba_max_iterations);
  filter_points(m, loose);
  global_ba(m, opt, hooks, opt.ba_max_iterations);
  filter_points(m, opt);
  return m.num_points() >= std::max(30, opt.min_init_inliers / 2);
}

// An unplaced image that sees too few map points for PnP, placed by its relative pose to the
// placed image it overlaps most; -1 when none can be. `failed` marks images tried since the map
// last changed.
int register_by_relative_pose(MapModel& m, const Tracks& tracks,
                              const std::vector<VerifiedPair>& pairs, const MapperOptions& opt,
                              std::vector<std::string>& last_why, std::vector<char>& failed) {
  const int n = int(m.poses.size());
  std::vector<const VerifiedPair*> best(n, nullptr);
  for (const auto& p : pairs) {
    const bool ri = m.registered[p.i], rj = m.registered[p.j];
    if (ri == rj) continue;
    const int img = ri ? p.j : p.i;
    if (!best[img] || p.matches.size() > best[img]->matches.size()) best[img] = &p;
  }
  std::vector<std::pair<size_t, int>> order;
  for (int i = 0; i < n; ++i)
    if (best[i] && !failed[i]) order.emplace_back(best[i]->matches.size(), i);
  std::sort(order.rbegin(), order.rend());
  for (const auto& [matches, img] : order) {
    std::string why;
    if (register_image_from_pair(m, tracks, img, *best[img], opt, why)) return img;
    failed[img] = 1;
    last_why[img] = why;
  }
  return -1;
}

// Grows a started model image by image, then runs the final bundle adjustment.
void grow(MapModel& m, const Tracks& tracks, const std::vector<VerifiedPair>& pairs,
          const MapperOptions& opt, const MapperHooks& hooks, std::vector<std::string>& last_why,
          bool publish) {
  const int n = int(m.poses.size());
  const auto& images = *m.images;
  if (publish && hooks.on_registered) hooks.on_registered(m);
  std::vector<int> fail_visible(n, -1);
  std::vector<char> relative_failed(n, 0);
  int since_global = 0;
  while (true) {
    check_stop(hooks);
    std::vector<std::pair<int, int>> cand;
    for (int i = 0; i < n; ++i) {
      if (m.registered[i]) continue;
      const int vis = count_visible_points(m, tracks, i);
      if (vis < opt.min_pnp_inliers) continue;
      if (fail_visible[i] >= 0 && vis < fail_visible[i] * 1.25 + 5) continue;
      cand.emplace_back(vis, i);
    }
    int added = -1;
    if (cand.empty()) {
      // Nothing sees enough map points for PnP: relative poses to strongly overlapping photos.
      added = register_by_relative_pose(m, tracks, pairs, opt, last_why, relative_failed);
      if (added < 0) break;
      log(hooks, "placed " + images[added].name + " by its relative pose to an overlapping photo");
    }
    std::sort(cand.rbegin(), cand.rend());
    for (int k = 0; k < int(cand.size()) && k < 5 && added < 0; ++k) {
      const int img = cand[k].second;
      std::string why;
      if (register_image(m, tracks, img, opt, why)) {
        added = img;
      } else {
        fail_visible[img] = cand[k].first;
        last_why[img] = why;
      }
    }
    if (added < 0) continue;  // every candidate's fail count rose: loop re-evaluates
    triangulate_image(m, tracks, added, opt);
    local_ba(m, added, opt, hooks);
    ++since_global;
    const int nreg = m.num_registered();
    if (nreg <= 10 || since_global >= std::max(opt.global_ba_every, nreg / 10)) {
      global_ba(m, opt, hooks, opt.ba_max_iterations);
      filter_points(m, opt);
      triangulate_image(m, tracks, -1, opt);
      complete_tracks(m, tracks, opt);
      since_global = 0;
    }
    filter_points(m, opt);
    log(hooks, "registered " + images[added].name + " (" + std::to_string(nreg) + "), " +
                   std::to_string(m.num_points()) + " points, reproj " +
                   std::to_string(m.mean_reprojection_error()) + " px, f " +
                   std::to_string(m.cameras[0].f) + " k1 " + std::to_string(m.cameras[0].k1));
    std::fill(fail_visible.begin(), fail_visible.end(), -1);  // the map changed: retry all
    std::fill(relative_failed.begin(), relative_failed.end(), 0);
    if (hooks.on_progress) hooks.on_progress(double(nreg) / double(n), "mapping");
    if (publish && hooks.on_registered) hooks.on_registered(m);
  }
  if (hooks.on_progress) hooks.on_progress(1.0, "bundle adjustment");
  global_ba(m, opt, hooks, opt.ba_max_iterations * 2);
  filter_points(m, opt);
  triangulate_image(m, tracks, -1, opt);
  complete_tracks(m, tracks, opt);
  global_ba(m, opt, hooks, opt.ba_max_iterations * 2);
  filter_points(m, opt);
}

}  // namespace

MapperResult run_mapper(const std::vector<MapperImage>& images,
                        const std::vector<VerifiedPair>& pairs, const MapperOptions& opt,
                        const MapperHooks& hooks) {
  MapperResult res;
  const int n = int(images.size());
  res.tracks = build_tracks(images, pairs);
  res.unplaced_reason.assign(n, "");
  std::set<std::pair<int, int>> tried;
  MapModel m = empty_model(images, res.tracks, opt);
  bool started = false;
  std::vector<char> covered(n, 0);  // registered in some model already tried
  std::vector<std::string> last_why(n);
  // Several starts: a weak link can stop growth early; each new start uses images no earlier
  // model placed, and the largest model is kept.
  for (int attempt = 0, models = 0; attempt < 8 && models < opt.max_models; ++attempt) {
    check_stop(hooks);
    MapModel fresh = empty_model(images, res.tracks, opt);
    for (const auto& p : pairs)
      if (covered[p.i] || covered[p.j]) tried.insert({p.i, p.j});
    const InitialPair ip = find_initial_pair(fresh, pairs, tried, opt);
    if (!ip.ok) break;
    tried.insert({ip.i, ip.j});
    const bool good = initialize(fresh, res.tracks, ip, opt, hooks);
    log(hooks, "initial pair " + images[ip.i].name + " + " + images[ip.j].name + ": " +
                   std::to_string(ip.inliers) + " inliers, median angle " +
                   std::to_string(ip.median_angle_deg) + " deg, " +
                   std::to_string(fresh.num_points()) + " points, f " +
                   std::to_string(fresh.cameras[0].f) + (good ? "" : " (rejected)"));
    if (!good) continue;
    ++models;
    std::vector<std::string> why(n);
    grow(fresh, res.tracks, pairs, opt, hooks, why, !started);
    for (int i = 0; i < n; ++i) covered[i] = covered[i] || fresh.registered[i];
    if (!started || fresh.num_registered() > m.num_registered()) {
      if (started && hooks.on_registered) hooks.on_registered(fresh);
      m = std::move(fresh);
      last_why = why;
      started = true;
    }
    int n_covered = 0, n_matched = 0;
    std::vector<char> matched(n, 0);
    for (const auto& p : pairs) matched[p.i] = matched[p.j] = 1;
    for (int i = 0; i < n; ++i) {
      n_covered += covered[i];
      n_matched += matched[i];
    }
    if (m.num_registered() * 2 > n_matched || n_matched - n_covered < 2) break;
  }
  // Why each image stayed out.
  std::vector<int> best_pair(n, 0);
  std::vector<char> touches_model(n, 0);
  for (const auto& p : pairs) {
    best_pair[p.i] = std::max(best_pair[p.i], int(p.matches.size()));
    best_pair[p.j] = std::max(best_pair[p.j], int(p.matches.size()));
    if (m.registered[p.i]) touches_model[p.j] = 1;
    if (m.registered[p.j]) touches_model[p.i] = 1;
  }
  for (int i = 0; i < n; ++i) {
    if (m.registered[i]) continue;
    if (best_pair[i] == 0)
      res.unplaced_reason[i] = "too few matches with the others (0)";
    else if (!started)
      res.unplaced_reason[i] = "no pair of photos with enough overlap and baseline to start from";
    else if (!touches_model[i])
      res.unplaced_reason[i] = "overlaps only with other unplaced photos (a separate group)";
    else if (!last_why[i].empty())
      res.unplaced_reason[i] = last_why[i];
    else
      res.unplaced_reason[i] = "sees only " +
                               std::to_string(count_visible_points(m, res.tracks, i)) +
                               " of the model's 3D points (needs " +
                               std::to_string(opt.min_pnp_inliers) + " to place it)";
  }
  res.mean_reproj_px = m.mean_reprojection_error();
  res.model = std::move(m);
  return res;
}

}  // namespace sl::sfm
