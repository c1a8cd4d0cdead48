// Little helpers for binary file formats (PLY, PCD, COLMAP .bin, .scenelens): scalar types by
// name, a bounds-checked reader with endianness, and an appending writer.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>

#include "scene/Scene.h"

namespace sl {

enum class ScalarType {
  Int8,
  UInt8,
  Int16,
  UInt16,
  Int32,
  UInt32,
  Float32,
  Float64,
  Int64,
  UInt64
};

// Accepts PLY names (char uchar short ushort int uint float double, int8 ... float64).
ScalarType parse_scalar_type(const std::string& name, const std::string& path);
size_t scalar_size(ScalarType t);

class ByteReader {
 public:
  ByteReader(const std::string& data, size_t offset, bool big_endian, std::string path)
      : data_(data), pos_(offset), big_endian_(big_endian), path_(std::move(path)) {}
  void need(size_t n) const {
    if (pos_ + n > data_.size())
      throw IoError(path_ + ": the file ends early (truncated at byte " +
                    std::to_string(data_.size()) + ", needed " + std::to_string(pos_ + n) + ")");
  }
  void skip(size_t n) {
    need(n);
    pos_ += n;
  }
  template <typename T>
  T read() {
    need(sizeof(T));
    T v;
    unsigned char b[sizeof(T)];
    std::memcpy(b, data_.data() + pos_, sizeof(T));
    if (big_endian_)
      for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(b[i], b[sizeof(T) - 1 - i]);
    std::memcpy(&v, b, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  double read_as_double(ScalarType t);
  std::string read_cstring();  // up to and excluding a NUL byte
  size_t pos() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

 private:
  const std::string& data_;
  size_t pos_;
  bool big_endian_;
  std::string path_;
};

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}
  void put(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  template <typename T>
  void put(T v) {
    put(&v, sizeof(T));
  }

 private:
  std::string& out_;
};

}  // namespace sl
