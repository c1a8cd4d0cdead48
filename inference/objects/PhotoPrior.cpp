#include "inference/objects/PhotoPrior.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <deque>
#include <opencv2/imgproc.hpp>
#include <stdexcept>
#include <string>

#include "inference/objects/Boxes.h"
#include "inference/objects/DepthFlood.h"
#include "inference/objects/ViewVisibility.h"

namespace sl::objects {
namespace {

// Colour prior (no depth): 4-connected flood from the seeds over pixels whose smoothed Lab
// colour changes little from neighbour to neighbour and stays near the seeds' colour.
cv::Mat flood_prior(const cv::Mat& lab, const std::vector<cv::Point>& seeds,
                    const PhotoSelectOptions& o) {
  const size_t max_area = size_t(o.max_prior_fraction * double(lab.total()));
  size_t area = 0;
  cv::Mat prior(lab.size(), CV_8U, cv::Scalar(0));
  cv::Vec3f seed_mean(0, 0, 0);
  for (const auto& s : seeds) seed_mean += lab.at<cv::Vec3f>(s);
  seed_mean *= 1.0f / float(seeds.size());
  const float step = float(o.color_dist) * 0.4f;
  const float far = float(o.color_dist) * 1.6f;
  std::deque<cv::Point> queue;
  for (const auto& s : seeds) {
    prior.at<uchar>(s) = 255;
    queue.push_back(s);
  }
  const int dx[4] = {1, -1, 0, 0}, dy[4] = {0, 0, 1, -1};
  while (!queue.empty()) {
    const cv::Point p = queue.front();
    queue.pop_front();
    const cv::Vec3f cp = lab.at<cv::Vec3f>(p);
    for (int k = 0; k < 4; ++k) {
      const cv::Point q(p.x + dx[k], p.y + dy[k]);
      if (q.x < 0 || q.y < 0 || q.x >= lab.cols || q.y >= lab.rows) continue;
      if (prior.at<uchar>(q)) continue;
      const cv::Vec3f cq = lab.at<cv::Vec3f>(q);
      if (cv::norm(cq - cp) > step || cv::norm(cq - seed_mean) > far) continue;
      prior.at<uchar>(q) = 255;
      queue.push_back(q);
      if (++area > max_area) return prior;
    }
  }
  return prior;
}

std::vector<cv::Point> colour_neighbourhood(const cv::Mat& lab, const std::vector<cv::Point>& seeds,
                                            int radius, const PhotoSelectOptions& o);

// A thing standing on a larger horizontal surface (a cup on a table) is reached over the depth
// map together with that surface. When the region holds, below the clicked height, a height
// at which a good share of its pixels lie, and what stands above it is much smaller across than
// that surface, the region becomes the part above it that holds the click. When that part is
// several things standing together (a cup before a box on a table: joined over the depth), the
// clicked one is the part's pixels colour-joined to the click, if that colour region ends well
// inside a small radius (a thing with its own colour, not a patch of a larger object's texture).
// Returns the height (along up) below which points belong to the surface, when it cut.
std::optional<double> cut_at_support(cv::Mat& prior, const cv::Mat& world, const cv::Mat& lab,
                                     const std::vector<cv::Point>& seeds,
                                     const PhotoSelectOptions& o) {
  const Eigen::Vector3d up = o.up.normalized();
  Eigen::Vector3d e1, e2;
  horizontal_basis(up, e1, e2);
  const auto at = [&](const cv::Point& p) {
    const cv::Vec3f& w = world.at<cv::Vec3f>(p);
    return Eigen::Vector3d(w[0], w[1], w[2]);
  };
  std::vector<cv::Point> pix;
  cv::findNonZero(prior, pix);
  if (pix.size() < 50) return std::nullopt;
  std::vector<double> h(pix.size());
  Eigen::AlignedBox2d all;
  for (size_t i = 0; i < pix.size(); ++i) {
    const Eigen::Vector3d p = at(pix[i]);
    h[i] = up.dot(p);
    all.extend(Eigen::Vector2d(e1.dot(p), e2.dot(p)));
  }
  std::vector<double> seed_h;
  for (const auto& s : seeds)
    if (prior.at<uchar>(s)) seed_h.push_back(up.dot(at(s)));
  if (seed_h.empty()) return std::nullopt;
  std::nth_element(seed_h.begin(), seed_h.begin() + long(seed_h.size() / 2), seed_h.end());
  const double click_h = seed_h[seed_h.size() / 2];
  const double lo = *std::min_element(h.begin(), h.end());
  const double extent = std::max(all.diagonal().norm(), click_h - lo);
  // Fine enough for a cup (a hundredth of the region), not coarser than "on a plane".
  const double bin =
      o.plane_distance > 0 ? std::min(o.plane_distance, 0.01 * extent) : 0.01 * extent;
  if (!(bin > 0) || click_h - lo < 3 * bin) return std::nullopt;
  // Height histogram below the click.
  const int nbins = int((click_h - 2 * bin - lo) / bin) + 1;
  std::vector<int> count(size_t(std::max(1, nbins)), 0);
  for (double x : h)
    if (x < click_h - 2 * bin) ++count[size_t(std::clamp(int((x - lo) / bin), 0, nbins - 1))];
  const int peak = int(std::max_element(count.begin(), count.end()) - count.begin());
  const int at_peak = count[size_t(peak)] + (peak > 0 ? count[size_t(peak - 1)] : 0) +
                      (peak + 1 < nbins ? count[size_t(peak + 1)] : 0);
  if (double(at_peak) < o.support_min_share * double(pix.size())) return std::nullopt;
  const double support_h = lo + (peak + 0.5) * bin;
  Eigen::AlignedBox2d surface;
  for (size_t i = 0; i < pix.size(); ++i)
    if (std::abs(h[i] - support_h) <= bin) {
      const Eigen::Vector3d p = at(pix[i]);
      const Eigen::Vector2d q(e1.dot(p), e2.dot(p));
      surface.extend(q);
    }
  if (surface.isEmpty()) return std::nullopt;
  // The part above the surface that holds a click (4-connected within the region). Stereo
  // depth scatters a surface seen at a grazing angle over a few bins, so that bumps of it join
  // the thing to the rest: the cut is raised a bin at a time until the part is a small thing.
  const int dx[4] = {1, -1, 0, 0}, dy[4] = {0, 0, 1, -1};
  for (int lift = 1; lift <= 4; ++lift) {
    const double cut = support_h + lift * bin;
    cv::Mat part(prior.size(), CV_8U, cv::Scalar(0));
    std::deque<cv::Point> queue;
    for (const auto& s : seeds)
      if (prior.at<uchar>(s) && up.dot(at(s)) > cut && !part.at<uchar>(s))
        part.at<uchar>(s) = 255, queue.push_back(s);
    if (queue.empty()) break;  // the click is no higher than the cut
    Eigen::AlignedBox2d thing;
    int n = 0;
    std::vector<double> thing_h;
    while (!queue.empty()) {
      const cv::Point p = queue.front();
      queue.pop_front();
      const Eigen::Vector3d w = at(p);
      thing.extend(Eigen::Vector2d(e1.dot(w), e2.dot(w)));
      thing_h.push_back(up.dot(w));
      ++n;
      for (int k = 0; k < 4; ++k) {
        const cv::Point q(p.x + dx[k], p.y + dy[k]);
        if (q.x < 0 || q.y < 0 || q.x >= prior.cols || q.y >= prior.rows) continue;
        if (!prior.at<uchar>(q) || part.at<uchar>(q) || !(up.dot(at(q)) > cut)) continue;
        part.at<uchar>(q) = 255;
        queue.push_back(q);
      }
    }
    if (n < 20) break;
    // Above a raised cut, a thing rises well clear of it; bumps of a noisy surface (a click on
    // the table top itself) barely do.
    if (lift > 1) {
      std::nth_element(thing_h.begin(), thing_h.begin() + long(thing_h.size() / 2), thing_h.end());
      if (thing_h[thing_h.size() / 2] < cut + bin) continue;
    }
    // A small thing on a big surface, not the upper part of one object (a cab on its chassis).
    const auto small_thing = [&](int count, const Eigen::AlignedBox2d& box) {
      return double(count) <= o.support_max_thing_share * double(pix.size()) &&
             surface.diagonal().norm() >= o.support_extent_ratio * box.diagonal().norm();
    };
    if (small_thing(n, thing)) {
      prior = part;
      return cut;
    }
    if (lab.empty()) continue;
    const int radius = std::max(4, int(std::lround(0.06 * std::hypot(prior.cols, prior.rows))));
    cv::Mat own(prior.size(), CV_8U, cv::Scalar(0));
    Eigen::AlignedBox2d own_box;
    int own_n = 0;
    bool reaches_radius = false;
    for (const auto& c : colour_neighbourhood(lab, seeds, radius, o)) {
      if (!part.at<uchar>(c)) continue;
      double nearest = std::numeric_limits<double>::infinity();
      for (const auto& s : seeds) nearest = std::min(nearest, std::hypot(c.x - s.x, c.y - s.y));
      reaches_radius = reaches_radius || nearest >= 0.8 * radius;
      own.at<uchar>(c) = 255;
      const Eigen::Vector3d w = at(c);
      own_box.extend(Eigen::Vector2d(e1.dot(w), e2.dot(w)));
      ++own_n;
    }
    if (own_n >= 20 && !reaches_radius && small_thing(own_n, own_box)) {
      prior = own;
      return cut;
    }
  }
  return std::nullopt;
}

// The pixels within `radius` of the seeds that are joined to them by small colour steps and
// stay near their colour (as flood_prior), nearest first.
std::vector<cv::Point> colour_neighbourhood(const cv::Mat& lab, const std::vector<cv::Point>& seeds,
                                            int radius, const PhotoSelectOptions& o) {
  std::vector<cv::Point> out;
  if (seeds.empty()) return out;
  cv::Vec3f seed_mean(0, 0, 0);
  for (const auto& s : seeds) seed_mean += lab.at<cv::Vec3f>(s);
  seed_mean *= 1.0f / float(seeds.size());
  const float step = float(o.color_dist) * 0.4f, far = float(o.color_dist) * 1.6f;
  cv::Mat seen(lab.size(), CV_8U, cv::Scalar(0));
  std::deque<std::pair<cv::Point, cv::Point>> queue;  // pixel, its seed
  for (const auto& s : seeds) {
    seen.at<uchar>(s) = 1;
    queue.emplace_back(s, s);
  }
  const int dx[4] = {1, -1, 0, 0}, dy[4] = {0, 0, 1, -1};
  while (!queue.empty()) {
    const auto [p, from] = queue.front();
    queue.pop_front();
    out.push_back(p);
    const cv::Vec3f cp = lab.at<cv::Vec3f>(p);
    for (int k = 0; k < 4; ++k) {
      const cv::Point q(p.x + dx[k], p.y + dy[k]);
      if (q.x < 0 || q.y < 0 || q.x >= lab.cols || q.y >= lab.rows || seen.at<uchar>(q)) continue;
      if ((q - from).dot(q - from) > radius * radius) continue;
      const cv::Vec3f cq = lab.at<cv::Vec3f>(q);
      if (cv::norm(cq - cp) > step || cv::norm(cq - seed_mean) > far) continue;
      seen.at<uchar>(q) = 1;
      queue.emplace_back(q, from);
    }
  }
  return out;
}

// Prior region from geometry: pixels joined to the seeds over the depth map (small relative
// depth steps between neighbours), leaving out pixels whose world point lies on a stop plane.
cv::Mat geometric_prior(const cv::Mat& depth, const cv::Mat& lab, const Intrinsics& k,
                        const Eigen::Isometry3d& w_c, const std::vector<cv::Point>& seeds,
                        const PhotoSelectOptions& o, std::optional<double>* support_top) {
  cv::Mat off(depth.size(), CV_8U, cv::Scalar(0));
  cv::Mat world(depth.size(), CV_32FC3, cv::Scalar::all(0));
  for (int r = 0; r < depth.rows; ++r)
    for (int c = 0; c < depth.cols; ++c) {
      const float d = depth.at<float>(r, c);
      if (!(d > 0) || !std::isfinite(d)) continue;
      const Eigen::Vector3d p = w_c * (k.unproject(Eigen::Vector2d(c, r)) * double(d));
      world.at<cv::Vec3f>(r, c) = cv::Vec3f(float(p.x()), float(p.y()), float(p.z()));
      bool on_plane = false;
      for (const auto& pl : o.stop_planes)
        on_plane = on_plane || std::abs(pl.head<3>().dot(p) + pl[3]) <= o.plane_distance;
      off.at<uchar>(r, c) = on_plane ? 1 : 2;
    }
  // A click on the floor or a wall selects (the connected part of) that plane.
  bool seed_on_plane = false;
  for (const auto& s : seeds) seed_on_plane = seed_on_plane || off.at<uchar>(s) == 1;
  // Pieces joined over the depth map, numbered as they are reached (each pixel once).
  cv::Mat piece(depth.size(), CV_32S, cv::Scalar(0));
  std::vector<int> size_of(1, 0);
  const auto usable = [&](const cv::Point& p) {
    return off.at<uchar>(p) != 0 && (off.at<uchar>(p) == 1) == seed_on_plane;
  };
  const auto flood = [&](const cv::Point& s) {
    const int id = int(size_of.size());
    size_of.push_back(flood_depth_piece(depth, piece, s, id, 0, o.depth_step_rel, usable));
  };
  std::vector<int> chosen;
  std::vector<cv::Point> cut_seeds = seeds;
  for (const auto& s : seeds) {
    if (off.at<uchar>(s) == 0) continue;
    if (!piece.at<int>(s)) flood(s);
    chosen.push_back(piece.at<int>(s));
  }
  // Stereo depth fails in patches (weak texture): the clicked pixel may lie on a small piece of
  // wrong depth inside the object. The pixels around the click that look like it (colour-joined
  // to it) vote for the piece they lie on; the piece with most votes joins the clicked one.
  if (!lab.empty()) {
    const int radius = std::max(3, int(std::lround(0.03 * std::hypot(depth.cols, depth.rows))));
    std::vector<int> votes;
    const std::vector<cv::Point> near = colour_neighbourhood(lab, seeds, radius, o);
    for (const auto& c : near) {
      if (!usable(c)) continue;
      if (!piece.at<int>(c)) flood(c);
      const int id = piece.at<int>(c);
      if (size_t(id) >= votes.size()) votes.resize(size_t(id) + 1, 0);
      ++votes[size_t(id)];
    }
    if (!votes.empty()) {
      const int best = int(std::max_element(votes.begin(), votes.end()) - votes.begin());
      if (votes[size_t(best)] > 0 &&
          std::find(chosen.begin(), chosen.end(), best) == chosen.end()) {
        chosen.push_back(best);
        // The clicked pixels' height is that of a wrong patch when their piece is the smaller:
        // the support cut starts from the winning piece's pixel nearest the click.
        int clicked = 0;
        for (int id : chosen) clicked = std::max(clicked, id == best ? 0 : size_of[size_t(id)]);
        for (const auto& c : near)
          if (piece.at<int>(c) == best && clicked < size_of[size_t(best)]) {
            cut_seeds = {c};
            break;
          }
      }
    }
  }
  cv::Mat prior(depth.size(), CV_8U, cv::Scalar(0));
  for (int r = 0; r < depth.rows; ++r)
    for (int c = 0; c < depth.cols; ++c) {
      const int id = piece.at<int>(r, c);
      if (id && std::find(chosen.begin(), chosen.end(), id) != chosen.end())
        prior.at<uchar>(r, c) = 255;
    }
  if (!seed_on_plane && o.up.squaredNorm() > 0)
    *support_top = cut_at_support(prior, world, lab, cut_seeds, o);
  return prior;
}

}  // namespace

PhotoPrior photo_prior(const cv::Mat& image_bgr, const View& view, const PhotoStroke& stroke,
                       const PhotoSelectOptions& o) {
  if (image_bgr.empty() || image_bgr.type() != CV_8UC3)
    throw std::invalid_argument("the photo is empty or not an 8-bit colour image");
  if (stroke.foreground.empty()) throw std::invalid_argument("no point was clicked on the photo");
  const cv::Rect frame(0, 0, image_bgr.cols, image_bgr.rows);
  for (const auto& p : stroke.foreground)
    if (!frame.contains(p))
      throw std::invalid_argument("the click (" + std::to_string(p.x) + ", " + std::to_string(p.y) +
                                  ") is outside the photo");

  // Working resolution.
  const double s = std::min(1.0, double(o.work_side) / double(std::max(frame.width, frame.height)));
  const cv::Size ws(std::max(1, int(std::lround(frame.width * s))),
                    std::max(1, int(std::lround(frame.height * s))));
  PhotoPrior out;
  out.scale = s;
  if (s < 1)
    cv::resize(image_bgr, out.image, ws, 0, 0, cv::INTER_AREA);
  else
    out.image = image_bgr;
  const bool geometric =
      !view.depth_m.empty() && view.depth_m.type() == CV_32F && view.intrinsics.valid();
  if (geometric) cv::resize(view.depth_m, out.depth, ws, 0, 0, cv::INTER_NEAREST);
  auto to_work = [&](const cv::Point& p) {
    return cv::Point(std::clamp(int(p.x * s), 0, ws.width - 1),
                     std::clamp(int(p.y * s), 0, ws.height - 1));
  };
  for (const auto& p : stroke.foreground) out.fg.push_back(to_work(p));
  for (const auto& p : stroke.background)
    if (frame.contains(p)) out.bg.push_back(to_work(p));

  cv::Mat smooth, lab;
  cv::medianBlur(out.image, smooth, 5);
  smooth.convertTo(lab, CV_32FC3, 1.0 / 255.0);
  cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
  cv::Mat prior;
  if (geometric) {
    const Intrinsics k = view.intrinsics.scaled(ws.width, ws.height);
    prior = geometric_prior(out.depth, lab, k, view.world_from_cam, out.fg, o, &out.support_top);
  }
  out.geometric = !prior.empty() && cv::countNonZero(prior) > 0;
  if (!out.geometric) {  // no depth under the click: colour alone
    prior = flood_prior(lab, out.fg, o);
    out.support_top.reset();
  }
  out.region = prior;
  return out;
}

cv::Mat consensus_depth(const Scene& scene, int view, double agree_rel) {
  if (view < 0 || size_t(view) >= scene.views.size()) return {};
  const View& v = scene.views[size_t(view)];
  if (v.depth_m.empty() || v.depth_m.type() != CV_32F || !v.intrinsics.valid()) return {};
  if (scene.cloud.empty()) return v.depth_m;
  const ViewVisibility vis(scene, view, v.depth_m.cols, v.depth_m.rows, agree_rel);
  cv::Mat front = vis.front_grid().clone();
  const int cell = vis.front_cell();
  // Close pinholes of the cloud's z-buffer: an empty cell most of whose neighbours hold a depth
  // takes their median.
  for (int pass = 0; pass < 2; ++pass) {
    cv::Mat next = front.clone();
    for (int r = 0; r < front.rows; ++r)
      for (int c = 0; c < front.cols; ++c) {
        if (front.at<float>(r, c) > 0) continue;
        float n[8];
        int k = 0;
        for (int dr = -1; dr <= 1; ++dr)
          for (int dc = -1; dc <= 1; ++dc) {
            const int rr = r + dr, cc = c + dc;
            if ((dr || dc) && rr >= 0 && cc >= 0 && rr < front.rows && cc < front.cols &&
                front.at<float>(rr, cc) > 0)
              n[k++] = front.at<float>(rr, cc);
          }
        if (k < 5) continue;
        std::nth_element(n, n + k / 2, n + k);
        next.at<float>(r, c) = n[k / 2];
      }
    front = next;
  }
  // The view's depth stands where the cloud's surface in its cell or a neighbouring one agrees
  // with it (a sparse cloud leaves cells where only what lies behind the surface landed).
  cv::Mat out = v.depth_m.clone();
  for (int r = 0; r < out.rows; ++r)
    for (int c = 0; c < out.cols; ++c) {
      const int fr = std::min(r / cell, front.rows - 1), fc = std::min(c / cell, front.cols - 1);
      const float f = front.at<float>(fr, fc);
      if (!(f > 0)) continue;
      float& d = out.at<float>(r, c);
      if (!(d > 0) || !std::isfinite(d)) {
        d = f;
        continue;
      }
      bool agrees = false;
      for (int dr = -1; dr <= 1 && !agrees; ++dr)
        for (int dc = -1; dc <= 1 && !agrees; ++dc) {
          const int rr = fr + dr, cc = fc + dc;
          if (rr < 0 || cc < 0 || rr >= front.rows || cc >= front.cols) continue;
          const float g = front.at<float>(rr, cc);
          agrees = g > 0 && std::abs(d - g) <= float(agree_rel) * g;
        }
      // Only a surface in front of the view's: where the view's depth is nearer than the cloud's
      // surface, the cloud may just have a hole there.
      if (!agrees && d > f) d = f;
    }
  return out;
}

}  // namespace sl::objects
