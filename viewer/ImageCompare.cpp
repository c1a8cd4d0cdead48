#include "viewer/ImageCompare.h"

#include <algorithm>
#include <cstdlib>

namespace sl::viewer {

QString ImageDiff::describe() const {
  if (size_mismatch) return QStringLiteral("image sizes differ");
  return QStringLiteral("mean abs diff %1 (0..255), %2% of pixels differ by > 32")
      .arg(mean_abs, 0, 'f', 3)
      .arg(percent_over_32, 0, 'f', 3);
}

ImageDiff compare_images(const QImage& a, const QImage& b) {
  ImageDiff out;
  if (a.size() != b.size() || a.isNull()) {
    out.size_mismatch = true;
    out.mean_abs = 255;
    out.percent_over_32 = 100;
    return out;
  }
  const QImage ia = a.convertToFormat(QImage::Format_RGB888);
  const QImage ib = b.convertToFormat(QImage::Format_RGB888);
  double sum = 0;
  size_t over = 0;
  for (int y = 0; y < ia.height(); ++y) {
    const uchar* ra = ia.constScanLine(y);
    const uchar* rb = ib.constScanLine(y);
    for (int x = 0; x < ia.width(); ++x) {
      int worst = 0;
      for (int c = 0; c < 3; ++c) {
        const int diff = std::abs(int(ra[3 * x + c]) - int(rb[3 * x + c]));
        sum += diff;
        worst = std::max(worst, diff);
      }
      if (worst > 32) ++over;
    }
  }
  const double n = double(ia.width()) * ia.height();
  out.mean_abs = sum / (3 * n);
  out.percent_over_32 = 100.0 * double(over) / n;
  return out;
}

}  // namespace sl::viewer
