// Where the cameras look at a point from: the views that see it, the direction they look along,
// and the rule that squares a small thing's footprint seen from one side. Shared by the proposals
// and the objects made from a selection. Internal to inference/objects.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "scene/Scene.h"

namespace sl::objects {

// Indices of the views whose image contains the projection of p (in front of the camera).
std::vector<int> views_seeing(const Scene& scene, const Eigen::Vector3d& p);

// The direction the cameras that see p look at it along (the sum of their unit rays; zero when
// none sees it).
Eigen::Vector3d look_direction(const Scene& scene, const Eigen::Vector3d& p);

// A small thing's footprint seen from one side (a cup's front arc): its side along the cameras'
// horizontal look direction grown to its side across, away from the cameras, when it is at least
// `min_ratio` of it (see ProposalOptions::footprint_square_min_ratio). Only when the cameras
// that see it look at it from one side: their horizontal rays' mean resultant length is at least
// `min_agreement` (1 = all along one direction; cameras all around it: near 0).
void square_away_from_cameras(const Scene& scene, OrientedBox& b, const Eigen::Vector3d& up,
                              double min_ratio, double min_agreement);

}  // namespace sl::objects
