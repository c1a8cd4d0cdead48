// "What colour is the sofa?": every point of the object gets a basic colour name (from its
// hue, saturation and value), and the answer names the dominant one (and a second one when it
// covers a good share). Drawn as the object's box.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "inference/spatial/SpatialReasoner.h"

namespace sl::spatial {

// A basic colour name for an sRGB colour (thresholds in HSV, value and saturation in 0..1).
const char* colour_name(const std::array<uint8_t, 3>& rgb) {
  const double r = rgb[0] / 255.0, g = rgb[1] / 255.0, b = rgb[2] / 255.0;
  const double mx = std::max({r, g, b}), mn = std::min({r, g, b});
  const double v = mx, s = mx > 0 ? (mx - mn) / mx : 0;
  if (v < 0.18) return "black";
  if (s < 0.15) return v > 0.85 ? "white" : "grey";
  double h = 0;  // degrees
  if (mx == r)
    h = 60 * std::fmod((g - b) / (mx - mn), 6.0);
  else if (mx == g)
    h = 60 * ((b - r) / (mx - mn) + 2);
  else
    h = 60 * ((r - g) / (mx - mn) + 4);
  if (h < 0) h += 360;
  if (s < 0.35 && v > 0.7 && h >= 20 && h < 60) return "beige";
  if (h < 15 || h >= 340) return v < 0.5 ? "brown" : (s < 0.5 && v > 0.75 ? "pink" : "red");
  if (h < 45) return v < 0.6 ? "brown" : "orange";
  if (h < 70) return v < 0.45 ? "brown" : "yellow";
  if (h < 165) return "green";
  if (h < 255) return "blue";
  if (h < 290) return "purple";
  return "pink";
}

Answer SpatialReasoner::colour(int obj) {
  const SceneObject& o = scene_.objects[size_t(obj)];
  const PointCloud& cloud = scene_.cloud;
  if (cloud.rgb.empty()) return unknown("This scene's points have no colours.");
  std::vector<uint32_t> points = o.point_indices;
  if (points.empty())  // an object known only by its box
    for (size_t i = 0; i < cloud.size(); ++i)
      if (o.box.contains(cloud.xyz[i].cast<double>())) points.push_back(uint32_t(i));
  std::map<std::string, size_t> votes;
  for (uint32_t i : points)
    if (i < cloud.rgb.size()) ++votes[colour_name(cloud.rgb[i])];
  if (votes.empty()) return unknown("The " + o.name + " has no points to see its colour by.");
  std::vector<std::pair<size_t, std::string>> ranked;
  size_t total = 0;
  for (const auto& [name, n] : votes) ranked.emplace_back(n, name), total += n;
  std::sort(ranked.rbegin(), ranked.rend());
  const auto pct = [&](size_t n) { return int(std::lround(100.0 * double(n) / double(total))); };
  Answer a;
  a.kind = Answer::Kind::Choice;
  a.choice = ranked[0].second;
  a.referents = {o.name};
  a.confidence = confidence({obj}) * double(ranked[0].first) / double(total);
  a.drawings.push_back(box_drawing(obj));
  a.text = "The " + o.name + " is mostly " + ranked[0].second + " (" +
           std::to_string(pct(ranked[0].first)) + " % of its points)";
  if (ranked.size() > 1 && pct(ranked[1].first) >= 20)
    a.text += ", with " + ranked[1].second + " (" + std::to_string(pct(ranked[1].first)) + " %)";
  a.text += ".";
  a.how = "basic colour names of the " + std::to_string(total) + " points of the " + o.name +
          " (hue, saturation and brightness of each)";
  return a;
}

}  // namespace sl::spatial
