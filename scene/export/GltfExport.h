// glTF 2.0 / GLB export with tinygltf: the point cloud, camera frustums and object boxes as
// separate named nodes; metres when the scene's scale is metric; +Y up per glTF, with the
// scene's up axis rotated onto +Y.
#pragma once
#include <string>
#include <vector>

#include "scene/Scene.h"

namespace sl {

struct TriangleMesh {
  std::vector<Eigen::Vector3f> vertices;
  std::vector<std::array<uint8_t, 3>> colors;  // per vertex, or empty
  std::vector<Eigen::Vector3i> triangles;
};

struct GltfOptions {
  bool points = true;
  bool cameras = true;
  bool objects = true;
  const TriangleMesh* mesh = nullptr;  // exported as a "mesh" node when set
};

// Writes .glb (binary) or .gltf (JSON with an embedded buffer) by the extension. Atomic.
void write_gltf(const Scene& scene, const std::string& path, const GltfOptions& options = {});

// Rotation taking the scene's up vector to +Y (glTF's up), as used by write_gltf.
Eigen::Matrix3d gltf_from_world_rotation(const Eigen::Vector3d& up);

}  // namespace sl
