#include "inference/objects/Colour.h"

#include <algorithm>
#include <cmath>

namespace sl::objects {
namespace {

int colour_bin(const std::array<uint8_t, 3>& rgb) {
  const float r = rgb[0] / 255.0f, g = rgb[1] / 255.0f, b = rgb[2] / 255.0f;
  const float v = std::max({r, g, b}), lo = std::min({r, g, b});
  const float s = v > 0 ? (v - lo) / v : 0.0f;
  if (s < 0.2f || v < 0.15f) return 24 + std::min(3, static_cast<int>(v * 4));
  float h;  // degrees
  if (v == r)
    h = 60.0f * (g - b) / (v - lo);
  else if (v == g)
    h = 120.0f + 60.0f * (b - r) / (v - lo);
  else
    h = 240.0f + 60.0f * (r - g) / (v - lo);
  if (h < 0) h += 360.0f;
  const int hue = std::min(11, static_cast<int>(h / 30.0f));
  return hue * 2 + (s >= 0.5f ? 1 : 0);
}

}  // namespace

ColourSignature colour_signature(const std::vector<std::array<uint8_t, 3>>& rgb,
                                 const std::vector<uint32_t>& indices, size_t max_points) {
  ColourSignature sig;
  if (rgb.empty() || indices.empty()) return sig;
  const size_t step = std::max<size_t>(1, indices.size() / std::max<size_t>(1, max_points));
  for (size_t k = 0; k < indices.size(); k += step) {
    sig.share[static_cast<size_t>(colour_bin(rgb[indices[k]]))] += 1.0f;
    ++sig.points;
  }
  for (float& x : sig.share) x /= static_cast<float>(sig.points);
  return sig;
}

double colour_similarity(const ColourSignature& a, const ColourSignature& b) {
  if (a.points == 0 || b.points == 0) return -1;
  double s = 0;
  for (int k = 0; k < ColourSignature::kBins; ++k)
    s += std::min(a.share[size_t(k)], b.share[size_t(k)]);
  return s;
}

}  // namespace sl::objects
