#include "inference/objects/PhotoSelect.h"

#include "inference/objects/PhotoPrior.h"
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

// The parts of the geometric prior too thin to hold a sure-foreground core (a chair's legs, a
// lamp's pole: narrower than 2 * radius + 1 pixels) are all border to GrabCut, whose colour
// model, learnt mostly on the wide parts, tends to drop them. The depth joins them to the thing.
// A thin part is added back to the clicked piece of GrabCut's mask when it touches that piece
// and stands inside the piece's footprint: seen from above (along `up`), nine in ten of its
// points lie within the convex hull of the piece's points. That is where a thing's legs and stem
// are; a thin bridge over to a neighbour leaves the footprint and stays out.
void add_thin_parts(const cv::Mat& prior, int radius, const cv::Mat& depth, const Intrinsics& k,
                    const Eigen::Isometry3d& world_from_cam, const PhotoSelectOptions& o,
                    cv::Mat& mask) {
  const Eigen::Vector3d& up = o.up;
  if (depth.empty() || up.squaredNorm() == 0 || depth.size() != mask.size()) return;
  const cv::Mat disc =
      cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * radius + 1, 2 * radius + 1));
  cv::Mat opened, thin;
  cv::morphologyEx(prior, opened, cv::MORPH_OPEN, disc);
  cv::subtract(prior, opened, thin);
  thin.setTo(0, mask);
  if (cv::countNonZero(thin) == 0) return;
  // Floor-plane coordinates of a pixel's world point, when it has one off the boundary planes.
  const Eigen::Vector3d u = up.normalized();
  const Eigen::Vector3d e1 = u.unitOrthogonal(), e2 = u.cross(e1);
  const auto ground = [&](int r, int c, cv::Point2f* g) {
    const float d = depth.at<float>(r, c);
    if (!(d > 0) || !std::isfinite(d)) return false;
    const Eigen::Vector3d p = world_from_cam * (k.unproject(Eigen::Vector2d(c, r)) * double(d));
    for (const auto& pl : o.stop_planes)
      if (std::abs(pl.head<3>().dot(p) + pl[3]) <= o.plane_distance) return false;
    *g = cv::Point2f(float(e1.dot(p)), float(e2.dot(p)));
    return true;
  };
  // The piece's footprint: where its pixels off the floor and walls stand, less its outermost
  // pixels (depth is least sure at the border).
  cv::Mat core;
  cv::erode(mask, core, cv::Mat());
  std::vector<cv::Point2f> footprint;
  for (int r = 0; r < core.rows; ++r)
    for (int c = 0; c < core.cols; ++c) {
      cv::Point2f g;
      if (core.at<uchar>(r, c) && ground(r, c, &g)) footprint.push_back(g);
    }
  if (footprint.size() < 3) return;
  std::vector<cv::Point2f> hull;
  cv::convexHull(footprint, hull);

  cv::Mat labels;
  const int n = cv::connectedComponents(thin, labels, 8, CV_32S);
  cv::Mat grown;
  cv::dilate(mask, grown, disc);  // GrabCut's border and the prior's may part by a few pixels
  std::vector<char> touches(size_t(n), 0);
  std::vector<int> inside(size_t(n), 0), with_depth(size_t(n), 0);
  for (int r = 0; r < labels.rows; ++r)
    for (int c = 0; c < labels.cols; ++c) {
      const int l = labels.at<int>(r, c);
      if (l <= 0) continue;
      if (grown.at<uchar>(r, c)) touches[size_t(l)] = 1;
      cv::Point2f g;
      if (!ground(r, c, &g)) continue;
      ++with_depth[size_t(l)];
      if (cv::pointPolygonTest(hull, g, false) >= 0) ++inside[size_t(l)];
    }
  for (int r = 0; r < labels.rows; ++r)
    for (int c = 0; c < labels.cols; ++c) {
      const size_t l = size_t(labels.at<int>(r, c));
      if (l > 0 && touches[l] && 10 * inside[l] >= 9 * with_depth[l] && with_depth[l] > 0)
        mask.at<uchar>(r, c) = 255;
    }
}

// GrabCut settles the border within `band` pixels of the depth prior, and may take in pixels
// whose depth lies well behind or before every prior pixel near them: the background seen
// through a gap in the thing (a toy's open frame) or past its edge. Lifting those would select
// points of what lies there, so they are dropped (pixels without depth stay).
void drop_off_depth(const cv::Mat& prior, const cv::Mat& depth, int band, double tolerance_rel,
                    cv::Mat& mask) {
  if (depth.empty() || depth.size() != mask.size()) return;
  cv::Mat near_lo(depth.size(), CV_32F, cv::Scalar(std::numeric_limits<float>::max()));
  cv::Mat near_hi(depth.size(), CV_32F, cv::Scalar(0));
  const cv::Mat known = prior & (depth > 0);
  depth.copyTo(near_lo, known);
  depth.copyTo(near_hi, known);
  const cv::Mat disc =
      cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * band + 3, 2 * band + 3));
  cv::erode(near_lo, near_lo, disc);   // nearest prior depth around each pixel
  cv::dilate(near_hi, near_hi, disc);  // farthest
  for (int r = 0; r < mask.rows; ++r)
    for (int c = 0; c < mask.cols; ++c) {
      if (!mask.at<uchar>(r, c) || prior.at<uchar>(r, c)) continue;
      const float d = depth.at<float>(r, c);
      if (!(d > 0) || !std::isfinite(d) || !(near_hi.at<float>(r, c) > 0)) continue;
      if (d > near_hi.at<float>(r, c) * (1 + tolerance_rel) ||
          d < near_lo.at<float>(r, c) * (1 - tolerance_rel))
        mask.at<uchar>(r, c) = 0;
    }
}

}  // namespace

cv::Mat segment_photo(const cv::Mat& image_bgr, const View& view, const PhotoStroke& stroke,
                      const PhotoSelectOptions& o, std::optional<double>* support_top) {
  std::optional<double> top;
  if (!support_top) support_top = &top;
  support_top->reset();
  PhotoPrior pp = photo_prior(image_bgr, view, stroke, o);
  *support_top = pp.support_top;
  const bool use_geometry = pp.geometric;
  const cv::Mat& img = pp.image;
  const cv::Mat& prior = pp.region;
  const std::vector<cv::Point>& fg = pp.fg;
  const std::vector<cv::Point>& bg = pp.bg;
  const double s = pp.scale;
  const cv::Size ws = img.size();
  const cv::Rect frame(0, 0, image_bgr.cols, image_bgr.rows);

  const int r = o.seed_radius_px > 0
                    ? o.seed_radius_px
                    : std::max(2, int(std::lround(0.006 * std::hypot(ws.width, ws.height))));
  cv::Mat gc(ws, CV_8U, cv::Scalar(cv::GC_BGD));
  cv::Rect box = cv::boundingRect(prior);
  int inner_radius = 0, band = 0;
  if (use_geometry) {
    // Geometry is trusted inside; GrabCut decides a band along its border (depth maps from
    // stereo are least reliable there).
    band = std::max(2, int(std::lround(0.015 * std::hypot(ws.width, ws.height))));
    const auto disc = [](int radius) {
      return cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * radius + 1, 2 * radius + 1));
    };
    cv::Mat inner, outer;
    inner_radius = std::max(1, band / 2);
    cv::erode(prior, inner, disc(inner_radius));
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
  if (use_geometry) drop_off_depth(prior, pp.depth, band, 3 * o.depth_step_rel, out);
  if (use_geometry && o.keep_thin_parts)
    add_thin_parts(prior, inner_radius, pp.depth, view.intrinsics.scaled(ws.width, ws.height),
                   view.world_from_cam, o, out);
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
    View seen = v;  // the prior floods over the depth the fused cloud confirms
    seen.depth_m = consensus_depth(scene, view, 2 * opt.visibility_rel);
    r.mask = segment_photo(image_bgr, seen, stroke, opt, &support_top);
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
