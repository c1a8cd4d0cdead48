#include "inference/sfm/Registration.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/core/eigen.hpp>

#include <algorithm>
#include <cmath>

namespace sl::sfm {

namespace {

// Sets the image's pose, marks it registered and attaches its observations of the map points
// the pose reprojects well (one per point); returns how many were attached.
int place(MapModel& model, const Tracks& tracks, int image, const Eigen::Isometry3d& cam_from_world,
          const MapperOptions& opt) {
  model.set_cam_from_world(image, cam_from_world);
  model.registered[image] = true;
  model.registration_order.push_back(image);
  const auto& tof = tracks.track_of[image];
  int attached = 0;
  for (int kp = 0; kp < int(tof.size()); ++kp) {
    if (tof[kp] < 0 || model.point_of[image][kp] >= 0) continue;
    const int pid = model.point_of_track[tof[kp]];
    if (pid < 0) continue;
    if (model.reprojection_error(image, kp, model.points[pid].xyz) > opt.max_reproj_px) continue;
    bool seen = false;  // one observation per image per point
    for (const auto& o : model.points[pid].obs) seen = seen || o.first == image;
    if (seen) continue;
    model.points[pid].obs.emplace_back(image, kp);
    model.point_of[image][kp] = pid;
    ++attached;
  }
  return attached;
}

// Undoes place() for the image registered last.
void unplace(MapModel& model, int image) {
  for (auto& p : model.points)
    if (!p.obs.empty() && p.obs.back().first == image) {
      model.point_of[image][p.obs.back().second] = -1;
      p.obs.pop_back();
    }
  model.registered[image] = false;
  model.registration_order.pop_back();
}

}  // namespace

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
  const auto& tof = tracks.track_of[image];
  for (int kp = 0; kp < int(tof.size()); ++kp) {
    if (tof[kp] < 0) continue;
    const int pid = model.point_of_track[tof[kp]];
    if (pid < 0) continue;
    const Eigen::Vector3d& X = model.points[pid].xyz;
    const Eigen::Vector2d x = model.normalize(image, model.keypoint(image, kp));
    obj.emplace_back(X.x(), X.y(), X.z());
    img.emplace_back(x.x(), x.y());
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
  if (place(model, tracks, image, T, opt) < opt.min_pnp_inliers / 2) {
    unplace(model, image);
    why = "PnP failed (pose does not agree with the map)";
    return false;
  }
  return true;
}

bool register_image_from_pair(MapModel& model, const Tracks& tracks, int image,
                              const VerifiedPair& pair, const MapperOptions& opt, std::string& why,
                              int min_scale_points) {
  const bool image_is_i = pair.i == image;
  const int ref = image_is_i ? pair.j : pair.i;
  if (!model.registered[ref] || model.registered[image]) return false;
  std::vector<cv::Point2d> xr, xi;       // normalised rays: reference, image
  std::vector<std::pair<int, int>> kps;  // (kp in ref, kp in image)
  for (const auto& [a, b] : pair.matches) {
    const int kr = image_is_i ? b : a, ki = image_is_i ? a : b;
    const Eigen::Vector2d r = model.normalize(ref, model.keypoint(ref, kr));
    const Eigen::Vector2d x = model.normalize(image, model.keypoint(image, ki));
    xr.emplace_back(r.x(), r.y());
    xi.emplace_back(x.x(), x.y());
    kps.emplace_back(kr, ki);
  }
  if (int(xr.size()) < 5 * opt.min_pnp_inliers) {
    why = "its best overlap with a placed photo has only " + std::to_string(xr.size()) +
          " matches, too few for a relative pose";
    return false;
  }
  const double f = model.camera(image).f;
  cv::Mat mask;
  const cv::Mat E = cv::findEssentialMat(xr, xi, cv::Mat::eye(3, 3, CV_64F), cv::RANSAC, 0.999,
                                         opt.max_reproj_px / f, mask);
  if (E.rows != 3 || E.cols != 3) {
    why = "no relative pose to " + (*model.images)[size_t(ref)].name;
    return false;
  }
  cv::Mat Rcv, tcv;
  const int good = cv::recoverPose(E, xr, xi, cv::Mat::eye(3, 3, CV_64F), Rcv, tcv, mask);
  if (good < 3 * opt.min_pnp_inliers) {
    why = "relative pose to " + (*model.images)[size_t(ref)].name + " too weak (" +
          std::to_string(good) + " inliers)";
    return false;
  }
  Eigen::Matrix3d R;
  Eigen::Vector3d t;
  cv::cv2eigen(Rcv, R);
  cv::cv2eigen(tcv, t);
  // Scale: map points the reference observes at matched keypoints, seen along the image's rays.
  const Eigen::Isometry3d ref_from_world = model.cam_from_world(ref);
  std::vector<double> scales;
  for (size_t k = 0; k < kps.size(); ++k) {
    if (!mask.at<uchar>(int(k))) continue;
    const int pid = model.point_of[ref][kps[k].first];
    if (pid < 0) continue;
    const Eigen::Vector3d Xr = ref_from_world * model.points[pid].xyz;
    const Eigen::Vector3d ray(xi[k].x, xi[k].y, 1.0);
    const Eigen::Vector3d a = ray.cross(t), b = ray.cross(R * Xr);
    if (a.squaredNorm() < 1e-12) continue;
    const double s = -a.dot(b) / a.squaredNorm();
    if (s > 0 && std::isfinite(s)) scales.push_back(s);
  }
  if (int(scales.size()) < min_scale_points) {
    why = "sees too few of the map's points to scale its pose (" + std::to_string(scales.size()) +
          ")";
    return false;
  }
  std::nth_element(scales.begin(), scales.begin() + scales.size() / 2, scales.end());
  const double s = scales[scales.size() / 2];
  Eigen::Isometry3d image_from_ref = Eigen::Isometry3d::Identity();
  image_from_ref.linear() = R;
  image_from_ref.translation() = s * t;
  if (place(model, tracks, image, image_from_ref * ref_from_world, opt) < min_scale_points / 2) {
    unplace(model, image);
    why = "relative pose to " + (*model.images)[size_t(ref)].name + " does not agree with the map";
    return false;
  }
  return true;
}

}  // namespace sl::sfm
