#include "ui/PhotoDialog.h"

#include <QImageReader>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/PhotoStrip.h"

namespace sl::ui {

// Draws the photo scaled to fit (aspect kept, centred) and the outlines; reports clicks.
class PhotoCanvas : public QWidget {
 public:
  explicit PhotoCanvas(PhotoDialog* dialog) : QWidget(dialog), d_(dialog) {
    setMinimumSize(320, 240);
    setCursor(Qt::CrossCursor);
  }
  QSize sizeHint() const override {
    if (d_->photo_.isNull()) return {640, 480};
    return d_->photo_.size().scaled(1024, 768, Qt::KeepAspectRatio);
  }
  // The photo's rectangle in the widget.
  QRectF target() const {
    if (d_->photo_.isNull()) return {};
    const QSizeF s = QSizeF(d_->photo_.size()).scaled(QSizeF(size()), Qt::KeepAspectRatio);
    return QRectF(QPointF((width() - s.width()) / 2, (height() - s.height()) / 2), s);
  }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.fillRect(rect(), QColor(30, 32, 36));
    if (d_->photo_.isNull()) return;
    const QRectF t = target();
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(t, d_->photo_);
    if (d_->intrinsics_size_.isEmpty()) return;
    // Intrinsics pixels (0 = centre of the first pixel) to widget coordinates.
    const double sx = t.width() / d_->intrinsics_size_.width();
    const double sy = t.height() / d_->intrinsics_size_.height();
    p.setRenderHint(QPainter::Antialiasing);
    for (const auto& [kind, list] : d_->outlines_)
      for (const auto& o : list) {
        QPolygonF poly;
        for (const QPointF& q : o.polygon)
          poly << QPointF(t.left() + (q.x() + 0.5) * sx, t.top() + (q.y() + 0.5) * sy);
        QColor fill = o.color;
        fill.setAlpha(50);
        p.setPen(QPen(o.color, 2.5));
        p.setBrush(fill);
        p.drawPolygon(poly);
        if (!o.label.isEmpty() && !poly.isEmpty()) {
          const QRectF b = poly.boundingRect();
          p.setPen(Qt::black);
          p.drawText(b.topLeft() + QPointF(5, 15), o.label);
          p.setPen(o.color);
          p.drawText(b.topLeft() + QPointF(4, 14), o.label);
        }
      }
  }
  void mousePressEvent(QMouseEvent* e) override {
    if (e->button() != Qt::LeftButton) return;
    const QPoint px = d_->photoPixelAt(e->position().toPoint());
    if (px.x() >= 0) Q_EMIT d_->photoClicked(d_->view_, px, e->modifiers());
  }

 private:
  PhotoDialog* d_;
};

PhotoDialog::PhotoDialog(int view_index, const View& view, const QString& scene_dir,
                         QWidget* parent)
    : QDialog(parent), view_(view_index) {
  setWindowTitle(QString::fromStdString(
      view.name.empty() ? "photo " + std::to_string(view_index + 1) : view.name));
  setAttribute(Qt::WA_DeleteOnClose);
  QImageReader reader(resolve_image_path(view, scene_dir));
  reader.setAutoTransform(true);
  photo_ = reader.read();
  if (photo_.isNull()) photo_ = mat_to_qimage(view.thumbnail);
  if (!photo_.isNull()) photo_ = photo_.convertToFormat(QImage::Format_RGB888);
  intrinsics_size_ = view.intrinsics.valid() ? QSize(view.intrinsics.width, view.intrinsics.height)
                                             : photo_.size();
  canvas_ = new PhotoCanvas(this);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(canvas_, 1);
  const auto& k = view.intrinsics;
  info_ = new QLabel(this);
  if (photo_.isNull())
    info_->setText(tr("The photo %1 cannot be read.")
                       .arg(QString::fromStdString(view.image_path).toHtmlEscaped()));
  else
    info_->setText(tr("Photo %1 · %2 × %3 px · f = %4 px%5 · click an object to select it "
                      "(Shift adds, Ctrl removes)")
                       .arg(view_index + 1)
                       .arg(k.width)
                       .arg(k.height)
                       .arg(k.fx, 0, 'f', 1)
                       .arg(view.registered ? QString() : tr(" · not registered")));
  info_->setWordWrap(true);
  layout->addWidget(info_);
}

void PhotoDialog::setOutlines(const QString& kind, std::vector<PhotoOutline> outlines) {
  auto it = std::find_if(outlines_.begin(), outlines_.end(),
                         [&](const auto& e) { return e.first == kind; });
  if (it == outlines_.end())
    outlines_.emplace_back(kind, std::move(outlines));
  else
    it->second = std::move(outlines);
  canvas_->update();
}

int PhotoDialog::outlineCount() const {
  int n = 0;
  for (const auto& e : outlines_) n += int(e.second.size());
  return n;
}

QPoint PhotoDialog::photoPixelAt(const QPoint& pos) const {
  const QRectF t = canvas_->target();
  if (t.isEmpty() || !t.contains(QPointF(pos))) return {-1, -1};
  const int x = int((pos.x() - t.left()) * photo_.width() / t.width());
  const int y = int((pos.y() - t.top()) * photo_.height() / t.height());
  return {std::clamp(x, 0, photo_.width() - 1), std::clamp(y, 0, photo_.height() - 1)};
}

QPoint PhotoDialog::canvasPosOf(const QPointF& px) const {
  const QRectF t = canvas_->target();
  if (t.isEmpty()) return {};
  return QPointF(t.left() + (px.x() + 0.5) * t.width() / photo_.width(),
                 t.top() + (px.y() + 0.5) * t.height() / photo_.height())
      .toPoint();
}

QWidget* PhotoDialog::canvas() const {
  return canvas_;
}

QImage PhotoDialog::render() {
  return grab().toImage();
}

}  // namespace sl::ui
