#include "inference/objects/PhotoSelect.h"

#include "inference/objects/Boxes.h"
#include "inference/objects/ViewVisibility.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <stdexcept>

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

// A thing standing on a larger horizontal surface (a cup on a table) is reached over the depth
// map together with that surface. When the region holds, below the clicked height, a height
// at which a good share of its pixels lie, and what stands above it is much smaller across than
// that surface, the region becomes the part above it that holds the click.
// Returns the height (along up) below which points belong to the surface, when it cut.
std::optional<double> cut_at_support(cv::Mat& prior, const cv::Mat& world,
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
  // The part above the surface that holds a click (4-connected within the region).
  cv::Mat above(prior.size(), CV_8U, cv::Scalar(0));
  Eigen::AlignedBox2d surface;
  for (size_t i = 0; i < pix.size(); ++i) {
    if (h[i] > support_h + bin) above.at<uchar>(pix[i]) = 1;
    if (std::abs(h[i] - support_h) <= bin) {
      const Eigen::Vector3d p = at(pix[i]);
      surface.extend(Eigen::Vector2d(e1.dot(p), e2.dot(p)));
    }
  }
  cv::Mat part(prior.size(), CV_8U, cv::Scalar(0));
  std::deque<cv::Point> queue;
  for (const auto& s : seeds)
    if (above.at<uchar>(s) && !part.at<uchar>(s)) part.at<uchar>(s) = 255, queue.push_back(s);
  Eigen::AlignedBox2d thing;
  int n = 0;
  const int dx[4] = {1, -1, 0, 0}, dy[4] = {0, 0, 1, -1};
  while (!queue.empty()) {
    const cv::Point p = queue.front();
    queue.pop_front();
    const Eigen::Vector3d w = at(p);
    thing.extend(Eigen::Vector2d(e1.dot(w), e2.dot(w)));
    ++n;
    for (int k = 0; k < 4; ++k) {
      const cv::Point q(p.x + dx[k], p.y + dy[k]);
      if (q.x < 0 || q.y < 0 || q.x >= prior.cols || q.y >= prior.rows) continue;
      if (!above.at<uchar>(q) || part.at<uchar>(q)) continue;
      part.at<uchar>(q) = 255;
      queue.push_back(q);
    }
  }
  if (n < 20 || surface.isEmpty()) return std::nullopt;
  // A small thing on a big surface, not the upper part of one object (a cab on its chassis).
  if (double(n) > o.support_max_thing_share * double(pix.size())) return std::nullopt;
  if (surface.diagonal().norm() < o.support_extent_ratio * thing.diagonal().norm())
    return std::nullopt;
  prior = part;
  return support_h + bin;
}

// Prior region from geometry: pixels joined to the seeds over the depth map (small relative
// depth steps between neighbours), leaving out pixels whose world point lies on a stop plane.
cv::Mat geometric_prior(const cv::Mat& depth, const Intrinsics& k, const Eigen::Isometry3d& w_c,
                        const std::vector<cv::Point>& seeds, const PhotoSelectOptions& o,
                        std::optional<double>* support_top) {
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
  cv::Mat prior(depth.size(), CV_8U, cv::Scalar(0));
  std::deque<cv::Point> queue;
  for (const auto& s : seeds) {
    if (off.at<uchar>(s) == 0) continue;
    prior.at<uchar>(s) = 255;
    queue.push_back(s);
  }
  // A click on the floor or a wall selects (the connected part of) that plane.
  bool seed_on_plane = false;
  for (const auto& s : seeds) seed_on_plane = seed_on_plane || off.at<uchar>(s) == 1;
  const int dx[4] = {1, -1, 0, 0}, dy[4] = {0, 0, 1, -1};
  while (!queue.empty()) {
    const cv::Point p = queue.front();
    queue.pop_front();
    const float dp = depth.at<float>(p);
    for (int n = 0; n < 4; ++n) {
      const cv::Point q(p.x + dx[n], p.y + dy[n]);
      if (q.x < 0 || q.y < 0 || q.x >= depth.cols || q.y >= depth.rows) continue;
      if (prior.at<uchar>(q) || off.at<uchar>(q) == 0) continue;
      if ((off.at<uchar>(q) == 1) != seed_on_plane) continue;
      if (std::abs(depth.at<float>(q) - dp) > float(o.depth_step_rel) * dp) continue;
      prior.at<uchar>(q) = 255;
      queue.push_back(q);
    }
  }
  if (!seed_on_plane && o.up.squaredNorm() > 0)
    *support_top = cut_at_support(prior, world, seeds, o);
  return prior;
}

}  // namespace

cv::Mat segment_photo(const cv::Mat& image_bgr, const View& view, const PhotoStroke& stroke,
                      const PhotoSelectOptions& o, std::optional<double>* support_top) {
  std::optional<double> top;
  if (!support_top) support_top = &top;
  support_top->reset();
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
  cv::Mat img;
  if (s < 1)
    cv::resize(image_bgr, img, ws, 0, 0, cv::INTER_AREA);
  else
    img = image_bgr;
  cv::Mat depth;
  const bool geometric =
      !view.depth_m.empty() && view.depth_m.type() == CV_32F && view.intrinsics.valid();
  if (geometric) cv::resize(view.depth_m, depth, ws, 0, 0, cv::INTER_NEAREST);
  auto to_work = [&](const cv::Point& p) {
    return cv::Point(std::clamp(int(p.x * s), 0, ws.width - 1),
                     std::clamp(int(p.y * s), 0, ws.height - 1));
  };
  std::vector<cv::Point> fg, bg;
  for (const auto& p : stroke.foreground) fg.push_back(to_work(p));
  for (const auto& p : stroke.background)
    if (frame.contains(p)) bg.push_back(to_work(p));

  cv::Mat prior;
  if (geometric) {
    const Intrinsics k = view.intrinsics.scaled(ws.width, ws.height);
    prior = geometric_prior(depth, k, view.world_from_cam, fg, o, support_top);
  }
  const bool use_geometry = !prior.empty() && cv::countNonZero(prior) > 0;
  if (!use_geometry) {  // no depth under the click: colour alone
    cv::Mat smooth, lab;
    cv::medianBlur(img, smooth, 5);
    smooth.convertTo(lab, CV_32FC3, 1.0 / 255.0);
    cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
    prior = flood_prior(lab, fg, o);
  }

  const int r = o.seed_radius_px > 0
                    ? o.seed_radius_px
                    : std::max(2, int(std::lround(0.006 * std::hypot(ws.width, ws.height))));
  cv::Mat gc(ws, CV_8U, cv::Scalar(cv::GC_BGD));
  cv::Rect box = cv::boundingRect(prior);
  if (use_geometry) {
    // Geometry is trusted inside; GrabCut decides a band along its border (depth maps from
    // stereo are least reliable there).
    const int band = std::max(2, int(std::lround(0.015 * std::hypot(ws.width, ws.height))));
    const auto disc = [](int radius) {
      return cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * radius + 1, 2 * radius + 1));
    };
    cv::Mat inner, outer;
    cv::erode(prior, inner, disc(std::max(1, band / 2)));
    cv::dilate(prior, outer, disc(band));
    gc.setTo(cv::GC_PR_BGD, outer);
    gc.setTo(cv::GC_PR_FGD, prior);
    gc.setTo(cv::GC_FGD, inner);
    box = cv::boundingRect(outer);
  } else {
    // Colour prior: GrabCut in the prior's box grown by a margin.
    const int mx = int(o.roi_margin * box.width) + 8, my = int(o.roi_margin * box.height) + 8;
    box = cv::Rect(box.x - mx, box.y - my, box.width + 2 * mx, box.height + 2 * my) &
          cv::Rect(0, 0, ws.width, ws.height);
    gc(box).setTo(cv::GC_PR_BGD);
    gc.setTo(cv::GC_PR_FGD, prior);
  }
  for (const auto& p : bg) cv::circle(gc, p, r, cv::GC_BGD, cv::FILLED);
  for (const auto& p : fg) cv::circle(gc, p, r, cv::GC_FGD, cv::FILLED);
  // GrabCut needs both models: make sure some pixels are background.
  if (cv::countNonZero((gc == cv::GC_BGD) | (gc == cv::GC_PR_BGD)) == 0)
    cv::rectangle(gc, cv::Rect(0, 0, ws.width, ws.height), cv::GC_PR_BGD, 2);
  cv::Mat bgd_model, fgd_model;
  cv::grabCut(img, gc, box, bgd_model, fgd_model, std::max(1, o.grabcut_iterations),
              cv::GC_INIT_WITH_MASK);
  cv::Mat fgmask = ((gc == cv::GC_FGD) | (gc == cv::GC_PR_FGD));
  cv::morphologyEx(fgmask, fgmask, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(3, 3)));

  // Only the pieces that hold a clicked point.
  cv::Mat labels;
  cv::connectedComponents(fgmask, labels, 4, CV_32S);
  std::vector<int> keep;
  for (const auto& p : fg) {
    const int l = labels.at<int>(p);
    if (l > 0) keep.push_back(l);
  }
  cv::Mat out(ws, CV_8U, cv::Scalar(0));
  for (int l : keep) out.setTo(255, labels == l);
  if (s < 1) cv::resize(out, out, frame.size(), 0, 0, cv::INTER_NEAREST);
  return out;
}

std::vector<uint32_t> lift_mask(const Scene& scene, int view, const cv::Mat& mask,
                                const PhotoSelectOptions& o) {
  std::vector<uint32_t> out;
  if (view < 0 || size_t(view) >= scene.views.size() || mask.empty()) return out;
  if (!scene.views[size_t(view)].intrinsics.valid()) return out;
  const ViewVisibility vis(scene, view, mask.cols, mask.rows, o.visibility_rel);
  const auto& xyz = scene.cloud.xyz;
  for (size_t i = 0; i < xyz.size(); ++i) {
    cv::Point px;
    if (vis.visible(xyz[i], px) && mask.at<uchar>(px)) out.push_back(uint32_t(i));
  }
  return out;
}

PhotoSelection select_on_photo(const Scene& scene, int view, const cv::Mat& image_bgr,
                               const PhotoStroke& stroke, const PhotoSelectOptions& o) {
  PhotoSelection r;
  if (view < 0 || size_t(view) >= scene.views.size()) {
    r.message = "There is no photo " + std::to_string(view + 1) + " in this scene.";
    return r;
  }
  const View& v = scene.views[size_t(view)];
  const std::string name = v.name.empty() ? "photo " + std::to_string(view + 1) : v.name;
  if (!v.registered) {
    r.message = "The photo " + name +
                " was not placed by the reconstruction, so its pixels cannot be lifted to 3D.";
    return r;
  }
  PhotoSelectOptions opt = o;
  std::optional<double> support_top;
  if (opt.up.squaredNorm() == 0) opt.up = scene.up;
  try {
    r.mask = segment_photo(image_bgr, v, stroke, opt, &support_top);
  } catch (const std::exception& e) {
    r.message = "Cannot select on " + name + ": " + e.what() + ".";
    return r;
  }
  r.mask_fraction = double(cv::countNonZero(r.mask)) / double(r.mask.total());
  r.points = lift_mask(scene, view, r.mask, opt);
  if (support_top) {  // the mask's border may reach the surface the thing stands on
    const Eigen::Vector3f up = opt.up.normalized().cast<float>();
    r.points.erase(std::remove_if(r.points.begin(), r.points.end(),
                                  [&](uint32_t i) {
                                    return double(up.dot(scene.cloud.xyz[i])) <= *support_top;
                                  }),
                   r.points.end());
  }
  if (r.points.empty())
    r.message = "The selection on " + name +
                " covers no 3D point of the cloud: reconstruct with --dense for denser geometry, "
                "or click where the cloud has points.";
  return r;
}

std::vector<std::vector<cv::Point2f>> outline_points_in_view(const Scene& scene, int view,
                                                             const std::vector<uint32_t>& points,
                                                             const PhotoSelectOptions& o) {
  std::vector<std::vector<cv::Point2f>> out;
  if (view < 0 || size_t(view) >= scene.views.size() || points.empty()) return out;
  const Intrinsics& k = scene.views[size_t(view)].intrinsics;
  if (!k.valid()) return out;
  const double s = std::min(1.0, double(o.work_side) / double(std::max(k.width, k.height)));
  const int w = std::max(1, int(std::lround(k.width * s)));
  const int h = std::max(1, int(std::lround(k.height * s)));
  const ViewVisibility vis(scene, view, w, h, o.visibility_rel);
  cv::Mat hit(h, w, CV_8U, cv::Scalar(0));
  size_t seen = 0;
  for (uint32_t i : points) {
    cv::Point px;
    if (i < scene.cloud.size() && vis.visible(scene.cloud.xyz[i], px)) {
      hit.at<uchar>(px) = 255;
      ++seen;
    }
  }
  if (seen < 10) return out;
  // Points are sparse in the image: close the gaps between them, then take the outer contours.
  const int r = std::max(2, int(std::lround(0.012 * std::hypot(w, h))));
  cv::morphologyEx(hit, hit, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1)));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(hit, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  double largest = 0;
  for (const auto& c : contours) largest = std::max(largest, cv::contourArea(c));
  for (const auto& c : contours) {
    if (cv::contourArea(c) < 0.05 * largest || c.size() < 3) continue;
    std::vector<cv::Point> simple;
    cv::approxPolyDP(c, simple, 1.0, true);
    std::vector<cv::Point2f> poly;
    for (const auto& p : simple) poly.emplace_back(float(p.x / s), float(p.y / s));
    out.push_back(std::move(poly));
  }
  return out;
}

}  // namespace sl::objects
