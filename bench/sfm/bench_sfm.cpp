// bench_sfm: our classical backend vs COLMAP 3.8 (CPU) on the same photos, in the same run.
// Usage: bench_sfm [--data DIR] [--sets temple_ring,sceaux_castle,kitchen,room] [--no-colmap]
//        [--verbose] [--threads N]
// Prints per data set: images registered, rotation error median/max and camera-centre error
// (temple: ground truth), mean reprojection error, wall time, peak memory, ratio ours/COLMAP.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "inference/ClassicalBackend.h"
#include "inference/io/ImageLoader.h"
#include "inference/sfm/Alignment.h"
#include "scene/MiddleburyIO.h"

namespace fs = std::filesystem;

namespace {

struct Result {
  int images = 0, registered = 0;
  double rot_med = -1, rot_max = -1, center_med = -1, reproj = -1, wall_s = 0, peak_mb = 0;
  bool ok = false;
};

std::map<std::string, Eigen::Isometry3d> temple_gt(const std::string& path) {
  return sl::read_middlebury_par(path);
}

void add_gt_errors(Result& r, const std::map<std::string, Eigen::Isometry3d>& gt,
                   const std::map<std::string, Eigen::Isometry3d>& est) {
  std::vector<Eigen::Isometry3d> a, b;
  for (const auto& [name, T] : est) {
    auto it = gt.find(fs::path(name).filename().string());
    if (it == gt.end()) continue;
    a.push_back(T);
    b.push_back(it->second);
  }
  if (a.size() < 3) return;
  const auto e = sl::sfm::compare_poses(a, b);
  r.rot_med = e.median_rotation_deg;
  r.rot_max = e.max_rotation_deg;
  r.center_med = e.median_center;
}

// Runs `fn` in a forked child and measures its wall time and peak RSS; the child writes its
// result through a pipe.
template <typename Fn>
Result measured(Fn fn) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Result r = fn();
    if (write(fds[1], &r, sizeof r) != ssize_t(sizeof r)) _exit(2);
    _exit(0);
  }
  close(fds[1]);
  Result r;
  const ssize_t got = read(fds[0], &r, sizeof r);
  close(fds[0]);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  if (got != ssize_t(sizeof r)) r = Result();
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.peak_mb = double(ru.ru_maxrss) / 1024.0;
  return r;
}

Result run_ours(const std::string& dir, const std::map<std::string, Eigen::Isometry3d>& gt,
                int threads, bool verbose) {
  sl::ReconstructionInput in;
  in.image_paths = {dir};
  sl::ReconstructionOptions opt;
  opt.threads = threads;
  sl::CallbackJobContext ctx;
  if (verbose)
    ctx.on_log = [](sl::LogLevel, const std::string& m) { std::cerr << "  " << m << "\n"; };
  sl::ReconstructionReport report;
  sl::ClassicalBackend backend;
  Result r;
  try {
    const sl::Scene s = backend.run(in, opt, ctx, report);
    r.images = int(s.views.size());
    r.registered = s.registered_views();
    std::map<std::string, Eigen::Isometry3d> est;
    for (const auto& v : s.views)
      if (v.registered) est[v.name] = v.world_from_cam;
    add_gt_errors(r, gt, est);
    const auto pos = report.summary.find("reprojection error ");
    if (pos != std::string::npos) r.reproj = std::atof(report.summary.c_str() + pos + 19);
    r.ok = true;
    if (verbose) {
      std::cerr << "  " << report.summary << "\n";
      for (const auto& u : report.unplaced)
        std::cerr << "  unplaced " << u.image << ": " << u.reason << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "ours failed on " << dir << ": " << e.what() << "\n";
  }
  return r;
}

int sh(const std::string& cmd) {
  return std::system((cmd + " > /dev/null 2>&1").c_str());
}

Result run_colmap(const std::string& dir, const std::map<std::string, Eigen::Isometry3d>& gt,
                  int threads) {
  const fs::path work =
      fs::temp_directory_path() / ("bench_sfm_colmap_" + std::to_string(getpid()));
  fs::remove_all(work);
  fs::create_directories(work / "sparse");
  const std::string db = (work / "db.db").string();
  const std::string th = std::to_string(threads > 0 ? threads : 2);
  Result r = measured([&]() {
    Result out;
    if (sh("colmap feature_extractor --database_path " + db + " --image_path " + dir +
           " --SiftExtraction.use_gpu 0 --SiftExtraction.num_threads " + th) != 0 ||
        sh("colmap exhaustive_matcher --database_path " + db +
           " --SiftMatching.use_gpu 0 --SiftMatching.num_threads " + th) != 0 ||
        sh("colmap mapper --database_path " + db + " --image_path " + dir + " --output_path " +
           (work / "sparse").string() + " --Mapper.num_threads " + th) != 0)
      return out;
    out.ok = true;
    return out;
  });
  // Peak memory of the children: the forked process waits for them, so ru_maxrss covers them
  // only through RUSAGE_CHILDREN of the fork; measured() reports the fork's own; use /usr/bin/time?
  if (!r.ok) return r;
  // Largest model folder.
  fs::path best;
  size_t best_n = 0;
  for (const auto& e : fs::directory_iterator(work / "sparse")) {
    if (!e.is_directory()) continue;
    sh("colmap model_converter --input_path " + e.path().string() + " --output_path " +
       e.path().string() + " --output_type TXT");
    std::ifstream in(e.path() / "images.txt");
    size_t n = 0;
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') ++n;
    if (n / 2 > best_n) {
      best_n = n / 2;
      best = e.path();
    }
  }
  r.images = int(sl::io::list_images(dir).size());
  if (best.empty()) return r;
  std::ifstream in(best / "images.txt");
  std::map<std::string, Eigen::Isometry3d> est;
  bool pose_line = true;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    if (pose_line) {
      std::istringstream ss(line);
      int id, cam;
      double qw, qx, qy, qz, tx, ty, tz;
      std::string name;
      ss >> id >> qw >> qx >> qy >> qz >> tx >> ty >> tz >> cam >> name;
      Eigen::Isometry3d T = Eigen::Isometry3d::Identity();
      T.linear() = Eigen::Quaterniond(qw, qx, qy, qz).toRotationMatrix();
      T.translation() = Eigen::Vector3d(tx, ty, tz);
      est[name] = T.inverse();
    }
    pose_line = !pose_line;
  }
  r.registered = int(est.size());
  add_gt_errors(r, gt, est);
  std::ifstream pts(best / "points3D.txt");
  double sum = 0;
  int n = 0;
  for (std::string line; std::getline(pts, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    double id, x, y, z, cr, cg, cb, err;
    ss >> id >> x >> y >> z >> cr >> cg >> cb >> err;
    sum += err;
    ++n;
  }
  r.reproj = n ? sum / n : -1;
  fs::remove_all(work);
  return r;
}

std::string fmt(double v, int prec = 2) {
  if (v < 0) return "-";
  char b[32];
  std::snprintf(b, sizeof b, "%.*f", prec, v);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = "/work/shared/data";
  std::string sets = "temple_ring,sceaux_castle,kitchen,room";
  bool colmap = true, verbose = false;
  int threads = 2;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--data" && k + 1 < argc)
      data = argv[++k];
    else if (a == "--sets" && k + 1 < argc)
      sets = argv[++k];
    else if (a == "--threads" && k + 1 < argc)
      threads = std::atoi(argv[++k]);
    else if (a == "--no-colmap")
      colmap = false;
    else if (a == "--verbose")
      verbose = true;
  }
  std::printf("%-14s %-7s %7s %9s %9s %9s %8s %8s %8s\n", "set", "engine", "reg", "rot_med",
              "rot_max", "ctr_med", "reproj", "time_s", "peak_MB");
  std::stringstream ss(sets);
  for (std::string set; std::getline(ss, set, ',');) {
    std::string dir = data + "/" + set;
    if (fs::exists(dir + "/images")) dir += "/images";
    if (!fs::exists(dir)) {
      std::printf("%-14s SKIP: %s not found\n", set.c_str(), dir.c_str());
      continue;
    }
    std::map<std::string, Eigen::Isometry3d> gt;
    if (fs::exists(dir + "/templeSR_par.txt")) gt = temple_gt(dir + "/templeSR_par.txt");
    const Result ours = measured([&]() { return run_ours(dir, gt, threads, verbose); });
    auto row = [&](const char* engine, const Result& r) {
      std::printf("%-14s %-7s %3d/%-3d %9s %9s %9s %8s %8s %8s\n", set.c_str(), engine,
                  r.registered, r.images, fmt(r.rot_med, 3).c_str(), fmt(r.rot_max, 3).c_str(),
                  fmt(r.center_med, 4).c_str(), fmt(r.reproj, 3).c_str(), fmt(r.wall_s, 1).c_str(),
                  fmt(r.peak_mb, 0).c_str());
    };
    row("ours", ours);
    if (colmap) {
      const Result c = run_colmap(dir, gt, threads);
      row("colmap", c);
      if (c.wall_s > 0)
        std::printf("%-14s ratio   time ours/colmap %.2f\n", set.c_str(), ours.wall_s / c.wall_s);
    }
    std::fflush(stdout);
  }
  return 0;
}
