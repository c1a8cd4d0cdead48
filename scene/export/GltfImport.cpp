#include "scene/export/GltfImport.h"

#include <tiny_gltf.h>

#include <Eigen/Geometry>
#include <filesystem>
#include <functional>

namespace sl {

namespace {

// Reads accessor `index` as floats, `comps` per element (missing components are 1).
std::vector<float> read_floats(const tinygltf::Model& m, int index, int comps,
                               const std::string& path) {
  if (index < 0 || size_t(index) >= m.accessors.size())
    throw IoError(path + ": a primitive refers to a missing accessor (damaged file)");
  const auto& a = m.accessors[size_t(index)];
  if (a.bufferView < 0 || size_t(a.bufferView) >= m.bufferViews.size())
    throw IoError(path + ": an accessor has no buffer view (sparse accessors are not supported)");
  const auto& v = m.bufferViews[size_t(a.bufferView)];
  if (v.buffer < 0 || size_t(v.buffer) >= m.buffers.size())
    throw IoError(path + ": a buffer view refers to a missing buffer (damaged file)");
  const auto& buf = m.buffers[size_t(v.buffer)].data;
  const int n_comp = tinygltf::GetNumComponentsInType(uint32_t(a.type));
  const int comp_size = tinygltf::GetComponentSizeInBytes(uint32_t(a.componentType));
  if (n_comp <= 0 || comp_size <= 0)
    throw IoError(path + ": an accessor has an unknown type (damaged file)");
  const size_t elem = size_t(n_comp) * size_t(comp_size);
  const size_t stride = v.byteStride ? v.byteStride : elem;
  const size_t begin = v.byteOffset + a.byteOffset;
  if (a.count > 0 && (begin + (a.count - 1) * stride + elem > v.byteOffset + v.byteLength ||
                      v.byteOffset + v.byteLength > buf.size()))
    throw IoError(path + ": accessor " + std::to_string(index) +
                  " reaches beyond its buffer (truncated or damaged file)");
  std::vector<float> out(a.count * size_t(comps), 1.f);
  for (size_t i = 0; i < a.count; ++i) {
    const uint8_t* p = buf.data() + begin + i * stride;
    for (int c = 0; c < std::min(comps, n_comp); ++c) {
      const uint8_t* q = p + size_t(c) * size_t(comp_size);
      float x = 0;
      switch (a.componentType) {
        case TINYGLTF_COMPONENT_TYPE_FLOAT:
          std::memcpy(&x, q, 4);
          break;
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
          x = a.normalized ? float(*q) / 255.f : float(*q);
          break;
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
          uint16_t u;
          std::memcpy(&u, q, 2);
          x = a.normalized ? float(u) / 65535.f : float(u);
          break;
        }
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: {
          uint32_t u;
          std::memcpy(&u, q, 4);
          x = float(u);
          break;
        }
        default:
          throw IoError(path + ": an accessor uses a component type SceneLens does not read");
      }
      out[i * size_t(comps) + size_t(c)] = x;
    }
  }
  return out;
}

Eigen::Matrix4d node_matrix(const tinygltf::Node& n) {
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  if (n.matrix.size() == 16) {
    for (int c = 0; c < 4; ++c)
      for (int r = 0; r < 4; ++r) m(r, c) = n.matrix[size_t(c * 4 + r)];  // column-major
    return m;
  }
  Eigen::Affine3d t = Eigen::Affine3d::Identity();
  if (n.translation.size() == 3)
    t.translate(Eigen::Vector3d(n.translation[0], n.translation[1], n.translation[2]));
  if (n.rotation.size() == 4)
    t.rotate(Eigen::Quaterniond(n.rotation[3], n.rotation[0], n.rotation[1], n.rotation[2]));
  if (n.scale.size() == 3) t.scale(Eigen::Vector3d(n.scale[0], n.scale[1], n.scale[2]));
  return t.matrix();
}

// Box from the 8 corners write_gltf emits (corner i: bit 0 = +x, bit 1 = +y, bit 2 = +z).
OrientedBox box_from_corners(const std::vector<Eigen::Vector3d>& c) {
  OrientedBox b;
  b.center = Eigen::Vector3d::Zero();
  for (const auto& p : c) b.center += p / 8.0;
  const Eigen::Vector3d ex = c[1] - c[0], ey = c[2] - c[0], ez = c[4] - c[0];
  b.size = {ex.norm(), ey.norm(), ez.norm()};
  if (b.size.minCoeff() < 1e-12) return b;  // degenerate: keep the identity axes
  b.axes.col(0) = ex.normalized();
  b.axes.col(1) = ey.normalized();
  b.axes.col(2) = ez.normalized();
  return b;
}

}  // namespace

Scene read_gltf(const std::string& path) {
  if (!std::filesystem::exists(path)) throw IoError(path + ": no such file");
  tinygltf::Model m;
  tinygltf::TinyGLTF io;
  std::string err, warn;
  const bool binary = std::filesystem::path(path).extension() == ".glb";
  const bool ok = binary ? io.LoadBinaryFromFile(&m, &err, &warn, path)
                         : io.LoadASCIIFromFile(&m, &err, &warn, path);
  if (!ok)
    throw IoError(path + ": not a readable glTF " + (binary ? "binary (GLB)" : "file") + " (" +
                  (err.empty() ? "unknown error" : err) + ")");
  Scene s;
  s.source = path;
  s.up = Eigen::Vector3d::UnitY();
  const int scene_index = m.defaultScene >= 0 ? m.defaultScene : 0;
  s.scale.metric = true;
  if (size_t(scene_index) < m.scenes.size() &&
      m.scenes[size_t(scene_index)].name.find("scene units") != std::string::npos)
    s.scale.metric = false;
  auto& cloud = s.cloud;
  std::function<void(int, const Eigen::Matrix4d&)> visit = [&](int ni,
                                                               const Eigen::Matrix4d& parent) {
    if (ni < 0 || size_t(ni) >= m.nodes.size())
      throw IoError(path + ": a scene refers to a missing node (damaged file)");
    const auto& node = m.nodes[size_t(ni)];
    const Eigen::Matrix4d world = parent * node_matrix(node);
    const Eigen::Matrix3d lin = world.topLeftCorner<3, 3>();
    const Eigen::Vector3d trans = world.topRightCorner<3, 1>();
    const auto tf = [&](const float* p) -> Eigen::Vector3d {
      return lin * Eigen::Vector3d(double(p[0]), double(p[1]), double(p[2])) + trans;
    };
    if (node.mesh >= 0 && size_t(node.mesh) < m.meshes.size()) {
      for (const auto& prim : m.meshes[size_t(node.mesh)].primitives) {
        const auto pos = prim.attributes.find("POSITION");
        if (pos == prim.attributes.end()) continue;
        const auto xyz = read_floats(m, pos->second, 3, path);
        const size_t n = xyz.size() / 3;
        const bool box_lines =
            prim.mode == TINYGLTF_MODE_LINE && n == 8 && node.name.rfind("object ", 0) == 0;
        if (box_lines) {
          std::vector<Eigen::Vector3d> corners;
          for (size_t i = 0; i < 8; ++i) corners.push_back(tf(&xyz[i * 3]));
          SceneObject o;
          o.id = int(s.objects.size());
          o.name = node.name.substr(7);
          o.label = o.name;
          o.box = box_from_corners(corners);
          s.objects.push_back(o);
          continue;
        }
        if (prim.mode != TINYGLTF_MODE_POINTS && prim.mode != TINYGLTF_MODE_TRIANGLES &&
            prim.mode != -1)
          continue;  // camera frustums and other lines
        const auto col = prim.attributes.find("COLOR_0");
        std::vector<float> rgb;
        if (col != prim.attributes.end()) rgb = read_floats(m, col->second, 3, path);
        if (!rgb.empty() && rgb.size() != xyz.size())
          throw IoError(path + ": COLOR_0 and POSITION disagree in length (damaged file)");
        if (rgb.empty() && cloud.has_rgb()) rgb.assign(xyz.size(), 0.8f);
        if (!rgb.empty() && !cloud.has_rgb() && !cloud.empty())
          cloud.rgb.assign(cloud.size(), {204, 204, 204});
        for (size_t i = 0; i < n; ++i) {
          cloud.xyz.push_back(tf(&xyz[i * 3]).cast<float>());
          if (!rgb.empty()) {
            std::array<uint8_t, 3> c;
            for (int k = 0; k < 3; ++k)
              c[size_t(k)] = uint8_t(std::clamp(rgb[i * 3 + size_t(k)], 0.f, 1.f) * 255.f + 0.5f);
            cloud.rgb.push_back(c);
          }
        }
      }
    }
    for (int child : node.children) visit(child, world);
  };
  if (size_t(scene_index) < m.scenes.size()) {
    for (int ni : m.scenes[size_t(scene_index)].nodes) visit(ni, Eigen::Matrix4d::Identity());
  } else {
    for (size_t ni = 0; ni < m.nodes.size(); ++ni) visit(int(ni), Eigen::Matrix4d::Identity());
  }
  if (cloud.empty() && s.objects.empty())
    throw IoError(path + ": the glTF file holds no points, meshes or object boxes to show");
  // Objects keep the points inside their boxes.
  for (auto& o : s.objects)
    for (size_t i = 0; i < cloud.size(); ++i)
      if (o.box.contains(cloud.xyz[i].cast<double>())) o.point_indices.push_back(uint32_t(i));
  return s;
}

}  // namespace sl
