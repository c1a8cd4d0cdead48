#include "scene/SceneFile.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "scene/AtomicFile.h"
#include "scene/BinaryUtil.h"
#include "scene/ColmapIO.h"
#include "scene/PcdIO.h"
#include "scene/PlyIO.h"
#include "scene/export/GltfImport.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace sl {

namespace {

constexpr char kMagic[] = "SCENELENS\n";
constexpr size_t kMagicSize = sizeof(kMagic) - 1;

class BlobWriter {
 public:
  template <typename T>
  json add(const std::vector<T>& v, const char* dtype, std::vector<size_t> shape) {
    return add_bytes(v.data(), v.size() * sizeof(T), dtype, std::move(shape));
  }
  json add_mat(const cv::Mat& m) {
    const cv::Mat c = m.isContinuous() ? m : m.clone();
    return add_bytes(c.data, c.total() * c.elemSize(), "f32", {size_t(c.rows), size_t(c.cols)});
  }
  json add_bytes(const void* p, size_t n, const char* dtype, std::vector<size_t> shape) {
    json j = {{"offset", blobs.size()}, {"size", n}, {"dtype", dtype}, {"shape", shape}};
    blobs.append(static_cast<const char*>(p), n);
    return j;
  }
  std::string blobs;
};

class BlobReader {
 public:
  BlobReader(const std::string& data, size_t base, std::string path)
      : data_(data), base_(base), path_(std::move(path)) {}
  // Checks bounds and that size == product(shape) * element size.
  const char* get(const json& b, size_t elem_size, size_t* count) const {
    const size_t off = b.at("offset").get<size_t>(), size = b.at("size").get<size_t>();
    if (base_ + off + size > data_.size() || base_ + off + size < base_ + off)
      throw IoError(path_ + ": the scene file is truncated (a data block lies beyond its end)");
    if (elem_size && size % elem_size)
      throw IoError(path_ + ": a data block has a size that does not fit its type (damaged file)");
    *count = elem_size ? size / elem_size : size;
    return data_.data() + base_ + off;
  }
  template <typename T>
  std::vector<T> vec(const json& b, size_t expected) const {
    size_t n;
    const char* p = get(b, sizeof(T), &n);
    if (expected != size_t(-1) && n != expected)
      throw IoError(path_ + ": a point attribute has " + std::to_string(n) + " entries for " +
                    std::to_string(expected) + " points (damaged file)");
    std::vector<T> out(n);
    std::memcpy(static_cast<void*>(out.data()), p, n * sizeof(T));
    return out;
  }
  cv::Mat mat(const json& b) const {
    const auto shape = b.at("shape").get<std::vector<int>>();
    size_t n;
    const char* p = get(b, 4, &n);
    if (shape.size() != 2 || size_t(shape[0]) * size_t(shape[1]) != n)
      throw IoError(path_ + ": a depth/confidence map has an inconsistent shape (damaged file)");
    cv::Mat m(shape[0], shape[1], CV_32F);
    std::memcpy(m.data, p, n * 4);
    return m;
  }

 private:
  const std::string& data_;
  size_t base_;
  std::string path_;
};

json vec3(const Eigen::Vector3d& v) {
  return {v.x(), v.y(), v.z()};
}
Eigen::Vector3d vec3(const json& j) {
  return {j.at(0).get<double>(), j.at(1).get<double>(), j.at(2).get<double>()};
}

const char* kind_name(Measurement::Kind k) {
  switch (k) {
    case Measurement::Kind::Distance:
      return "distance";
    case Measurement::Kind::Height:
      return "height";
    case Measurement::Kind::Angle:
      return "angle";
    case Measurement::Kind::Area:
      return "area";
    case Measurement::Kind::Dimensions:
      return "dimensions";
  }
  return "distance";
}

Measurement::Kind kind_of(const std::string& s) {
  if (s == "height") return Measurement::Kind::Height;
  if (s == "angle") return Measurement::Kind::Angle;
  if (s == "area") return Measurement::Kind::Area;
  if (s == "dimensions") return Measurement::Kind::Dimensions;
  return Measurement::Kind::Distance;
}

uint64_t fnv1a64(const std::string& bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Writes embedded photo bytes to a content-addressed file in the cache; returns its path.
std::string unpack_photo(const std::string& bytes, const std::string& name,
                         const std::string& scene_path) {
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(fnv1a64(bytes)));
  const fs::path dir = fs::path(embedded_photo_cache_dir()) / hex;
  const fs::path file = dir / fs::path(name).filename();
  std::error_code ec;
  if (fs::exists(file, ec) && fs::file_size(file, ec) == bytes.size()) return file.string();
  fs::create_directories(dir, ec);
  if (ec)
    throw IoError(scene_path + ": cannot unpack its embedded photo " + name + " into " +
                  dir.string() + " (" + ec.message() +
                  "); set SCENELENS_CACHE_DIR to a writable "
                  "folder");
  write_file_atomic(file.string(), bytes);
  return file.string();
}

std::string relative_if_under(const std::string& p, const fs::path& base) {
  // A relative path is already relative to the scene file's folder (Scene.h), not to the cwd.
  if (p.empty() || fs::path(p).is_relative()) return p;
  const fs::path abs = fs::absolute(p).lexically_normal();
  const fs::path rel = abs.lexically_relative(base);
  if (!rel.empty() && *rel.begin() != "..") return rel.string();
  return abs.string();
}

}  // namespace

std::string embedded_photo_cache_dir() {
  if (const char* d = std::getenv("SCENELENS_CACHE_DIR"); d && *d)
    return (fs::path(d) / "photos").string();
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
    return (fs::path(x) / "scenelens" / "photos").string();
  const char* home = std::getenv("HOME");
  return (fs::path(home && *home ? home : "/tmp") / ".cache" / "scenelens" / "photos").string();
}

void save_scene(const Scene& s, const std::string& path, const SaveOptions& options) {
  const auto report = [&](double f) {
    if (options.progress) options.progress(f);
  };
  report(0);
  s.cloud.check_consistent(path);
  const fs::path base = fs::absolute(path).parent_path().lexically_normal();
  BlobWriter bw;
  json j;
  j["format"] = "scenelens";
  j["version"] = kSceneFileVersion;
  j["source"] = s.source;
  j["up"] = vec3(s.up);
  j["scale"] = {{"metric", s.scale.metric}, {"meters_per_unit", s.scale.meters_per_unit}};
  if (!s.view_state_json.empty()) {
    try {
      j["view_state"] = json::parse(s.view_state_json);
    } catch (const json::exception&) {
      // A damaged view state is not worth losing the save over: it is left out.
    }
  }
  j["views"] = json::array();
  // Packing is the first half of the progress (photos dominate when embedded).
  const double pack_share = 0.5;
  size_t views_done = 0;
  for (const auto& v : s.views) {
    const auto& k = v.intrinsics;
    json jv = {{"name", v.name},
               {"image_path", relative_if_under(v.image_path, base)},
               {"registered", v.registered},
               {"intrinsics",
                {{"width", k.width},
                 {"height", k.height},
                 {"fx", k.fx},
                 {"fy", k.fy},
                 {"cx", k.cx},
                 {"cy", k.cy},
                 {"k1", k.k1},
                 {"k2", k.k2}}}};
    const Eigen::Matrix4d m = v.world_from_cam.matrix();
    std::vector<double> rows;
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 4; ++c) rows.push_back(m(r, c));
    jv["world_from_cam"] = rows;
    if (!v.depth_m.empty()) jv["depth_m"] = bw.add_mat(v.depth_m);
    if (!v.confidence.empty()) jv["confidence"] = bw.add_mat(v.confidence);
    if (!v.thumbnail.empty()) {
      std::vector<uint8_t> png;
      cv::imencode(".png", v.thumbnail, png);
      jv["thumbnail_png"] = bw.add(png, "png", {png.size()});
    }
    if (s.embed_photos && !v.image_path.empty()) {
      std::string bytes;
      try {
        bytes = read_file(fs::path(v.image_path).is_relative() ? (base / v.image_path).string()
                                                               : v.image_path);
      } catch (const IoError& e) {
        throw IoError(path + ": cannot embed photo " + v.name + " (" + e.what() +
                      "); put the photo back or save without embedding photos");
      }
      jv["image_embedded"] = bw.add_bytes(bytes.data(), bytes.size(), "bytes", {bytes.size()});
    }
    j["views"].push_back(jv);
    report(pack_share * 0.8 * double(++views_done) / double(s.views.size()));
  }
  const auto& c = s.cloud;
  json jc = {{"count", c.size()}};
  jc["xyz"] = bw.add(c.xyz, "f32", {c.size(), 3});
  if (c.has_rgb()) jc["rgb"] = bw.add(c.rgb, "u8", {c.size(), 3});
  if (c.has_confidence()) jc["confidence"] = bw.add(c.confidence, "f32", {c.size()});
  if (c.has_source()) jc["source_view"] = bw.add(c.source_view, "i32", {c.size()});
  if (!c.source_pixel.empty()) jc["source_pixel"] = bw.add(c.source_pixel, "f32", {c.size(), 2});
  if (c.has_normals()) jc["normals"] = bw.add(c.normals, "f32", {c.size(), 3});
  j["cloud"] = jc;
  j["objects"] = json::array();
  for (const auto& o : s.objects) {
    std::vector<double> axes;
    for (int r = 0; r < 3; ++r)
      for (int col = 0; col < 3; ++col) axes.push_back(o.box.axes(r, col));
    j["objects"].push_back(
        {{"id", o.id},
         {"name", o.name},
         {"label", o.label},
         {"color", {o.color[0], o.color[1], o.color[2]}},
         {"box", {{"center", vec3(o.box.center)}, {"axes", axes}, {"size", vec3(o.box.size)}}},
         {"views", o.views},
         {"point_indices", bw.add(o.point_indices, "u32", {o.point_indices.size()})}});
  }
  j["measurements"] = json::array();
  for (const auto& m : s.measurements) {
    json pts = json::array();
    for (const auto& p : m.points) pts.push_back(vec3(p));
    j["measurements"].push_back(
        {{"kind", kind_name(m.kind)}, {"label", m.label}, {"points", pts}, {"value", m.value}});
  }
  j["chat"] = json::array();
  for (const auto& t : s.chat)
    j["chat"].push_back({{"question", t.question}, {"answer", t.answer}, {"json", t.json}});

  const std::string header = j.dump();
  std::string out;
  out.reserve(kMagicSize + 12 + header.size() + bw.blobs.size());
  out.append(kMagic, kMagicSize);
  ByteWriter w(out);
  w.put<uint32_t>(uint32_t(kSceneFileVersion));
  w.put<uint64_t>(header.size());
  out += header;
  out += bw.blobs;
  report(pack_share);
  write_file_atomic(path, out, [&](double f) { report(pack_share + (1 - pack_share) * f); });
}

Scene load_scene(const std::string& path) {
  const std::string data = read_file(path);
  if (data.empty()) throw IoError(path + ": the file is empty");
  if (data.size() < kMagicSize || data.compare(0, kMagicSize, kMagic) != 0)
    throw IoError(path + ": not a SceneLens scene file (wrong magic bytes)");
  ByteReader r(data, kMagicSize, false, path);
  const uint32_t version = r.read<uint32_t>();
  if (version > uint32_t(kSceneFileVersion))
    throw IoError(path + ": this scene was written by a newer SceneLens (format " +
                  std::to_string(version) + "); this version reads up to format " +
                  std::to_string(kSceneFileVersion) + ". Update SceneLens.");
  if (version == 0) throw IoError(path + ": invalid scene format version 0 (damaged file)");
  const uint64_t json_size = r.read<uint64_t>();
  r.need(size_t(json_size));
  json j;
  try {
    j = json::parse(data.begin() + long(r.pos()), data.begin() + long(r.pos() + json_size));
  } catch (const std::exception& e) {
    throw IoError(path + ": the scene header is damaged (" + std::string(e.what()) + ")");
  }
  const BlobReader br(data, r.pos() + json_size, path);
  const fs::path base = fs::absolute(path).parent_path();
  Scene s;
  try {
    s.source = j.value("source", "");
    s.up = vec3(j.at("up"));
    s.scale.metric = j.at("scale").at("metric").get<bool>();
    s.scale.meters_per_unit = j.at("scale").at("meters_per_unit").get<double>();
    if (j.contains("view_state")) s.view_state_json = j["view_state"].dump();
    for (const auto& jv : j.at("views")) {
      View v;
      v.name = jv.at("name").get<std::string>();
      v.image_path = jv.at("image_path").get<std::string>();
      if (!v.image_path.empty() && fs::path(v.image_path).is_relative())
        v.image_path = (base / v.image_path).lexically_normal().string();
      v.registered = jv.at("registered").get<bool>();
      const auto& k = jv.at("intrinsics");
      v.intrinsics = {k.at("width").get<int>(), k.at("height").get<int>(), k.at("fx").get<double>(),
                      k.at("fy").get<double>(), k.at("cx").get<double>(),  k.at("cy").get<double>(),
                      k.at("k1").get<double>(), k.at("k2").get<double>()};
      const auto rows = jv.at("world_from_cam").get<std::vector<double>>();
      if (rows.size() != 16)
        throw IoError(path + ": a view pose is not a 4x4 matrix (damaged file)");
      for (int rr = 0; rr < 4; ++rr)
        for (int cc = 0; cc < 4; ++cc)
          v.world_from_cam.matrix()(rr, cc) = rows[size_t(rr * 4 + cc)];
      if (jv.contains("depth_m")) v.depth_m = br.mat(jv["depth_m"]);
      if (jv.contains("confidence")) v.confidence = br.mat(jv["confidence"]);
      if (jv.contains("image_embedded")) {
        s.embed_photos = true;
        std::error_code ec;
        if (v.image_path.empty() || !fs::exists(v.image_path, ec)) {
          size_t n_bytes;
          const char* p = br.get(jv["image_embedded"], 1, &n_bytes);
          v.image_path = unpack_photo(std::string(p, n_bytes), v.name, path);
        }
      }
      if (jv.contains("thumbnail_png")) {
        const auto png = br.vec<uint8_t>(jv["thumbnail_png"], size_t(-1));
        v.thumbnail = cv::imdecode(png, cv::IMREAD_COLOR);
      }
      s.views.push_back(std::move(v));
    }
    const auto& jc = j.at("cloud");
    const size_t n = jc.at("count").get<size_t>();
    auto& c = s.cloud;
    c.xyz = br.vec<Eigen::Vector3f>(jc.at("xyz"), n);
    if (jc.contains("rgb")) c.rgb = br.vec<std::array<uint8_t, 3>>(jc["rgb"], n);
    if (jc.contains("confidence")) c.confidence = br.vec<float>(jc["confidence"], n);
    if (jc.contains("source_view")) c.source_view = br.vec<int32_t>(jc["source_view"], n);
    if (jc.contains("source_pixel"))
      c.source_pixel = br.vec<Eigen::Vector2f>(jc["source_pixel"], n);
    if (jc.contains("normals")) c.normals = br.vec<Eigen::Vector3f>(jc["normals"], n);
    for (const auto& jo : j.at("objects")) {
      SceneObject o;
      o.id = jo.at("id").get<int>();
      o.name = jo.at("name").get<std::string>();
      o.label = jo.at("label").get<std::string>();
      o.color = jo.at("color").get<std::array<uint8_t, 3>>();
      o.box.center = vec3(jo.at("box").at("center"));
      o.box.size = vec3(jo.at("box").at("size"));
      const auto axes = jo.at("box").at("axes").get<std::vector<double>>();
      if (axes.size() != 9) throw IoError(path + ": an object box is damaged");
      for (int rr = 0; rr < 3; ++rr)
        for (int cc = 0; cc < 3; ++cc) o.box.axes(rr, cc) = axes[size_t(rr * 3 + cc)];
      o.views = jo.at("views").get<std::vector<int>>();
      o.point_indices = br.vec<uint32_t>(jo.at("point_indices"), size_t(-1));
      for (uint32_t i : o.point_indices)
        if (i >= n)
          throw IoError(path + ": object '" + o.name + "' refers to a point that does not exist");
      s.objects.push_back(std::move(o));
    }
    for (const auto& jm : j.at("measurements")) {
      Measurement m;
      m.kind = kind_of(jm.at("kind").get<std::string>());
      m.label = jm.at("label").get<std::string>();
      m.value = jm.at("value").get<double>();
      for (const auto& p : jm.at("points")) m.points.push_back(vec3(p));
      s.measurements.push_back(std::move(m));
    }
    for (const auto& jt : j.at("chat"))
      s.chat.push_back({jt.at("question").get<std::string>(), jt.at("answer").get<std::string>(),
                        jt.value("json", std::string())});
  } catch (const json::exception& e) {
    throw IoError(path + ": the scene header misses or mistypes a field (" + std::string(e.what()) +
                  ")");
  }
  return s;
}

namespace {
std::string lower_ext(const std::string& path) {
  std::string e = fs::path(path).extension().string();
  for (auto& ch : e) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return e;
}
std::string colmap_dir_in(const std::string& path) {
  for (const fs::path& d :
       {fs::path(path), fs::path(path) / "sparse", fs::path(path) / "sparse" / "0"})
    if (is_colmap_model_dir(d.string())) return d.string();
  return {};
}
}  // namespace

bool is_scene_like(const std::string& path) {
  if (fs::is_directory(path)) return !colmap_dir_in(path).empty();
  const std::string e = lower_ext(path);
  return e == ".scenelens" || e == ".ply" || e == ".pcd" || e == ".glb" || e == ".gltf";
}

Scene load_any(const std::string& path) {
  if (!fs::exists(path)) throw IoError(path + ": no such file or folder");
  if (fs::is_directory(path)) {
    const std::string d = colmap_dir_in(path);
    if (d.empty())
      throw IoError(
          path +
          ": this folder is not a COLMAP model (no cameras/images/points3D .txt or .bin "
          "here, in sparse/ or in sparse/0/); to reconstruct its photos, use reconstruct");
    return read_colmap_model(d);
  }
  const std::string e = lower_ext(path);
  Scene s;
  if (e == ".scenelens") return load_scene(path);
  if (e == ".glb" || e == ".gltf") return read_gltf(path);
  if (e == ".ply")
    s.cloud = read_ply(path);
  else if (e == ".pcd")
    s.cloud = read_pcd(path);
  else
    throw IoError(path + ": unknown scene format '" + e +
                  "' (open .scenelens, .ply, .pcd, .glb/.gltf or a COLMAP folder)");
  s.source = path;
  return s;
}

}  // namespace sl
