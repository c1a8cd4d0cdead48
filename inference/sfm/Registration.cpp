#include "inference/sfm/Registration.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/core/eigen.hpp>

namespace sl::sfm {

int count_visible_points(const MapModel& model, const Tracks& tracks, int image) {
  int n = 0;
  for (int t : tracks.track_of[image])
    if (t >= 0 && model.point_of_track[t] >= 0) ++n;
  return n;
}

bool register_image(MapModel& model, const Tracks& tracks, int image, const MapperOptions& opt,
                    std::string& why) {
  std::vector<cv::Point3d> obj;
  std::vector<cv::Point2d> img;
  std::vector<std::pair<int, int>> corr;  // (keypoint, point)
  const auto& tof = tracks.track_of[image];
  for (int kp = 0; kp < int(tof.size()); ++kp) {
    if (tof[kp] < 0) continue;
    const int pid = model.point_of_track[tof[kp]];
    if (pid < 0) continue;
    const Eigen::Vector3d& X = model.points[pid].xyz;
    const Eigen::Vector2d x = model.normalize(image, model.keypoint(image, kp));
    obj.emplace_back(X.x(), X.y(), X.z());
    img.emplace_back(x.x(), x.y());
    corr.emplace_back(kp, pid);
  }
  if (int(obj.size()) < opt.min_pnp_inliers) {
    why = "too few 3D points seen (" + std::to_string(obj.size()) + ")";
    return false;
  }
  const double f = model.camera(image).f;
  cv::Mat rvec, tvec;
  std::vector<int> inliers;
  const double thresh = opt.max_reproj_px / f;
  bool ok = cv::solvePnPRansac(obj, img, cv::Mat::eye(3, 3, CV_64F), cv::Mat(), rvec, tvec, false,
                               2000, thresh, 0.9999, inliers, cv::SOLVEPNP_AP3P);
  if (!ok || int(inliers.size()) < opt.min_pnp_inliers) {
    why = "PnP failed (" + std::to_string(inliers.size()) + " inliers of " +
          std::to_string(obj.size()) + ")";
    return false;
  }
  // Refine on the inliers (Levenberg-Marquardt).
  std::vector<cv::Point3d> obj_in;
  std::vector<cv::Point2d> img_in;
  for (int k : inliers) {
    obj_in.push_back(obj[k]);
    img_in.push_back(img[k]);
  }
  cv::solvePnPRefineLM(obj_in, img_in, cv::Mat::eye(3, 3, CV_64F), cv::Mat(), rvec, tvec);
  cv::Mat Rcv;
  cv::Rodrigues(rvec, Rcv);
  Eigen::Matrix3d R;
  cv::cv2eigen(Rcv, R);
  Eigen::Isometry3d T = Eigen::Isometry3d::Identity();
  T.linear() = R;
  T.translation() = Eigen::Vector3d(tvec.at<double>(0), tvec.at<double>(1), tvec.at<double>(2));
  model.set_cam_from_world(image, T);
  model.registered[image] = true;
  model.registration_order.push_back(image);
  int attached = 0;
  for (const auto& [kp, pid] : corr) {
    if (model.point_of[image][kp] >= 0) continue;
    if (model.reprojection_error(image, kp, model.points[pid].xyz) > opt.max_reproj_px) continue;
    bool seen = false;  // one observation per image per point
    for (const auto& o : model.points[pid].obs) seen = seen || o.first == image;
    if (seen) continue;
    model.points[pid].obs.emplace_back(image, kp);
    model.point_of[image][kp] = pid;
    ++attached;
  }
  if (attached < opt.min_pnp_inliers / 2) {
    why = "PnP failed (pose does not agree with the map)";
    for (auto& p : model.points) {
      if (!p.obs.empty() && p.obs.back().first == image) {
        model.point_of[image][p.obs.back().second] = -1;
        p.obs.pop_back();
      }
    }
    model.registered[image] = false;
    model.registration_order.pop_back();
    return false;
  }
  return true;
}

}  // namespace sl::sfm
