// Middlebury multi-view stereo camera files (`<name>_par.txt`): a count, then per image
// `name k11..k33 r11..r33 t1 t2 t3` with P = K [R | t] (camera-from-world).
#pragma once
#include <Eigen/Geometry>
#include <map>
#include <string>

namespace sl {

// world_from_cam per image name. Throws IoError naming the file when it is missing or short.
std::map<std::string, Eigen::Isometry3d> read_middlebury_par(const std::string& path);

}  // namespace sl
