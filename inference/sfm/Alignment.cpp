#include "inference/sfm/Alignment.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sl::sfm {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

Similarity umeyama_alignment(const std::vector<Eigen::Vector3d>& src,
                             const std::vector<Eigen::Vector3d>& dst) {
  if (src.size() != dst.size() || src.size() < 3)
    throw std::invalid_argument("umeyama_alignment: need >= 3 corresponding points");
  Eigen::Matrix3Xd a(3, src.size()), b(3, dst.size());
  for (size_t k = 0; k < src.size(); ++k) {
    a.col(Eigen::Index(k)) = src[k];
    b.col(Eigen::Index(k)) = dst[k];
  }
  const Eigen::Matrix4d T = Eigen::umeyama(a, b, true);
  Similarity s;
  const Eigen::Matrix3d sR = T.topLeftCorner<3, 3>();
  s.scale = std::cbrt(sR.determinant());
  s.R = sR / s.scale;
  s.t = T.topRightCorner<3, 1>();
  return s;
}

PoseErrors compare_poses(const std::vector<Eigen::Isometry3d>& est,
                         const std::vector<Eigen::Isometry3d>& ref) {
  std::vector<Eigen::Vector3d> a, b;
  for (size_t k = 0; k < est.size(); ++k) {
    a.push_back(est[k].translation());
    b.push_back(ref[k].translation());
  }
  const Similarity s = umeyama_alignment(a, b);
  PoseErrors e;
  for (size_t k = 0; k < est.size(); ++k) {
    const Eigen::Matrix3d R_aligned = s.R * est[k].linear();
    const Eigen::AngleAxisd d(R_aligned.transpose() * ref[k].linear());
    e.rotation_deg.push_back(std::abs(d.angle()) * 180.0 / M_PI);
    e.center.push_back((s.apply(a[k]) - b[k]).norm());
  }
  e.median_rotation_deg = median(e.rotation_deg);
  e.max_rotation_deg = *std::max_element(e.rotation_deg.begin(), e.rotation_deg.end());
  e.median_center = median(e.center);
  e.max_center = *std::max_element(e.center.begin(), e.center.end());
  return e;
}

}  // namespace sl::sfm
