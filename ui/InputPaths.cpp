#include "ui/InputPaths.h"

#include <QCollator>
#include <QDir>
#include <QFileInfo>
#include <algorithm>

#include "scene/SceneFile.h"

namespace sl::ui {

bool is_image_file(const QString& path) {
  static const QStringList exts = {"jpg", "jpeg", "png", "tif", "tiff", "bmp", "webp"};
  return exts.contains(QFileInfo(path).suffix().toLower());
}

bool is_video_file(const QString& path) {
  static const QStringList exts = {"mp4", "mov", "avi", "mkv"};
  return exts.contains(QFileInfo(path).suffix().toLower());
}

QStringList images_in_folder(const QString& folder) {
  QStringList out;
  const QDir dir(folder);
  for (const QFileInfo& fi : dir.entryInfoList(QDir::Files | QDir::Readable, QDir::NoSort))
    if (is_image_file(fi.fileName())) out << fi.absoluteFilePath();
  QCollator collator;
  collator.setNumericMode(true);
  std::sort(out.begin(), out.end(),
            [&](const QString& a, const QString& b) { return collator.compare(a, b) < 0; });
  return out;
}

ClassifiedPaths classify_paths(const QStringList& paths) {
  ClassifiedPaths c;
  for (const QString& p : paths) {
    const QFileInfo fi(p);
    if (is_video_file(p)) {
      c.videos << fi.absoluteFilePath();
    } else if (is_image_file(p) && !fi.isDir()) {
      c.images << fi.absoluteFilePath();
    } else if (sl::is_scene_like(p.toStdString())) {
      c.scenes << fi.absoluteFilePath();
    } else if (fi.isDir()) {
      const QStringList imgs = images_in_folder(p);
      if (imgs.isEmpty())
        c.unknown << p;
      else
        c.images << imgs;
    } else {
      c.unknown << p;
    }
  }
  return c;
}

}  // namespace sl::ui
