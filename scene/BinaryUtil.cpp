#include "scene/BinaryUtil.h"

namespace sl {

ScalarType parse_scalar_type(const std::string& n, const std::string& path) {
  if (n == "char" || n == "int8") return ScalarType::Int8;
  if (n == "uchar" || n == "uint8") return ScalarType::UInt8;
  if (n == "short" || n == "int16") return ScalarType::Int16;
  if (n == "ushort" || n == "uint16") return ScalarType::UInt16;
  if (n == "int" || n == "int32") return ScalarType::Int32;
  if (n == "uint" || n == "uint32") return ScalarType::UInt32;
  if (n == "float" || n == "float32") return ScalarType::Float32;
  if (n == "double" || n == "float64") return ScalarType::Float64;
  if (n == "int64") return ScalarType::Int64;
  if (n == "uint64") return ScalarType::UInt64;
  throw IoError(path + ": unknown scalar type '" + n + "'");
}

size_t scalar_size(ScalarType t) {
  switch (t) {
    case ScalarType::Int8:
    case ScalarType::UInt8:
      return 1;
    case ScalarType::Int16:
    case ScalarType::UInt16:
      return 2;
    case ScalarType::Int32:
    case ScalarType::UInt32:
    case ScalarType::Float32:
      return 4;
    case ScalarType::Float64:
    case ScalarType::Int64:
    case ScalarType::UInt64:
      return 8;
  }
  return 0;
}

double ByteReader::read_as_double(ScalarType t) {
  switch (t) {
    case ScalarType::Int8:
      return read<int8_t>();
    case ScalarType::UInt8:
      return read<uint8_t>();
    case ScalarType::Int16:
      return read<int16_t>();
    case ScalarType::UInt16:
      return read<uint16_t>();
    case ScalarType::Int32:
      return read<int32_t>();
    case ScalarType::UInt32:
      return read<uint32_t>();
    case ScalarType::Float32:
      return read<float>();
    case ScalarType::Float64:
      return read<double>();
    case ScalarType::Int64:
      return double(read<int64_t>());
    case ScalarType::UInt64:
      return double(read<uint64_t>());
  }
  return 0;
}

std::string ByteReader::read_cstring() {
  std::string s;
  for (;;) {
    const char c = read<char>();
    if (c == '\0') return s;
    s.push_back(c);
  }
}

}  // namespace sl
