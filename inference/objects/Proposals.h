// Automatic object proposals: remove the room's boundary planes (floor, walls, ceiling),
// cluster what is left, split each cluster at its horizontal support surfaces (what stands on
// a table top becomes its own object, recursively), fit an upright oriented box to each.
#pragma once
#include <vector>

#include "inference/objects/Frame.h"
#include "scene/Scene.h"

namespace sl::objects {

struct ProposalOptions {
  size_t max_sample = 300000;  // clustering runs on a random subset this large
  // Clustering radius; 0 = cluster_scale x the cluster_quantile of the subset's distances to their
  // cluster_neighbours-th nearest neighbour. A reconstruction's density is uneven (a wall seen
  // head-on holds many more points than a table top seen at a grazing angle, and fused views
  // leave near-duplicates), so the 1st neighbour's median spacing gave a radius that cut sparse
  // surfaces into fragments: on the synthetic rooms' reconstructions (bench_proposals --recon,
  // seeds 1-12) 3 x median spacing found 24 of 101 objects and this radius 29 (30 with
  // rim_levels of Support.h), the true clouds 96 of 101 (94 before).
  double cluster_radius = 0;
  int cluster_neighbours = 8;
  double cluster_quantile = 0.9;
  double cluster_scale = 0.85;
  double min_cluster_fraction = 0.0001;  // of the subset; smaller clusters are dropped
  size_t min_cluster_points = 30;        // ... and clusters smaller than this
  double boundary_side_fraction = 0.03;  // a plane with < this share on one side is a boundary
  double merge_iou = 0.3;                // clusters whose boxes overlap more are merged
  bool split_supports = true;            // split objects standing on others (table tops)
  // SupportSplitOptions::core_levels: points this close to a surface's level (in half plane
  // tolerances) are cut with it whatever their normal (0 = only up-facing ones).
  double support_core_levels = 0.5;
  // SupportSplitOptions::wide_core_levels (0 = off). On the synthetic rooms' reconstructions
  // (seeds 1-40, 12 photos of 640x480, bench_proposals --recon), with hidden_top_reach_radii 10:
  // 219 of 321 objects against 215 without it (1.5: 215, 3.5: 219); alone: 214 against 210. The
  // true clouds (198 of 198) and the rooms seen perfectly (113 of 132) unchanged.
  double support_wide_core_levels = 2.5;
  // SupportSplitOptions::hidden_reach_radii, with look_at from the views that see a point (0 =
  // off). On the same reconstructions, with the wide band: 219 against 214 without it; alone:
  // 215 against 210. The true and perfectly seen clouds unchanged.
  double hidden_top_reach_radii = 10;
  // SupportSplitOptions::same_colour_stays: with the cloud's colours, a piece standing on a
  // surface stays with the body when their colours match this well (0 = off). On the kitchen
  // photos (24 of 25 placed, 1.17M points) the toy bulldozer was cut at its level surfaces into
  // cab, body and bucket boxes among 24 proposals; with 0.6 it is one box among 14. On the
  // synthetic rooms' reconstructions from 1280x960 photos with --dense-size 1280, seeds 1-8,
  // 28 -> 29 of 65 objects found (seed 1's chair: its backrest, 0.17 of 0.45 m seen, had been
  // split off the seat; 0.5: 28); at 640x480, seeds 1-16 / held-out 17-20, 75 / 132 and 22 / 36
  // either way, and the true clouds 194 / 198 either way. Today's kitchen reconstruction
  // (`reconstruct --dense`, 2.57M points) matched the cab and bucket to the body by 0.58 to 0.6 and
  // cut them off (9 proposals); 0.58 keeps it one 1.27 x 0.63 x 0.78 box (7 proposals), the
  // synthetic rooms unchanged (reconstructions seeds 1-40 219 / 321, true clouds 198 / 198, seen
  // perfectly 113 / 132; 0.5: true clouds 197).
  double same_colour_stays = 0.58;
  // Statistical outlier removal before clustering (a reconstruction's stray points bridge
  // objects and stretch boxes): a point whose mean distance to its k neighbours exceeds the
  // cloud's mean by more than denoise_std standard deviations is dropped. 0 = off (default:
  // on the synthetic rooms' reconstructions it changed no match and cost time).
  int denoise_neighbours = 0;
  double denoise_std = 2.0;
  // Fragments of one object (legs under a table top the photos did not connect, a backrest
  // above a seat): pieces whose footprints overlap by >= stack_overlap (of the smaller one) and
  // whose height ranges are closer than stack_gap x the plane tolerance are merged, unless the
  // upper one was split off the lower one's support surface.
  double stack_overlap = 0.5;
  double stack_gap = 3.0;
  // ... nor when the upper one stands on the lower one's top the way a support split would cut
  // it off (a tv on a cabinet that the reconstruction left as two clusters).
  bool stack_keeps_standing = true;
  // A box whose bottom is above its support (the floor, or the surface it was split off) by
  // less than this share of its height is extended down to it (a chair seen from above, the
  // feet lost in the floor's band or not reconstructed).
  double support_gap_fraction = 0.35;
  // A piece split off a surface and at most footprint_clear_max_height_tols plane tolerances
  // high (a cup on a table) takes its footprint from its points more than footprint_clear_tols
  // tolerances above the surface: the surface's own scattered points around its foot, which the
  // split leaves with it, widened a cup's box by half (on the synthetic rooms' reconstructions,
  // seeds 1-16, 64 -> 66 of 132 objects found; the true clouds unchanged). 0 = off.
  double footprint_clear_tols = 1.0;
  // (5 tolerances since the tolerance comes from the cloud's percentile box, about the 4 of the
  // whole box before: seeds 1-40 234 -> 235 of 321; 4.5: 234, 6: 235, 3: 226; the true clouds
  // and the rooms seen perfectly unchanged.)
  double footprint_clear_max_height_tols = 5.0;
  // ... fitted to the [p, 1 - p] percentiles of those points across (a reconstruction smears
  // a small thing's silhouette into the background behind it: a cup's box came out 2-10 cm too
  // wide with the 1st-99th percentiles of all boxes). On the synthetic rooms' reconstructions,
  // seeds 1-16 (640x480), 0.01 found 73 of 132 objects, 0.03 75, 0.05 75, 0.07 72; held-out
  // seeds 17-20, 1280x960 seeds 1-8 and 24 photos alike for 0.03 and 0.05 (22 / 36, 30 / 65,
  // 80 / 132); on the same rooms seen perfectly by their photos (bench_proposals --seen 640x480)
  // 112, 109, 105, 102: the trimming costs a clean cloud's cups their width, so 0.03; the true
  // clouds 198 / 198 either way.
  double footprint_clear_percentile = 0.03;
  // ... and such a footprint, seen from one side (the photos saw a cup's front arc, its depth
  // along their view short by up to a radius), is made square away from the cameras when its
  // side along their horizontal look direction is at least this share of its side across (0 =
  // off). On the synthetic rooms' reconstructions (bench_proposals --recon, seeds 1-40, 12 photos
  // of 640x480) 219 -> 221 of 321 objects found at 0.5 (0: 221), with the solid rows of
  // HiddenSideOptions 225 (0.3 and 0.5 alike); seen perfectly (--seen, seeds 1-16) 113 -> 116 of
  // 132 with the solid rows (0.5: 117); the true clouds 198 of 198. Such a box is then not
  // completed on its hidden side as well (complete_hidden_side grew it past its square: 225 ->
  // 226).
  double footprint_square_min_ratio = 0.3;
  // ... and only when the cameras that see it look at it from one side: their horizontal rays'
  // mean resultant length at least this (rays spread evenly over +-80 degrees give 0.7; cameras
  // all around it, near 0). On the synthetic rooms' reconstructions 0, 0.5 and 0.7 alike (235).
  double footprint_square_min_agreement = 0.7;
  // A piece standing higher above the floor (a seat whose legs were lost) is extended down to the
  // floor, taking in the small pieces under it, when stray points and such pieces in its
  // footprint below it occupy this share of the height bins (one plane tolerance each) between
  // the floor's band and the piece (0 = off). On the synthetic rooms' reconstructions (640x480),
  // 0.4 -> 0.2 found seed 5's chair (a seat and backrest whose thin legs the stereo lost) and one
  // more held-out object (seeds 1-16 / 17-20: 87 -> 88 / 29 -> 29 of 132 / 36, and with the
  // fusion's interpolation 84 -> 84 / 30 -> 31); seen perfectly and the true clouds unchanged.
  double leg_coverage = 0.2;
  // ... and takes in a pole under it (at most this many plane tolerances across and twice as tall
  // as wide) even when the pole holds more points (a lamp's shade seen from one side only,
  // completed to a square footprint, on its pole). 0 = only smaller pieces.
  double leg_pole_width_tols = 4.0;
  // A pole standing on the floor beside a piece standing there too and at least as tall joins
  // it when its footprint is at most this many times the piece's longest side away (a table's
  // leg left apart from its top, which the photos saw at a grazing angle and left in patches;
  // TableLegs.h), unless the grown box would take in another piece's centre (other legs aside).
  // On the synthetic rooms' reconstructions (bench_proposals --recon, seeds 1-16) 69 -> 71 of 132
  // objects found (seed 7's table: IoU 0.44 -> 0.91; seed 13's chair took its legs); a reach of
  // 0.7 found 69, 1.5 70, 2.0 68; held-out seeds 17-20 19 -> 20 of 36 (seed 18's table); the
  // true clouds unchanged. 0 = off.
  double table_leg_reach = 1.0;
  // ... a pole: at most this many plane tolerances across and twice as tall as wide (a table's
  // leg is wider than a lamp's pole: 4 tolerances left seed 7's 12 cm leg out; 4 or 8: 70).
  double table_leg_width_tols = 6.0;
  // Amodal depth (ProposalDepth.h): a box thin across with a wall behind it is extended towards
  // the wall through space no camera saw as free.
  bool complete_depth = true;
  // ... "thin" meaning narrower than this share of its height for a box standing on the floor
  // (DepthCompletionOptions::max_thin, 0.25, for one split off a surface: a tv on a cabinet stands
  // on its top, often well before the wall). Seed 1's cabinet, 0.24 deep for 0.82 high, its
  // front face's depth fattened, stayed a slab before its wall at 0.25 (with wall_snap_deg, the
  // synthetic rooms' reconstructions, seeds 1-16: 85 -> 87 of 132 objects; 0.35 also 87).
  double floor_thin_height_ratio = 0.3;
  // ... and a box seen from one side only (not thin) is extended away from the cameras through
  // unseen space, at most to a square footprint (ProposalDepth.h complete_hidden_side).
  bool complete_hidden_side = true;
  // A piece (not a low one on a surface) whose footprint in some horizontal slice is an arc of a
  // circle takes that circle's square footprint instead of the depth and hidden-side completion
  // (RoundFootprint.h: a plant's foliage, a lamp's shade, a stool's seat seen from one side). On
  // the synthetic rooms' reconstructions (seeds 1-40, 12 photos of 640x480) 235 -> 242 of 321
  // objects found (4 plants, 2 lamps, a stool; none lost); the rms, span and gap limits nearby
  // (rms 0.08-0.1 of the radius, span 120-130 degrees, gap 30-35) gave 242 too, rms 0.06 240,
  // span 150 238. Only standing pieces: 242 as well. The true clouds (198 / 198) and the rooms
  // seen perfectly (116 / 132) unchanged.
  bool round_footprints = true;
  // ... keeping the box's own axes when its short one is within this angle of the view and the
  // refit across the view grows too much (HiddenSideOptions::own_axes_max_deg; 0 = off): a
  // backrest seen from behind, a box on a table seen only by its front face at a slant. Was 30
  // and only for pieces standing on the floor (a tv on a cabinet could grow behind its panel).
  // 45 for all pieces, with own_axes_face_ratio 0.5: the synthetic rooms' reconstructions seeds
  // 1-40 242 -> 244 of 321 (a box, a tv; none lost), held-out seeds 41-50 58 -> 64 of 84; seen
  // perfectly (seeds 1-16) 116 -> 117 of 132; the true clouds 198 -> 197 of 198 (seed 2's tv,
  // whose back the true cloud holds, grew to the wall). Without the face ratio 244 and 63 of 84,
  // and the kitchen's white tube lying on the table (1.23 x 0.17 x 0.10 scene units) grew to
  // 0.32 deep behind it, seen perfectly 118; with 1.0 244 / 63; angles 40 / 60 (no face ratio)
  // 243 / 62, 244 / 63.
  double hidden_side_own_axes_deg = 45;
  double hidden_side_own_axes_face_ratio = 0.5;  // HiddenSideOptions::own_axes_face_ratio
  // A box near a wall with its yaw within this angle of the wall's is refitted along the wall
  // before the depth completion (ProposalDepth.h snap_to_wall): furniture against a wall stands
  // parallel to it, and a front face seen obliquely with a patch of its side tilted the min-area
  // rectangle enough (seed 3's cabinet: 25 degrees) that no wall lay behind its thin axis, so the
  // hidden side ran through the wall. On the synthetic rooms' reconstructions (bench_proposals
  // --recon, 640x480, seeds 1-16) 83 -> 84 of 132 objects found at 30 degrees, 85 at 40; 20:
  // 83. 0 = off.
  double wall_snap_deg = 40;
  // Photo evidence (ViewSegments.h), with views that have depth maps: two close points are
  // connected only when the views that see both on one piece of their depth are at least
  // view_apart_weight x as many as those that see them on different pieces (a jump in depth
  // between them). 0 = off.
  double view_apart_weight = 1.0;
  double view_depth_step_rel = 0.03;
  // Pieces whose boxes come within view_merge_gap_radii x the clustering radius of each other
  // (upright boxes, horizontally by their half diagonals) are merged when at least
  // view_merge_together views see them on one piece of their depth and none sees them on
  // different pieces (fragments of a thing the cloud has holes in), unless one is a flat piece
  // at the other's foot (what it stands on: a mat, a table top); 0 = off. On the synthetic
  // rooms' reconstructions (bench_proposals --recon) a gap of 10 radii found 16 of 65 objects,
  // touching boxes only 13, no merging 6; their true clouds' recall was unchanged.
  int view_merge_together = 2;
  double view_merge_gap_radii = 10;
  // ... but two pieces of comparable size (the smaller holding at least view_merge_guard_share of
  // the larger's points) whose union's footprint is more than view_merge_max_area_growth x their
  // own together are two things side by side, left apart: seed 7's bookshelf (its front face)
  // and the chair before it, which three views saw on one piece of their depth. A chair's
  // backrest and its legs, fragments far apart, still merge (the legs hold few points). On the
  // synthetic rooms' reconstructions seeds 1-16 / 17-20: 87 -> 89 / 29 -> 29 of 132 / 36 (with
  // the fusion's interpolation 84 -> 86 / 30 -> 30); seen perfectly and the true clouds unchanged
  // (113 / 132, 198 / 198). 0 = off.
  double view_merge_max_area_growth = 2.0;
  double view_merge_guard_share = 0.25;
  // The floor (find_floor: the lowest large horizontal plane) bounds the scene when less than
  // this share of the sample lies below it: its points are removed as a boundary plane's even
  // when things show under it (a close-up on a table top: the room's floor under the table), and
  // pieces wholly below it are dropped (on the synthetic rooms' reconstructions, seeds 1-16, 26
  // of 255 proposals lay under the floor; on the kitchen photos the table top, 79 % of the
  // cloud, is the floor: its points kept, 175 proposals, mostly flat pieces of the cloth;
  // removed, 21). 0 = off.
  double floor_bounds_share = 0.03;
  double boundary_normal_deg = 35;  // with normals: a point is on a boundary plane only when
                                    // its normal is within this angle of the plane's normal
  bool keep_fates = false;          // fill ProposalResult::fate (diagnostics)
  PlaneOptions planes;
};

struct ProposalResult {
  std::vector<SceneObject> objects;  // named "object 1..N", labels empty
  std::vector<Plane> planes;         // all dominant planes found
  std::vector<int> boundary_planes;  // indices into planes: floor, walls, ceiling
  Floor floor;
  double seconds = 0;
  // With ProposalOptions::keep_fates, per cloud point why it is (not) in an object: see Fate.
  enum Fate : uint8_t {
    kInObject = 0,
    kOnBoundary,    // on a boundary plane (in 3D)
    kFar,           // no clustered sample point near it
    kPlaneInViews,  // its sample point lies on a boundary plane in most views seeing it
    kSmallCluster,  // its sample point's cluster was too small
    kDropped,       // its cluster became no object (too small after merging, a wall fragment)
  };
  std::vector<uint8_t> fate;
};

ProposalResult propose_objects(const Scene& scene, const ProposalOptions& options = {});

}  // namespace sl::objects
