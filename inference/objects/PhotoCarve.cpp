#include "inference/objects/PhotoCarve.h"

#include "inference/objects/Selection.h"
#include "inference/objects/ViewVisibility.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace sl::objects {
namespace {

bool usable(const Scene& scene, const ViewMask& m) {
  return m.view >= 0 && size_t(m.view) < scene.views.size() && !m.mask.empty() &&
         scene.views[size_t(m.view)].registered && scene.views[size_t(m.view)].intrinsics.valid();
}

// The mask grown by the carve border (binary, same size).
cv::Mat grown(const cv::Mat& mask, double border_rel) {
  cv::Mat out = mask > 0;
  const int r = int(std::lround(border_rel * std::hypot(mask.cols, mask.rows)));
  if (r > 0)
    cv::dilate(out, out,
               cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1)));
  return out;
}

// Sets `value` on `target`'s mask wherever `stroke` (any size) is on; `target` gets its own copy.
void paint(ViewMask& target, const cv::Mat& stroke, uchar value) {
  cv::Mat scaled;
  cv::resize(stroke > 0, scaled, target.mask.size(), 0, 0, cv::INTER_NEAREST);
  target.mask = target.mask.clone();
  target.mask.setTo(value, scaled);
}

}  // namespace

std::vector<uint32_t> carve_by_masks(const Scene& scene, const std::vector<uint32_t>& points,
                                     const std::vector<ViewMask>& masks,
                                     const PhotoSelectOptions& o, const CarveOptions& carve) {
  std::vector<uint8_t> drop(points.size(), 0);
  for (const ViewMask& m : masks) {
    if (!usable(scene, m)) continue;
    const cv::Mat inside = grown(m.mask, carve.border_rel);
    const ViewVisibility vis(scene, m.view, inside.cols, inside.rows, o.visibility_rel);
    for (size_t j = 0; j < points.size(); ++j) {
      if (drop[j] || points[j] >= scene.cloud.size()) continue;
      cv::Point px;
      const auto rel = vis.relation(scene.cloud.xyz[points[j]], px);
      if (inside.at<uchar>(px)) continue;
      if (rel == ViewVisibility::Relation::InFront ||
          (carve.on_surface && rel == ViewVisibility::Relation::On))
        drop[j] = 1;
    }
  }
  std::vector<uint32_t> out;
  out.reserve(points.size());
  for (size_t j = 0; j < points.size(); ++j)
    if (!drop[j]) out.push_back(points[j]);
  return out;
}

double share_inside_mask(const Scene& scene, const std::vector<uint32_t>& points, const ViewMask& m,
                         const PhotoSelectOptions& o, const CarveOptions& carve) {
  if (!usable(scene, m)) return -1;
  const cv::Mat inside = grown(m.mask, carve.border_rel);
  const ViewVisibility vis(scene, m.view, inside.cols, inside.rows, o.visibility_rel);
  size_t seen = 0, in = 0;
  for (uint32_t i : points) {
    cv::Point px;
    if (i >= scene.cloud.size() || !vis.visible(scene.cloud.xyz[i], px)) continue;
    ++seen;
    if (inside.at<uchar>(px)) ++in;
  }
  return seen < 10 ? -1 : double(in) / double(seen);
}

PhotoUnion add_photo_selection(const Scene& scene, PhotoUnion current,
                               const std::vector<uint32_t>& points, ViewMask mask,
                               const PhotoSelectOptions& o, const CarveOptions& carve) {
  PhotoUnion out;
  out.points = selection_union(current.points, points);
  if (current.points.empty()) {
    if (usable(scene, mask)) out.masks.push_back(std::move(mask));
    return out;
  }
  if (current.masks.empty() || !usable(scene, mask) ||
      share_inside_mask(scene, current.points, mask, o, carve) < carve.same_share)
    return out;  // another thing (or one the new view cannot check): a plain union
  out.masks = std::move(current.masks);
  // One silhouette per photo: a second click on the same photo widens its mask.
  auto same = std::find_if(out.masks.begin(), out.masks.end(),
                           [&](const ViewMask& m) { return m.view == mask.view; });
  if (same != out.masks.end()) {
    paint(*same, mask.mask, 255);
  } else {
    out.masks.push_back(std::move(mask));
  }
  std::vector<uint32_t> kept = carve_by_masks(scene, out.points, out.masks, o, carve);
  if (kept.size() >= 3) {
    out.carved = kept.size() < out.points.size();
    out.points = std::move(kept);
  }
  return out;
}

PhotoUnion subtract_photo_selection(PhotoUnion current, const std::vector<uint32_t>& points,
                                    const ViewMask& mask) {
  PhotoUnion out;
  out.points = selection_difference(current.points, points);
  out.masks = std::move(current.masks);
  for (ViewMask& m : out.masks)
    if (m.view == mask.view && !mask.mask.empty()) paint(m, mask.mask, 0);
  return out;
}

}  // namespace sl::objects
