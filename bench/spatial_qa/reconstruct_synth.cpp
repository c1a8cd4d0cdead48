#include "reconstruct_synth.h"

#include "click_dump.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "inference/ReconstructionBackend.h"
#include "inference/objects/BoundaryPlanes.h"
#include "inference/objects/Boxes.h"
#include "inference/objects/Frame.h"
#include "inference/objects/Measure.h"
#include "inference/objects/NewObject.h"
#include "inference/objects/PhotoCarve.h"
#include "inference/objects/PhotoSelect.h"
#include "inference/objects/Proposals.h"
#include "inference/objects/Selection.h"
#include "inference/objects/ViewVisibility.h"
#include "inference/sfm/Alignment.h"
#include "scene/SceneFile.h"

namespace fs = std::filesystem;

namespace bench {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Where a user clicks a region of a photo: the pixel deepest inside it (largest distance to its
// border or the photo's edge), so the click lands on the thing and not on its outline.
// `radius_px` receives that distance.
cv::Point click_pixel(const cv::Mat& region, double* radius_px = nullptr) {
  cv::Mat padded, dist;
  cv::copyMakeBorder(region, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(0));
  cv::distanceTransform(padded, dist, cv::DIST_L2, 3);
  cv::Point best;
  double r = 0;
  cv::minMaxLoc(dist, nullptr, &r, nullptr, &best);
  if (radius_px) *radius_px = r;
  return {std::clamp(best.x - 1, 0, region.cols - 1), std::clamp(best.y - 1, 0, region.rows - 1)};
}

struct Click {
  int view = -1;
  cv::Point px;
  double radius_px = 0;  // how far inside the visible region the click is
};

// The photos a user would click GT object `k` on: registered views that show it (occlusion
// included: the generator's object-id images), best seen first (widest visible region, so a
// photo that shows it whole beats one that cuts it at the edge).
std::vector<Click> clicks_for(const sl::synth::SynthResult& gt, const sl::Scene& scene, int k,
                              int min_px) {
  std::vector<Click> out;
  for (size_t v = 0; v < gt.object_ids.size() && v < scene.views.size(); ++v) {
    if (!scene.views[v].registered) continue;
    const cv::Mat visible = gt.object_ids[v] == k;
    if (cv::countNonZero(visible) < min_px) continue;
    Click c;
    c.view = static_cast<int>(v);
    c.px = click_pixel(visible, &c.radius_px);
    out.push_back(c);
  }
  std::sort(out.begin(), out.end(),
            [](const Click& a, const Click& b) { return a.radius_px > b.radius_px; });
  return out;
}

std::vector<uint32_t> set_op(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                             bool unite) {
  std::vector<uint32_t> out;
  if (unite)
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  else
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// How well the outline the app draws for `points` on a photo (their depth-tested outline) fits
// what the user sees of object `k` there: intersection over union of the two regions.
double outline_fit(const sl::Scene& scene, const sl::synth::SynthResult& gt, int k, int view,
                   const std::vector<uint32_t>& points) {
  const cv::Mat truth = gt.object_ids[size_t(view)] == k;
  if (points.empty()) return 0;
  const sl::View& v = scene.views[size_t(view)];
  cv::Mat drawn = cv::Mat::zeros(v.intrinsics.height, v.intrinsics.width, CV_8U);
  for (const auto& poly : sl::objects::outline_points_in_view(scene, view, points)) {
    std::vector<cv::Point> q;
    for (const auto& p : poly) q.emplace_back(int(std::lround(p.x)), int(std::lround(p.y)));
    cv::fillPoly(drawn, std::vector<std::vector<cv::Point>>{q}, cv::Scalar(255));
  }
  if (drawn.size() != truth.size()) cv::resize(drawn, drawn, truth.size(), 0, 0, cv::INTER_NEAREST);
  const int inter = cv::countNonZero(drawn & truth), uni = cv::countNonZero(drawn | truth);
  return uni > 0 ? double(inter) / uni : 0;
}

// One click as the user does it: click, look at the outline; when a large part of it lies on
// something else (the floor, a neighbour), Ctrl-click that part to take it away again (kept when
// the outline fits better then). A selection whose outline still does not match the object
// (IoU < min_fit) is undone: empty result. `fit` receives the accepted outline's IoU.
std::vector<uint32_t> click_object(const sl::Scene& scene, const sl::synth::SynthResult& gt, int k,
                                   const Click& c, const sl::objects::PhotoSelectOptions& po,
                                   double min_fit, bool verbose, int* corrections, double* fit,
                                   cv::Mat* mask) {
  const cv::Mat& photo = gt.images[size_t(c.view)];
  sl::objects::PhotoStroke stroke;
  stroke.foreground = {c.px};
  const sl::objects::PhotoSelection sel =
      sl::objects::select_on_photo(scene, c.view, photo, stroke, po);
  std::vector<uint32_t> points = sel.points;
  double iou = outline_fit(scene, gt, k, c.view, points);
  if (verbose)
    std::fprintf(stderr, "  %s: click (%d, %d) on view %d -> %zu points, mask %.3f, fit %.2f %s\n",
                 gt.scene.objects[size_t(k)].name.c_str(), c.px.x, c.px.y, c.view, points.size(),
                 sel.mask_fraction, iou, sel.message.c_str());
  dump_click(scene, gt, k, c.view, c.px, po, sel, points, iou);
  *fit = 0;
  if (points.empty() || sel.mask.empty()) return {};
  *mask = sel.mask.clone();
  const cv::Mat spill = sel.mask & (gt.object_ids[size_t(c.view)] != k);
  const int spill_px = cv::countNonZero(spill), mask_px = cv::countNonZero(sel.mask);
  if (spill_px * 10 >= mask_px * 3) {
    // The largest spilled piece, clicked with Ctrl (subtract).
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(spill, labels, stats, centroids, 4, CV_32S);
    int best = 0;
    for (int l = 1; l < n; ++l)
      if (best == 0 || stats.at<int>(l, cv::CC_STAT_AREA) > stats.at<int>(best, cv::CC_STAT_AREA))
        best = l;
    if (best > 0) {
      sl::objects::PhotoStroke off;
      off.foreground = {click_pixel(labels == best)};
      const sl::objects::PhotoSelection sub =
          sl::objects::select_on_photo(scene, c.view, photo, off, po);
      const std::vector<uint32_t> kept = set_op(points, sub.points, false);
      const double kept_iou = outline_fit(scene, gt, k, c.view, kept);
      const bool better = kept.size() >= 3 && kept_iou > iou;
      if (verbose)
        std::fprintf(stderr,
                     "    spill %.2f of the mask: ctrl-click (%d, %d) -> %zu points, %zu left, fit "
                     "%.2f%s\n",
                     double(spill_px) / mask_px, off.foreground[0].x, off.foreground[0].y,
                     sub.points.size(), kept.size(), kept_iou, better ? "" : " (undone)");
      if (better) {
        ++*corrections;
        if (!sub.mask.empty() && sub.mask.size() == mask->size()) mask->setTo(0, sub.mask);
        points = kept;
        iou = kept_iou;
      }
    }
  }
  if (iou < min_fit) {
    if (verbose) std::fprintf(stderr, "    outline does not fit the object: undone\n");
    return {};
  }
  *fit = iou;
  return points;
}

// The app's 3D select-object tool: a KD-tree, the region graph stopped at the boundary planes,
// and a click = the cloud point the view sees nearest to the clicked pixel.
struct Grower {
  sl::objects::CloudIndex index;
  sl::objects::GrowOptions grow;
  sl::objects::RegionGraph graph;
  Grower(const sl::Scene& scene, const sl::objects::BoundaryPlanes& planes)
      : index(scene.cloud.xyz) {
    grow.support_plane = planes.floor;
    grow.stop_planes = planes.others;
    graph = sl::objects::build_region_graph(scene.cloud, index, grow);
  }
  std::vector<uint32_t> at_click(const sl::Scene& scene, const Click& c,
                                 const sl::objects::PhotoSelectOptions& po) const {
    const sl::View& v = scene.views[size_t(c.view)];
    cv::Mat disc = cv::Mat::zeros(v.intrinsics.height, v.intrinsics.width, CV_8U);
    cv::circle(disc, c.px, 6, cv::Scalar(255), cv::FILLED);
    const std::vector<uint32_t> near = sl::objects::lift_mask(scene, c.view, disc, po);
    if (near.empty()) return {};
    const Eigen::Isometry3d cam_from_world = v.cam_from_world();
    uint32_t seed = near[0];
    double best = 1e18;
    for (uint32_t i : near) {
      const Eigen::Vector3d pc = cam_from_world * scene.cloud.xyz[i].cast<double>();
      const double d = (v.intrinsics.project(pc) - Eigen::Vector2d(c.px.x, c.px.y)).squaredNorm();
      if (d < best) best = d, seed = i;
    }
    return sl::objects::grow_region(graph, scene.cloud, seed, grow);
  }
};

// Levels the scene to its floor plane ("level to this plane") and makes its up the floor normal.
bool level_to_floor(sl::Scene& scene) {
  const sl::objects::Floor floor = sl::objects::find_floor(scene);
  if (!floor.found) return false;
  Eigen::Vector3d n = floor.plane.normal();
  if (n.dot(floor.up) < 0) n = -n;
  scene.up = n;
  sl::objects::apply_rotation(scene, sl::objects::level_rotation(n, Eigen::Vector3d::UnitZ()));
  scene.up = Eigen::Vector3d::UnitZ();
  return true;
}

// The user's one known distance: between the centres of the first registered camera and the
// registered camera farthest from it (true length from the generator's cameras).
bool set_known_scale(sl::Scene& scene, const sl::Scene& gt_scene, ReconStats& stats) {
  int a = -1;
  for (size_t v = 0; v < scene.views.size(); ++v)
    if (scene.views[v].registered) {
      a = static_cast<int>(v);
      break;
    }
  if (a < 0) return false;
  int b = -1;
  double best_m = 0;
  for (size_t v = 0; v < scene.views.size(); ++v) {
    if (!scene.views[v].registered || static_cast<int>(v) == a) continue;
    const double d_m = (gt_scene.views[v].center() - gt_scene.views[size_t(a)].center()).norm();
    if (d_m > best_m) best_m = d_m, b = static_cast<int>(v);
  }
  if (b < 0 || best_m <= 0) return false;
  sl::objects::set_scale_from_distance(scene, scene.views[size_t(a)].center(),
                                       scene.views[size_t(b)].center(), best_m);
  stats.known_distance_m = best_m;
  stats.meters_per_unit = scene.scale.meters_per_unit;
  return true;
}

// Diagnostics only: similarity from the reconstruction (in metres) onto the GT world.
void diagnose(const sl::Scene& scene, const sl::synth::SynthResult& gt, bool verbose,
              ReconStats& stats) {
  const double mpu = scene.scale.metric ? scene.scale.meters_per_unit : 1.0;
  std::vector<Eigen::Vector3d> src, dst;
  for (size_t v = 0; v < scene.views.size(); ++v)
    if (scene.views[v].registered) {
      src.push_back(scene.views[v].center() * mpu);
      dst.push_back(gt.scene.views[v].center());
    }
  if (src.size() < 3) return;
  const sl::sfm::Similarity sim = sl::sfm::umeyama_alignment(src, dst);
  stats.scale_error = sim.scale - 1;
  stats.up_error_deg =
      std::acos(std::clamp((sim.R * scene.up).normalized().z(), -1.0, 1.0)) * 180 / M_PI;
  std::vector<double> cam_err, center_err, size_err, height_err;
  for (size_t i = 0; i < src.size(); ++i) cam_err.push_back((sim.apply(src[i]) - dst[i]).norm());
  for (const sl::SceneObject& o : scene.objects) {
    if (o.id < 0 || static_cast<size_t>(o.id) >= gt.scene.objects.size()) continue;
    const sl::OrientedBox& g = gt.scene.objects[size_t(o.id)].box;
    center_err.push_back((sim.apply(o.box.center * mpu) - g.center).norm());
    size_err.push_back(std::abs(o.box.size.maxCoeff() * mpu / g.size.maxCoeff() - 1));
    height_err.push_back(std::abs(o.box.size.z() * mpu / g.size.z() - 1));
    if (verbose)
      std::fprintf(stderr,
                   "  %-10s %6zu points, centre off %.2f m, size %.2f x %.2f x %.2f m (GT %.2f x "
                   "%.2f x %.2f), z %.2f..%.2f m (GT %.2f..%.2f)\n",
                   o.name.c_str(), o.point_indices.size(), center_err.back(), o.box.size.x() * mpu,
                   o.box.size.y() * mpu, o.box.size.z() * mpu, g.size.x(), g.size.y(), g.size.z(),
                   (o.box.center.z() - o.box.size.z() / 2) * mpu,
                   (o.box.center.z() + o.box.size.z() / 2) * mpu, g.center.z() - g.size.z() / 2,
                   g.center.z() + g.size.z() / 2);
  }
  if (verbose) {  // per view: share of pixels with depth, and of those within 5% of the truth
    for (size_t v = 0; v < scene.views.size(); ++v) {
      const cv::Mat& d = scene.views[v].depth_m;
      if (d.empty()) continue;
      cv::Mat g, ids;
      cv::resize(gt.scene.views[v].depth_m, g, d.size(), 0, 0, cv::INTER_NEAREST);
      cv::resize(gt.object_ids[v], ids, d.size(), 0, 0, cv::INTER_NEAREST);
      int n = 0, known = 0, good = 0, on_obj = 0, obj_known = 0, obj_good = 0;
      for (int r = 0; r < d.rows; ++r)
        for (int c = 0; c < d.cols; ++c) {
          const float t = g.at<float>(r, c), e = d.at<float>(r, c) * float(sim.scale * mpu);
          const bool obj = ids.at<int>(r, c) >= 0, ok = e > 0 && std::abs(e - t) < 0.05f * t;
          if (t <= 0) continue;
          ++n, on_obj += obj;
          if (e > 0) ++known, obj_known += obj;
          good += ok, obj_good += ok && obj;
        }
      std::fprintf(stderr,
                   "  depth view %zu: %.2f known, %.2f of known within 5%%; on objects %.2f known, "
                   "%.2f within 5%%\n",
                   v, double(known) / std::max(1, n), double(good) / std::max(1, known),
                   double(obj_known) / std::max(1, on_obj),
                   double(obj_good) / std::max(1, obj_known));
    }
  }
  size_t ceiling_px = 0, all_px = 0;  // is the ceiling in the photos at all (room height)?
  for (const cv::Mat& ids : gt.object_ids)
    ceiling_px += size_t(cv::countNonZero(ids == -3)), all_px += ids.total();
  stats.ceiling_fraction = double(ceiling_px) / double(std::max<size_t>(1, all_px));
  stats.center_error_m = median_of(cam_err);
  stats.object_center_error_m = median_of(center_err);
  stats.object_size_rel_error = median_of(size_err);
  stats.object_height_rel_error = median_of(height_err);
}

}  // namespace

std::optional<sl::Scene> reconstruct_synth(const sl::synth::SynthResult& gt,
                                           const ReconOptions& options, ReconStats& stats) {
  stats = ReconStats();
  const std::string seed = gt.scene.source.substr(gt.scene.source.rfind(' ') + 1);
  const std::string cache =
      options.cache_dir.empty()
          ? std::string()
          : (fs::path(options.cache_dir) /
             ("seed" + seed + "_" + std::to_string(gt.images.size()) + "x" +
              std::to_string(options.width) + "x" + std::to_string(options.height) +
              (options.dense_size == 640 ? std::string()
                                         : "_d" + std::to_string(options.dense_size)) +
              ".scenelens"))
                .string();
  stats.views = static_cast<int>(gt.images.size());
  sl::Scene scene;
  auto t0 = std::chrono::steady_clock::now();
  if (!cache.empty() && fs::exists(cache)) {
    scene = sl::load_scene(cache);
    stats.cached = true;
  } else {
    // 1. The photos, as files in a folder (what the user hands to the backend).
    const fs::path dir =
        fs::path(options.work_dir.empty() ? fs::temp_directory_path().string() : options.work_dir) /
        ("bench_spatial_qa_" + std::to_string(getpid())) / seed;
    fs::remove_all(dir);
    fs::create_directories(dir);
    sl::ReconstructionInput input;
    for (size_t v = 0; v < gt.images.size(); ++v) {
      const fs::path p = dir / gt.scene.views[v].name;
      cv::imwrite(p.string(), gt.images[v]);
      input.image_paths.push_back(p.string());
    }
    // 2. Classical backend, dense on.
    sl::ReconstructionOptions ro;
    ro.backend = "classical";
    ro.dense = true;
    ro.threads = options.threads;
    ro.dense_max_image_size = options.dense_size;
    sl::ReconstructionReport report;
    sl::CallbackJobContext ctx;
    if (options.verbose)
      ctx.on_log = [](sl::LogLevel, const std::string& m) {
        std::fprintf(stderr, "  %s\n", m.c_str());
      };
    try {
      scene = sl::make_backend("classical")->run(input, ro, ctx, report);
    } catch (const std::exception& e) {
      stats.problem = std::string("backend failed: ") + e.what();
      fs::remove_all(dir);
      return std::nullopt;
    }
    fs::remove_all(dir);
    if (options.verbose) std::fprintf(stderr, "  %s\n", report.summary.c_str());
    if (!cache.empty()) {
      fs::create_directories(options.cache_dir);
      sl::save_scene(scene, cache);
    }
  }
  stats.reconstruct_s = seconds_since(t0);
  stats.registered = scene.registered_views();
  stats.points = scene.cloud.size();
  // Views must keep the photos' order ("camera 3" is the third photo).
  if (scene.views.size() != gt.scene.views.size()) {
    stats.problem = "backend returned " + std::to_string(scene.views.size()) + " views for " +
                    std::to_string(gt.scene.views.size()) + " photos";
    return std::nullopt;
  }
  for (size_t v = 0; v < scene.views.size(); ++v)
    if (fs::path(scene.views[v].name).filename() != fs::path(gt.scene.views[v].name).filename()) {
      stats.problem = "view order changed at " + scene.views[v].name;
      return std::nullopt;
    }
  if (stats.registered < 3 || scene.cloud.empty()) {
    stats.problem = "only " + std::to_string(stats.registered) + " views registered";
    return std::nullopt;
  }

  // 3. Frame: level to the floor plane, metric scale from one known distance.
  t0 = std::chrono::steady_clock::now();
  stats.floor_found = level_to_floor(scene);
  if (!set_known_scale(scene, gt.scene, stats)) {
    stats.problem = "no two registered cameras to set the scale from";
    return std::nullopt;
  }
  const sl::objects::BoundaryPlanes planes =
      sl::objects::find_boundary_planes(scene.cloud, scene.up);
  stats.frame_s = seconds_since(t0);
  if (options.verbose)
    std::fprintf(stderr, "  boundary planes: floor %s, %zu others, distance %.4f units\n",
                 planes.floor ? "yes" : "no", planes.others.size(), planes.distance);

  // 4. Referents: click each object on the photos that show it best, name it.
  t0 = std::chrono::steady_clock::now();
  sl::objects::PhotoSelectOptions po;
  po.stop_planes = planes.all();
  po.plane_distance = planes.distance;
  const int min_px = std::max(10, options.width * options.height / 2000);
  std::unique_ptr<Grower> grow;  // built on first need
  for (size_t k = 0; k < gt.scene.objects.size(); ++k) {
    const sl::SceneObject& g = gt.scene.objects[k];
    const std::vector<Click> candidates = clicks_for(gt, scene, static_cast<int>(k), min_px);
    if (candidates.empty()) continue;  // no photo shows it: the user cannot click it
    ++stats.referents;
    // Click the best photos until `clicks_per_object` clicks selected something (a click that
    // selects nothing is tried again on the next photo, up to 4 photos).
    // The clicks build up as the GUI's photo clicks do: Shift-clicks on more photos of the same
    // thing unite, each photo's mask carving off what it sees beside the thing (PhotoCarve.h).
    sl::objects::PhotoUnion clicked;
    int good = 0;
    for (size_t c = 0; c < candidates.size() && c < 4 && good < options.clicks_per_object; ++c) {
      ++stats.clicks;
      double fit = 0;
      sl::objects::ViewMask vm;
      vm.view = candidates[c].view;
      const std::vector<uint32_t> got =
          click_object(scene, gt, static_cast<int>(k), candidates[c], po, options.min_fit,
                       options.verbose, &stats.corrections, &fit, &vm.mask);
      if (got.size() < 3) {
        ++stats.failed_clicks;
        continue;
      }
      ++good;
      const size_t before = clicked.points.size() + got.size();
      if (options.carve) {
        clicked =
            sl::objects::add_photo_selection(scene, std::move(clicked), got, std::move(vm), po);
      } else {
        clicked.points = set_op(clicked.points, got, true);
      }
      if (options.verbose && clicked.carved)
        std::fprintf(stderr, "    carved by %zu masks: <= %zu -> %zu points\n",
                     clicked.masks.size(), before, clicked.points.size());
    }
    std::vector<uint32_t> points = std::move(clicked.points);
    if (points.size() < 3) {
      // Fallback 1: the user clicks the object in the 3D view instead (region growing on the
      // cloud from the point under the click, stopped at the floor and walls, as the app's
      // select-object tool does); kept when its outline fits.
      ++stats.referent_failures;
      const Click& c = candidates[0];
      if (!grow) grow = std::make_unique<Grower>(scene, planes);
      const std::vector<uint32_t> grown = grow->at_click(scene, c, po);
      const double fit = outline_fit(scene, gt, static_cast<int>(k), c.view, grown);
      if (options.verbose)
        std::fprintf(stderr, "    3D click: %zu points, fit %.2f\n", grown.size(), fit);
      if (grown.size() >= 3 && fit >= options.min_fit) {
        points = grown;
        ++stats.grown_referents;
      }
    }
    if (points.size() < 3) {
      // Fallback 2: the cloud points the best photo sees in a small disc around the click.
      const Click& c = candidates[0];
      cv::Mat disc = cv::Mat::zeros(gt.images[size_t(c.view)].size(), CV_8U);
      cv::circle(disc, c.px, std::max(3, options.width / 40), cv::Scalar(255), cv::FILLED);
      points = sl::objects::lift_mask(scene, c.view, disc, po);
      if (points.size() < 3) continue;
    }
    // Named as the app does it ("Name selection"), then given the GT index for the diagnostics.
    sl::SceneObject o = sl::objects::object_from_points(
        scene, points, g.name, g.label, sl::objects::FloorContact{planes.floor, planes.distance});
    o.id = static_cast<int>(k);
    o.color = g.color;
    scene.objects.push_back(std::move(o));
  }
  stats.referents_s = seconds_since(t0);
  diagnose(scene, gt, options.verbose, stats);
  stats.ok = true;
  return scene;
}

}  // namespace bench
