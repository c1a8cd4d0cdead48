// Proposal recall on scene/synth rooms: per seed, the share of ground-truth objects matched by a
// proposal with upright-box IoU >= 0.5, from the ground-truth cloud, or (--recon DIR) from the
// cloud the classical backend reconstructed from the room's 12 photos of 320x240 (the
// scenelens files bench_spatial_qa --cache DIR keeps: seedN_12x320x240.scenelens). Proposals
// run on the reconstruction in its own frame (they find its floor); only to score them, their
// boxes are mapped into the true frame by the similarity that best aligns the camera centres.
// Usage: bench_proposals [first_seed] [last_seed] [cloud_points] [--recon DIR]
//        (default 1 12 250000)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "inference/objects/Boxes.h"
#include "inference/objects/Proposals.h"
#include "scene/SceneFile.h"
#include "scene/synth/SynthScene.h"

#include <Eigen/Geometry>
#include <filesystem>

using namespace sl;

namespace {

// Similarity (scale, rotation, translation) taking the registered reconstructed camera centres
// onto the true ones of the same views; false with fewer than 3.
bool align_cameras(const Scene& rec, const Scene& gt, Eigen::Matrix4d* gt_from_rec) {
  std::vector<Eigen::Vector3d> a, b;
  for (size_t i = 0; i < rec.views.size() && i < gt.views.size(); ++i)
    if (rec.views[i].registered)
      a.push_back(rec.views[i].center()), b.push_back(gt.views[i].center());
  if (a.size() < 3) return false;
  Eigen::Matrix3Xd A(3, a.size()), B(3, b.size());
  for (size_t i = 0; i < a.size(); ++i) A.col(long(i)) = a[i], B.col(long(i)) = b[i];
  *gt_from_rec = Eigen::umeyama(A, B, true);
  return true;
}

OrientedBox mapped(const OrientedBox& b, const Eigen::Matrix4d& T) {
  const Eigen::Matrix3d sR = T.topLeftCorner<3, 3>();
  const double scale = std::cbrt(sR.determinant());
  OrientedBox o;
  o.center = sR * b.center + T.topRightCorner<3, 1>();
  o.axes = sR / scale * b.axes;
  o.size = b.size * scale;
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  std::string recon_dir;
  std::vector<const char*> pos;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--recon" && i + 1 < argc)
      recon_dir = argv[++i];
    else
      pos.push_back(argv[i]);
  }
  const int first = pos.size() > 0 ? std::atoi(pos[0]) : 1;
  const int last = pos.size() > 1 ? std::atoi(pos[1]) : 12;
  const int points = pos.size() > 2 ? std::atoi(pos[2]) : 250000;
  objects::use_all_cores();
  int hits = 0, total = 0;
  std::printf("%6s %6s %10s %8s %10s %10s\n", "seed", "gt", "proposals", "recall", "floor_deg",
              "propose_s");
  for (int seed = first; seed <= last; ++seed) {
    synth::SynthOptions o;
    o.seed = seed;
    o.views = recon_dir.empty() ? 4 : 12;
    o.width = recon_dir.empty() ? 160 : 320;
    o.height = recon_dir.empty() ? 120 : 240;
    o.cloud_points = recon_dir.empty() ? points : 60000;
    const auto r = synth::make_synthetic_scene(o);
    const Scene& s = r.scene;
    Eigen::Matrix4d gt_from_rec = Eigen::Matrix4d::Identity();
    Scene rec;
    if (!recon_dir.empty()) {
      const std::string file = recon_dir + "/seed" + std::to_string(seed) + "_12x320x240.scenelens";
      if (!std::filesystem::exists(file)) {
        std::printf("%6d SKIP: %s not found (run bench_spatial_qa --cache %s)\n", seed,
                    file.c_str(), recon_dir.c_str());
        continue;
      }
      rec = load_scene(file);
      rec.objects.clear();
      if (!align_cameras(rec, s, &gt_from_rec)) {
        std::printf("%6d SKIP: fewer than 3 registered views\n", seed);
        continue;
      }
    }
    auto res = objects::propose_objects(recon_dir.empty() ? s : rec);
    for (auto& p : res.objects) p.box = mapped(p.box, gt_from_rec);
    const Eigen::Vector3d found_up =
        (gt_from_rec.topLeftCorner<3, 3>() * res.floor.up).normalized();
    const double ang =
        std::acos(std::clamp(found_up.dot(Eigen::Vector3d::UnitZ()), -1.0, 1.0)) * 180 / M_PI;
    int hit = 0;
    std::string missed;
    for (size_t k = 0; k < s.objects.size(); ++k) {
      const auto& g = s.objects[k];
      double best = 0;
      const OrientedBox* bb = nullptr;
      for (const auto& p : res.objects) {
        const double iou = objects::upright_box_iou(g.box, p.box, Eigen::Vector3d::UnitZ());
        if (iou > best) bb = &p.box;
        best = std::max(best, iou);
      }
      if (best < 0.5 && std::getenv("SL_BENCH_VERBOSE")) {
        auto show = [](const char* what, const OrientedBox& b) {
          std::printf("    %s centre %.2f %.2f %.2f size %.2f %.2f %.2f\n", what, b.center.x(),
                      b.center.y(), b.center.z(), b.size.x(), b.size.y(), b.size.z());
        };
        std::printf("  %s:\n", g.name.c_str());
        show("truth", g.box);
        if (bb) show("best ", *bb);
      }
      if (best >= 0.5) {
        ++hit;
        continue;
      }
      char buf[160];
      std::snprintf(buf, sizeof buf, " %s(on %d, iou %.2f)", g.name.c_str(),
                    k < r.supported_by.size() ? r.supported_by[k] : -1, best);
      missed += buf;
    }
    hits += hit;
    total += static_cast<int>(s.objects.size());
    std::printf("%6d %6zu %10zu %8.2f %10.2f %10.2f %s\n", seed, s.objects.size(),
                res.objects.size(),
                s.objects.empty() ? 1.0 : double(hit) / double(s.objects.size()), ang, res.seconds,
                missed.c_str());
    std::fflush(stdout);
  }
  std::printf("total recall %.3f (%d / %d)\n", total ? double(hits) / total : 1.0, hits, total);
  return 0;
}
