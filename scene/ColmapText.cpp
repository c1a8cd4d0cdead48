// COLMAP text model files: cameras.txt, images.txt (two lines per image), points3D.txt.
#include <filesystem>
#include <sstream>

#include "scene/AtomicFile.h"
#include "scene/ColmapModel.h"

namespace sl::colmap {

namespace {

// Non-comment, non-empty lines; keeps empty lines where they matter (images' 2D point lines).
std::vector<std::string> data_lines(const std::string& text, bool keep_empty) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] == '#') continue;
    if (line.empty() && !keep_empty) continue;
    out.push_back(line);
  }
  return out;
}

[[noreturn]] void bad_line(const std::string& path, size_t n, const std::string& what) {
  throw IoError(path + ": line " + std::to_string(n + 1) +
                " (data line) is not valid COLMAP: " + what);
}

}  // namespace

Model read_text(const std::string& dir) {
  namespace fs = std::filesystem;
  Model m;
  const std::string cam_path = (fs::path(dir) / "cameras.txt").string();
  const auto cams = data_lines(read_file(cam_path), false);
  for (size_t i = 0; i < cams.size(); ++i) {
    std::istringstream ls(cams[i]);
    Camera c;
    std::string model;
    if (!(ls >> c.id >> model >> c.width >> c.height))
      bad_line(cam_path, i, "expected CAMERA_ID MODEL WIDTH HEIGHT PARAMS");
    c.model_id = model_id_from_name(model, cam_path);
    for (double p; ls >> p;) c.params.push_back(p);
    if (int(c.params.size()) != model_param_count(c.model_id, cam_path))
      bad_line(cam_path, i,
               model + " needs " + std::to_string(model_param_count(c.model_id, cam_path)) +
                   " parameters");
    m.cameras[c.id] = c;
  }
  const std::string img_path = (fs::path(dir) / "images.txt").string();
  auto imgs = data_lines(read_file(img_path), true);
  while (!imgs.empty() && imgs.front().empty()) imgs.erase(imgs.begin());
  for (size_t i = 0; i < imgs.size(); i += 2) {
    if (imgs[i].empty()) continue;
    std::istringstream ls(imgs[i]);
    Image im;
    double qw, qx, qy, qz;
    if (!(ls >> im.id >> qw >> qx >> qy >> qz >> im.t_cam_from_world.x() >>
          im.t_cam_from_world.y() >> im.t_cam_from_world.z() >> im.camera_id))
      bad_line(img_path, i, "expected IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME");
    std::getline(ls >> std::ws, im.name);
    if (im.name.empty()) bad_line(img_path, i, "image has no NAME");
    im.q_cam_from_world = Eigen::Quaterniond(qw, qx, qy, qz);
    if (i + 1 < imgs.size()) {
      std::istringstream ps(imgs[i + 1]);
      double x, y;
      long long id;
      while (ps >> x >> y >> id) im.points2d.push_back({x, y, id < 0 ? UINT64_MAX : uint64_t(id)});
    }
    m.images.push_back(std::move(im));
  }
  const std::string pts_path = (fs::path(dir) / "points3D.txt").string();
  const std::string pts_text = read_file(pts_path);
  std::istringstream in(pts_text);
  size_t n = 0;
  for (std::string line; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#' || line == "\r") continue;
    std::istringstream ls(line);
    Point3D p;
    int r, g, b;
    if (!(ls >> p.id >> p.xyz.x() >> p.xyz.y() >> p.xyz.z() >> r >> g >> b >> p.error))
      bad_line(pts_path, n, "expected POINT3D_ID X Y Z R G B ERROR TRACK[]");
    p.rgb = {uint8_t(r), uint8_t(g), uint8_t(b)};
    for (uint32_t im, idx; ls >> im >> idx;) p.track.emplace_back(im, idx);
    m.points.push_back(std::move(p));
  }
  return m;
}

void write_text(const Model& m, const std::string& dir) {
  namespace fs = std::filesystem;
  std::ostringstream c;
  c.precision(17);
  c << "# Camera list with one line of data per camera:\n"
    << "#   CAMERA_ID, MODEL, WIDTH, HEIGHT, PARAMS[]\n# Number of cameras: " << m.cameras.size()
    << "\n";
  for (const auto& [id, cam] : m.cameras) {
    c << id << ' ' << model_name(cam.model_id) << ' ' << cam.width << ' ' << cam.height;
    for (double p : cam.params) c << ' ' << p;
    c << '\n';
  }
  write_file_atomic((fs::path(dir) / "cameras.txt").string(), c.str());

  std::ostringstream im;
  im.precision(17);
  size_t observations = 0;
  for (const auto& i : m.images) observations += i.points2d.size();
  im << "# Image list with two lines of data per image:\n"
     << "#   IMAGE_ID, QW, QX, QY, QZ, TX, TY, TZ, CAMERA_ID, NAME\n"
     << "#   POINTS2D[] as (X, Y, POINT3D_ID)\n# Number of images: " << m.images.size()
     << ", mean observations per image: "
     << (m.images.empty() ? 0.0 : double(observations) / m.images.size()) << "\n";
  for (const auto& i : m.images) {
    const auto& q = i.q_cam_from_world;
    const auto& t = i.t_cam_from_world;
    im << i.id << ' ' << q.w() << ' ' << q.x() << ' ' << q.y() << ' ' << q.z() << ' ' << t.x()
       << ' ' << t.y() << ' ' << t.z() << ' ' << i.camera_id << ' ' << i.name << '\n';
    bool first = true;
    for (const auto& o : i.points2d) {
      im << (first ? "" : " ") << o.x << ' ' << o.y << ' '
         << (o.point3d_id == UINT64_MAX ? -1LL : (long long)o.point3d_id);
      first = false;
    }
    im << '\n';
  }
  write_file_atomic((fs::path(dir) / "images.txt").string(), im.str());

  std::string pts;
  pts.reserve(m.points.size() * 64);
  pts +=
      "# 3D point list with one line of data per point:\n"
      "#   POINT3D_ID, X, Y, Z, R, G, B, ERROR, TRACK[] as (IMAGE_ID, POINT2D_IDX)\n"
      "# Number of points: " +
      std::to_string(m.points.size()) + "\n";
  char buf[256];
  for (const auto& p : m.points) {
    std::snprintf(buf, sizeof buf, "%llu %.9g %.9g %.9g %d %d %d %.6g", (unsigned long long)p.id,
                  p.xyz.x(), p.xyz.y(), p.xyz.z(), p.rgb[0], p.rgb[1], p.rgb[2], p.error);
    pts += buf;
    for (const auto& [image, idx] : p.track)
      pts += " " + std::to_string(image) + " " + std::to_string(idx);
    pts += '\n';
  }
  write_file_atomic((fs::path(dir) / "points3D.txt").string(), pts);
}

}  // namespace sl::colmap
