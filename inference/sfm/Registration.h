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

// Fallback for an image that sees too few map points for PnP but overlaps a registered image
// strongly (`pair`, one side registered): its pose relative to that image from the essential
// matrix of their matches (cv::findEssentialMat + recoverPose), the translation's scale from the
// map points both see (at least `min_scale_points`, median of per-point least squares). Then as
// register_image: observations attached, the image marked registered.
bool register_image_from_pair(MapModel& model, const Tracks& tracks, int image,
                              const VerifiedPair& pair, const MapperOptions& opt, std::string& why,
                              int min_scale_points = 4);

}  // namespace sl::sfm
