#include "inference/mesh/SurfaceMesh.h"

#include <open3d/geometry/BoundingVolume.h>
#include <open3d/geometry/KDTreeSearchParam.h>
#include <open3d/geometry/PointCloud.h>
#include <open3d/geometry/TriangleMesh.h>
#include <open3d/io/TriangleMeshIO.h>

#include <algorithm>
#include <filesystem>

namespace sl {

TriangleMesh mesh_from_cloud(const PointCloud& cloud, const MeshOptions& opt) {
  if (cloud.size() < 100)
    throw std::runtime_error("the point cloud has " + std::to_string(cloud.size()) +
                             " points; a surface mesh needs at least 100 (run a dense "
                             "reconstruction first)");
  auto pc = std::make_shared<open3d::geometry::PointCloud>();
  pc->points_.reserve(cloud.size());
  for (const auto& p : cloud.xyz) pc->points_.push_back(p.cast<double>());
  if (cloud.has_rgb())
    for (const auto& c : cloud.rgb)
      pc->colors_.emplace_back(c[0] / 255.0, c[1] / 255.0, c[2] / 255.0);
  if (cloud.has_normals())
    for (const auto& n : cloud.normals) pc->normals_.push_back(n.cast<double>());
  const double diag = (pc->GetMaxBound() - pc->GetMinBound()).norm();
  if (pc->points_.size() > opt.max_points) {
    const double voxel = diag / std::cbrt(double(opt.max_points)) / 4;
    pc = pc->VoxelDownSample(voxel);
  }
  const auto dists = pc->ComputeNearestNeighborDistance();
  std::vector<double> sorted = dists;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const double spacing = std::max(sorted[sorted.size() / 2], 1e-9);
  if (!pc->HasNormals() || cloud.normals.empty()) {
    pc->EstimateNormals(open3d::geometry::KDTreeSearchParamHybrid(spacing * 4, 30));
    pc->OrientNormalsTowardsCameraLocation(pc->GetCenter() + Eigen::Vector3d(0, 0, diag * 10));
  }
  std::shared_ptr<open3d::geometry::TriangleMesh> mesh;
  if (opt.method == MeshOptions::Method::Poisson) {
    std::vector<double> density;
    std::tie(mesh, density) =
        open3d::geometry::TriangleMesh::CreateFromPointCloudPoisson(*pc, size_t(opt.poisson_depth));
    if (!density.empty()) {
      std::vector<double> d = density;
      const size_t q = size_t(opt.density_quantile * double(d.size() - 1));
      std::nth_element(d.begin(), d.begin() + q, d.end());
      std::vector<bool> remove(density.size());
      for (size_t i = 0; i < density.size(); ++i) remove[i] = density[i] < d[q];
      mesh->RemoveVerticesByMask(remove);
    }
    // Poisson closes the surface far beyond the data: crop to the cloud's bounds.
    mesh = mesh->Crop(pc->GetAxisAlignedBoundingBox());
  } else {
    mesh = open3d::geometry::TriangleMesh::CreateFromPointCloudBallPivoting(
        *pc, {spacing * 1.5, spacing * 3, spacing * 6});
  }
  TriangleMesh out;
  for (const auto& v : mesh->vertices_) out.vertices.push_back(v.cast<float>());
  for (const auto& c : mesh->vertex_colors_)
    out.colors.push_back({uint8_t(std::clamp(c.x(), 0.0, 1.0) * 255),
                          uint8_t(std::clamp(c.y(), 0.0, 1.0) * 255),
                          uint8_t(std::clamp(c.z(), 0.0, 1.0) * 255)});
  for (const auto& t : mesh->triangles_) out.triangles.push_back(t);
  if (out.triangles.empty())
    throw std::runtime_error(
        "meshing produced no triangles (the cloud may be too sparse or "
        "noisy; try --mesh-method ball-pivoting or a denser cloud)");
  return out;
}

void write_mesh(const Scene& scene, const TriangleMesh& mesh, const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".glb" || ext == ".gltf") {
    GltfOptions opt;
    opt.points = opt.cameras = opt.objects = false;
    opt.mesh = &mesh;
    write_gltf(scene, path, opt);
    return;
  }
  if (ext != ".ply" && ext != ".obj")
    throw IoError(path + ": unknown mesh format '" + ext + "' (use .ply, .obj or .glb)");
  open3d::geometry::TriangleMesh m;
  for (const auto& v : mesh.vertices) m.vertices_.push_back(v.cast<double>());
  for (const auto& c : mesh.colors)
    m.vertex_colors_.emplace_back(c[0] / 255.0, c[1] / 255.0, c[2] / 255.0);
  for (const auto& t : mesh.triangles) m.triangles_.push_back(t);
  const std::string tmp = path + ".tmp" + ext;
  if (!open3d::io::WriteTriangleMesh(tmp, m)) {
    std::filesystem::remove(tmp);
    throw IoError(path + ": could not write the mesh (is the folder writable?)");
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace sl
