// Click-to-region latency and object-proposal time on synthetic rooms of 1M and 5M points.
// The per-scene preparation (KD-tree, boundary planes, region graph: what the UI's
// SelectionController builds once per scene) is timed apart from the per-click growing.
// Usage: bench_select [points...]   (default 1000000 5000000)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "inference/objects/BoundaryPlanes.h"
#include "inference/objects/CloudIndex.h"
#include "inference/objects/Frame.h"
#include "inference/objects/Proposals.h"
#include "inference/objects/RegionGraph.h"
#include "inference/objects/Selection.h"
#include "tests/objects/TestRoom.h"

using namespace sl;
using Clock = std::chrono::steady_clock;
static double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

int main(int argc, char** argv) {
  std::vector<size_t> sizes = {1000000, 5000000};
  if (argc > 1) {
    sizes.clear();
    for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoull(argv[i], nullptr, 10));
  }
  objects::use_all_cores();
  std::printf("%10s %9s %9s %9s %9s | %9s %9s %10s %8s | %9s %7s\n", "points", "index_ms",
              "planes_ms", "graph_ms", "prep_ms", "click_ms", "click_max", "region_pts", "recall",
              "propose_s", "objects");
  for (size_t target : sizes) {
    // The point count scales with 1 / spacing^2 (the layout changes with it): a few tries.
    double spacing = 0.012;
    auto room = testroom::make_room(1, 5, spacing);
    for (int tries = 0; tries < 4; ++tries) {
      const double n = double(room.scene.cloud.size());
      if (std::abs(n - double(target)) < 0.03 * double(target)) break;
      spacing *= std::sqrt(n / double(target));
      room = testroom::make_room(1, 5, spacing);
    }
    const Scene& s = room.scene;
    auto t = Clock::now();
    objects::CloudIndex index(s.cloud.xyz);
    const double index_ms = ms_since(t);
    t = Clock::now();
    const objects::BoundaryPlanes planes = objects::find_boundary_planes(s.cloud, s.up);
    const double planes_ms = ms_since(t);
    t = Clock::now();
    objects::GrowOptions o;  // as SelectionController sets them
    o.support_plane = planes.floor;
    o.stop_planes = planes.others;
    const objects::RegionGraph graph = objects::build_region_graph(s.cloud, index, o);
    const double graph_ms = ms_since(t);
    std::vector<double> clicks;
    size_t pts = 0;
    double min_recall = 1;
    for (int rep = 0; rep < 3; ++rep)
      for (const auto& g : s.objects) {
        const uint32_t seed = g.point_indices[g.point_indices.size() * size_t(rep + 1) / 4];
        t = Clock::now();
        const auto sel = objects::grow_region(graph, s.cloud, seed, o);
        clicks.push_back(ms_since(t));
        pts = std::max(pts, sel.size());
        auto truth = g.point_indices;
        std::sort(truth.begin(), truth.end());
        const double tp = double(objects::selection_intersection(sel, truth).size());
        min_recall = std::min(min_recall, tp / double(truth.size()));
      }
    std::sort(clicks.begin(), clicks.end());
    t = Clock::now();
    const auto res = objects::propose_objects(s);
    const double prop_s = ms_since(t) / 1000;
    std::printf("%10zu %9.0f %9.0f %9.0f %9.0f | %9.1f %9.1f %10zu %8.3f | %9.2f %7zu\n",
                s.cloud.size(), index_ms, planes_ms, graph_ms, index_ms + planes_ms + graph_ms,
                clicks[clicks.size() / 2], clicks.back(), pts, min_recall, prop_s,
                res.objects.size());
  }
  return 0;
}
