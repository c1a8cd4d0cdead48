// Choice of the two images the reconstruction starts from: many verified matches, a wide enough
// baseline (median triangulation angle) and not explained by a homography (pure rotation or a
// plane seen from one spot).
#pragma once
#include <set>
#include <utility>
#include <vector>

#include "inference/sfm/Types.h"

namespace sl::sfm {

struct InitialPair {
  bool ok = false;
  int i = -1, j = -1;
  Eigen::Isometry3d j_from_i = Eigen::Isometry3d::Identity();  // i is the world frame
  int inliers = 0;
  double median_angle_deg = 0;
};

// `model` supplies the cameras (to normalise keypoints); pairs in `tried` are skipped.
InitialPair find_initial_pair(const MapModel& model, const std::vector<VerifiedPair>& pairs,
                              const std::set<std::pair<int, int>>& tried, const MapperOptions& opt);

}  // namespace sl::sfm
