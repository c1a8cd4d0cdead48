#include "ui/BoxSelect.h"

#include <QMouseEvent>
#include <QRubberBand>
#include <QWindow>
#include <algorithm>
#include <cmath>

#include "viewer/Viewport.h"

namespace sl::ui {

BoxSelectFilter::BoxSelectFilter(viewer::Viewport* viewport)
    : QObject(viewport),
      viewport_(viewport),
      band_(new QRubberBand(QRubberBand::Rectangle, viewport)) {
  band_->setObjectName("boxSelectBand");
  band_->hide();
}

void BoxSelectFilter::setEnabled(bool enabled) {
  enabled_ = enabled;
  dragging_ = false;
  band_->hide();
  if (!enabled) return;
  QWindow* top = viewport_->window()->windowHandle();
  if (!top) return;
  for (QWindow* w : top->findChildren<QWindow*>()) {
    // Re-installing puts this filter first (filters run newest first).
    w->removeEventFilter(this);
    w->installEventFilter(this);
  }
}

QPoint BoxSelectFilter::toViewport(QWindow* window, const QPointF& pos) const {
  return viewport_->mapFromGlobal(window->mapToGlobal(pos.toPoint()));
}

bool BoxSelectFilter::eventFilter(QObject* watched, QEvent* event) {
  auto* window = qobject_cast<QWindow*>(watched);
  if (!enabled_ || !window) return QObject::eventFilter(watched, event);
  switch (event->type()) {
    case QEvent::MouseButtonPress: {
      auto* e = static_cast<QMouseEvent*>(event);
      if (e->button() != Qt::LeftButton) return false;
      dragging_ = true;
      origin_ = toViewport(window, e->position());
      band_->setGeometry(QRect(origin_, QSize(1, 1)));
      band_->show();
      band_->raise();
      return true;
    }
    case QEvent::MouseMove: {
      if (!dragging_) return false;
      auto* e = static_cast<QMouseEvent*>(event);
      band_->setGeometry(QRect(origin_, toViewport(window, e->position())).normalized());
      return true;
    }
    case QEvent::MouseButtonRelease: {
      auto* e = static_cast<QMouseEvent*>(event);
      if (!dragging_ || e->button() != Qt::LeftButton) return false;
      dragging_ = false;
      band_->hide();
      const QRect r = QRect(origin_, toViewport(window, e->position())).normalized();
      if (r.width() > 3 && r.height() > 3) Q_EMIT rectSelected(r, e->modifiers());
      return true;
    }
    default:
      return false;
  }
}

Eigen::Matrix4f clip_from_world(const viewer::OrbitCamera& cam, int w, int h) {
  const Eigen::Vector3d f = cam.forward(), r = cam.right(), u = cam.up.normalized();
  Eigen::Matrix4d view = Eigen::Matrix4d::Identity();
  view.block<1, 3>(0, 0) = r.transpose();
  view.block<1, 3>(1, 0) = u.transpose();
  view.block<1, 3>(2, 0) = -f.transpose();
  view.block<3, 1>(0, 3) = -view.block<3, 3>(0, 0) * cam.eye;
  const double aspect = double(std::max(1, w)) / std::max(1, h);
  const double t = 1.0 / std::tan(cam.vfov_deg * M_PI / 360.0);
  const double n = cam.near_plane, fa = cam.far_plane;
  Eigen::Matrix4d proj = Eigen::Matrix4d::Zero();
  proj(0, 0) = t / aspect;
  proj(1, 1) = t;
  proj(2, 2) = (fa + n) / (n - fa);
  proj(2, 3) = 2 * fa * n / (n - fa);
  proj(3, 2) = -1;
  return (proj * view).cast<float>();
}

void rect_to_ndc(const QRect& rect, int w, int h, Eigen::Vector2f* ndc_min,
                 Eigen::Vector2f* ndc_max) {
  auto ndc = [&](double x, double y) {
    return Eigen::Vector2f(float(2 * (x + 0.5) / std::max(1, w) - 1),
                           float(1 - 2 * (y + 0.5) / std::max(1, h)));
  };
  const Eigen::Vector2f a = ndc(rect.left(), rect.bottom()), b = ndc(rect.right(), rect.top());
  *ndc_min = a.cwiseMin(b);
  *ndc_max = a.cwiseMax(b);
}

}  // namespace sl::ui
