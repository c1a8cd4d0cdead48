// Registration of a new image against the map: 2D-3D correspondences from its tracks,
// PnP RANSAC (cv::solvePnPRansac) on normalised, undistorted rays.
#pragma once
#include <string>

#include "inference/sfm/Tracks.h"
#include "inference/sfm/Types.h"

namespace sl::sfm {

// Distinct map points this image observes through its tracks.
int count_visible_points(const MapModel& model, const Tracks& tracks, int image);

// On success sets the pose, marks the image registered and attaches the inlier observations.
// On failure leaves the model unchanged and explains why in `why`.
bool register_image(MapModel& model, const Tracks& tracks, int image, const MapperOptions& opt,
                    std::string& why);

}  // namespace sl::sfm
