#include "inference/sfm/BundleAdjustment.h"

#include <ceres/ceres.h>
#include <ceres/rotation.h>
#include <glog/logging.h>

#include <set>

namespace sl::sfm {
namespace {

struct ReprojectionCost {
  ReprojectionCost(const Eigen::Vector2d& uv, double cx, double cy)
      : u(uv.x()), v(uv.y()), cx(cx), cy(cy) {}
  template <typename T>
  bool operator()(const T* pose, const T* intr, const T* X, T* residual) const {
    T p[3];
    ceres::AngleAxisRotatePoint(pose, X, p);
    p[0] += pose[3];
    p[1] += pose[4];
    p[2] += pose[5];
    const T x = p[0] / p[2], y = p[1] / p[2];
    const T d = T(1) + intr[1] * (x * x + y * y);
    residual[0] = intr[0] * x * d + T(cx) - T(u);
    residual[1] = intr[0] * y * d + T(cy) - T(v);
    return true;
  }
  double u, v, cx, cy;
};

class StopCallback : public ceres::IterationCallback {
 public:
  explicit StopCallback(const JobContext* ctx) : ctx_(ctx) {}
  ceres::CallbackReturnType operator()(const ceres::IterationSummary&) override {
    return ctx_ && ctx_->stop_requested() ? ceres::SOLVER_ABORT : ceres::SOLVER_CONTINUE;
  }

 private:
  const JobContext* ctx_;
};

}  // namespace

BASummary bundle_adjust(MapModel& model, const BAOptions& options, const JobContext* ctx) {
  BASummary out;
  const int n_img = int(model.poses.size());
  std::vector<char> variable(n_img, 0);
  if (options.variable_images.empty()) {
    for (int i = 0; i < n_img; ++i) variable[i] = model.registered[i];
  } else {
    for (int i : options.variable_images)
      if (model.registered[i]) variable[i] = 1;
  }
  int fixed = options.fixed_image;
  if (fixed < 0 && !model.registration_order.empty()) fixed = model.registration_order.front();

  // Points seen by a variable image; residuals from every registered observation of them.
  std::vector<std::array<double, 2>> intr(model.cameras.size());
  for (size_t c = 0; c < model.cameras.size(); ++c)
    intr[c] = {model.cameras[c].f, model.cameras[c].k1};
  ceres::Problem problem;
  ceres::LossFunction* loss = new ceres::HuberLoss(options.huber_px);
  std::set<int> used_images, used_cameras;
  double sq = 0;
  for (auto& p : model.points) {
    if (!p.alive()) continue;
    bool touches = false;
    for (const auto& o : p.obs) touches = touches || variable[o.first];
    if (!touches) continue;
    for (const auto& [img, kp] : p.obs) {
      const CameraParams& cam = model.camera(img);
      auto* cost = new ceres::AutoDiffCostFunction<ReprojectionCost, 2, 6, 2, 3>(
          new ReprojectionCost(model.keypoint(img, kp), cam.cx, cam.cy));
      problem.AddResidualBlock(cost, loss, model.poses[img].data(),
                               intr[model.camera_of[img]].data(), p.xyz.data());
      used_images.insert(img);
      used_cameras.insert(model.camera_of[img]);
      const double e = model.reprojection_error(img, kp, p.xyz);
      sq += std::min(e * e, 1e6);
      ++out.residuals;
    }
  }
  if (out.residuals == 0) return out;
  out.initial_rms_px = std::sqrt(sq / out.residuals);
  for (int img : used_images) {
    if (!variable[img] || img == fixed) problem.SetParameterBlockConstant(model.poses[img].data());
  }
  for (int c : used_cameras) {
    double* block = intr[c].data();
    if (!options.refine_focal && !options.refine_k1) {
      problem.SetParameterBlockConstant(block);
    } else if (!options.refine_focal) {
      problem.SetManifold(block, new ceres::SubsetManifold(2, {0}));
    } else if (!options.refine_k1) {
      problem.SetManifold(block, new ceres::SubsetManifold(2, {1}));
    }
  }
  for (int c : used_cameras) {
    if (!options.refine_focal && !options.refine_k1) continue;
    double* block = intr[c].data();
    const double f0 = model.cameras[c].f;
    problem.SetParameterLowerBound(block, 0, 0.5 * f0);  // a solve may move the focal, not jump it
    problem.SetParameterUpperBound(block, 0, 2.0 * f0);
    problem.SetParameterLowerBound(block, 1, -options.max_abs_k1);
    problem.SetParameterUpperBound(block, 1, options.max_abs_k1);
  }
  ceres::Solver::Options so;
  so.linear_solver_type = used_images.size() <= 100 ? ceres::DENSE_SCHUR : ceres::SPARSE_SCHUR;
  so.max_num_iterations = options.max_iterations;
  so.num_threads = std::max(1, options.threads);
  so.function_tolerance = 1e-6;
  so.logging_type = ceres::SILENT;
  // Ceres also logs through glog: a failed Cholesky step (which the solver retries with more
  // damping) printed dozens of WARNING lines per kitchen reconstruction. Errors still show.
  static const bool quiet_glog = [] {
    if (FLAGS_minloglevel < google::GLOG_ERROR) FLAGS_minloglevel = google::GLOG_ERROR;
    return true;
  }();
  (void)quiet_glog;
  StopCallback cb(ctx);
  so.callbacks.push_back(&cb);
  ceres::Solver::Summary summary;
  ceres::Solve(so, &problem, &summary);
  if (ctx) ctx->check_stop();
  for (int c : used_cameras) {
    if (intr[c][0] > 0) {
      model.cameras[c].f = intr[c][0];
      model.cameras[c].k1 = intr[c][1];
    }
  }
  out.final_rms_px = std::sqrt(2.0 * summary.final_cost / out.residuals);
  out.aborted = summary.termination_type == ceres::USER_FAILURE;
  return out;
}

}  // namespace sl::sfm
