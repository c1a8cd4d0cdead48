// Surface meshes from the point cloud with Open3D: screened Poisson (cropped where the
// reconstruction has little support) or ball pivoting.
#pragma once
#include <string>

#include "scene/Scene.h"
#include "scene/export/GltfExport.h"

namespace sl {

struct MeshOptions {
  enum class Method { Poisson, BallPivoting } method = Method::Poisson;
  int poisson_depth = 9;
  double density_quantile = 0.05;  // Poisson: drop vertices whose support is in this low tail
  size_t max_points = 1000000;     // the cloud is voxel-downsampled to about this many points
};

// Throws std::runtime_error when the cloud is too small (< 100 points) to mesh.
TriangleMesh mesh_from_cloud(const PointCloud& cloud, const MeshOptions& options = {});
// .ply / .obj by Open3D, .glb / .gltf through write_gltf (in the scene's frame and units).
void write_mesh(const Scene& scene, const TriangleMesh& mesh, const std::string& path);

}  // namespace sl
