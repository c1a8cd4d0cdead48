// Legs a table's reconstruction left apart from it: a thin pole standing on the floor beside a
// piece that stands on the floor too and is at least as tall (a table whose top was seen at a
// grazing angle and came out in patches, with a leg or two on their own) joins that piece.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "inference/objects/Frame.h"
#include "scene/Scene.h"

namespace sl::objects {

// A pole: a footprint diagonal of at most max_width and at least twice as tall as wide (a lamp's
// pole, a table's leg); shared by the proposals' leg rules.
bool pole_shaped(const OrientedBox& box, double max_width);

struct LegJoinOptions {
  double pole_width = 0;  // a pole's footprint diagonal is at most this (and it is 2x as tall)
  double level_tol = 0;   // its bottom this close to the floor, its top at most this above the
                          // piece's; the piece's bottom this close to the floor
  // The pole's footprint at most reach x the piece's longest side away from the piece's.
  double reach = 1.0;
};

// Joins poles (entries of `order`, indices into members / boxes) to the nearest piece that can
// hold them as legs: its box grows over the pole's footprint when no other piece of `order`
// has its centre inside the grown box. `standing[c]` is false for pieces split off a surface
// (they do not take part). Emptied poles stay in `order` with no members. Returns how many joined.
int join_table_legs(const Eigen::Vector3d& up, const Plane& floor, const std::vector<size_t>& order,
                    const std::vector<bool>& standing, std::vector<std::vector<uint32_t>>& members,
                    std::vector<OrientedBox>& boxes, const LegJoinOptions& options);

}  // namespace sl::objects
