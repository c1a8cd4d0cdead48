// bench_dense: multi-view stereo + fusion per data set. Synthetic: exact poses, AbsRel and
// delta<1.25 against the exact depth. Real sets: poses from the classical SfM backend first,
// and the ratio of our photos->dense time to COLMAP 3.8's sparse-only time (CPU) in this run.
// AbsRel / delta / coverage: pixels with confidence >= 0.5 (geometrically confirmed), all GT
// pixels. Usage: bench_dense [--data DIR] [--sets synthetic,temple_ring,kitchen] [--no-colmap]
//                    [--max-size N] [--depths N] [--threads N] [--neighbors N] [--refine N]
//                    [--best-k N] [--ncc N] [--agg N] [--single W] [--fuse-rel E] [--fuse-px PX]
//                    [--min-conf C] [--no-ground] [--no-coarse] [--no-interp]
//                    [--budget-mb MB] [--cpu-batch-mb MB] [--repeat N] [--seeds A-B]
//                    [--photo-size WxH]
// Synthetic: generated rooms A..B (default 1) of 12 photos (640x480 by default), a row each, with
// AbsRel and coverage also over the furniture's pixels and over its up-facing ones (table tops,
// seats: seen at grazing angles). SL_BENCH_CONF=C counts pixels with confidence >= C instead of
// 0.5; SL_BENCH_ACC=E counts only depths within E x the truth (what the stereo got right).
// --repeat N: each real set runs N times, ours and COLMAP in turn, and the medians are compared.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "inference/ReconstructionBackend.h"
#include "inference/dense/DenseStereo.h"
#include "scene/synth/SynthScene.h"

namespace fs = std::filesystem;
using namespace sl;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n == 0 ? 0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct Result {
  bool ok = false;
  int views = 0;
  double sfm_s = 0, dense_s = 0, per_view_s = 0, wall_s = 0, peak_mb = 0;
  double abs_rel = -1, delta = -1, coverage = -1;
  // Synthetic: the same for the furniture's pixels and for its up-facing ones (table tops,
  // seats: seen at a grazing angle), [0] objects, [1] up-facing object pixels.
  double part_abs_rel[2] = {-1, -1}, part_coverage[2] = {-1, -1};
  size_t points = 0;
};

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Runs fn in a forked child (its own peak memory), result back through a pipe.
template <typename Fn>
Result measured(Fn fn) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const double t0 = now_s();
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Result r;
    try {
      r = fn();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "  failed: %s\n", e.what());
    }
    if (write(fds[1], &r, sizeof r) != ssize_t(sizeof r)) _exit(2);
    _exit(0);
  }
  close(fds[1]);
  Result r;
  if (read(fds[0], &r, sizeof r) != ssize_t(sizeof r)) r = Result();
  close(fds[0]);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  r.wall_s = now_s() - t0;
  r.peak_mb = double(ru.ru_maxrss) / 1024.0;
  return r;
}

// AbsRel, delta and coverage of the confirmed depth; with `ids` (the generator's object ids per
// view) also over the furniture's pixels and its up-facing ones (normal within 25 degrees of +z,
// from the exact depth).
void depth_metrics(const dense::DenseCache& cache, const Scene& gt, float conf_thr, Result& r,
                   const std::vector<cv::Mat>* ids = nullptr) {
  // SL_BENCH_ACC=E: only depths within E x the true depth count (how much the stereo got right).
  const char* acc = std::getenv("SL_BENCH_ACC");
  const float max_rel = acc ? float(std::atof(acc)) : 0.f;
  double sum = 0, part_sum[2] = {0, 0};
  size_t n = 0, good = 0, valid = 0, part_n[2] = {0, 0}, part_valid[2] = {0, 0};
  for (const auto& d : cache.views) {
    const View& gv = gt.views[size_t(d.view_index)];
    cv::Mat g = gv.depth_m, id;
    if (g.size() != d.depth_m.size()) cv::resize(g, g, d.depth_m.size(), 0, 0, cv::INTER_NEAREST);
    if (ids) cv::resize((*ids)[size_t(d.view_index)], id, g.size(), 0, 0, cv::INTER_NEAREST);
    const Intrinsics k = gv.intrinsics.scaled(g.cols, g.rows);
    auto world = [&](int x, int y) {
      return Eigen::Vector3d(gv.world_from_cam *
                             (k.unproject(Eigen::Vector2d(x, y)) * double(g.at<float>(y, x))));
    };
    for (int y = 0; y < g.rows; ++y)
      for (int x = 0; x < g.cols; ++x) {
        const float t = g.at<float>(y, x), e = d.depth_m.at<float>(y, x);
        if (t <= 0) continue;
        ++valid;
        int part = -1;
        if (ids && id.at<int>(y, x) >= 0) {
          part = 0;
          if (x + 1 < g.cols && y + 1 < g.rows && g.at<float>(y, x + 1) > 0 &&
              g.at<float>(y + 1, x) > 0) {
            const Eigen::Vector3d p = world(x, y);
            const Eigen::Vector3d nrm = (world(x + 1, y) - p).cross(world(x, y + 1) - p);
            if (nrm.norm() > 0 && std::abs(nrm.normalized().z()) > std::cos(25 * M_PI / 180))
              part = 1;
          }
        }
        for (int q = 0; q <= part; ++q) ++part_valid[q];
        if (e <= 0 || d.confidence.at<float>(y, x) < conf_thr) continue;
        if (max_rel > 0 && std::abs(e - t) > max_rel * t) continue;
        sum += std::abs(e - t) / t;
        good += std::max(e / t, t / e) < 1.25f;
        ++n;
        for (int q = 0; q <= part; ++q) {
          part_sum[q] += std::abs(e - t) / t;
          ++part_n[q];
        }
      }
  }
  if (n == 0) return;
  r.abs_rel = sum / double(n);
  r.delta = double(good) / double(n);
  r.coverage = double(n) / double(valid);
  for (int q = 0; q < 2; ++q)
    if (part_valid[q] > 0) {
      r.part_coverage[q] = double(part_n[q]) / double(part_valid[q]);
      r.part_abs_rel[q] = part_n[q] ? part_sum[q] / double(part_n[q]) : -1;
    }
}

// SL_BENCH_BREAKDOWN=1: per object class, the share of its pixels that a neighbour sees (true
// depths agree within 1%), that the stereo got within 2% (any confidence), and that fusion kept
// (a point of the fused cloud, not an outlier, from that pixel). On stderr.
void print_breakdown(const dense::DenseCache& cache, const synth::SynthResult& s) {
  struct Count {
    size_t n = 0, seen = 0, seen2 = 0, any2 = 0, right = 0, fused = 0, fused_wrong = 0;
    std::vector<double> wrong_rel;  // (estimate - truth) / truth of the wrong depths
  };
  std::map<std::string, Count> by_class;
  std::map<int, size_t> slot;
  for (size_t i = 0; i < cache.views.size(); ++i) slot[cache.views[i].view_index] = i;
  std::vector<cv::Mat> fused(cache.views.size());
  for (size_t i = 0; i < cache.views.size(); ++i)
    fused[i] = cv::Mat::zeros(cache.views[i].depth_m.size(), CV_8U);
  for (size_t k = 0; k < cache.points.size(); ++k) {
    if (cache.outlier[k]) continue;
    const auto& d = cache.views[slot[cache.points.source_view[k]]];
    const Eigen::Vector2f px = cache.points.source_pixel[k];
    const int x = int(std::lround(px.x() * float(d.depth_m.cols) / float(d.full_width) - 0.5f +
                                  0.5f * float(d.depth_m.cols) / float(d.full_width)));
    const int y = int(std::lround(px.y() * float(d.depth_m.rows) / float(d.full_height) - 0.5f +
                                  0.5f * float(d.depth_m.rows) / float(d.full_height)));
    if (x >= 0 && y >= 0 && x < d.depth_m.cols && y < d.depth_m.rows)
      fused[slot[cache.points.source_view[k]]].at<uint8_t>(y, x) = 1;
  }
  for (size_t i = 0; i < cache.views.size(); ++i) {
    const auto& d = cache.views[i];
    const View& gv = s.scene.views[size_t(d.view_index)];
    cv::Mat g = gv.depth_m, id;
    if (g.size() != d.depth_m.size()) cv::resize(g, g, d.depth_m.size(), 0, 0, cv::INTER_NEAREST);
    cv::resize(s.object_ids[size_t(d.view_index)], id, g.size(), 0, 0, cv::INTER_NEAREST);
    const Intrinsics k = gv.intrinsics.scaled(g.cols, g.rows);
    // SL_BENCH_DUMP=DIR: per view, the photo beside its object pixels coloured: fused (green),
    // right but not fused (yellow), wrong (red), no depth (blue).
    const char* dump_dir = std::getenv("SL_BENCH_DUMP");
    cv::Mat dump;
    if (dump_dir) dump = d.image_bgr / 3;
    for (int y = 0; y < g.rows; ++y)
      for (int x = 0; x < g.cols; ++x) {
        const int o = id.at<int>(y, x);
        const float t = g.at<float>(y, x);
        if (o == -1 || t <= 0) continue;
        Count& c = by_class[o < 0 ? std::string("(room)") : s.scene.objects[size_t(o)].label];
        ++c.n;
        const float e = d.depth_m.at<float>(y, x);
        // Fused at a depth more than 2% off: on the room's surfaces mostly the furniture's
        // silhouettes fattened onto what is behind.
        c.fused_wrong += fused[i].at<uint8_t>(y, x) && std::abs(e - t) >= 0.02f * t;
        if (o < 0) {
          c.fused += fused[i].at<uint8_t>(y, x);
          continue;
        }
        const Eigen::Vector3d w = gv.world_from_cam * (k.unproject(Eigen::Vector2d(x, y)) * t);
        // Whether view nv sees w (its true depth there agrees within 1%).
        const auto sees = [&](size_t nv) {
          const View& nb = s.scene.views[nv];
          const Eigen::Vector3d pc = nb.cam_from_world() * w;
          if (pc.z() <= 0) return false;
          const Eigen::Vector2d uv = nb.intrinsics.project(pc);
          const int u = int(std::lround(uv.x())), v = int(std::lround(uv.y()));
          if (u < 0 || v < 0 || u >= nb.depth_m.cols || v >= nb.depth_m.rows) return false;
          return std::abs(nb.depth_m.at<float>(v, u) - pc.z()) < 0.01 * pc.z();
        };
        int seen = 0, any = 0;  // neighbours that see it; views besides the reference that do
        for (int nv : d.neighbors) seen += sees(size_t(nv));
        for (size_t nv = 0; nv < s.scene.views.size(); ++nv)
          if (int(nv) != d.view_index) any += sees(nv);
        c.any2 += any >= 2;
        c.seen += seen >= 1;
        c.seen2 += seen >= 2;
        c.right += e > 0 && std::abs(e - t) < 0.02f * t;
        if (e > 0 && std::abs(e - t) >= 0.02f * t) c.wrong_rel.push_back((e - t) / t);
        c.fused += fused[i].at<uint8_t>(y, x);
        if (!dump.empty()) {
          const bool ok = e > 0 && std::abs(e - t) < 0.02f * t;
          dump.at<cv::Vec3b>(y, x) = fused[i].at<uint8_t>(y, x) ? cv::Vec3b(0, 200, 0)
                                     : ok                       ? cv::Vec3b(0, 220, 220)
                                     : e > 0                    ? cv::Vec3b(0, 0, 230)
                                                                : cv::Vec3b(230, 0, 0);
        }
      }
    if (!dump.empty()) {
      cv::Mat both;
      cv::hconcat(d.image_bgr, dump, both);
      cv::imwrite(std::string(dump_dir) + "/view" + std::to_string(d.view_index) + ".png", both);
    }
  }
  for (const auto& [label, c] : by_class)
    std::fprintf(stderr,
                 "  %-10s px %8zu  seen by a neighbour %.3f (two %.3f; two views %.3f)  stereo "
                 "within 2%% %.3f  "
                 "fused %.3f\n",
                 label.c_str(), c.n, double(c.seen) / double(c.n), double(c.seen2) / double(c.n),
                 double(c.any2) / double(c.n), double(c.right) / double(c.n),
                 double(c.fused) / double(c.n));
  for (const auto& [label, c] : by_class)
    std::fprintf(stderr, "  %-10s fused points more than 2%% off: %.4f of its pixels\n",
                 label.c_str(), double(c.fused_wrong) / double(c.n));
  for (auto& [label, c] : by_class) {
    auto& w = c.wrong_rel;
    if (w.size() < 10) continue;
    std::sort(w.begin(), w.end());
    std::fprintf(stderr, "  %-10s wrong depths' relative error: 10%% %.3f  50%% %.3f  90%% %.3f\n",
                 label.c_str(), w[w.size() / 10], w[w.size() / 2], w[w.size() * 9 / 10]);
  }
}

Result run_synthetic(const dense::DenseOptions& o, int seed, int width, int height) {
  synth::SynthOptions so;
  so.seed = seed;
  so.width = width;
  so.height = height;
  so.views = 12;
  so.cloud_points = 20000;
  const synth::SynthResult s = synth::make_synthetic_scene(so);
  Scene posed = s.scene;
  for (auto& v : posed.views) v.depth_m = cv::Mat();
  JobContext ctx;
  const double t0 = now_s();
  const dense::DenseCache cache = dense::run_dense(posed, o, ctx, s.images);
  Result r;
  r.dense_s = now_s() - t0;
  r.views = int(cache.views.size());
  r.per_view_s = r.dense_s / std::max(1, r.views);
  r.points = posed.cloud.size();
  // SL_BENCH_CONF=C: the pixels with confidence >= C instead (0: every depth the stereo gave).
  const char* conf = std::getenv("SL_BENCH_CONF");
  depth_metrics(cache, s.scene, conf ? float(std::atof(conf)) : 0.5f, r,
                &s.object_ids);  // confirmed by the neighbours (see fuse_dense)
  if (std::getenv("SL_BENCH_BREAKDOWN")) print_breakdown(cache, s);
  r.ok = true;
  return r;
}

Result run_real(const std::string& dir, const dense::DenseOptions& o, int threads) {
  ReconstructionInput in;
  in.image_paths = {dir};
  ReconstructionOptions ro;
  ro.threads = threads;
  ReconstructionReport report;
  CallbackJobContext ctx;
  const double t0 = now_s();
  Scene scene = make_backend("classical")->run(in, ro, ctx, report);
  Result r;
  r.sfm_s = now_s() - t0;
  if (scene.registered_views() < 2) {
    std::fprintf(stderr, "  SfM registered %d views: %s\n", scene.registered_views(),
                 report.summary.c_str());
    return r;
  }
  const double t1 = now_s();
  const dense::DenseCache cache = dense::run_dense(scene, o, ctx);
  r.dense_s = now_s() - t1;
  r.views = int(cache.views.size());
  r.per_view_s = r.dense_s / std::max(1, r.views);
  r.points = scene.cloud.size();
  r.ok = true;
  return r;
}

int sh(const std::string& cmd) {
  return std::system((cmd + " > /dev/null 2>&1").c_str());
}

Result run_colmap(const std::string& dir, int threads) {
  const fs::path work =
      fs::temp_directory_path() / ("bench_dense_colmap_" + std::to_string(getpid()));
  fs::remove_all(work);
  fs::create_directories(work / "sparse");
  const std::string db = (work / "db.db").string(), th = std::to_string(threads > 0 ? threads : 2);
  Result r = measured([&] {
    Result out;
    out.ok = sh("colmap feature_extractor --database_path " + db + " --image_path " + dir +
                " --SiftExtraction.use_gpu 0 --SiftExtraction.num_threads " + th) == 0 &&
             sh("colmap exhaustive_matcher --database_path " + db +
                " --SiftMatching.use_gpu 0 --SiftMatching.num_threads " + th) == 0 &&
             sh("colmap mapper --database_path " + db + " --image_path " + dir + " --output_path " +
                (work / "sparse").string() + " --Mapper.num_threads " + th) == 0;
    return out;
  });
  fs::remove_all(work);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = "/work/shared/data", sets = "synthetic,temple_ring,kitchen";
  bool colmap = true;
  int threads = 0;
  int repeat = 1;
  int first_seed = 1, last_seed = 1, width = 640, height = 480;
  dense::DenseOptions o;
  // Flags that set one number each.
  const std::map<std::string, int*> int_flags = {
      {"--max-size", &o.max_image_size}, {"--depths", &o.num_depths},   {"--threads", &threads},
      {"--neighbors", &o.num_neighbors}, {"--best-k", &o.best_k},       {"--ncc", &o.ncc_window},
      {"--agg", &o.agg_window},          {"--refine", &o.refine_depths}};
  const std::map<std::string, float*> float_flags = {{"--fuse-rel", &o.max_rel_depth_error},
                                                     {"--fuse-px", &o.max_reproj_error_px},
                                                     {"--min-conf", &o.min_confidence},
                                                     {"--single", &o.single_view_weight},
                                                     {"--interp-rel", &o.fusion_interpolate_rel}};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--data")
      data = next();
    else if (a == "--sets")
      sets = next();
    else if (a == "--no-colmap")
      colmap = false;
    else if (int_flags.count(a))
      *int_flags.at(a) = std::atoi(next().c_str());
    else if (float_flags.count(a))
      *float_flags.at(a) = float(std::atof(next().c_str()));
    else if (a == "--no-ground")
      o.ground_sweep = false;
    else if (a == "--no-coarse")
      o.coarse_to_fine = false;
    else if (a == "--no-interp")
      o.fusion_interpolate = false;
    else if (a == "--budget-mb")
      o.memory_budget_mb = size_t(std::atol(next().c_str()));
    else if (a == "--cpu-batch-mb")
      o.cpu_batch_mb = size_t(std::atol(next().c_str()));
    else if (a == "--seeds") {
      const std::string v = next();
      first_seed = std::atoi(v.c_str());
      const size_t dash = v.find('-');
      last_seed = dash == std::string::npos ? first_seed : std::atoi(v.c_str() + dash + 1);
    } else if (a == "--photo-size") {
      const std::string v = next();
      width = std::atoi(v.c_str());
      const size_t x = v.find('x');
      height = x == std::string::npos ? 0 : std::atoi(v.c_str() + x + 1);
    } else if (a == "--repeat")
      repeat = std::max(1, std::atoi(next().c_str()));
    else {
      std::cerr << "usage: bench_dense [--data DIR] [--sets a,b] [--no-colmap] [--max-size N] "
                   "[--depths N] [--threads N] [--neighbors N] [--refine N] [--best-k N] [--ncc N] "
                   "[--agg N] [--single W] [--fuse-rel E] [--fuse-px PX] [--min-conf C] "
                   "[--no-ground] [--no-coarse] [--no-interp] [--budget-mb MB] "
                   "[--cpu-batch-mb MB] [--repeat N] [--seeds A-B] [--photo-size WxH]\n";
      return 2;
    }
  }
  o.threads = threads;
  if (first_seed < 1 || last_seed < first_seed || width < 8 || height < 8) {
    std::cerr
        << "bench_dense: --seeds wants A-B with 1 <= A <= B, --photo-size WxH of 8 px or more\n";
    return 2;
  }
  std::printf("working size %d px, %d depth planes, %d neighbours\n", o.max_image_size,
              o.num_depths, o.num_neighbors);
  std::printf("%-12s %5s %8s %8s %9s %8s %8s %9s %7s %7s %6s\n", "set", "views", "sfm_s", "dense_s",
              "s/view", "total_s", "peak_MB", "points", "AbsRel", "d<1.25", "cover");
  std::stringstream ss(sets);
  std::string set;
  while (std::getline(ss, set, ',')) {
    const std::string dir = data + "/" + set;
    if (set != "synthetic" && !fs::is_directory(dir)) {
      std::printf("%-12s SKIP: %s not found\n", set.c_str(), dir.c_str());
      continue;
    }
    std::vector<double> ours_s, colmap_s;
    if (set == "synthetic") {
      for (int seed = first_seed; seed <= last_seed; ++seed) {
        const Result r = measured([&] { return run_synthetic(o, seed, width, height); });
        if (!r.ok) {
          std::printf("%-12s FAILED (see stderr)\n", set.c_str());
          break;
        }
        std::printf(
            "%-12s %5d %8.1f %8.1f %9.2f %8.1f %8.0f %9zu %7.4f %7.4f %6.3f  seed %d %dx%d; "
            "objects AbsRel %.4f cover %.3f, their up-facing AbsRel %.4f cover %.3f\n",
            set.c_str(), r.views, r.sfm_s, r.dense_s, r.per_view_s, r.wall_s, r.peak_mb, r.points,
            r.abs_rel, r.delta, r.coverage, seed, width, height, r.part_abs_rel[0],
            r.part_coverage[0], r.part_abs_rel[1], r.part_coverage[1]);
        std::fflush(stdout);
      }
      continue;
    }
    for (int run = 0; run < repeat; ++run) {
      const Result r = measured([&] { return run_real(dir, o, threads); });
      if (!r.ok) {
        std::printf("%-12s FAILED (see stderr)\n", set.c_str());
        break;
      }
      std::printf("%-12s %5d %8.1f %8.1f %9.2f %8.1f %8.0f %9zu %7.4f %7.4f %6.3f\n", set.c_str(),
                  r.views, r.sfm_s, r.dense_s, r.per_view_s, r.wall_s, r.peak_mb, r.points,
                  r.abs_rel, r.delta, r.coverage);
      ours_s.push_back(r.wall_s);
      if (colmap) {
        const Result c = run_colmap(dir, threads);
        if (c.ok) {
          std::printf(
              "%-12s colmap sparse-only %.1f s; ratio ours photos->dense / colmap sparse %.2f\n",
              set.c_str(), c.wall_s, r.wall_s / c.wall_s);
          colmap_s.push_back(c.wall_s);
        } else {
          std::printf("%-12s colmap failed or not installed\n", set.c_str());
        }
      }
      std::fflush(stdout);
    }
    if (ours_s.size() > 1 && colmap_s.size() == ours_s.size())
      std::printf("%-12s median of %zu runs: ours %.1f s, colmap %.1f s, ratio %.2f\n", set.c_str(),
                  ours_s.size(), median(ours_s), median(colmap_s),
                  median(ours_s) / median(colmap_s));
    std::fflush(stdout);
  }
  return 0;
}
