#include "scene/PcdIO.h"

#include <sstream>

#include "scene/AtomicFile.h"
#include "scene/BinaryUtil.h"

namespace sl {

namespace {

struct Field {
  std::string name;
  char type = 'F';  // F float, U unsigned, I signed
  int size = 4;
  int count = 1;
};

ScalarType scalar_of(const Field& f, const std::string& path) {
  if (f.type == 'F') return f.size == 8 ? ScalarType::Float64 : ScalarType::Float32;
  const bool u = f.type == 'U';
  switch (f.size) {
    case 1:
      return u ? ScalarType::UInt8 : ScalarType::Int8;
    case 2:
      return u ? ScalarType::UInt16 : ScalarType::Int16;
    case 4:
      return u ? ScalarType::UInt32 : ScalarType::Int32;
    case 8:
      return u ? ScalarType::UInt64 : ScalarType::Int64;
  }
  throw IoError(path + ": PCD field '" + f.name + "' has an unsupported size " +
                std::to_string(f.size));
}

void unpack_rgb(uint32_t packed, std::array<uint8_t, 3>& c) {
  c = {uint8_t((packed >> 16) & 255), uint8_t((packed >> 8) & 255), uint8_t(packed & 255)};
}

}  // namespace

PointCloud read_pcd(const std::string& path) {
  const std::string data = read_file(path);
  if (data.empty()) throw IoError(path + ": the file is empty");
  std::vector<Field> fields;
  size_t points = 0, body = std::string::npos;
  std::string kind;
  {
    size_t pos = 0;
    while (pos < data.size()) {
      size_t eol = data.find('\n', pos);
      if (eol == std::string::npos) eol = data.size();
      std::string line = data.substr(pos, eol - pos);
      pos = eol + 1;
      if (line.empty() || line[0] == '#') continue;
      std::istringstream ls(line);
      std::string kw;
      ls >> kw;
      if (kw == "FIELDS") {
        for (std::string n; ls >> n;) fields.push_back({n});
      } else if (kw == "SIZE" || kw == "TYPE" || kw == "COUNT") {
        for (auto& f : fields) {
          std::string v;
          if (!(ls >> v))
            throw IoError(path + ": PCD " + kw + " line has fewer entries than FIELDS");
          if (kw == "SIZE") f.size = std::stoi(v);
          if (kw == "TYPE") f.type = v[0];
          if (kw == "COUNT") f.count = std::stoi(v);
        }
      } else if (kw == "POINTS") {
        ls >> points;
      } else if (kw == "DATA") {
        ls >> kind;
        body = pos;
        break;
      } else if (kw != "VERSION" && kw != "WIDTH" && kw != "HEIGHT" && kw != "VIEWPOINT") {
        throw IoError(path + ": not a PCD file (unexpected header line '" + line.substr(0, 40) +
                      "')");
      }
    }
  }
  if (body == std::string::npos || fields.empty())
    throw IoError(path + ": not a PCD file or header incomplete (no FIELDS / DATA line)");
  if (kind == "binary_compressed")
    throw IoError(path +
                  ": PCD 'binary_compressed' data is not supported; re-save it as binary "
                  "or ascii (e.g. pcl_convert_pcd_ascii_binary in.pcd out.pcd 1)");
  if (kind != "ascii" && kind != "binary")
    throw IoError(path + ": unknown PCD DATA kind '" + kind + "'");

  PointCloud cloud;
  auto has = [&](const char* n) {
    for (const auto& f : fields)
      if (f.name == n) return true;
    return false;
  };
  cloud.xyz.resize(points, Eigen::Vector3f::Zero());
  const bool rgb_packed = has("rgb") || has("rgba");
  const bool rgb_split = has("r") && has("g") && has("b");
  if (rgb_packed || rgb_split) cloud.rgb.resize(points, {0, 0, 0});
  if (has("normal_x")) cloud.normals.resize(points, Eigen::Vector3f::Zero());
  if (has("confidence") || has("intensity")) cloud.confidence.resize(points, 1.f);

  ByteReader r(data, body, false, path);
  const char* cur = data.c_str() + body;
  const char* const end = data.c_str() + data.size();
  for (size_t i = 0; i < points; ++i) {
    for (const auto& f : fields) {
      const ScalarType st = scalar_of(f, path);
      for (int c = 0; c < f.count; ++c) {
        double v = 0;
        uint32_t raw = 0;
        if (kind == "binary") {
          if ((f.name == "rgb" || f.name == "rgba") && f.size == 4) {
            raw = r.read<uint32_t>();
            v = raw;
          } else {
            v = r.read_as_double(st);
          }
        } else {
          while (cur < end && std::isspace(static_cast<unsigned char>(*cur))) ++cur;
          if (cur >= end)
            throw IoError(path + ": PCD data ends early at point " + std::to_string(i) +
                          " (truncated?)");
          char* stop = nullptr;
          v = std::strtod(cur, &stop);
          if (stop == cur)
            throw IoError(path + ": PCD data has a non-number at point " + std::to_string(i));
          cur = stop;
          if (f.name == "rgb" || f.name == "rgba") {
            if (f.type == 'F') {
              const float fv = float(v);
              std::memcpy(&raw, &fv, 4);
            } else {
              raw = uint32_t(v);
            }
          }
        }
        if (c > 0) continue;
        const std::string& n = f.name;
        if (n == "x")
          cloud.xyz[i].x() = float(v);
        else if (n == "y")
          cloud.xyz[i].y() = float(v);
        else if (n == "z")
          cloud.xyz[i].z() = float(v);
        else if (n == "rgb" || n == "rgba")
          unpack_rgb(raw, cloud.rgb[i]);
        else if (n == "r" && rgb_split)
          cloud.rgb[i][0] = uint8_t(v);
        else if (n == "g" && rgb_split)
          cloud.rgb[i][1] = uint8_t(v);
        else if (n == "b" && rgb_split)
          cloud.rgb[i][2] = uint8_t(v);
        else if (n == "normal_x")
          cloud.normals[i].x() = float(v);
        else if (n == "normal_y")
          cloud.normals[i].y() = float(v);
        else if (n == "normal_z")
          cloud.normals[i].z() = float(v);
        else if (n == "confidence" || (n == "intensity" && !has("confidence")))
          cloud.confidence[i] = float(v);
      }
    }
  }
  return cloud;
}

void write_pcd(const std::string& path, const PointCloud& cloud, bool binary) {
  cloud.check_consistent(path);
  std::ostringstream h;
  std::string fields = "x y z", sizes = "4 4 4", types = "F F F", counts = "1 1 1";
  if (cloud.has_rgb()) fields += " rgb", sizes += " 4", types += " U", counts += " 1";
  if (cloud.has_normals())
    fields += " normal_x normal_y normal_z", sizes += " 4 4 4", types += " F F F",
        counts += " 1 1 1";
  if (cloud.has_confidence()) fields += " confidence", sizes += " 4", types += " F", counts += " 1";
  h << "# .PCD v0.7 - written by SceneLens\nVERSION 0.7\nFIELDS " << fields << "\nSIZE " << sizes
    << "\nTYPE " << types << "\nCOUNT " << counts << "\nWIDTH " << cloud.size()
    << "\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS " << cloud.size() << "\nDATA "
    << (binary ? "binary" : "ascii") << "\n";
  std::string out = h.str();
  std::ostringstream body;
  body.precision(9);
  ByteWriter w(out);
  for (size_t i = 0; i < cloud.size(); ++i) {
    const uint32_t rgb = cloud.has_rgb() ? (uint32_t(cloud.rgb[i][0]) << 16) |
                                               (uint32_t(cloud.rgb[i][1]) << 8) | cloud.rgb[i][2]
                                         : 0;
    if (binary) {
      w.put(cloud.xyz[i].data(), 12);
      if (cloud.has_rgb()) w.put(rgb);
      if (cloud.has_normals()) w.put(cloud.normals[i].data(), 12);
      if (cloud.has_confidence()) w.put(cloud.confidence[i]);
    } else {
      body << cloud.xyz[i].x() << ' ' << cloud.xyz[i].y() << ' ' << cloud.xyz[i].z();
      if (cloud.has_rgb()) body << ' ' << rgb;
      if (cloud.has_normals())
        body << ' ' << cloud.normals[i].x() << ' ' << cloud.normals[i].y() << ' '
             << cloud.normals[i].z();
      if (cloud.has_confidence()) body << ' ' << cloud.confidence[i];
      body << '\n';
    }
  }
  if (!binary) out += body.str();
  write_file_atomic(path, out);
}

}  // namespace sl
