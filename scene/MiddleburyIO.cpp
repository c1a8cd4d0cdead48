#include "scene/MiddleburyIO.h"

#include <fstream>

#include "scene/Scene.h"

namespace sl {

std::map<std::string, Eigen::Isometry3d> read_middlebury_par(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path + ": cannot be opened (missing or not readable)");
  int n = 0;
  if (!(in >> n) || n < 0) throw IoError(path + ": does not start with an image count");
  std::map<std::string, Eigen::Isometry3d> out;
  for (int k = 0; k < n; ++k) {
    std::string name;
    double K[9], R[9], t[3];
    in >> name;
    for (double& v : K) in >> v;
    for (double& v : R) in >> v;
    for (double& v : t) in >> v;
    if (!in)
      throw IoError(path + ": ends early at image " + std::to_string(k + 1) + " of " +
                    std::to_string(n));
    Eigen::Isometry3d cam_from_world = Eigen::Isometry3d::Identity();
    cam_from_world.linear() = Eigen::Map<Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(R);
    cam_from_world.translation() = Eigen::Vector3d(t[0], t[1], t[2]);
    out[name] = cam_from_world.inverse();
  }
  return out;
}

}  // namespace sl
