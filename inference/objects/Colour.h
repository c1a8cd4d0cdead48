// Colour evidence for object proposals: whether two pieces of the cloud look like one material
// (a chair's backrest and its seat) or like two things (a tv and the cabinet it stands on).
// Internal to inference/objects.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sl::objects {

// Normalised histogram of a piece's colours: hue (12 bins) x saturation (2 bins) for coloured
// points, brightness (4 bins) for grey ones (saturation below 0.2 or value below 0.15), so that
// shading moves a point between few bins.
struct ColourSignature {
  static constexpr int kBins = 12 * 2 + 4;
  std::array<float, kBins> share{};
  size_t points = 0;  // how many points it was made from (0: the cloud has no colours)
};

// The signature of the points `indices` of `rgb` (at most max_points of them, evenly spread);
// empty when `rgb` is.
ColourSignature colour_signature(const std::vector<std::array<uint8_t, 3>>& rgb,
                                 const std::vector<uint32_t>& indices, size_t max_points = 5000);

// Histogram intersection in [0, 1] (1: the same colours in the same shares); -1 when either
// signature is empty.
double colour_similarity(const ColourSignature& a, const ColourSignature& b);

}  // namespace sl::objects
