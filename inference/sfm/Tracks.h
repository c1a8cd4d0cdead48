// Tracks: connected components (union-find) of keypoints linked by verified matches.
#pragma once
#include <vector>

#include "inference/sfm/Types.h"

namespace sl::sfm {

struct Tracks {
  std::vector<std::vector<std::pair<int, int>>> tracks;  // (image, keypoint), one per image
  std::vector<std::vector<int>> track_of;                // image -> keypoint -> track or -1
};

// Keeps at most one keypoint per image in a track (the first met); drops tracks shorter than 2.
Tracks build_tracks(const std::vector<MapperImage>& images, const std::vector<VerifiedPair>& pairs);

}  // namespace sl::sfm
