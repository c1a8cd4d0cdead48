// Rubber-band box selection over the viewport: while enabled, a left-button drag in the 3D
// window draws a rectangle (instead of orbiting) and reports it on release. Also the camera
// maths to turn that rectangle into the clip-space test of objects::select_box.
#pragma once
#include <Eigen/Core>
#include <QObject>
#include <QPoint>
#include <QRect>

class QRubberBand;
class QWindow;

namespace sl::viewer {
class Viewport;
class OrbitCamera;
}  // namespace sl::viewer

namespace sl::ui {

class BoxSelectFilter : public QObject {
  Q_OBJECT
 public:
  explicit BoxSelectFilter(viewer::Viewport* viewport);
  // Enabling installs the filter on the viewport's native 3D window(s), ahead of the
  // viewport's own camera handling.
  void setEnabled(bool enabled);
  bool enabled() const { return enabled_; }

 Q_SIGNALS:
  // A dragged rectangle in viewport widget pixels, with the modifiers held at release.
  void rectSelected(const QRect& rect, Qt::KeyboardModifiers modifiers);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QPoint toViewport(QWindow* window, const QPointF& pos) const;
  viewer::Viewport* viewport_;
  QRubberBand* band_;
  bool enabled_ = false;
  bool dragging_ = false;
  QPoint origin_;
};

// OpenGL-style clip_from_world of the viewport camera for a w x h view (the same projection
// the viewport renders and picks with).
Eigen::Matrix4f clip_from_world(const viewer::OrbitCamera& camera, int w, int h);
// A widget-pixel rectangle as NDC corners (x right, y up), pixel centres as in picking.
void rect_to_ndc(const QRect& rect, int w, int h, Eigen::Vector2f* ndc_min,
                 Eigen::Vector2f* ndc_max);

}  // namespace sl::ui
