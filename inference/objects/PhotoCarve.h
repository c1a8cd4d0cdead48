// Uniting selections made on several photos of the same thing. Each photo's mask is a silhouette:
// a cloud point lifted from one photo's mask that another clicked photo sees (in its frame and
// not hidden behind the surface it shows there) outside that photo's mask is not on the thing.
// Stereo depth smears an object's border into points along the viewing rays (in front of and
// behind it); seen from a second photo those points lie beside the thing, and carving them off
// keeps a small thing's box from stretching a metre sideways.
#pragma once
#include <opencv2/core.hpp>
#include <vector>

#include "inference/objects/PhotoSelect.h"
#include "scene/Scene.h"

namespace sl::objects {

struct ViewMask {
  int view = -1;
  cv::Mat mask;  // CV_8U, any size (scaled to the view's intrinsics), 255 = on the thing
};

struct CarveOptions {
  double border_rel = 0.008;  // each mask is grown by this share of its diagonal (pose error)
  // Same-thing test: a new mask re-selects an existing selection when at least this share of
  // the existing points the new view sees fall inside the new mask.
  double same_share = 0.4;
  // Points in front of the surface a view shows (free space) outside its mask are always
  // dropped; with this, also those on that surface outside the mask.
  bool on_surface = true;
};

// `points` less those that some mask's view sees outside that mask (sorted in, sorted out).
// A point hidden behind the surface a view shows (occluded there) is kept: the view cannot say.
std::vector<uint32_t> carve_by_masks(const Scene& scene, const std::vector<uint32_t>& points,
                                     const std::vector<ViewMask>& masks,
                                     const PhotoSelectOptions& options = {},
                                     const CarveOptions& carve = {});

// The share of `points` that `mask`'s view sees (in frame, not occluded) inside the mask; -1
// when the view sees fewer than 10 of them.
double share_inside_mask(const Scene& scene, const std::vector<uint32_t>& points,
                         const ViewMask& mask, const PhotoSelectOptions& options = {},
                         const CarveOptions& carve = {});

// A selection made by clicks on photos, with the clicked photos' masks while they are all of
// one thing (what the GUI's and the benchmark's photo clicks build up).
struct PhotoUnion {
  std::vector<uint32_t> points;  // sorted cloud indices
  std::vector<ViewMask> masks;   // empty: the points are not (only) one clicked thing
  bool carved = false;           // the last add_photo_selection carved the union
};

// Adds a click's selection (`points`, lifted from `mask`) to `current`. When `current` has masks
// and the new view sees at least CarveOptions::same_share of its points inside the new mask,
// the click is of the same thing: the union is carved by every mask (carve_by_masks) and the
// mask kept (united with the mask of the same photo, when there is one). Otherwise a plain
// union, and the masks are dropped (a second thing is not carved by the first one's
// silhouettes). An empty `current` starts over with this mask.
PhotoUnion add_photo_selection(const Scene& scene, PhotoUnion current,
                               const std::vector<uint32_t>& points, ViewMask mask,
                               const PhotoSelectOptions& options = {},
                               const CarveOptions& carve = {});

// Removes a click's selection (`points`, lifted from `mask`): the points go, and the mask is
// taken off the same view's mask when `current` has one (the masks stay valid for carving).
PhotoUnion subtract_photo_selection(PhotoUnion current, const std::vector<uint32_t>& points,
                                    const ViewMask& mask);

}  // namespace sl::objects
