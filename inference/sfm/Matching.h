// Descriptor matching (FLANN k-d tree, ratio test, mutual check) and geometric verification
// (fundamental-matrix RANSAC), and the choice of which image pairs to match.
#pragma once
#include <memory>
#include <utility>
#include <vector>

#include "inference/sfm/Features.h"
#include "inference/sfm/Types.h"

namespace sl::sfm {

struct MatchOptions {
  double ratio = 0.85;
  int min_inliers = 15;            // verified matches a pair needs (COLMAP: 15)
  int exhaustive_max_images = 40;  // above this: sequential window + loop candidates
  int window = 10;
  bool sequential = false;  // video: always the sequential scheme
};

// Pairs (i < j) to match among n images.
std::vector<std::pair<int, int>> select_pairs(int n, const MatchOptions& opt);

struct PairMatchResult {
  int putative = 0;  // after ratio + mutual check
  int inliers = 0;   // after RANSAC
  VerifiedPair pair;
};

PairMatchResult match_pair(const FeatureSet& a, const FeatureSet& b, int i, int j,
                           const MatchOptions& opt);

// Matches a list of pairs, building one FLANN index per image (not per pair) and freeing it
// after the image's last pair. `each` is called before every pair (progress, cancel).
class PairMatcher {
 public:
  PairMatcher(const std::vector<FeatureSet>& features, const MatchOptions& opt);
  ~PairMatcher();
  PairMatchResult match(int i, int j);
  void release(int image);

 private:
  struct Index;
  const Index& index(int image);
  const std::vector<FeatureSet>& features_;
  MatchOptions opt_;
  std::vector<std::unique_ptr<Index>> indexes_;
};

}  // namespace sl::sfm
