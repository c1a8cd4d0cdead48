// Bundle adjustment with Ceres: reprojection error of SIMPLE_RADIAL cameras (focal + k1,
// principal point fixed), Huber loss; global or local (a set of variable images, the rest
// fixed). A Ceres IterationCallback aborts the solve when the job is asked to stop.
#pragma once
#include <vector>

#include "inference/Job.h"
#include "inference/sfm/Types.h"

namespace sl::sfm {

struct BAOptions {
  std::vector<int> variable_images;  // empty: every registered image (global BA)
  int fixed_image = -1;              // pose kept constant (gauge); -1: first registered
  bool refine_focal = true;
  bool refine_k1 = true;
  double max_abs_k1 = 0.5;
  int max_iterations = 40;
  double huber_px = 2.0;
  int threads = 1;
};

struct BASummary {
  double initial_rms_px = 0;
  double final_rms_px = 0;
  int residuals = 0;
  bool aborted = false;
};

// ctx may be null. Throws JobCancelled (via ctx->check_stop()) when stopped mid-solve.
BASummary bundle_adjust(MapModel& model, const BAOptions& options, const JobContext* ctx);

}  // namespace sl::sfm
