#include "scene/export/GltfExport.h"

#include <tiny_gltf.h>

#include <filesystem>

namespace sl {

namespace {

// Appends raw bytes to the single buffer, 4-byte aligned; returns the buffer view index.
int add_view(tinygltf::Model& m, const void* data, size_t bytes, int target) {
  auto& buf = m.buffers[0].data;
  while (buf.size() % 4) buf.push_back(0);
  tinygltf::BufferView view;
  view.buffer = 0;
  view.byteOffset = buf.size();
  view.byteLength = bytes;
  view.target = target;
  const auto* p = static_cast<const uint8_t*>(data);
  buf.insert(buf.end(), p, p + bytes);
  m.bufferViews.push_back(view);
  return int(m.bufferViews.size() - 1);
}

int add_positions(tinygltf::Model& m, const std::vector<Eigen::Vector3f>& pts) {
  Eigen::AlignedBox3f box;
  for (const auto& p : pts) box.extend(p);
  tinygltf::Accessor a;
  a.bufferView =
      add_view(m, pts.data(), pts.size() * sizeof(Eigen::Vector3f), TINYGLTF_TARGET_ARRAY_BUFFER);
  a.componentType = TINYGLTF_COMPONENT_TYPE_FLOAT;
  a.count = pts.size();
  a.type = TINYGLTF_TYPE_VEC3;
  a.minValues = {box.min().x(), box.min().y(), box.min().z()};
  a.maxValues = {box.max().x(), box.max().y(), box.max().z()};
  m.accessors.push_back(a);
  return int(m.accessors.size() - 1);
}

int add_colors(tinygltf::Model& m, const std::vector<std::array<uint8_t, 3>>& rgb) {
  std::vector<uint8_t> rgba;
  rgba.reserve(rgb.size() * 4);
  for (const auto& c : rgb) rgba.insert(rgba.end(), {c[0], c[1], c[2], 255});
  tinygltf::Accessor a;
  a.bufferView = add_view(m, rgba.data(), rgba.size(), TINYGLTF_TARGET_ARRAY_BUFFER);
  a.componentType = TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE;
  a.normalized = true;
  a.count = rgb.size();
  a.type = TINYGLTF_TYPE_VEC4;
  m.accessors.push_back(a);
  return int(m.accessors.size() - 1);
}

int add_indices(tinygltf::Model& m, const std::vector<uint32_t>& idx) {
  uint32_t hi = 0;
  for (uint32_t i : idx) hi = std::max(hi, i);
  tinygltf::Accessor a;
  a.bufferView = add_view(m, idx.data(), idx.size() * 4, TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER);
  a.componentType = TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT;
  a.count = idx.size();
  a.type = TINYGLTF_TYPE_SCALAR;
  a.minValues = {0};
  a.maxValues = {double(hi)};
  m.accessors.push_back(a);
  return int(m.accessors.size() - 1);
}

int add_material(tinygltf::Model& m, const std::string& name, std::array<double, 4> color) {
  tinygltf::Material mat;
  mat.name = name;
  mat.pbrMetallicRoughness.baseColorFactor = {color[0], color[1], color[2], color[3]};
  mat.pbrMetallicRoughness.metallicFactor = 0;
  mat.pbrMetallicRoughness.roughnessFactor = 1;
  m.materials.push_back(mat);
  return int(m.materials.size() - 1);
}

// One node holding one mesh with one primitive.
void add_node(tinygltf::Model& m, const std::string& name, tinygltf::Primitive prim) {
  tinygltf::Mesh mesh;
  mesh.name = name;
  mesh.primitives.push_back(std::move(prim));
  m.meshes.push_back(mesh);
  tinygltf::Node node;
  node.name = name;
  node.mesh = int(m.meshes.size() - 1);
  m.nodes.push_back(node);
  m.scenes[0].nodes.push_back(int(m.nodes.size() - 1));
}

void add_lines(tinygltf::Model& m, const std::string& name, const std::vector<Eigen::Vector3f>& v,
               const std::vector<uint32_t>& idx, int material) {
  tinygltf::Primitive prim;
  prim.mode = TINYGLTF_MODE_LINE;
  prim.attributes["POSITION"] = add_positions(m, v);
  prim.indices = add_indices(m, idx);
  prim.material = material;
  add_node(m, name, prim);
}

}  // namespace

Eigen::Matrix3d gltf_from_world_rotation(const Eigen::Vector3d& up) {
  const Eigen::Vector3d u = up.norm() > 1e-12 ? up.normalized() : Eigen::Vector3d::UnitZ();
  return Eigen::Quaterniond::FromTwoVectors(u, Eigen::Vector3d::UnitY()).toRotationMatrix();
}

void write_gltf(const Scene& scene, const std::string& path, const GltfOptions& opt) {
  const Eigen::Matrix3f r = gltf_from_world_rotation(scene.up).cast<float>();
  const float s = float(scene.scale.metric ? scene.scale.meters_per_unit : 1.0);
  auto tf = [&](const Eigen::Vector3f& p) -> Eigen::Vector3f { return s * (r * p); };
  auto tfd = [&](const Eigen::Vector3d& p) -> Eigen::Vector3f { return tf(p.cast<float>()); };

  tinygltf::Model m;
  m.asset.version = "2.0";
  m.asset.generator = "SceneLens";
  m.buffers.resize(1);
  m.scenes.resize(1);
  m.scenes[0].name = scene.scale.metric ? "scene (metres, +Y up)" : "scene (scene units, +Y up)";
  m.defaultScene = 0;

  if (opt.points && !scene.cloud.empty()) {
    std::vector<Eigen::Vector3f> pts;
    pts.reserve(scene.cloud.size());
    for (const auto& p : scene.cloud.xyz) pts.push_back(tf(p));
    tinygltf::Primitive prim;
    prim.mode = TINYGLTF_MODE_POINTS;
    prim.attributes["POSITION"] = add_positions(m, pts);
    if (scene.cloud.has_rgb()) prim.attributes["COLOR_0"] = add_colors(m, scene.cloud.rgb);
    prim.material = add_material(m, "points", {1, 1, 1, 1});
    add_node(m, "points", prim);
  }
  if (opt.cameras) {
    const int mat = add_material(m, "cameras", {0.2, 0.6, 1.0, 1});
    const float extent = scene.cloud.empty() ? 1.f : scene.cloud.bounds().diagonal().norm();
    const float depth = 0.04f * (extent > 0 ? extent : 1.f);
    for (size_t i = 0; i < scene.views.size(); ++i) {
      const View& v = scene.views[i];
      if (!v.registered || !v.intrinsics.valid()) continue;
      const Intrinsics& k = v.intrinsics;
      std::vector<Eigen::Vector3f> pts = {tfd(v.center())};
      for (auto [u, w] : {std::pair{0.0, 0.0},
                          {double(k.width), 0.0},
                          {double(k.width), double(k.height)},
                          {0.0, double(k.height)}})
        pts.push_back(tfd(v.world_from_cam * (k.unproject({u, w}) * depth)));
      add_lines(m, "camera " + v.name, pts, {0, 1, 0, 2, 0, 3, 0, 4, 1, 2, 2, 3, 3, 4, 4, 1}, mat);
    }
  }
  if (opt.objects) {
    for (const auto& o : scene.objects) {
      const int mat = add_material(m, "object " + o.name,
                                   {o.color[0] / 255.0, o.color[1] / 255.0, o.color[2] / 255.0, 1});
      std::vector<Eigen::Vector3f> pts;
      for (const auto& c : o.box.corners()) pts.push_back(tfd(c));
      // Corner i has bit 0 = x, bit 1 = y, bit 2 = z: edges join corners differing in one bit.
      std::vector<uint32_t> idx;
      for (uint32_t a = 0; a < 8; ++a)
        for (uint32_t bit : {1u, 2u, 4u})
          if (!(a & bit)) idx.insert(idx.end(), {a, a | bit});
      add_lines(m, "object " + o.name, pts, idx, mat);
    }
  }
  if (opt.mesh && !opt.mesh->triangles.empty()) {
    std::vector<Eigen::Vector3f> pts;
    for (const auto& p : opt.mesh->vertices) pts.push_back(tf(p));
    std::vector<uint32_t> idx;
    for (const auto& t : opt.mesh->triangles)
      idx.insert(idx.end(), {uint32_t(t[0]), uint32_t(t[1]), uint32_t(t[2])});
    tinygltf::Primitive prim;
    prim.mode = TINYGLTF_MODE_TRIANGLES;
    prim.attributes["POSITION"] = add_positions(m, pts);
    if (!opt.mesh->colors.empty()) prim.attributes["COLOR_0"] = add_colors(m, opt.mesh->colors);
    prim.indices = add_indices(m, idx);
    prim.material = add_material(m, "mesh", {1, 1, 1, 1});
    add_node(m, "mesh", prim);
  }

  const bool binary = std::filesystem::path(path).extension() == ".glb";
  const std::string tmp = path + ".tmp";
  tinygltf::TinyGLTF io;
  if (!io.WriteGltfSceneToFile(&m, tmp, false, true, !binary, binary)) {
    std::filesystem::remove(tmp);
    throw IoError(path +
                  ": could not write the glTF file (is the folder writable and is there "
                  "free space?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw IoError(path + ": could not move the finished file into place: " + ec.message());
}

}  // namespace sl
