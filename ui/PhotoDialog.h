// A larger view of one photo: the photo scaled to the dialog, outlines drawn over it (an object a
// chat answer grounds in this photo, the current selection), and clicks on it reported in the
// photo's pixels (a click selects on the photo: SelectionController::selectOnPhoto).
#pragma once
#include <QColor>
#include <QDialog>
#include <QImage>
#include <QPolygonF>
#include <vector>

#include "scene/Scene.h"

class QLabel;

namespace sl::ui {

struct PhotoOutline {
  QString label;
  QPolygonF polygon;  // pixels of the view's intrinsics (width x height), closed
  QColor color = QColor(255, 200, 0);
};

class PhotoCanvas;

class PhotoDialog : public QDialog {
  Q_OBJECT
 public:
  PhotoDialog(int view_index, const View& view, const QString& scene_dir,
              QWidget* parent = nullptr);

  int viewIndex() const { return view_; }
  // The photo as read (full size, EXIF orientation applied); null when it cannot be read.
  const QImage& photo() const { return photo_; }
  // Replaces the outlines of one kind ("answer", "selection"), redrawn at once.
  void setOutlines(const QString& kind, std::vector<PhotoOutline> outlines);
  int outlineCount() const;
  // The photo's pixel under a point of the canvas widget; (-1, -1) when outside the photo.
  QPoint photoPixelAt(const QPoint& canvas_pos) const;
  // Where a photo pixel is drawn in the canvas widget (for tests).
  QPoint canvasPosOf(const QPointF& photo_px) const;
  QWidget* canvas() const;
  // The dialog (photo and outlines) as shown, for screenshots.
  QImage render();

 Q_SIGNALS:
  void photoClicked(int view_index, const QPoint& photo_pixel, Qt::KeyboardModifiers modifiers);

 private:
  friend class PhotoCanvas;
  int view_;
  QSize intrinsics_size_;
  QImage photo_;
  PhotoCanvas* canvas_;
  QLabel* info_;
  std::vector<std::pair<QString, std::vector<PhotoOutline>>> outlines_;
};

}  // namespace sl::ui
