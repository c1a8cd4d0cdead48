// SelectionController's clicks on photos: segmented and lifted on a worker, then united the way
// objects::add_photo_selection does (more photos of the same thing carve each other's spill).
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "inference/objects/PhotoSelect.h"
#include "ui/SelectionController.h"
#include "ui/SelectionIndex.h"

namespace sl::ui {

void SelectionController::selectOnPhoto(int view, const QImage& photo, const QPoint& pixel,
                                        Qt::KeyboardModifiers modifiers) {
  auto idx = index_;
  auto scene = scene_;
  if (!scene || !idx || grow_watcher_->isRunning()) {
    Q_EMIT message(tr("Still preparing the selection, try again in a moment"));
    return;
  }
  if (photo.isNull()) {
    Q_EMIT message(tr("This photo cannot be read, so nothing can be selected on it"));
    return;
  }
  // A deep BGR copy for the worker.
  const QImage rgb = photo.convertToFormat(QImage::Format_RGB888);
  cv::Mat bgr;
  cv::cvtColor(cv::Mat(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                       size_t(rgb.bytesPerLine())),
               bgr, cv::COLOR_RGB2BGR);
  const int gen = generation_;
  const cv::Point px(pixel.x(), pixel.y());
  // The photo clicks so far, while the selected points are still what they made.
  objects::PhotoUnion current;
  current.points = selection_.points;
  if (photo_union_.points == selection_.points) current.masks = photo_union_.masks;
  grow_watcher_->setFuture(QtConcurrent::run([scene, idx, view, bgr, px, modifiers, gen,
                                              current = std::move(current)]() mutable {
    objects::PhotoSelectOptions o;
    o.stop_planes = idx->planes.all();
    o.plane_distance = idx->planes.distance;
    objects::PhotoStroke stroke;
    stroke.foreground = {px};
    const objects::PhotoSelection sel = objects::select_on_photo(*scene, view, bgr, stroke, o);
    Grown g;
    g.points = sel.points;
    g.modifiers = modifiers;
    g.generation = gen;
    g.problem = QString::fromStdString(sel.message);
    g.what = tr("Select on photo %1 (%2 points)").arg(view + 1).arg(sel.points.size());
    if (sel.points.empty()) return g;
    objects::ViewMask mask{view, sel.mask};
    if (modifiers & Qt::ControlModifier) {
      g.photo = objects::subtract_photo_selection(std::move(current), sel.points, mask);
      g.what = tr("Remove on photo %1 (%2 points)").arg(view + 1).arg(sel.points.size());
    } else if (modifiers & Qt::ShiftModifier) {
      g.photo =
          objects::add_photo_selection(*scene, std::move(current), sel.points, std::move(mask), o);
      if (g.photo->masks.size() >= 2)  // recognised as another photo of the same thing
        g.what = tr("Add photo %1 of the same thing (%2 points)")
                     .arg(view + 1)
                     .arg(g.photo->points.size());
    } else {
      g.photo = objects::add_photo_selection(*scene, {}, sel.points, std::move(mask), o);
    }
    return g;
  }));
  Q_EMIT busyChanged(true);
}

void SelectionController::applyPhotoClick(const Grown& g) {
  SelectionState next;
  if (g.modifiers & (Qt::ShiftModifier | Qt::ControlModifier)) next.objects = selection_.objects;
  next.points = g.photo->points;
  photo_union_ = *g.photo;
  select(next, g.what);
}

std::vector<QPolygonF> SelectionController::selectionOutlinesInView(int view) const {
  std::vector<QPolygonF> out;
  if (!scene_) return out;
  std::vector<uint32_t> points = selection_.points;
  for (int o : selection_.objects)
    if (o >= 0 && size_t(o) < scene_->objects.size()) {
      std::vector<uint32_t> own = scene_->objects[size_t(o)].point_indices;
      std::sort(own.begin(), own.end());
      points = objects::selection_union(points, own);
    }
  for (const auto& poly : objects::outline_points_in_view(*scene_, view, points)) {
    QPolygonF q;
    for (const auto& p : poly) q << QPointF(p.x, p.y);
    out.push_back(q);
  }
  return out;
}

}  // namespace sl::ui
