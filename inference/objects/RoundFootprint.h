// A round thing seen from one side (a plant's foliage, a stool's seat, a lamp's shade): the
// photos saw the arc of its outline that faces them, so its points' footprint is a crescent
// about half as deep as the thing is wide, and boxes fitted to it come out too small both
// across and along the look. The outline's arc still tells the circle it belongs to: the convex
// hull of the points' footprint runs along that arc (the hidden side adds only the chord), and a
// circle fitted to the hull's vertices gives the thing's centre and radius. A rectangle's hull
// has its vertices at its corners or along straight sides, which the fit's angular-gap and
// residual tests reject. Internal to inference/objects.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "scene/Scene.h"

namespace sl::objects {

// The defaults as measured on the synthetic rooms' reconstructions (see
// ProposalOptions::round_footprints): an arc's hull vertices kept rms 0.02-0.05 of the radius
// off its circle, a plant's foliage was seen over 138-190 degrees.
struct RoundFootprintOptions {
  double max_rms_rel = 0.08;     // the hull vertices' rms distance to the circle, of its radius
  double max_gap_deg = 30;       // no gap between the seen arc's hull vertices wider than this
  double min_span_deg = 130;     // ... and the arc spans at least this much of the circle
  int min_vertices = 8;          // hull vertices a fit needs
  int slices = 8;                // the box's height is cut into this many slices, fitted apart
  size_t min_slice_points = 40;  // points (of the subsample) a slice needs
  size_t max_points = 20000;     // the slices are taken from a subsample this large
  // The widest circle found is taken when its diameter is min_grow to max_grow x the box's longer
  // side (the chord the photos saw is at most the diameter; a plant's pot is a smaller circle).
  double min_grow = 0.95;
  double max_grow = 1.6;
};

struct Circle2 {
  Eigen::Vector2d center = Eigen::Vector2d::Zero();
  double radius = 0;
  double rms = 0;  // of the points it was fitted to
};

// Least-squares circle through 2D points (algebraic fit refined by Gauss-Newton on the
// geometric distances). radius 0 when there are fewer than 3 points or they are collinear.
Circle2 fit_circle(const std::vector<Eigen::Vector2d>& points);

// When a horizontal slice of `members` has a footprint whose hull is an arc of a circle (see the
// options), `box` gets that circle's square footprint (side 2 x radius, centred on it, on the
// box's own axes; height unchanged) and true is returned; otherwise `box` is left as it is.
bool round_footprint(const std::vector<Eigen::Vector3f>& xyz, const std::vector<uint32_t>& members,
                     const Eigen::Vector3d& up, OrientedBox& box,
                     const RoundFootprintOptions& options = {});

}  // namespace sl::objects
