// COLMAP binary model files (little endian): cameras.bin, images.bin, points3D.bin.
#include <filesystem>

#include "scene/AtomicFile.h"
#include "scene/BinaryUtil.h"
#include "scene/ColmapModel.h"

namespace sl::colmap {

namespace {
// Guards against absurd counts in damaged files before allocating.
void check_count(uint64_t n, size_t remaining, size_t min_bytes_each, const std::string& path) {
  if (n > remaining / std::max<size_t>(1, min_bytes_each))
    throw IoError(path + ": says it holds " + std::to_string(n) +
                  " records, more than the file can contain (damaged or truncated)");
}
}  // namespace

Model read_binary(const std::string& dir) {
  namespace fs = std::filesystem;
  Model m;
  {
    const std::string path = (fs::path(dir) / "cameras.bin").string();
    const std::string data = read_file(path);
    ByteReader r(data, 0, false, path);
    const uint64_t n = r.read<uint64_t>();
    check_count(n, r.remaining(), 24, path);
    for (uint64_t i = 0; i < n; ++i) {
      Camera c;
      c.id = r.read<uint32_t>();
      c.model_id = r.read<int32_t>();
      c.width = r.read<uint64_t>();
      c.height = r.read<uint64_t>();
      const int np = model_param_count(c.model_id, path);
      for (int k = 0; k < np; ++k) c.params.push_back(r.read<double>());
      m.cameras[c.id] = c;
    }
  }
  {
    const std::string path = (fs::path(dir) / "images.bin").string();
    const std::string data = read_file(path);
    ByteReader r(data, 0, false, path);
    const uint64_t n = r.read<uint64_t>();
    check_count(n, r.remaining(), 73, path);
    for (uint64_t i = 0; i < n; ++i) {
      Image im;
      im.id = r.read<uint32_t>();
      const double qw = r.read<double>(), qx = r.read<double>(), qy = r.read<double>(),
                   qz = r.read<double>();
      im.q_cam_from_world = Eigen::Quaterniond(qw, qx, qy, qz);
      for (int k = 0; k < 3; ++k) im.t_cam_from_world[k] = r.read<double>();
      im.camera_id = r.read<uint32_t>();
      im.name = r.read_cstring();
      const uint64_t np = r.read<uint64_t>();
      check_count(np, r.remaining(), 24, path);
      im.points2d.resize(np);
      for (auto& o : im.points2d) {
        o.x = r.read<double>();
        o.y = r.read<double>();
        o.point3d_id = r.read<uint64_t>();
      }
      m.images.push_back(std::move(im));
    }
  }
  {
    const std::string path = (fs::path(dir) / "points3D.bin").string();
    const std::string data = read_file(path);
    ByteReader r(data, 0, false, path);
    const uint64_t n = r.read<uint64_t>();
    check_count(n, r.remaining(), 43, path);
    m.points.resize(n);
    for (auto& p : m.points) {
      p.id = r.read<uint64_t>();
      for (int k = 0; k < 3; ++k) p.xyz[k] = r.read<double>();
      for (int k = 0; k < 3; ++k) p.rgb[size_t(k)] = r.read<uint8_t>();
      p.error = r.read<double>();
      const uint64_t t = r.read<uint64_t>();
      check_count(t, r.remaining(), 8, path);
      p.track.resize(t);
      for (auto& e : p.track) {
        e.first = r.read<uint32_t>();
        e.second = r.read<uint32_t>();
      }
    }
  }
  return m;
}

void write_binary(const Model& m, const std::string& dir) {
  namespace fs = std::filesystem;
  std::string out;
  ByteWriter w(out);
  w.put<uint64_t>(m.cameras.size());
  for (const auto& [id, c] : m.cameras) {
    w.put<uint32_t>(id);
    w.put<int32_t>(c.model_id);
    w.put<uint64_t>(c.width);
    w.put<uint64_t>(c.height);
    for (double p : c.params) w.put(p);
  }
  write_file_atomic((fs::path(dir) / "cameras.bin").string(), out);

  out.clear();
  w.put<uint64_t>(m.images.size());
  for (const auto& im : m.images) {
    w.put<uint32_t>(im.id);
    const auto& q = im.q_cam_from_world;
    for (double v : {q.w(), q.x(), q.y(), q.z()}) w.put(v);
    for (int k = 0; k < 3; ++k) w.put(im.t_cam_from_world[k]);
    w.put<uint32_t>(im.camera_id);
    w.put(im.name.c_str(), im.name.size() + 1);
    w.put<uint64_t>(im.points2d.size());
    for (const auto& o : im.points2d) {
      w.put(o.x);
      w.put(o.y);
      w.put(o.point3d_id);
    }
  }
  write_file_atomic((fs::path(dir) / "images.bin").string(), out);

  out.clear();
  w.put<uint64_t>(m.points.size());
  for (const auto& p : m.points) {
    w.put<uint64_t>(p.id);
    for (int k = 0; k < 3; ++k) w.put(p.xyz[k]);
    w.put(p.rgb.data(), 3);
    w.put(p.error);
    w.put<uint64_t>(p.track.size());
    for (const auto& [image, idx] : p.track) {
      w.put<uint32_t>(image);
      w.put<uint32_t>(idx);
    }
  }
  write_file_atomic((fs::path(dir) / "points3D.bin").string(), out);
}

}  // namespace sl::colmap
