// Click-to-region latency and object-proposal time on synthetic rooms of 1M and 5M points.
// Usage: bench_select [points...]   (default 1000000 5000000)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "inference/objects/CloudIndex.h"
#include "inference/objects/Frame.h"
#include "inference/objects/Proposals.h"
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
  std::printf("%10s %10s %10s %10s %12s %12s %12s %10s\n", "points", "index_ms", "floor_ms",
              "click_ms", "click_max_ms", "region_pts", "propose_s", "objects");
  for (size_t target : sizes) {
    // Spacing chosen so the room has about `target` points (the 12 mm room has ~0.4M).
    const double spacing = 0.012 * std::sqrt(400000.0 / static_cast<double>(target));
    auto room = testroom::make_room(1, 5, spacing);
    const Scene& s = room.scene;
    auto t = Clock::now();
    objects::CloudIndex index(s.cloud.xyz);
    const double index_ms = ms_since(t);
    t = Clock::now();
    const objects::Floor f = objects::find_floor(s);
    const double floor_ms = ms_since(t);
    objects::GrowOptions o;
    if (f.found) o.support_plane = f.plane.coeffs;
    o.radius = 2.5 * objects::median_spacing(index, 500);
    std::vector<double> clicks;
    size_t pts = 0;
    for (const auto& g : s.objects) {
      t = Clock::now();
      const auto sel =
          objects::grow_region(s.cloud, index, g.point_indices[g.point_indices.size() / 2], o);
      clicks.push_back(ms_since(t));
      pts = std::max(pts, sel.size());
    }
    std::sort(clicks.begin(), clicks.end());
    t = Clock::now();
    const auto res = objects::propose_objects(s);
    const double prop_s = ms_since(t) / 1000;
    std::printf("%10zu %10.0f %10.0f %10.1f %12.1f %12zu %12.2f %10zu\n", s.cloud.size(), index_ms,
                floor_ms, clicks[clicks.size() / 2], clicks.back(), pts, prop_s,
                res.objects.size());
  }
  return 0;
}
