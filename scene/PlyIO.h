// PLY point clouds: ASCII and binary little/big endian; vertex x y z, optional
// red green blue (uchar), nx ny nz, confidence, view (int), u v (float). Faces are skipped.
#pragma once
#include <string>

#include "scene/Scene.h"

namespace sl {

// Throws IoError naming the file and the problem (missing, truncated, not PLY, bad header).
PointCloud read_ply(const std::string& path);
// Binary little-endian by default; writes every attribute the cloud has. Atomic (temp + rename).
void write_ply(const std::string& path, const PointCloud& cloud, bool binary = true);

}  // namespace sl
