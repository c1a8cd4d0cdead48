#include "scene/PlyIO.h"

#include <cstring>
#include <sstream>

#include "scene/AtomicFile.h"
#include "scene/BinaryUtil.h"

namespace sl {

namespace {

struct Property {
  std::string name;
  ScalarType type = ScalarType::Float32;
  bool is_list = false;
  ScalarType count_type = ScalarType::UInt8;
};

struct Element {
  std::string name;
  size_t count = 0;
  std::vector<Property> props;
};

enum class Format { Ascii, BinaryLE, BinaryBE };

// Which cloud attribute a vertex property feeds.
enum class Slot { None, X, Y, Z, R, G, B, NX, NY, NZ, Conf, View, U, V };

Slot slot_of(const std::string& n) {
  static const std::pair<const char*, Slot> table[] = {{"x", Slot::X},
                                                       {"y", Slot::Y},
                                                       {"z", Slot::Z},
                                                       {"red", Slot::R},
                                                       {"green", Slot::G},
                                                       {"blue", Slot::B},
                                                       {"r", Slot::R},
                                                       {"g", Slot::G},
                                                       {"b", Slot::B},
                                                       {"diffuse_red", Slot::R},
                                                       {"diffuse_green", Slot::G},
                                                       {"diffuse_blue", Slot::B},
                                                       {"nx", Slot::NX},
                                                       {"ny", Slot::NY},
                                                       {"nz", Slot::NZ},
                                                       {"confidence", Slot::Conf},
                                                       {"quality", Slot::Conf},
                                                       {"scalar_confidence", Slot::Conf},
                                                       {"view", Slot::View},
                                                       {"source_view", Slot::View},
                                                       {"u", Slot::U},
                                                       {"v", Slot::V}};
  for (const auto& [name, slot] : table)
    if (n == name) return slot;
  return Slot::None;
}

struct Header {
  Format format = Format::Ascii;
  std::vector<Element> elements;
  size_t body_offset = 0;
};

Header parse_header(const std::string& data, const std::string& path) {
  if (data.size() < 4 || data.compare(0, 3, "ply") != 0)
    throw IoError(path + ": not a PLY file (it does not start with 'ply')");
  const size_t end = data.find("end_header");
  if (end == std::string::npos)
    throw IoError(path +
                  ": PLY header is incomplete (no 'end_header'); the file is truncated or damaged");
  Header h;
  h.body_offset = data.find('\n', end);
  if (h.body_offset == std::string::npos)
    throw IoError(path + ": PLY file ends right after its header");
  ++h.body_offset;
  std::istringstream lines(data.substr(0, end));
  std::string line;
  bool have_format = false;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream ls(line);
    std::string kw;
    ls >> kw;
    if (kw == "format") {
      std::string f;
      ls >> f;
      if (f == "ascii")
        h.format = Format::Ascii;
      else if (f == "binary_little_endian")
        h.format = Format::BinaryLE;
      else if (f == "binary_big_endian")
        h.format = Format::BinaryBE;
      else
        throw IoError(path + ": unknown PLY format '" + f + "'");
      have_format = true;
    } else if (kw == "element") {
      Element e;
      long long count = -1;
      ls >> e.name >> count;
      if (count < 0) throw IoError(path + ": bad PLY element line '" + line + "'");
      e.count = size_t(count);
      h.elements.push_back(e);
    } else if (kw == "property") {
      if (h.elements.empty()) throw IoError(path + ": PLY property before any element");
      Property p;
      std::string t;
      ls >> t;
      if (t == "list") {
        std::string ct, it;
        ls >> ct >> it >> p.name;
        p.is_list = true;
        p.count_type = parse_scalar_type(ct, path);
        p.type = parse_scalar_type(it, path);
      } else {
        p.type = parse_scalar_type(t, path);
        ls >> p.name;
      }
      h.elements.back().props.push_back(p);
    }
  }
  if (!have_format) throw IoError(path + ": PLY header has no 'format' line");
  return h;
}

struct Sink {
  PointCloud& cloud;
  std::vector<Slot> slots;
  std::vector<ScalarType> types;
  bool rgb = false, normals = false, conf = false, view = false, uv = false;

  Sink(PointCloud& c, const Element& e) : cloud(c) {
    for (const auto& p : e.props) {
      const Slot s = slot_of(p.name);
      slots.push_back(p.is_list ? Slot::None : s);
      types.push_back(p.type);
      rgb |= s == Slot::R;
      normals |= s == Slot::NX;
      conf |= s == Slot::Conf;
      view |= s == Slot::View;
      uv |= s == Slot::U;
    }
    cloud.xyz.resize(e.count, Eigen::Vector3f::Zero());
    if (rgb) cloud.rgb.resize(e.count, {0, 0, 0});
    if (normals) cloud.normals.resize(e.count, Eigen::Vector3f::Zero());
    if (conf) cloud.confidence.resize(e.count, 1.f);
    if (view) cloud.source_view.resize(e.count, -1);
    if (uv) cloud.source_pixel.resize(e.count, Eigen::Vector2f(-1, -1));
  }

  void set(size_t i, size_t prop, double v) {
    const bool float_color =
        types[prop] == ScalarType::Float32 || types[prop] == ScalarType::Float64;
    auto color = [&](double c) {
      return uint8_t(std::clamp(float_color ? c * 255.0 + 0.5 : c, 0.0, 255.0));
    };
    switch (slots[prop]) {
      case Slot::X:
        cloud.xyz[i].x() = float(v);
        break;
      case Slot::Y:
        cloud.xyz[i].y() = float(v);
        break;
      case Slot::Z:
        cloud.xyz[i].z() = float(v);
        break;
      case Slot::R:
        cloud.rgb[i][0] = color(v);
        break;
      case Slot::G:
        cloud.rgb[i][1] = color(v);
        break;
      case Slot::B:
        cloud.rgb[i][2] = color(v);
        break;
      case Slot::NX:
        cloud.normals[i].x() = float(v);
        break;
      case Slot::NY:
        cloud.normals[i].y() = float(v);
        break;
      case Slot::NZ:
        cloud.normals[i].z() = float(v);
        break;
      case Slot::Conf:
        cloud.confidence[i] = float(v);
        break;
      case Slot::View:
        cloud.source_view[i] = int32_t(v);
        break;
      case Slot::U:
        cloud.source_pixel[i].x() = float(v);
        break;
      case Slot::V:
        cloud.source_pixel[i].y() = float(v);
        break;
      case Slot::None:
        break;
    }
  }
};

void read_binary(const std::string& data, const Header& h, bool big_endian, PointCloud& cloud,
                 const std::string& path) {
  ByteReader r(data, h.body_offset, big_endian, path);
  for (const auto& e : h.elements) {
    const bool is_vertex = e.name == "vertex";
    if (!is_vertex) {  // skip other elements (faces...) until the vertices
      for (size_t i = 0; i < e.count; ++i)
        for (const auto& p : e.props) {
          if (p.is_list) {
            const size_t n = size_t(r.read_as_double(p.count_type));
            r.skip(n * scalar_size(p.type));
          } else {
            r.skip(scalar_size(p.type));
          }
        }
      continue;
    }
    Sink sink(cloud, e);
    for (size_t i = 0; i < e.count; ++i)
      for (size_t k = 0; k < e.props.size(); ++k) {
        const Property& p = e.props[k];
        if (p.is_list) {
          const size_t n = size_t(r.read_as_double(p.count_type));
          r.skip(n * scalar_size(p.type));
        } else {
          sink.set(i, k, r.read_as_double(p.type));
        }
      }
    return;
  }
}

void read_ascii(const std::string& data, const Header& h, PointCloud& cloud,
                const std::string& path) {
  const char* cur = data.c_str() + h.body_offset;
  const char* const end = data.c_str() + data.size();
  auto next = [&](const char* what) {
    while (cur < end && std::isspace(static_cast<unsigned char>(*cur))) ++cur;
    if (cur >= end)
      throw IoError(path + ": PLY data ends early while reading " + what + " (file truncated?)");
    char* stop = nullptr;
    const double v = std::strtod(cur, &stop);
    if (stop == cur)
      throw IoError(path + ": PLY data has a non-number where " + what + " was expected");
    cur = stop;
    return v;
  };
  for (const auto& e : h.elements) {
    const bool is_vertex = e.name == "vertex";
    std::optional<Sink> sink;
    if (is_vertex) sink.emplace(cloud, e);
    for (size_t i = 0; i < e.count; ++i)
      for (size_t k = 0; k < e.props.size(); ++k) {
        const Property& p = e.props[k];
        if (p.is_list) {
          const size_t n = size_t(next("a list length"));
          for (size_t j = 0; j < n; ++j) next("a list item");
        } else {
          const double v = next(is_vertex ? "a vertex value" : "an element value");
          if (sink) sink->set(i, k, v);
        }
      }
    if (is_vertex) return;
  }
}

}  // namespace

PointCloud read_ply(const std::string& path) {
  const std::string data = read_file(path);
  if (data.empty()) throw IoError(path + ": the file is empty");
  const Header h = parse_header(data, path);
  bool has_vertex = false;
  for (const auto& e : h.elements) has_vertex |= e.name == "vertex";
  if (!has_vertex) throw IoError(path + ": PLY file has no 'vertex' element (no points)");
  PointCloud cloud;
  if (h.format == Format::Ascii)
    read_ascii(data, h, cloud, path);
  else
    read_binary(data, h, h.format == Format::BinaryBE, cloud, path);
  return cloud;
}

void write_ply(const std::string& path, const PointCloud& cloud, bool binary) {
  cloud.check_consistent(path);
  std::ostringstream head;
  head << "ply\nformat " << (binary ? "binary_little_endian" : "ascii") << " 1.0\n"
       << "comment written by SceneLens\nelement vertex " << cloud.size() << "\n"
       << "property float x\nproperty float y\nproperty float z\n";
  if (cloud.has_normals()) head << "property float nx\nproperty float ny\nproperty float nz\n";
  if (cloud.has_rgb()) head << "property uchar red\nproperty uchar green\nproperty uchar blue\n";
  if (cloud.has_confidence()) head << "property float confidence\n";
  if (cloud.has_source()) head << "property int view\n";
  if (!cloud.source_pixel.empty()) head << "property float u\nproperty float v\n";
  head << "end_header\n";
  std::string out = head.str();
  if (binary) {
    ByteWriter w(out);
    for (size_t i = 0; i < cloud.size(); ++i) {
      w.put(cloud.xyz[i].data(), 12);
      if (cloud.has_normals()) w.put(cloud.normals[i].data(), 12);
      if (cloud.has_rgb()) w.put(cloud.rgb[i].data(), 3);
      if (cloud.has_confidence()) w.put(&cloud.confidence[i], 4);
      if (cloud.has_source()) w.put(&cloud.source_view[i], 4);
      if (!cloud.source_pixel.empty()) w.put(cloud.source_pixel[i].data(), 8);
    }
  } else {
    std::ostringstream body;
    body.precision(9);
    for (size_t i = 0; i < cloud.size(); ++i) {
      const auto& p = cloud.xyz[i];
      body << p.x() << ' ' << p.y() << ' ' << p.z();
      if (cloud.has_normals())
        body << ' ' << cloud.normals[i].x() << ' ' << cloud.normals[i].y() << ' '
             << cloud.normals[i].z();
      if (cloud.has_rgb())
        body << ' ' << int(cloud.rgb[i][0]) << ' ' << int(cloud.rgb[i][1]) << ' '
             << int(cloud.rgb[i][2]);
      if (cloud.has_confidence()) body << ' ' << cloud.confidence[i];
      if (cloud.has_source()) body << ' ' << cloud.source_view[i];
      if (!cloud.source_pixel.empty())
        body << ' ' << cloud.source_pixel[i].x() << ' ' << cloud.source_pixel[i].y();
      body << '\n';
    }
    out += body.str();
  }
  write_file_atomic(path, out);
}

}  // namespace sl
