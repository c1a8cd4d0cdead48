// bench_spatial_qa: a generated spatial QA benchmark over synthetic rooms, VSI-Bench categories
// plus on/under/next-to. Numbers are scored by mean relative accuracy (thresholds 0.50..0.95),
// choices by accuracy. Two columns per category:
//  - GT geometry: seeds 1..N (--scenes, default 20), 8 views of 96x72, the generator's exact
//    cloud, boxes and object views; plus the median answer latency, also with the cloud
//    densified to 1M points (--dense).
//  - reconstructed: seeds F..F+M-1 (--recon-first, default 1; --recon-scenes, default 8;
//    --no-recon skips it), 12 photos (--views N) of
//    320x240 (--photo-size WxH) rendered by the generator -> the classical backend with dense
//    stereo -> levelled to the floor plane, metric scale from one known distance (camera 1 to the
//    camera farthest from it) -> each object clicked on the photos that show it best (PhotoSelect,
//    --clicks per object) and named (reconstruct_synth.h). The same questions are also scored on
//    those scenes' GT geometry ("GT, same scenes") for a like-for-like comparison.
// Usage: bench_spatial_qa [--scenes N] [--recon-scenes M] [--no-recon] [--views N] [--clicks K]
//                         [--dense POINTS] [--threads T] [--cache DIR] [--min-fit IOU]
//                         [--photo-size WxH] [--dense-size PX] [--no-carve] [--verbose]
// --cache DIR keeps each seed's backend output there and reuses it (to iterate on the steps after
// the reconstruction; the printed recon_s is then the load time). --min-fit: the IoU of a click's
// outline with the object below which the emulated user undoes it. --no-carve: an object's
// clicks are only united, not carved by each clicked photo's mask (PhotoCarve.h).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "inference/spatial/SpatialReasoner.h"
#include "reconstruct_synth.h"
#include "spatial_qa_questions.h"

namespace {

double mra(double pred, double truth) {
  double s = 0;
  for (int i = 0; i < 10; ++i) {
    const double t = 0.50 + 0.05 * i;
    s += std::abs(pred - truth) / std::abs(truth) < 1 - t ? 1 : 0;
  }
  return s / 10;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

double score(const bench::QA& qa, const sl::spatial::Answer& a) {
  if (qa.numeric) return a.value ? mra(*a.value, qa.value) : 0;
  auto norm = [](std::string c) { return c == "behind" ? std::string("back") : c; };
  return norm(lower(a.choice)) == norm(lower(qa.choice)) ? 1 : 0;
}

void densify(sl::Scene& s, size_t target) {
  std::mt19937 rng(7);
  std::normal_distribution<float> jit(0, 0.003f);
  const size_t n0 = s.cloud.size();
  std::vector<int> owner(n0, -1);
  for (size_t k = 0; k < s.objects.size(); ++k)
    for (uint32_t i : s.objects[k].point_indices) owner[i] = static_cast<int>(k);
  for (size_t i = n0; i < target; ++i) {
    const size_t src = i % n0;
    s.cloud.push_back(s.cloud.xyz[src] + Eigen::Vector3f(jit(rng), jit(rng), jit(rng)));
    if (owner[src] >= 0)
      s.objects[owner[src]].point_indices.push_back(static_cast<uint32_t>(s.cloud.size() - 1));
  }
}

struct Tally {
  std::map<std::string, std::pair<double, int>> acc;  // category -> (sum, count)
  int total = 0;
  double sum = 0;
  void add(const std::string& cat, double s) {
    acc[cat].first += s;
    acc[cat].second += 1;
    sum += s;
    ++total;
  }
  double mean() const { return sum / std::max(1, total); }
};

double elapsed_ms(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Asks every question of `qs` on `scene` (fresh dialogue state each) and scores it.
void run_questions(const sl::Scene& scene, const std::vector<bench::QA>& qs, int seed, Tally& t,
                   std::vector<double>* lat_ms, std::vector<std::string>* misses) {
  sl::spatial::SpatialReasoner reasoner(scene);
  for (const auto& qa : qs) {
    reasoner.reset();
    const auto t0 = std::chrono::steady_clock::now();
    const auto a = reasoner.ask(qa.question);
    if (lat_ms) lat_ms->push_back(elapsed_ms(t0));
    const double s = score(qa, a);
    t.add(qa.category, s);
    if (misses && s < 0.5 && misses->size() < 30)
      misses->push_back("seed " + std::to_string(seed) + ": " + qa.question + " -> " + a.text +
                        " [truth " + (qa.numeric ? std::to_string(qa.value) : qa.choice) + "]");
  }
}

int usage() {
  std::fprintf(
      stderr,
      "usage: bench_spatial_qa [--scenes N] [--recon-scenes M] [--recon-first F] [--no-recon] "
      "[--views N] [--clicks K] "
      "[--dense POINTS] [--threads T] [--cache DIR] [--min-fit IOU] "
      "[--photo-size WxH] [--dense-size PX] [--no-carve] [--verbose]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int scenes = 20, recon_scenes = 8, recon_first = 1;
  size_t dense = 1000000;
  bool recon = true;
  bench::ReconOptions ro;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--no-recon")
      recon = false;
    else if (a == "--verbose")
      ro.verbose = true;
    else if (a == "--scenes" && has_value)
      scenes = std::atoi(argv[++i]);
    else if (a == "--recon-scenes" && has_value)
      recon_scenes = std::atoi(argv[++i]);
    else if (a == "--recon-first" && has_value)
      recon_first = std::atoi(argv[++i]);
    else if (a == "--dense-size" && has_value)
      ro.dense_size = std::atoi(argv[++i]);
    else if (a == "--views" && has_value)
      ro.views = std::atoi(argv[++i]);
    else if (a == "--clicks" && has_value)
      ro.clicks_per_object = std::atoi(argv[++i]);
    else if (a == "--threads" && has_value)
      ro.threads = std::atoi(argv[++i]);
    else if (a == "--min-fit" && has_value)
      ro.min_fit = std::atof(argv[++i]);
    else if (a == "--no-carve")
      ro.carve = false;
    else if (a == "--cache" && has_value)
      ro.cache_dir = argv[++i];
    else if (a == "--dense" && has_value)
      dense = static_cast<size_t>(std::atol(argv[++i]));
    else if (a == "--photo-size" && has_value) {
      if (std::sscanf(argv[++i], "%dx%d", &ro.width, &ro.height) != 2 || ro.width < 32 ||
          ro.height < 32)
        return usage();
    } else
      return usage();
  }
  if (ro.dense_size < 64) {
    std::fprintf(stderr, "bench_spatial_qa: --dense-size must be 64 px or more\n");
    return usage();
  }
  if (ro.views < 3) {
    std::fprintf(stderr, "bench_spatial_qa: --views must be 3 or more photos\n");
    return usage();
  }
  if (recon_first < 1) {
    std::fprintf(stderr, "bench_spatial_qa: --recon-first must be a seed >= 1\n");
    return usage();
  }
  if (!recon) recon_scenes = 0;

  // Ground-truth geometry.
  Tally gt;
  std::vector<double> lat_ms, lat_dense_ms;
  std::vector<std::string> failures;
  for (int seed = 1; seed <= scenes; ++seed) {
    sl::synth::SynthOptions opt;
    opt.seed = seed;
    opt.views = 8;
    opt.width = 96;
    opt.height = 72;
    opt.cloud_points = 60000;
    sl::synth::SynthResult r = sl::synth::make_synthetic_scene(opt);
    const auto qs = bench::make_questions(r, seed);
    run_questions(r.scene, qs, seed, gt, &lat_ms, &failures);
    if (seed <= 3 && dense > 0) {  // latency at 1M points (first 3 scenes)
      sl::Scene big = r.scene;
      densify(big, dense);
      sl::spatial::SpatialReasoner rb(big);
      for (const auto& qa : qs) {
        rb.reset();
        const auto t0 = std::chrono::steady_clock::now();
        rb.ask(qa.question);
        lat_dense_ms.push_back(elapsed_ms(t0));
      }
      if (big.objects.size() >= 2) {
        const std::string q =
            "closest points between the " + big.objects[0].name + " and the " + big.objects[1].name;
        rb.reset();
        const auto t0 = std::chrono::steady_clock::now();
        rb.ask(q);
        lat_dense_ms.push_back(elapsed_ms(t0));
      }
    }
  }

  // Reconstructed geometry (and the same questions on those scenes' GT geometry).
  Tally same, rec;
  std::vector<std::string> rec_failures, scene_lines;
  int rec_ok = 0, reg_views = 0, all_views = 0, referents = 0, referent_failures = 0, grown = 0;
  int clicks = 0, failed_clicks = 0;
  double rec_total_s = 0;
  size_t rec_points = 0;
  for (int seed = recon_first; seed < recon_first + recon_scenes; ++seed) {
    sl::synth::SynthOptions opt;
    opt.seed = seed;
    opt.views = ro.views;
    opt.width = ro.width;
    opt.height = ro.height;
    opt.cloud_points = 60000;
    const sl::synth::SynthResult r = sl::synth::make_synthetic_scene(opt);
    const auto qs = bench::make_questions(r, seed);
    Tally scene_gt, scene_rec;
    run_questions(r.scene, qs, seed, scene_gt, nullptr, nullptr);
    run_questions(r.scene, qs, seed, same, nullptr, nullptr);
    bench::ReconStats st;
    const auto t0 = std::chrono::steady_clock::now();
    const std::optional<sl::Scene> s = bench::reconstruct_synth(r, ro, st);
    const double scene_s = elapsed_ms(t0) / 1000;
    rec_total_s += scene_s;
    all_views += st.views;
    reg_views += st.registered;
    char line[512];
    if (s) {
      ++rec_ok;
      rec_points += st.points;
      referents += st.referents;
      referent_failures += st.referent_failures;
      grown += st.grown_referents;
      clicks += st.clicks;
      failed_clicks += st.failed_clicks;
      run_questions(*s, qs, seed, scene_rec, nullptr, nullptr);
      run_questions(*s, qs, seed, rec, nullptr, &rec_failures);
      std::snprintf(
          line, sizeof line,
          "%4d %3d/%-3d %8zu %7.1f %6.1f %6.1f %4d/%-3d %5s %+7.3f %6.2f %6.3f %6.3f %6.3f "
          "%6.3f %6.3f %6.3f",
          seed, st.registered, st.views, st.points, st.reconstruct_s, st.frame_s, st.referents_s,
          st.referents - st.referent_failures, st.referents, st.floor_found ? "yes" : "no",
          st.scale_error, st.up_error_deg, st.center_error_m, st.object_center_error_m,
          st.object_size_rel_error, st.object_height_rel_error, scene_gt.mean(), scene_rec.mean());
    } else {
      for (const auto& qa : qs) rec.add(qa.category, 0);  // a failed scene answers nothing
      std::snprintf(line, sizeof line, "%4d %3d/%-3d   failed after %.1f s: %s", seed,
                    st.registered, st.views, scene_s, st.problem.c_str());
    }
    scene_lines.push_back(line);
    std::fprintf(stderr, "%s\n", line);
    if (ro.verbose)
      std::fprintf(stderr,
                   "  known distance %.3f m, %.4g m per scene unit, %d clicks (%d failed, %d "
                   "corrected), ceiling in %.4f of the photos' pixels, %s\n",
                   st.known_distance_m, st.meters_per_unit, st.clicks, st.failed_clicks,
                   st.corrections, st.ceiling_fraction, st.cached ? "cached" : "reconstructed");
  }

  std::printf("spatial QA benchmark: %d questions over %d synthetic scenes (seeds 1..%d)", gt.total,
              scenes, scenes);
  if (recon_scenes > 0)
    std::printf("; reconstructed: %d questions over seeds 1..%d", rec.total, recon_scenes);
  std::printf("\n\n%-18s %6s %12s | %6s %10s %14s\n", "category", "n", "GT geometry", "n",
              "GT, same", "reconstructed");
  for (const auto& [cat, v] : gt.acc) {
    std::printf("%-18s %6d %12.3f |", cat.c_str(), v.second, v.first / v.second);
    const auto it = rec.acc.find(cat);
    if (it == rec.acc.end()) {
      std::printf(" %6s %10s %14s\n", "-", "-", recon_scenes > 0 ? "-" : "not run");
      continue;
    }
    const auto& sm = same.acc[cat];
    std::printf(" %6d %10.3f %14.3f\n", it->second.second, sm.first / sm.second,
                it->second.first / it->second.second);
  }
  std::printf("%-18s %6d %12.3f |", "overall", gt.total, gt.mean());
  if (recon_scenes > 0)
    std::printf(" %6d %10.3f %14.3f\n", rec.total, same.mean(), rec.mean());
  else
    std::printf(" %6s %10s %14s\n", "-", "-", "not run");
  auto median = [](std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  auto maxv = [](const std::vector<double>& v) {
    return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
  };
  std::printf("\nlatency (60k points): median %.3f ms, max %.1f ms over %zu answers\n",
              median(lat_ms), maxv(lat_ms), lat_ms.size());
  std::printf(
      "latency (%zu points, 3 scenes, fresh reasoner state): median %.3f ms, max %.1f ms over %zu "
      "answers\n",
      dense, median(lat_dense_ms), maxv(lat_dense_ms), lat_dense_ms.size());
  if (recon_scenes > 0) {
    std::printf(
        "\nreconstruction (%d photos of %dx%d per scene, classical + dense, %d click(s) per "
        "object): %d of %d scenes reconstructed, %d of %d views registered, %.0f points per "
        "scene, %d of %d referents selected on photos (of the failed ones, %d by a click in 3D, "
        "the rest a disc around the photo click), %d of %d clicks failed, %.1f s per scene (%.1f "
        "s in all)\n",
        ro.views, ro.width, ro.height, ro.clicks_per_object, rec_ok, recon_scenes, reg_views,
        all_views, rec_ok ? double(rec_points) / rec_ok : 0.0, referents - referent_failures,
        referents, grown, failed_clicks, clicks, rec_total_s / recon_scenes, rec_total_s);
    std::printf(
        "per scene (diagnostics vs GT after a similarity alignment of the camera centres, not "
        "used for answers):\n%4s %7s %8s %7s %6s %6s %8s %5s %7s %6s %6s %6s %6s %6s %6s %6s\n",
        "seed", "views", "points", "recon_s", "frame", "click", "objects", "floor", "scale", "up°",
        "cam_m", "obj_m", "size", "height", "GT", "recon");
    for (const auto& l : scene_lines) std::printf("%s\n", l.c_str());
  } else {
    std::printf("reconstructed-geometry column: not run (--no-recon)\n");
  }
  if (!failures.empty()) std::printf("\nfirst misses (GT geometry):\n");
  for (const auto& f : failures) std::printf("  %s\n", f.c_str());
  if (!rec_failures.empty()) std::printf("\nfirst misses (reconstructed):\n");
  for (const auto& f : rec_failures) std::printf("  %s\n", f.c_str());
  return 0;
}
