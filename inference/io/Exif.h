// Minimal EXIF reader: the 35 mm-equivalent focal length (tag 0xA405 FocalLengthIn35mmFilm)
// from a JPEG's APP1 segment. Nothing else is needed by the reconstruction.
#pragma once
#include <optional>
#include <string>

namespace sl::io {

// Focal length in 35 mm film equivalent (mm), when the file is a JPEG that records it.
std::optional<double> exif_focal_35mm(const std::string& path);

// Focal prior in pixels for an image of the given size: from the 35 mm focal (a 36 mm wide
// frame maps to the longer side) when known, else 1.2 x the longer side.
double focal_prior_px(std::optional<double> focal_35mm, int width, int height);

}  // namespace sl::io
