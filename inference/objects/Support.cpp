#include "inference/objects/Support.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <opencv2/imgproc.hpp>

#include "inference/objects/Boxes.h"
#include "inference/objects/CloudIndex.h"
#include "inference/objects/Colour.h"

namespace sl::objects {

std::vector<std::vector<uint32_t>> euclidean_clusters(
    const std::vector<Eigen::Vector3f>& xyz, float radius,
    const std::function<bool(uint32_t, uint32_t)>& linked) {
  std::vector<std::vector<uint32_t>> clusters;
  if (xyz.empty()) return clusters;
  CloudIndex index(xyz);
  std::vector<uint8_t> seen(xyz.size(), 0);
  std::vector<uint32_t> nb;
  for (size_t s = 0; s < xyz.size(); ++s) {
    if (seen[s]) continue;
    std::vector<uint32_t> q{static_cast<uint32_t>(s)};
    seen[s] = 1;
    for (size_t h = 0; h < q.size(); ++h) {
      index.radius(xyz[q[h]], radius, nb);
      for (uint32_t j : nb)
        if (!seen[j] && (!linked || linked(q[h], j))) {
          seen[j] = 1;
          q.push_back(j);
        }
    }
    clusters.push_back(std::move(q));
  }
  return clusters;
}

std::vector<std::vector<uint32_t>> euclidean_clusters(const std::vector<Eigen::Vector3f>& xyz,
                                                      float radius) {
  return euclidean_clusters(xyz, radius, nullptr);
}

namespace {

struct Splitter {
  const std::vector<Eigen::Vector3f>& xyz;
  const std::vector<Eigen::Vector3f>& normals;
  const std::vector<std::array<uint8_t, 3>>& colours;  // empty: no colour evidence
  Eigen::Vector3f up, e1, e2;
  SupportSplitOptions o;
  std::vector<SupportCluster> out;

  float height(uint32_t i) const { return xyz[i].dot(up); }
  cv::Point2f flat(uint32_t i) const { return {xyz[i].dot(e1), xyz[i].dot(e2)}; }
  float cos_tilt() const { return static_cast<float>(std::cos(o.max_tilt_deg * M_PI / 180.0)); }
  // A point of the surface at `level`: up-facing (normal within max_tilt_deg, `cos_up`) and within
  // level_tol of it, or within the band of band_levels x level_tol with its normal's up
  // component above cos_band (the core band: any normal, -2; the wide band: wide_max_tilt_deg).
  bool on_surface(uint32_t i, double level, float cos_up, double band_levels = 0,
                  float cos_band = -2) const {
    const double dh = std::abs(static_cast<double>(height(i)) - level);
    const float n_up = normals[i].dot(up);
    return (n_up > cos_up && dh <= o.level_tol) ||
           (band_levels > 0 && dh <= band_levels * o.level_tol && n_up > cos_band);
  }

  // Heights of the candidate support surfaces in `body`, ascending: peaks of the histogram
  // of up-facing points' heights holding at least min_support points.
  std::vector<double> levels(const std::vector<uint32_t>& body) const {
    const float cos_up = cos_tilt();
    const double bin = o.level_tol;
    std::map<long, size_t> hist;
    for (uint32_t i : body)
      if (normals[i].dot(up) > cos_up) ++hist[std::lround(height(i) / bin)];
    std::vector<double> out_levels;
    for (const auto& [b, c] : hist) {
      auto count = [&](long k) {
        auto it = hist.find(k);
        return it == hist.end() ? size_t(0) : it->second;
      };
      const size_t window = count(b - 1) + c + count(b + 1);
      if (window < o.min_support) continue;
      if (count(b - 1) > c || count(b + 1) >= c) continue;  // not the peak of its window
      out_levels.push_back(static_cast<double>(b) * bin);
    }
    return out_levels;
  }

  // See stands_on_top.
  bool on_top(const std::vector<uint32_t>& body, const std::vector<uint32_t>& piece) const {
    const std::vector<double> lv = levels(body);
    if (lv.empty() || piece.empty()) return false;
    const double level = lv.back();
    float lowest = std::numeric_limits<float>::max();
    for (uint32_t i : piece) lowest = std::min(lowest, height(i));
    if (lowest < level - 2 * o.level_tol) return false;
    // The footprint from the up-facing points only (the stack merge was measured that way).
    const float cos_up = cos_tilt();
    std::vector<cv::Point2f> sp, hull;
    for (uint32_t i : body) {
      const double h = height(i);
      if (on_surface(i, level, cos_up) || (h < level && h >= level - o.rim_levels * o.level_tol))
        sp.push_back(flat(i));
    }
    if (sp.size() < 3) return false;
    cv::convexHull(sp, hull);
    const ColourSignature body_colours = colour_signature(colours, body);
    return stands_on(piece, hull, cv::contourArea(hull), level - o.level_tol, body_colours, 0.0);
  }

  void split(std::vector<uint32_t> body, double own_level, int depth) {
    if (depth < o.max_depth && body.size() >= 2 * o.min_cluster) {
      for (double level : levels(body)) {
        // The core band first; where nothing splits off, the wide band (see wide_core_levels).
        if (!split_at(body, level, false, depth) && o.wide_core_levels > o.core_levels)
          split_at(body, level, true, depth);
      }
    }
    std::sort(body.begin(), body.end());
    out.push_back({std::move(body), own_level});
  }

  // Cuts the surface at `level` (its up-facing points and the points of its core band, or with
  // `wide` of the wide band: wide_core_levels) out of `body` and splits off (recursively) the
  // pieces standing on it; `body` keeps the rest. False when nothing stands on it.
  bool split_at(std::vector<uint32_t>& body, double level, bool wide, int depth) {
    const float cos_up = cos_tilt();
    const double band_levels = wide ? o.wide_core_levels : o.core_levels;
    const float cos_band =
        wide ? static_cast<float>(std::cos(o.wide_max_tilt_deg * M_PI / 180.0)) : -2.0f;
    const double min_area_ratio = wide ? o.wide_min_area_ratio : 0.0;
    std::vector<uint32_t> surface, rest;
    for (uint32_t i : body)
      (on_surface(i, level, cos_up, band_levels, cos_band) ? surface : rest).push_back(i);
    if (surface.size() < o.min_support || rest.empty()) return false;
    std::vector<Eigen::Vector3f> rp(rest.size());
    for (size_t k = 0; k < rest.size(); ++k) rp[k] = xyz[rest[k]];
    auto pieces = euclidean_clusters(rp, o.radius);
    // The carrying body: the piece with the most points below the surface.
    const double below = level - o.level_tol;
    size_t main = pieces.size(), best = 0;
    for (size_t c = 0; c < pieces.size(); ++c) {
      size_t n = 0;
      for (uint32_t k : pieces[c]) n += height(rest[k]) < below ? 1 : 0;
      if (n > best) {
        best = n;
        main = c;
      }
    }
    if (main == pieces.size()) return false;  // nothing below: the surface is the bottom
    // The surface's footprint: its own points and the carrying body's just below it (a top
    // seen at a grazing angle has few up-facing points; its edges are seen from the side).
    std::vector<cv::Point2f> sp, hull;
    for (uint32_t i : surface) sp.push_back(flat(i));
    if (o.rim_levels > 0)
      for (uint32_t k : pieces[main])
        if (height(rest[k]) >= level - o.rim_levels * o.level_tol) sp.push_back(flat(rest[k]));
    cv::convexHull(sp, hull);
    const double surface_area = cv::contourArea(hull);
    // The carrying body's colours: the surface and the piece under it.
    ColourSignature body_colours;
    if (!colours.empty()) {
      std::vector<uint32_t> carrier = surface;
      for (uint32_t k : pieces[main]) carrier.push_back(rest[k]);
      body_colours = colour_signature(colours, carrier);
    }
    std::vector<uint32_t> keep = surface;
    std::vector<std::vector<uint32_t>> standing;
    for (size_t c = 0; c < pieces.size(); ++c) {
      std::vector<uint32_t> piece;
      piece.reserve(pieces[c].size());
      for (uint32_t k : pieces[c]) piece.push_back(rest[k]);
      if (c != main && stands_on(piece, hull, surface_area, below, body_colours, min_area_ratio))
        standing.push_back(std::move(piece));
      else
        keep.insert(keep.end(), piece.begin(), piece.end());
    }
    if (standing.empty()) return false;
    for (auto& piece : standing) split(std::move(piece), level, depth + 1);
    body = std::move(keep);
    return true;
  }

  bool stands_on(const std::vector<uint32_t>& piece, const std::vector<cv::Point2f>& hull,
                 double surface_area, double below, const ColourSignature& body_colours,
                 double min_area_ratio) const {
    if (piece.size() < o.min_cluster) return false;
    size_t above = 0, inside = 0;
    std::vector<cv::Point2f> pp;
    pp.reserve(piece.size());
    const cv::Point2f towards = towards_cameras(piece);
    for (uint32_t i : piece) {
      above += height(i) >= below ? 1 : 0;
      const cv::Point2f q = flat(i);
      pp.push_back(q);
      const double d = -cv::pointPolygonTest(hull, q, true);
      if (d <= o.radius)
        ++inside;
      else if (d <= o.hidden_reach_radii * o.radius && towards != cv::Point2f(0, 0))
        inside += cv::pointPolygonTest(hull, q + towards * float(d + o.radius), true) >= -o.radius;
    }
    const double n = static_cast<double>(piece.size());
    if (static_cast<double>(above) < o.inside_share * n) return false;
    if (static_cast<double>(inside) < o.inside_share * n) return false;
    std::vector<cv::Point2f> ph;
    cv::convexHull(pp, ph);
    const double area = cv::contourArea(ph);
    if (area > o.max_area_ratio * surface_area || area < min_area_ratio * surface_area)
      return false;
    if (o.same_colour_stays > 0 &&
        colour_similarity(colour_signature(colours, piece), body_colours) >= o.same_colour_stays)
      return false;
    return !rises_from_edge(pp, hull);
  }

  // The unit horizontal direction from `piece` towards the cameras that see it (zero if unknown).
  cv::Point2f towards_cameras(const std::vector<uint32_t>& piece) const {
    if (!o.look_at || piece.empty()) return {0, 0};
    Eigen::Vector3d c = Eigen::Vector3d::Zero();
    for (uint32_t i : piece) c += xyz[i].cast<double>();
    const Eigen::Vector3f look = o.look_at(c / double(piece.size())).cast<float>();
    const cv::Point2f t(-look.dot(e1), -look.dot(e2));
    const float n = std::hypot(t.x, t.y);
    return n > 1e-6f ? t / n : cv::Point2f(0, 0);
  }

  // See SupportSplitOptions::edge_band_radii.
  bool rises_from_edge(const std::vector<cv::Point2f>& pp,
                       const std::vector<cv::Point2f>& hull) const {
    if (o.edge_band_radii <= 0 || pp.size() < 3) return false;
    const double band = o.edge_band_radii * o.radius;
    size_t near_edge = 0;
    for (const auto& q : pp) near_edge += cv::pointPolygonTest(hull, q, true) < band ? 1 : 0;
    if (double(near_edge) < o.edge_share * double(pp.size())) return false;
    const cv::RotatedRect r = cv::minAreaRect(pp);
    const double a = r.angle * M_PI / 180.0;
    cv::Point2f axis(float(std::cos(a)), float(std::sin(a)));
    if (r.size.height > r.size.width) axis = cv::Point2f(-axis.y, axis.x);
    const double length = std::max(r.size.width, r.size.height);
    float lo = std::numeric_limits<float>::max(), hi = -lo;
    for (const auto& q : hull) {
      const float t = q.dot(axis);
      lo = std::min(lo, t);
      hi = std::max(hi, t);
    }
    return length >= o.edge_span * double(hi - lo);
  }
};

}  // namespace

bool stands_on_top(const std::vector<Eigen::Vector3f>& xyz,
                   const std::vector<Eigen::Vector3f>& normals, const std::vector<uint32_t>& body,
                   const std::vector<uint32_t>& piece, const Eigen::Vector3d& up,
                   const SupportSplitOptions& options,
                   const std::vector<std::array<uint8_t, 3>>& colours) {
  if (normals.size() != xyz.size()) return false;
  Eigen::Vector3d e1, e2;
  horizontal_basis(up, e1, e2);
  const Splitter s{
      xyz,     normals, colours, up.normalized().cast<float>(), e1.cast<float>(), e2.cast<float>(),
      options, {}};
  return s.on_top(body, piece);
}

std::vector<SupportCluster> split_on_supports(const std::vector<Eigen::Vector3f>& xyz,
                                              const std::vector<Eigen::Vector3f>& normals,
                                              const std::vector<uint32_t>& cluster,
                                              const Eigen::Vector3d& up,
                                              const SupportSplitOptions& options,
                                              const std::vector<std::array<uint8_t, 3>>& colours) {
  Eigen::Vector3d e1, e2;
  horizontal_basis(up, e1, e2);
  Splitter s{
      xyz,     normals, colours, up.normalized().cast<float>(), e1.cast<float>(), e2.cast<float>(),
      options, {}};
  if (normals.size() != xyz.size()) return {{cluster, std::numeric_limits<double>::quiet_NaN()}};
  s.split(cluster, std::numeric_limits<double>::quiet_NaN(), 0);
  return std::move(s.out);
}

}  // namespace sl::objects
