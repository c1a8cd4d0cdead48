// PCL's PCD point clouds: ascii and binary (not binary_compressed: a clear error says so);
// fields x y z, optional rgb (packed float/uint) or r g b, normal_x..z, intensity/confidence.
#pragma once
#include <string>

#include "scene/Scene.h"

namespace sl {

PointCloud read_pcd(const std::string& path);
void write_pcd(const std::string& path, const PointCloud& cloud, bool binary = true);

}  // namespace sl
