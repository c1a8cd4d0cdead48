// Proposal recall on scene/synth rooms: per seed, the share of ground-truth objects matched by a
// proposal with upright-box IoU >= 0.5, from the ground-truth cloud.
// Usage: bench_proposals [first_seed] [last_seed] [cloud_points]   (default 1 12 250000)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "inference/objects/Boxes.h"
#include "inference/objects/Proposals.h"
#include "scene/synth/SynthScene.h"

using namespace sl;

int main(int argc, char** argv) {
  const int first = argc > 1 ? std::atoi(argv[1]) : 1;
  const int last = argc > 2 ? std::atoi(argv[2]) : 12;
  const int points = argc > 3 ? std::atoi(argv[3]) : 250000;
  objects::use_all_cores();
  int hits = 0, total = 0;
  std::printf("%6s %6s %10s %8s %10s %10s\n", "seed", "gt", "proposals", "recall", "floor_deg",
              "propose_s");
  for (int seed = first; seed <= last; ++seed) {
    synth::SynthOptions o;
    o.seed = seed;
    o.views = 4;
    o.width = 160;
    o.height = 120;
    o.cloud_points = points;
    const auto r = synth::make_synthetic_scene(o);
    const Scene& s = r.scene;
    const auto res = objects::propose_objects(s);
    const double ang =
        std::acos(std::clamp(res.floor.up.dot(Eigen::Vector3d::UnitZ()), -1.0, 1.0)) * 180 / M_PI;
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
