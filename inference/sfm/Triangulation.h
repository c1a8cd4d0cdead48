// Triangulation of tracks into map points, with angle and reprojection checks, and the
// observation/point filter run after bundle adjustment.
#pragma once
#include <vector>

#include "inference/sfm/Tracks.h"
#include "inference/sfm/Types.h"

namespace sl::sfm {

// Linear (DLT) two-view triangulation from normalised rays and cam_from_world poses.
bool triangulate_dlt(const Eigen::Isometry3d& T1, const Eigen::Vector2d& x1,
                     const Eigen::Isometry3d& T2, const Eigen::Vector2d& x2, Eigen::Vector3d& X);

// Angle (radians) between the rays from two camera centres to X.
double triangulation_angle(const Eigen::Vector3d& c1, const Eigen::Vector3d& c2,
                           const Eigen::Vector3d& X);

// Triangulates the not-yet-triangulated tracks seen by `image` (or by any registered image when
// image < 0), and adds `image`'s observations to already triangulated tracks when they reproject
// well. Returns the number of new points.
int triangulate_image(MapModel& model, const Tracks& tracks, int image, const MapperOptions& opt);

// Adds every registered observation of each point's track that reprojects within the threshold.
int complete_tracks(MapModel& model, const Tracks& tracks, const MapperOptions& opt);

// Removes observations with large reprojection error or behind the camera, and points whose
// largest triangulation angle is too small; updates error_px. Returns removed observations.
int filter_points(MapModel& model, const MapperOptions& opt);

// Deletes a point (its observations are freed so its track may be triangulated again).
void remove_point(MapModel& model, int point);

}  // namespace sl::sfm
