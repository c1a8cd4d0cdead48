#include "ui/PhotoStrip.h"

#include <QContextMenuEvent>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QVBoxLayout>
#include <opencv2/imgproc.hpp>

namespace sl::ui {

namespace {
constexpr int kThumbSide = 96;
}

QImage mat_to_qimage(const cv::Mat& mat) {
  if (mat.empty() || mat.depth() != CV_8U) return {};
  cv::Mat rgb;
  if (mat.channels() == 3)
    cv::cvtColor(mat, rgb, cv::COLOR_BGR2RGB);
  else if (mat.channels() == 4)
    cv::cvtColor(mat, rgb, cv::COLOR_BGRA2RGB);
  else if (mat.channels() == 1)
    cv::cvtColor(mat, rgb, cv::COLOR_GRAY2RGB);
  else
    return {};
  return QImage(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888).copy();
}

QString resolve_image_path(const View& view, const QString& scene_dir) {
  const QString p = QString::fromStdString(view.image_path);
  if (p.isEmpty() || QFileInfo(p).isAbsolute() || scene_dir.isEmpty()) return p;
  return QDir(scene_dir).filePath(p);
}

QImage view_thumbnail(const View& view, const QString& scene_dir, int max_side) {
  QImage img = mat_to_qimage(view.thumbnail);
  if (img.isNull()) {
    QImageReader reader(resolve_image_path(view, scene_dir));
    reader.setAutoTransform(true);
    const QSize s = reader.size();
    if (s.isValid() && std::max(s.width(), s.height()) > max_side)
      reader.setScaledSize(s.scaled(max_side, max_side, Qt::KeepAspectRatio));
    img = reader.read();
  }
  if (!img.isNull() && std::max(img.width(), img.height()) > max_side)
    img = img.scaled(max_side, max_side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  return img;
}

PhotoStrip::PhotoStrip(QWidget* parent) : QListWidget(parent) {
  setObjectName("photoStrip");
  setViewMode(QListView::IconMode);
  setFlow(QListView::LeftToRight);
  setWrapping(false);
  setMovement(QListView::Static);
  setResizeMode(QListView::Adjust);
  setIconSize(QSize(kThumbSide, kThumbSide));
  setSpacing(4);
  setUniformItemSizes(true);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setMinimumHeight(kThumbSide + 48);
  connect(this, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { Q_EMIT viewClicked(row(item)); });
  connect(this, &QListWidget::itemDoubleClicked, this,
          [this](QListWidgetItem* item) { Q_EMIT viewDoubleClicked(row(item)); });
}

void PhotoStrip::setScene(std::shared_ptr<const Scene> scene, const QString& scene_dir) {
  scene_ = std::move(scene);
  scene_dir_ = scene_dir;
  clear();
  if (!scene_) return;
  QPixmap missing(kThumbSide, kThumbSide * 3 / 4);
  missing.fill(QColor(70, 70, 70));
  for (size_t i = 0; i < scene_->views.size(); ++i) {
    const View& v = scene_->views[i];
    const QImage img = view_thumbnail(v, scene_dir_, kThumbSide);
    const QString name = v.name.empty() ? tr("view %1").arg(i) : QString::fromStdString(v.name);
    auto* item = new QListWidgetItem(img.isNull() ? QIcon(missing) : QIcon(QPixmap::fromImage(img)),
                                     QFileInfo(name).fileName());
    item->setToolTip(name + (v.registered ? QString() : tr(" (not registered)")));
    if (!v.registered) item->setForeground(QColor(200, 80, 80));
    addItem(item);
  }
}

void PhotoStrip::contextMenuEvent(QContextMenuEvent* event) {
  QListWidgetItem* item = itemAt(event->pos());
  if (!item) return;
  const int index = row(item);
  QMenu menu(this);
  menu.addAction(tr("Fly to camera"), this, [this, index] { Q_EMIT viewClicked(index); });
  menu.addAction(tr("Look through camera"), this,
                 [this, index] { Q_EMIT lookThroughRequested(index); });
  menu.addAction(tr("Open photo"), this, [this, index] { Q_EMIT viewDoubleClicked(index); });
  menu.exec(event->globalPos());
}

}  // namespace sl::ui
