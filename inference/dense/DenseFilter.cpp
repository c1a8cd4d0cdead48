// User controls on the dense cloud, applied to the cache: no stereo, no fusion, just masks.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "inference/dense/DenseStereo.h"

namespace sl::dense {
namespace {

// Bright, low-saturation (white/grey haze) or bluish colour.
bool sky_coloured(const std::array<uint8_t, 3>& rgb) {
  const int r = rgb[0], g = rgb[1], b = rgb[2];
  const int mx = std::max({r, g, b}), mn = std::min({r, g, b});
  if (mx < 150) return false;
  const double sat = mx > 0 ? double(mx - mn) / mx : 0;
  const bool bluish = b >= r && b >= g - 10 && b > r + 15;
  return sat < 0.15 || bluish;
}

int64_t voxel_key(const Eigen::Vector3f& p, double size) {
  const auto q = [&](float x) { return int64_t(std::floor(double(x) / size)) & 0x1FFFFF; };
  return (q(p.x()) << 42) | (q(p.y()) << 21) | q(p.z());
}

}  // namespace

std::vector<uint32_t> dense_keep(const DenseCache& cache, const DenseFilter& f,
                                 const PointCloud* points) {
  const PointCloud& pc = points ? *points : cache.points;
  const size_t n = pc.size();
  std::vector<uint32_t> keep;
  keep.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (f.remove_outliers && i < cache.outlier.size() && cache.outlier[i]) continue;
    const int view = pc.source_view.empty() ? -1 : pc.source_view[i];
    if (view >= 0 && size_t(view) < f.hidden_views.size() && f.hidden_views[size_t(view)]) continue;
    const float conf = pc.confidence.empty() ? 1.f : pc.confidence[i];
    if (conf < f.min_confidence) continue;
    if (!pc.rgb.empty()) {
      const auto& c = pc.rgb[i];
      if (f.remove_black && std::max({c[0], c[1], c[2]}) <= f.black_max) continue;
      if (f.remove_white && std::min({c[0], c[1], c[2]}) >= f.white_min) continue;
      if (f.remove_sky && i < cache.row_fraction.size() &&
          cache.row_fraction[i] <= f.sky_top_fraction &&
          cache.far_fraction[i] >= f.sky_far_fraction && sky_coloured(c))
        continue;
    }
    keep.push_back(uint32_t(i));
  }
  // Confidence percentile over the points still shown.
  if (f.confidence_percentile > 0 && !pc.confidence.empty() && !keep.empty()) {
    const double p = std::clamp(double(f.confidence_percentile), 0.0, 100.0) / 100.0;
    const size_t drop = std::min(keep.size(), size_t(std::llround(p * double(keep.size()))));
    if (drop > 0) {
      std::vector<uint32_t> order = keep;
      std::nth_element(order.begin(), order.begin() + long(drop - 1), order.end(),
                       [&](uint32_t a, uint32_t b) {
                         return pc.confidence[a] < pc.confidence[b] ||
                                (pc.confidence[a] == pc.confidence[b] && a < b);
                       });
      std::vector<uint8_t> dropped(n, 0);
      for (size_t j = 0; j < drop; ++j) dropped[order[j]] = 1;
      keep.erase(
          std::remove_if(keep.begin(), keep.end(), [&](uint32_t i) { return dropped[i] != 0; }),
          keep.end());
    }
  }
  // Voxel downsampling: the most confident point of each voxel, attributes intact.
  if (f.voxel_size > 0 && !keep.empty()) {
    std::unordered_map<int64_t, uint32_t> best;
    best.reserve(keep.size());
    for (uint32_t i : keep) {
      auto [it, inserted] = best.emplace(voxel_key(pc.xyz[i], f.voxel_size), i);
      if (!inserted && !pc.confidence.empty() && pc.confidence[i] > pc.confidence[it->second])
        it->second = i;
    }
    keep.clear();
    for (const auto& kv : best) keep.push_back(kv.second);
    std::sort(keep.begin(), keep.end());
  }
  return keep;
}

PointCloud filter_dense(const DenseCache& cache, const DenseFilter& filter) {
  return cache.points.subset(dense_keep(cache, filter));
}

bool DenseFilter::is_identity() const {
  return confidence_percentile <= 0 && min_confidence <= 0 &&
         std::none_of(hidden_views.begin(), hidden_views.end(), [](bool h) { return h; }) &&
         !remove_black && !remove_white && !remove_sky && voxel_size <= 0;
}

}  // namespace sl::dense
