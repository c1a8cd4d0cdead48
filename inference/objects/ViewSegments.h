// Photo evidence for object proposals: what each view's depth map says about which points
// belong together. A reconstruction's cloud bridges things that stand close (stereo noise fills
// the few centimetres between a plant and a sofa), but a view that looks past one of them onto
// the other sees a jump in depth between them. Each view's depth (the consensus of its own map
// and the fused cloud, PhotoPrior.h) is cut into pieces joined by small relative depth steps,
// leaving out pixels on the room's boundary planes; a point the view sees takes the number of
// the piece under it. Internal to inference/objects.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "scene/Scene.h"

namespace sl::objects {

struct ViewSegmentOptions {
  double depth_step_rel = 0.03;        // neighbouring pixels join when their depths differ less
  double min_piece_fraction = 0.0005;  // smaller pieces (of the photo's pixels) say nothing
  double visibility_rel = 0.03;        // a point is seen when this close to the view's depth
  int work_side = 320;                 // depth maps are segmented at most this large
  int median_px = 5;                   // median filter of the depth before cutting (0 = none)
  int max_views = 32;  // with more views with depth, this many spread evenly over them are used
  std::vector<Eigen::Vector4d> boundary_planes;  // n . p + d = 0 (floor, walls)
  double plane_distance = 0;                     // pixels this close to one are on it
};

// Per point and view: the piece of that view's depth the point lies on (>= 0), or why none.
class ViewSegments {
 public:
  static constexpr int32_t kUnseen = -1;      // out of the view, or hidden (depth disagrees)
  static constexpr int32_t kOnPlane = -2;     // seen on a boundary plane (or no depth there)
  static constexpr int32_t kSmallPiece = -3;  // seen on a piece too small to count

  ViewSegments() = default;
  ViewSegments(const Scene& scene, const std::vector<Eigen::Vector3f>& points,
               const ViewSegmentOptions& options);
  bool empty() const { return views_ == 0; }
  int views() const { return views_; }
  int32_t label(size_t point, int view) const {
    return labels_[point * size_t(views_) + size_t(view)];
  }
  // Most of the views that see the point see it on a boundary plane (a floor point whose
  // noisy normal kept it off the plane in 3D).
  bool on_plane(size_t point) const {
    int seen = 0, plane = 0;
    for (int v = 0; v < views_; ++v) {
      const int32_t l = labels_[point * size_t(views_) + size_t(v)];
      seen += l != kUnseen;
      plane += l == kOnPlane;
    }
    return 2 * plane > seen;
  }
  // Per view, the pieces that hold at least `share` of the group's points the view sees on a
  // piece (none when fewer than `min_seen` are), ascending.
  std::vector<std::vector<int32_t>> dominant_pieces(const std::vector<uint32_t>& group,
                                                    double share, int min_seen) const;
  // Views that see both points on one piece (`same`) and on different pieces (`apart`).
  void compare(size_t a, size_t b, int& same, int& apart) const {
    same = apart = 0;
    const int32_t* la = &labels_[a * size_t(views_)];
    const int32_t* lb = &labels_[b * size_t(views_)];
    for (int v = 0; v < views_; ++v) {
      if (la[v] < 0 || lb[v] < 0) continue;
      if (la[v] == lb[v])
        ++same;
      else
        ++apart;
    }
  }

 private:
  int views_ = 0;
  std::vector<int32_t> labels_;  // points x views
};

}  // namespace sl::objects
