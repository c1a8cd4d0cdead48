// Amodal depth of object proposals seen from one side only: a reconstruction holds only the
// faces the photos saw, so a cabinet against a wall comes out as its front face. The space
// behind a visible surface that no camera sees as free is unknown; a proposal that is thin
// across and has a wall behind it is extended towards that wall through unknown space only,
// stopping where a camera's ray saw past the slab (carving with the cameras' rays). Internal
// to inference/objects.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "inference/objects/Frame.h"
#include "scene/Scene.h"

namespace sl::objects {

// Coarse z-buffers of the cloud in every registered view: which points of space a camera saw
// through (its ray reached a surface farther away).
class FreeSpace {
 public:
  // `margin`: how much farther the seen surface must be (scene units); `width`: z-buffer width.
  FreeSpace(const Scene& scene, double margin, int width = 96);
  bool empty() const { return views_.empty(); }
  // True when some camera saw a surface behind p (so p is empty space).
  bool seen_free(const Eigen::Vector3d& p) const;

 private:
  struct ViewBuffer {
    Eigen::Matrix3d R;  // cam_from_world
    Eigen::Vector3d t;
    double fx, fy, cx, cy;
    int w, h;
    std::vector<float> depth;  // min depth per cell, +inf where nothing was seen
  };
  std::vector<ViewBuffer> views_;
  double margin_;
};

struct DepthCompletionOptions {
  double thin_ratio = 0.25;  // width < this x length (and < max_thin x height) is "thin"
  double max_thin = 0.25;    // ... as a share of the box height
  double max_depth = 1.0;    // the wall at most this x the box length behind it
  double free_share = 0.15;  // a slab with more of its samples seen free stops the extension
  double wall_max_deg = 20;  // wall normal within this of the box's thin axis
  int min_solid_rows = 0;    // see HiddenSideOptions::min_solid_rows (2 here: no change measured)
};

// Extends `box` (upright, size[1] its width along axes.col(1)) across, towards the nearest
// parallel wall behind it, slab by slab while the slab is not seen free. Returns true if
// extended. `walls`: vertical boundary planes.
bool complete_depth(const FreeSpace& free, const std::vector<Plane>& walls, double tol,
                    OrientedBox& box, const DepthCompletionOptions& options = {});

struct HiddenSideOptions {
  double max_area_growth = 1.25;  // the box across the view may be this much larger in footprint
  double free_share = 0.15;       // a slab with more of its samples seen free stops the extension
  // ... sampled over this middle share of the box's width across the extension: a round thing's
  // box (a plant's foliage, a cup) is empty at its corners behind it, where the cameras saw past
  // its sides; over the whole width those samples stopped the march at the first slabs. On the
  // synthetic rooms seen perfectly by their 12 photos of 640x480 (bench_proposals --seen, seeds
  // 1-16) 96 -> 103 of 132 objects found (7 plants; 0.4 and 0.6 also 103); on their
  // reconstructions 75 -> 76; held-out seeds 17-20 22 / 36 and the true clouds 194 / 198 either
  // way (all scored before the IoU fix of Boxes.cpp, which made the true clouds 198 / 198).
  // 1 = the whole width.
  double core_width = 0.5;
  // ... but a slab in which this many of the 7 sampled heights are nowhere seen free goes on (0 =
  // off): a stool's seat over legs the cameras see between, a table's top. On the synthetic rooms'
  // reconstructions (bench_proposals --recon, seeds 1-40, 12 photos of 640x480), with
  // ProposalOptions::footprint_square_min_ratio, 221 -> 225 of 321 objects found (1: 222, 3: 224);
  // seen perfectly (--seen, seeds 1-16) 116 of 132; the true clouds 198 of 198.
  int min_solid_rows = 2;
  double wall_max_deg = 20;  // walls this close to across the extension stop it
  // When the refit grows more than that (a thin slab turned to the view: a backrest seen from
  // behind), the box keeps its own axes and is extended along its short one, if that axis is
  // within this angle of the view (0 = off).
  double own_axes_max_deg = 0;
  // ... and only for a face seen upright, its box's short side at most this x its height (0 =
  // any): a thing whose top the photos saw (a tube lying on a table) has the depth it shows.
  double own_axes_face_ratio = 0;
};

// A thing seen from one side only (a plant's foliage against a wall: the photos saw its front
// half): its box is refitted across `look_dir` (the horizontal direction the cameras look at it
// along) and extended away from them, slab by slab through space no camera saw as free, at most
// until its footprint is square and never into a wall. The box's height is kept. Returns true
// if extended (box unchanged otherwise).
bool complete_hidden_side(const FreeSpace& free, const std::vector<Plane>& walls, double tol,
                          const Eigen::Vector3d& look_dir, const Eigen::Vector3d& up,
                          const std::vector<Eigen::Vector3f>& xyz,
                          const std::vector<uint32_t>& members, OrientedBox& box,
                          const HiddenSideOptions& options = {});

struct WallSnapOptions {
  double max_deg = 40;           // box yaw within this of a wall's direction
  double near_tols = 4;          // the box within this many tolerances of the wall
  double max_area_growth = 1.3;  // the refit footprint at most this x the free fit's
};

// A box near a wall whose yaw is within max_deg of the wall's is refitted with its axes along
// the wall (furniture against a wall stands parallel to it; a front face seen obliquely with a
// patch of its side or a grazing top can tilt the min-area rectangle), keeping its height
// range. Returns true if refitted.
bool snap_to_wall(const std::vector<Plane>& walls, double tol, const Eigen::Vector3d& up,
                  const std::vector<Eigen::Vector3f>& xyz, const std::vector<uint32_t>& members,
                  OrientedBox& box, const WallSnapOptions& options = {});

}  // namespace sl::objects
