// The strip of photo thumbnails (one per view). Click: the viewport flies to that camera;
// double-click: a larger photo view; context menu: look through the camera.
#pragma once
#include <QImage>
#include <QListWidget>
#include <memory>

#include "scene/Scene.h"

namespace sl::ui {

// BGR / gray cv::Mat (8-bit) to a deep-copied QImage; null image when empty or unsupported.
QImage mat_to_qimage(const cv::Mat& mat);
// image_path resolved against the scene's folder when relative.
QString resolve_image_path(const View& view, const QString& scene_dir);
// The view's thumbnail, or its photo read at most `max_side` pixels; null when neither exists.
QImage view_thumbnail(const View& view, const QString& scene_dir, int max_side);

class PhotoStrip : public QListWidget {
  Q_OBJECT
 public:
  explicit PhotoStrip(QWidget* parent = nullptr);
  void setScene(std::shared_ptr<const Scene> scene, const QString& scene_dir);
  int viewCount() const { return count(); }

 Q_SIGNALS:
  void viewClicked(int view_index);
  void viewDoubleClicked(int view_index);
  void lookThroughRequested(int view_index);

 protected:
  void contextMenuEvent(QContextMenuEvent* event) override;

 private:
  std::shared_ptr<const Scene> scene_;
  QString scene_dir_;
};

}  // namespace sl::ui
