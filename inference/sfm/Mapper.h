// Incremental mapper: from verified matches to a bundle-adjusted sparse model. Pure geometry
// (no images), so it is tested on synthetic correspondences.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "inference/Job.h"
#include "inference/sfm/Tracks.h"
#include "inference/sfm/Types.h"

namespace sl::sfm {

struct MapperHooks {
  const JobContext* ctx = nullptr;                     // stop flag (may be null)
  std::function<void(const MapModel&)> on_registered;  // after each registered image
  std::function<void(double fraction, const std::string& stage)> on_progress;
  std::function<void(const std::string&)> on_log;  // progress notes (debugging, logs)
  int threads = 1;
};

struct MapperResult {
  MapModel model;  // model.images points at the `images` given to run_mapper
  Tracks tracks;
  std::vector<std::string> unplaced_reason;  // per image; empty when registered
  double mean_reproj_px = 0;
};

// Throws JobCancelled when hooks.ctx is stopped. `images` must outlive the result.
MapperResult run_mapper(const std::vector<MapperImage>& images,
                        const std::vector<VerifiedPair>& pairs, const MapperOptions& opt,
                        const MapperHooks& hooks);

}  // namespace sl::sfm
