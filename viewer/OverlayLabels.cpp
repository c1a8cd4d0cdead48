#include "viewer/OverlayLabels.h"

#include <QEvent>
#include <QLabel>
#include <QPainter>
#include <QWidget>
#include <algorithm>

namespace sl::viewer {

OverlayLabels::OverlayLabels(QWidget* view, Anchor anchor)
    : QObject(view), view_(view), anchor_(std::move(anchor)) {}

void OverlayLabels::setTexts(const std::vector<QString>& texts) {
  for (QLabel* l : labels_) l->deleteLater();
  labels_.clear();
  for (const QString& text : texts) {
    auto* l = new QLabel(text, view_);
    l->setStyleSheet(
        QStringLiteral("QLabel { color: white; background: rgba(0,0,0,150); padding: 2px; }"));
    l->setWindowFlags(Qt::Tool | Qt::FramelessWindowHint | Qt::WindowDoesNotAcceptFocus |
                      Qt::WindowTransparentForInput);
    l->setAttribute(Qt::WA_ShowWithoutActivating);
    l->hide();
    labels_.push_back(l);
  }
  place();
}

void OverlayLabels::place() {
  at_.resize(labels_.size());
  // Shown only while the view is on screen (not minimised, not in a hidden tab).
  const bool on_screen = view_->isVisible() && !view_->window()->isMinimized();
  for (size_t i = 0; i < labels_.size(); ++i) {
    QLabel* l = labels_[i];
    const std::optional<QPoint> px = on_screen && !l->text().isEmpty() ? anchor_(i) : std::nullopt;
    if (!px || !view_->rect().contains(*px)) {
      l->hide();
      continue;
    }
    l->adjustSize();
    const QPoint at(
        std::clamp(px->x() - l->width() / 2, 0, std::max(0, view_->width() - l->width())),
        std::max(0, px->y() - l->height() - 4));
    at_[i] = at;
    l->move(view_->mapToGlobal(at));
    l->show();
    l->raise();
  }
}

void OverlayLabels::hideAll() {
  for (QLabel* l : labels_) l->hide();
}

void OverlayLabels::watchTopLevel() {
  QWidget* top = view_->window();
  if (top == top_) return;
  if (top_) top_->removeEventFilter(this);
  top_ = top;
  top_->installEventFilter(this);
}

void OverlayLabels::paint(QPainter& painter) const {
  for (size_t i = 0; i < labels_.size() && i < at_.size(); ++i)
    if (labels_[i]->isVisible()) labels_[i]->render(&painter, at_[i]);
}

bool OverlayLabels::eventFilter(QObject* watched, QEvent* event) {
  if (watched == top_) switch (event->type()) {
      case QEvent::Move:
      case QEvent::Resize:
      case QEvent::Show:
      case QEvent::Hide:
      case QEvent::WindowStateChange:
        place();
        break;
      default:
        break;
    }
  return QObject::eventFilter(watched, event);
}

}  // namespace sl::viewer
