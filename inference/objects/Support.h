// Helpers of the object proposals: Euclidean clustering and splitting a cluster at its
// horizontal support surfaces (table tops), so that what stands on a surface becomes its own
// cluster (recursively). Internal to inference/objects.
#pragma once
#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace sl::objects {

// Connected components of `xyz` (points closer than `radius` are connected); each component
// lists indices into xyz.
std::vector<std::vector<uint32_t>> euclidean_clusters(const std::vector<Eigen::Vector3f>& xyz,
                                                      float radius);
// The same where two close points are connected only when `linked(a, b)` says so.
std::vector<std::vector<uint32_t>> euclidean_clusters(
    const std::vector<Eigen::Vector3f>& xyz, float radius,
    const std::function<bool(uint32_t, uint32_t)>& linked);

struct SupportSplitOptions {
  float radius = 0.03f;         // clustering radius (connectivity)
  double level_tol = 0.015;     // half thickness of a support surface along up
  double max_tilt_deg = 20;     // surface normals within this angle of up are horizontal
  size_t min_support = 60;      // a support surface has at least this many points
  size_t min_cluster = 30;      // smaller pieces are never split off
  double inside_share = 0.9;    // share of a piece's points above the surface's footprint
  double max_area_ratio = 0.8;  // piece footprint area <= this x the surface's footprint area
  int max_depth = 4;
  // The surface's footprint also holds the carrying body's points this many level_tol below it.
  double rim_levels = 3;
  // Points within core_levels x level_tol of a surface's level are cut with it whatever their
  // normal: a reconstruction's noisy normals leave top points that bridge what stands on the
  // surface (a cup) to the body. On the synthetic rooms' reconstructions (bench_proposals
  // --recon, 640x480) 0.5 found 48 of 101 objects on seeds 1-12 against 44 (held-out seeds
  // 13-16: 16 of 31 against 15; 1.0: 50 and 14), the true clouds unchanged (98 of 101).
  double core_levels = 0.5;
  // Where the core band splits nothing off a surface, it is retried this wide (0 = off): a tv on
  // a cabinet whose top's points scatter wider than the core band stays linked to the cabinet
  // through them.
  double wide_core_levels = 0;
  // ... taking only the points whose normal is within this angle of up: the scattered top's noisy
  // ones, not the sides of what crosses the level (a band thicker than the clustering radius
  // would sever a sofa's back from its base; the synthetic rooms' reconstructions, seeds 1-40,
  // with a 0.03 area guard: 219 of 321 with 60 degrees, 220 with 90, 219 with 72.5, 218 with 46).
  double wide_max_tilt_deg = 60;
  // ... where a piece splits off only if its footprint covers at least this share of the
  // surface's: at each level of a many-levelled thing the wide band also cuts small parts loose
  // (the kitchen photos' toy bulldozer lost a sliver 0.09 x 0.04 x 0.17 scene units with 0.05;
  // with 0.08 or more, the kitchen's proposals are the core band's alone). On the synthetic
  // rooms' reconstructions (seeds 1-40) 0.05 - 0.15 score the same, 219 of 321.
  double wide_min_area_ratio = 0.1;
  // A piece rising from the surface's edge along most of that side (a chair's backrest, a bed's
  // headboard) is part of the body, not a thing standing on it: edge_share of its points lie
  // within edge_band_radii x radius of the footprint's boundary and its length is at least
  // edge_span x the footprint's extent along it (0 = off).
  double edge_band_radii = 2;
  double edge_share = 0.8;
  double edge_span = 0.6;
  // With colours, a piece standing on the surface whose colours match the carrying body's at
  // least this well (histogram intersection, Colour.h) is part of it wherever it stands: one
  // thing's parts share their colours (a toy bulldozer's cab on its body, a chair's backrest the
  // photos saw only in part, too short for the edge rule), a thing put on another seldom does
  // (0 = off).
  double same_colour_stays = 0.58;  // see ProposalOptions::same_colour_stays
  // The horizontal direction the cameras look at a point along (zero where none sees it), or
  // empty. With it, a piece's point outside the surface's footprint by at most
  // hidden_reach_radii x radius counts as inside when the footprint lies between it and the
  // cameras: what stands on a top hides the top behind it (a tv on a cabinet, seen from the
  // front, leaves only the strip of top before it).
  std::function<Eigen::Vector3d(const Eigen::Vector3d&)> look_at;
  double hidden_reach_radii = 10;
};

struct SupportCluster {
  std::vector<uint32_t> members;  // indices into the points given to split_on_supports
  // Height (along up) of the surface this piece stands on; NaN = not split off a surface.
  double support_level;
};

// Splits `cluster` (indices into xyz / normals; normals point out of the surfaces) at the
// horizontal up-facing surfaces it contains: after removing a surface's points, each connected
// piece lying above the surface and inside its footprint is split off (and split recursively);
// the rest stays with the body that carries the surface.
// `colours`, when not empty, holds the points' colours (same indexing as xyz).
std::vector<SupportCluster> split_on_supports(
    const std::vector<Eigen::Vector3f>& xyz, const std::vector<Eigen::Vector3f>& normals,
    const std::vector<uint32_t>& cluster, const Eigen::Vector3d& up,
    const SupportSplitOptions& options, const std::vector<std::array<uint8_t, 3>>& colours = {});

// True when `piece` stands on the highest up-facing surface of `body` the way split_on_supports
// would split it off (its bottom at the surface, inside its footprint, not rising from its
// edge, not in the body's colours): a tv on a cabinet top, which the reconstruction left as two
// clusters. Both list indices into xyz / normals (and colours, when given).
bool stands_on_top(const std::vector<Eigen::Vector3f>& xyz,
                   const std::vector<Eigen::Vector3f>& normals, const std::vector<uint32_t>& body,
                   const std::vector<uint32_t>& piece, const Eigen::Vector3d& up,
                   const SupportSplitOptions& options,
                   const std::vector<std::array<uint8_t, 3>>& colours = {});

}  // namespace sl::objects
