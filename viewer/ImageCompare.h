// Image comparison for render tests and `scenelens-cli render --reference`: the mean absolute
// difference per channel (0..255, over R, G, B of every pixel) and the share of pixels whose
// largest channel difference exceeds 32. Images of different sizes differ completely.
#pragma once
#include <QImage>
#include <QString>

namespace sl::viewer {

struct ImageDiff {
  double mean_abs = 0;         // 0..255
  double percent_over_32 = 0;  // 0..100
  bool size_mismatch = false;
  QString describe() const;
};

ImageDiff compare_images(const QImage& a, const QImage& b);

}  // namespace sl::viewer
