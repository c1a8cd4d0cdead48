#include "inference/io/Exif.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <vector>

namespace sl::io {
namespace {

struct TiffReader {
  const std::vector<uint8_t>& d;
  size_t base;
  bool little;
  bool ok(size_t off, size_t n) const { return base + off + n <= d.size(); }
  uint16_t u16(size_t off) const {
    const uint8_t* p = &d[base + off];
    return little ? uint16_t(p[0] | p[1] << 8) : uint16_t(p[0] << 8 | p[1]);
  }
  uint32_t u32(size_t off) const {
    const uint8_t* p = &d[base + off];
    return little ? uint32_t(p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24)
                  : uint32_t(uint32_t(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3]);
  }
  // Finds `tag` in the IFD at `ifd`; returns the entry offset or 0.
  size_t find(size_t ifd, uint16_t tag) const {
    if (!ok(ifd, 2)) return 0;
    const uint16_t n = u16(ifd);
    for (uint16_t k = 0; k < n; ++k) {
      const size_t e = ifd + 2 + 12 * size_t(k);
      if (!ok(e, 12)) return 0;
      if (u16(e) == tag) return e;
    }
    return 0;
  }
};

}  // namespace

std::optional<double> exif_focal_35mm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<uint8_t> head(128 * 1024);
  in.read(reinterpret_cast<char*>(head.data()), std::streamsize(head.size()));
  head.resize(size_t(in.gcount()));
  if (head.size() < 4 || head[0] != 0xFF || head[1] != 0xD8) return std::nullopt;  // not JPEG
  size_t pos = 2;
  while (pos + 4 <= head.size() && head[pos] == 0xFF) {
    const uint8_t marker = head[pos + 1];
    const size_t len = size_t(head[pos + 2]) << 8 | head[pos + 3];
    if (marker == 0xDA || marker == 0xD9) break;  // image data: no EXIF before it
    if (marker == 0xE1 && pos + 10 <= head.size() &&
        std::equal(head.begin() + long(pos + 4), head.begin() + long(pos + 10), "Exif\0\0")) {
      const size_t base = pos + 10;
      if (base + 8 > head.size()) return std::nullopt;
      TiffReader t{head, base, head[base] == 'I'};
      const size_t ifd0 = t.u32(4);
      const size_t exif_entry = t.find(ifd0, 0x8769);  // ExifIFD pointer
      if (!exif_entry) return std::nullopt;
      const size_t exif_ifd = t.u32(exif_entry + 8);
      const size_t e = t.find(exif_ifd, 0xA405);
      if (!e) return std::nullopt;
      const uint16_t v = t.u16(e + 8);  // SHORT, stored in the value field
      if (v == 0) return std::nullopt;
      return double(v);
    }
    pos += 2 + len;
  }
  return std::nullopt;
}

double focal_prior_px(std::optional<double> focal_35mm, int width, int height) {
  const double longer = std::max(width, height);
  if (focal_35mm && *focal_35mm > 1 && *focal_35mm < 2000) return *focal_35mm / 36.0 * longer;
  return 1.2 * longer;
}

}  // namespace sl::io
