// What a dropped or opened path is: a scene to open, photos or a video to reconstruct.
#pragma once
#include <QString>
#include <QStringList>

namespace sl::ui {

bool is_image_file(const QString& path);  // .jpg .jpeg .png .tif .tiff .bmp .webp
bool is_video_file(const QString& path);  // .mp4 .mov .avi .mkv
// The images directly inside a folder, sorted by name (natural order).
QStringList images_in_folder(const QString& folder);

struct ClassifiedPaths {
  QStringList scenes;  // accepted by sl::load_any
  QStringList images;  // photos (files, and the photos of dropped folders)
  QStringList videos;
  QStringList unknown;  // neither: reported to the user
};
ClassifiedPaths classify_paths(const QStringList& paths);

}  // namespace sl::ui
