#include "ui/SelectionController.h"

#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>
#include <limits>

#include "inference/objects/BoundaryPlanes.h"
#include "inference/objects/CloudIndex.h"
#include "inference/objects/Frame.h"
#include "inference/objects/Measure.h"
#include "inference/objects/RegionGraph.h"
#include "inference/objects/Selection.h"
#include "ui/SelectionIndex.h"
#include "ui/UndoCommands.h"

namespace sl::ui {

namespace {

std::shared_ptr<const SelectionController::Index> make_index(
    std::shared_ptr<SelectionController::Index> idx, Eigen::Vector3d up) {
  idx->tree = std::make_unique<objects::CloudIndex>(idx->cloud.xyz);
  const objects::BoundaryPlanes planes = objects::find_boundary_planes(idx->cloud, up);
  idx->grow.support_plane = planes.floor;
  idx->grow.stop_planes = planes.others;
  idx->planes = planes;
  idx->graph = objects::build_region_graph(idx->cloud, *idx->tree, idx->grow);
  return idx;
}

QString object_name(const Scene& s, int i) {
  if (i < 0 || size_t(i) >= s.objects.size()) return QString();
  const auto& o = s.objects[size_t(i)];
  return QString::fromStdString(o.name.empty() ? o.label : o.name);
}

std::vector<Eigen::Vector3f> box_corners(const OrientedBox& b) {
  std::vector<Eigen::Vector3f> out;
  for (const auto& c : b.corners()) out.push_back(c.cast<float>());
  return out;
}

}  // namespace

objects::FloorContact SelectionController::floorContact() const {
  if (!index_) return {};
  return {index_->planes.floor, index_->planes.distance};
}

SelectionController::SelectionController(QUndoStack* undo, QObject* parent)
    : QObject(parent),
      undo_(undo),
      index_watcher_(new QFutureWatcher<std::shared_ptr<const Index>>(this)),
      grow_watcher_(new QFutureWatcher<Grown>(this)) {
  connect(index_watcher_, &QFutureWatcherBase::finished, this, [this] {
    auto idx = index_watcher_->result();
    if (!idx || idx->generation != generation_) {
      buildIndex();  // the scene changed while building: build again
      return;
    }
    index_ = std::move(idx);
    Q_EMIT indexBuilt();
    if (queued_seed_) {
      const auto [seed, mods] = *queued_seed_;
      queued_seed_.reset();
      startGrow(seed, mods);
    } else {
      Q_EMIT busyChanged(busy());
    }
  });
  connect(grow_watcher_, &QFutureWatcherBase::finished, this, &SelectionController::onGrown);
}

SelectionController::~SelectionController() {
  // The workers hold their own copies (shared_ptr); wait so none outlives the watchers.
  index_watcher_->waitForFinished();
  grow_watcher_->waitForFinished();
}

void SelectionController::setScene(std::shared_ptr<const Scene> scene) {
  scene_ = std::move(scene);
  selection_ = {};
  photo_union_ = {};
  measure_first_.reset();
  answer_overlays_.clear();
  geometryChanged();
  Q_EMIT selectionChanged();
  Q_EMIT overlaysChanged();
}

void SelectionController::geometryChanged() {
  ++generation_;
  index_.reset();
  photo_union_ = {};  // the masks' outlines no longer match a moved cloud
  queued_seed_.reset();
  if (scene_ && !scene_->cloud.empty()) buildIndex();
  Q_EMIT busyChanged(busy());
}

void SelectionController::buildIndex() {
  if (index_watcher_->isRunning()) return;  // its result is dropped and this runs again
  if (!scene_ || scene_->cloud.empty()) return;
  auto idx = std::make_shared<Index>();
  // A copy: the scene may be edited (levelled) on the GUI thread while the worker reads.
  idx->cloud.xyz = scene_->cloud.xyz;
  idx->cloud.rgb = scene_->cloud.rgb;
  idx->cloud.normals = scene_->cloud.normals;
  idx->generation = generation_;
  index_watcher_->setFuture(QtConcurrent::run(make_index, idx, scene_->up));
}

bool SelectionController::busy() const {
  return index_watcher_->isRunning() || grow_watcher_->isRunning() || queued_seed_.has_value();
}

void SelectionController::setTool(SelectionTool tool) {
  if (tool == tool_) return;
  tool_ = tool;
  if (measure_first_) {
    measure_first_.reset();
    Q_EMIT overlaysChanged();
  }
  Q_EMIT toolChanged(tool);
}

void SelectionController::setSelection(const SelectionState& state) {
  selection_ = state;
  Q_EMIT selectionChanged();
  Q_EMIT overlaysChanged();
}

void SelectionController::select(const SelectionState& state, const QString& what) {
  if (state == selection_) return;
  if (undo_)
    undo_->push(new SelectionCommand(this, selection_, state, what));
  else
    setSelection(state);
}

void SelectionController::clear() {
  select({}, tr("Clear selection"));
}

int SelectionController::objectAt(uint32_t point_index, const Eigen::Vector3f& position) const {
  if (!scene_) return -1;
  const auto& objs = scene_->objects;
  for (size_t i = 0; i < objs.size(); ++i) {
    const auto& pts = objs[i].point_indices;
    if (std::find(pts.begin(), pts.end(), point_index) != pts.end()) return int(i);
  }
  // Boxes: the smallest holding the point (a little margin for points on the faces).
  const Eigen::AlignedBox3f b = scene_->cloud.bounds();
  const double margin = b.isEmpty() ? 0.0 : 0.002 * double(b.diagonal().norm());
  int best = -1;
  double best_volume = std::numeric_limits<double>::max();
  for (size_t i = 0; i < objs.size(); ++i) {
    if (!objs[i].box.contains(position.cast<double>(), margin)) continue;
    if (objs[i].box.volume() < best_volume) {
      best_volume = objs[i].box.volume();
      best = int(i);
    }
  }
  return best;
}

void SelectionController::combine(SelectionState next, Qt::KeyboardModifiers modifiers,
                                  const QString& what) {
  SelectionState s = selection_;
  if (modifiers & Qt::ControlModifier) {
    for (int o : next.objects)
      s.objects.erase(std::remove(s.objects.begin(), s.objects.end(), o), s.objects.end());
    s.points = objects::selection_difference(s.points, next.points);
  } else if (modifiers & Qt::ShiftModifier) {
    for (int o : next.objects)
      if (std::find(s.objects.begin(), s.objects.end(), o) == s.objects.end())
        s.objects.push_back(o);
    s.points = objects::selection_union(s.points, next.points);
  } else {
    s = std::move(next);
  }
  select(s, what);
}

void SelectionController::handlePick(uint32_t point_index, const Eigen::Vector3f& position,
                                     Qt::KeyboardModifiers modifiers) {
  if (!scene_) return;
  switch (tool_) {
    case SelectionTool::SelectObject: {
      const int o = objectAt(point_index, position);
      if (o < 0) {
        if (!(modifiers & (Qt::ShiftModifier | Qt::ControlModifier))) clear();
        Q_EMIT message(tr("No object there"));
        return;
      }
      SelectionState next;
      next.objects = {o};
      combine(next, modifiers, tr("Select %1").arg(object_name(*scene_, o)));
      return;
    }
    case SelectionTool::SelectRegion:
      if (index_ && !grow_watcher_->isRunning()) {
        startGrow(point_index, modifiers);
      } else {
        queued_seed_ = {point_index, modifiers};  // the latest click wins
        Q_EMIT busyChanged(true);
      }
      return;
    case SelectionTool::BoxSelect:
      return;  // drags select (BoxSelectFilter); clicks do nothing
    case SelectionTool::MeasureDistance: {
      const Eigen::Vector3d p = position.cast<double>();
      if (!measure_first_) {
        measure_first_ = p;
        Q_EMIT message(tr("Click the second point"));
        Q_EMIT overlaysChanged();
        return;
      }
      const Eigen::Vector3d a = *measure_first_;
      measure_first_.reset();
      Q_EMIT overlaysChanged();
      Q_EMIT distanceMeasured(a, p);
      return;
    }
  }
}

void SelectionController::startGrow(uint32_t seed, Qt::KeyboardModifiers modifiers) {
  auto idx = index_;
  if (!idx || seed >= idx->cloud.size()) return;
  const int gen = generation_;
  grow_watcher_->setFuture(QtConcurrent::run([idx, seed, modifiers, gen] {
    Grown g;
    g.points = objects::grow_region(idx->graph, idx->cloud, seed, idx->grow);
    g.modifiers = modifiers;
    g.generation = gen;
    return g;
  }));
  Q_EMIT busyChanged(true);
}

void SelectionController::selectBox(const Eigen::Matrix4f& clip_from_world,
                                    const Eigen::Vector2f& ndc_min, const Eigen::Vector2f& ndc_max,
                                    Qt::KeyboardModifiers modifiers) {
  auto idx = index_;
  if (!idx || grow_watcher_->isRunning()) {
    Q_EMIT message(tr("Still preparing the selection, try again in a moment"));
    return;
  }
  const int gen = generation_;
  grow_watcher_->setFuture(
      QtConcurrent::run([idx, clip_from_world, ndc_min, ndc_max, modifiers, gen] {
        Grown g;
        g.points = objects::select_box(idx->cloud, clip_from_world, ndc_min, ndc_max);
        g.modifiers = modifiers;
        g.generation = gen;
        g.box = true;
        return g;
      }));
  Q_EMIT busyChanged(true);
}

void SelectionController::onGrown() {
  const Grown g = grow_watcher_->result();
  const bool remove = g.modifiers & (Qt::ShiftModifier | Qt::ControlModifier);
  if (g.generation == generation_ && g.photo) {
    applyPhotoClick(g);
  } else if (g.generation == generation_ && (!g.points.empty() || (g.box && !remove))) {
    SelectionState next;
    next.points = g.points;
    combine(next, g.modifiers,
            !g.what.isEmpty() ? g.what
            : g.box           ? tr("Box select (%1 points)").arg(g.points.size())
                              : tr("Select region (%1 points)").arg(g.points.size()));
  }
  if (g.generation == generation_ && g.points.empty() && !g.problem.isEmpty())
    Q_EMIT message(g.problem);
  if (queued_seed_ && index_) {
    const auto [seed, mods] = *queued_seed_;
    queued_seed_.reset();
    startGrow(seed, mods);
    return;
  }
  Q_EMIT busyChanged(busy());
}

QStringList SelectionController::selectedNames() const {
  QStringList names;
  if (!scene_) return names;
  for (int o : selection_.objects) names << object_name(*scene_, o);
  return names;
}

QString SelectionController::statusText() const {
  QStringList parts;
  const QStringList names = selectedNames();
  if (names.size() == 1) parts << tr("1 object selected: %1").arg(names[0]);
  if (names.size() > 1)
    parts << tr("%1 objects selected: %2").arg(names.size()).arg(names.join(", "));
  if (!selection_.points.empty())
    parts << tr("region of %1 points selected").arg(selection_.points.size());
  QString text = parts.join(tr("; "));
  if (!text.isEmpty()) text[0] = text[0].toUpper();
  return text;
}

void SelectionController::setAnswerOverlays(std::vector<viewer::Overlay> overlays) {
  answer_overlays_ = std::move(overlays);
  Q_EMIT overlaysChanged();
}

void SelectionController::setShowObjects(bool show) {
  if (show == show_objects_) return;
  show_objects_ = show;
  Q_EMIT overlaysChanged();
}

std::vector<viewer::Overlay> SelectionController::overlays() const {
  std::vector<viewer::Overlay> out;
  if (!scene_) return out;
  using K = viewer::Overlay::Kind;
  for (const Measurement& m : scene_->measurements) {
    if (m.kind != Measurement::Kind::Distance || m.points.size() < 2) continue;
    viewer::Overlay o;
    o.kind = K::Line;
    o.points = {m.points[0].cast<float>(), m.points[1].cast<float>()};
    o.color = QColor(80, 220, 255);
    o.label = QString::fromStdString(objects::format_measurement(*scene_, m));
    out.push_back(std::move(o));
  }
  if (show_objects_)
    for (size_t i = 0; i < scene_->objects.size(); ++i) {
      if (std::find(selection_.objects.begin(), selection_.objects.end(), int(i)) !=
          selection_.objects.end())
        continue;  // drawn below, as selected
      viewer::Overlay o;
      o.kind = K::Box;
      o.points = box_corners(scene_->objects[i].box);
      o.color = QColor(255, 160, 60);
      o.label = object_name(*scene_, int(i));
      out.push_back(std::move(o));
    }
  for (int i : selection_.objects) {
    if (i < 0 || size_t(i) >= scene_->objects.size()) continue;
    viewer::Overlay o;
    o.kind = K::Box;
    OrientedBox b = scene_->objects[size_t(i)].box;
    b.size *= 1.04;  // just outside the object's surface points, so the outline shows
    o.points = box_corners(b);
    o.color = QColor(60, 255, 120);
    o.label = object_name(*scene_, i);
    out.push_back(std::move(o));
  }
  if (!selection_.points.empty()) {
    viewer::Overlay o;
    o.kind = K::Highlight;
    o.point_indices = selection_.points;
    o.color = QColor(60, 255, 120);
    out.push_back(std::move(o));
  }
  if (measure_first_) {
    viewer::Overlay o;
    o.kind = K::Line;  // a zero-length line: the placed end, with its label
    o.points = {measure_first_->cast<float>(), measure_first_->cast<float>()};
    o.color = QColor(80, 220, 255);
    o.label = tr("A");
    out.push_back(std::move(o));
  }
  out.insert(out.end(), answer_overlays_.begin(), answer_overlays_.end());
  return out;
}

}  // namespace sl::ui
