// What is selected in the viewport and how clicks change it. A tool mode decides what a click
// does: select the scene object under the point, grow a region from the point (a flood fill
// over the scene's objects::RegionGraph, stopped at the floor and walls), or place a
// measurement's ends. Shift-click adds to the selection, Ctrl-click removes from it. Changes go
// through the undo stack. The KD-tree, the stop planes and the region graph are built once per
// scene on a worker (QtConcurrent) from a copy of the cloud; growing runs there too, so the GUI
// thread never waits. The controller also composes the viewport's overlays: measurements, the
// selection's highlight and the last chat answer's drawings.
#pragma once
#include <Eigen/Core>
#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QPolygonF>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

#include "inference/objects/NewObject.h"
#include "inference/objects/PhotoCarve.h"
#include "scene/Scene.h"
#include "viewer/Viewport.h"

class QUndoStack;

namespace sl::ui {

enum class SelectionTool { SelectObject, SelectRegion, MeasureDistance, BoxSelect };

struct SelectionState {
  std::vector<int> objects;      // indices into Scene::objects, in selection order
  std::vector<uint32_t> points;  // a selected region (sorted cloud indices)
  bool empty() const { return objects.empty() && points.empty(); }
  bool operator==(const SelectionState& o) const {
    return objects == o.objects && points == o.points;
  }
  bool operator!=(const SelectionState& o) const { return !(*this == o); }
};

class SelectionController : public QObject {
  Q_OBJECT
 public:
  SelectionController(QUndoStack* undo, QObject* parent = nullptr);
  ~SelectionController() override;

  // A new scene: the selection is cleared (without undo) and the index rebuilt.
  void setScene(std::shared_ptr<const Scene> scene);
  // The cloud moved (levelling): rebuild the index; region results in flight are dropped.
  void geometryChanged();
  std::shared_ptr<const Scene> scene() const { return scene_; }

  SelectionTool tool() const { return tool_; }
  void setTool(SelectionTool tool);

  const SelectionState& selection() const { return selection_; }
  // Applies a selection as it is (used by undo commands): no undo entry.
  void setSelection(const SelectionState& state);
  // Changes the selection through the undo stack (nothing when unchanged).
  void select(const SelectionState& state, const QString& what);
  void clear();

  // A click on a cloud point, with the click's keyboard modifiers.
  void handlePick(uint32_t point_index, const Eigen::Vector3f& position,
                  Qt::KeyboardModifiers modifiers);
  // Box select: the points inside an NDC rectangle of clip_from_world (objects::select_box),
  // on a worker; Shift adds, Ctrl removes.
  void selectBox(const Eigen::Matrix4f& clip_from_world, const Eigen::Vector2f& ndc_min,
                 const Eigen::Vector2f& ndc_max, Qt::KeyboardModifiers modifiers);
  // The object whose points hold `point_index`, else the smallest box around `position`; -1.
  int objectAt(uint32_t point_index, const Eigen::Vector3f& position) const;

  QStringList selectedNames() const;
  // "2 objects selected: chair, table", "Region of 1234 points selected", "" when empty.
  QString statusText() const;
  // True while the index is built or a region grows.
  bool busy() const;
  bool indexReady() const { return index_ != nullptr; }
  // The floor the index found (with its band), for boxes of new objects; empty before.
  objects::FloorContact floorContact() const;
  // The first end of a distance being measured, if placed.
  std::optional<Eigen::Vector3d> pendingMeasurePoint() const { return measure_first_; }

  // The last chat answer's drawings (kept until the next answer or a new scene).
  void setAnswerOverlays(std::vector<viewer::Overlay> overlays);
  // Every object's box and name, not only the selected ones' (Display -> Show objects).
  void setShowObjects(bool show);
  bool showObjects() const { return show_objects_; }

  // SelectionPhoto.cpp. A click on photo `view` (`photo` is that photo as shown, `pixel` in
  // it): segmented in 2D (GrabCut with the view's depth) and lifted to 3D on a worker; the
  // region joins the selection as a 3D click's does (Shift adds, Ctrl removes). A Shift-click on
  // another photo of the thing the photo clicks so far selected also carves their union by
  // every clicked photo's outline (objects::add_photo_selection): what one photo sees beside
  // the thing goes, so stereo spill at its borders does not stretch it.
  void selectOnPhoto(int view, const QImage& photo, const QPoint& pixel,
                     Qt::KeyboardModifiers modifiers);
  // Outlines of the selection (selected points and objects' points) where photo `view` sees
  // them: closed polygons in pixels of the view's intrinsics; empty when it does not see them.
  std::vector<QPolygonF> selectionOutlinesInView(int view) const;
  std::vector<viewer::Overlay> overlays() const;

  struct Index;  // a cloud copy, its KD-tree, stop planes and region graph (built on a worker)

 Q_SIGNALS:
  void selectionChanged();
  void toolChanged(sl::ui::SelectionTool tool);
  void overlaysChanged();
  void busyChanged(bool busy);
  void indexBuilt();
  // Two points placed in measure mode.
  void distanceMeasured(const Eigen::Vector3d& a, const Eigen::Vector3d& b);
  void message(const QString& text);

 private:
  struct Grown {
    std::vector<uint32_t> points;
    Qt::KeyboardModifiers modifiers;
    int generation = 0;
    bool box = false;
    QString what;                              // the undo text; empty: region or box select
    QString problem;                           // shown to the user when nothing was selected
    std::optional<objects::PhotoUnion> photo;  // a photo click: the selection's new points
  };
  void buildIndex();
  void startGrow(uint32_t seed, Qt::KeyboardModifiers modifiers);
  void onGrown();
  void applyPhotoClick(const Grown& g);
  void combine(SelectionState next, Qt::KeyboardModifiers modifiers, const QString& what);

  QUndoStack* undo_;
  std::shared_ptr<const Scene> scene_;
  SelectionTool tool_ = SelectionTool::SelectObject;
  SelectionState selection_;
  std::shared_ptr<const Index> index_;
  QFutureWatcher<std::shared_ptr<const Index>>* index_watcher_;
  QFutureWatcher<Grown>* grow_watcher_;
  int generation_ = 0;  // bumped when the scene or its geometry changes
  std::optional<std::pair<uint32_t, Qt::KeyboardModifiers>> queued_seed_;
  std::optional<Eigen::Vector3d> measure_first_;
  std::vector<viewer::Overlay> answer_overlays_;
  bool show_objects_ = true;
  // The photo clicks' union and masks; they hold while selection_.points equals its points.
  objects::PhotoUnion photo_union_;
};

}  // namespace sl::ui
