// MainWindow: the point filters dock (PointFilterPanel). The panel's filter is shown as a
// viewport mask over scene_ (nothing is recomputed but the mask: the cache is built once per
// cloud); "Apply to scene" makes it the scene's cloud through the undo stack.
#include <QDockWidget>
#include <QStatusBar>
#include <QUndoStack>

#include "inference/dense/DenseStereo.h"
#include "ui/MainWindow.h"
#include "ui/PointFilterPanel.h"
#include "ui/SelectionController.h"
#include "viewer/Viewport.h"

namespace sl::ui {

void MainWindow::buildPointFilters() {
  filters_ = new PointFilterPanel(this);
  filters_dock_ = new QDockWidget(tr("Point filters"), this);
  filters_dock_->setObjectName("filtersDock");
  filters_dock_->setWidget(filters_);
  auto* display_dock = findChild<QDockWidget*>("displayDock");
  addDockWidget(Qt::LeftDockWidgetArea, filters_dock_);
  if (display_dock) splitDockWidget(display_dock, filters_dock_, Qt::Vertical);
  connect(filters_, &PointFilterPanel::filterChanged, this, &MainWindow::updatePointFilter);
  connect(filters_, &PointFilterPanel::applyRequested, this, &MainWindow::applyPointFilter);
  // A new scene starts unfiltered (a project's saved filter follows, in applyViewState).
  connect(this, &MainWindow::sceneChanged, this, [this] {
    filters_->reset();
    pointFiltersSceneChanged();
  });
}

void MainWindow::pointFiltersSceneChanged() {
  filter_cache_.reset();
  if (!scene_) return;
  filters_->setScene(*scene_);
  updatePointFilter();
}

// The per-point data of the filters (no copy of the cloud: scene_'s is passed to dense_keep;
// any geometry change drops the cache, in pointFiltersSceneChanged).
void MainWindow::ensureFilterCache() {
  if (!filter_cache_ || filter_cache_->outlier.size() != scene_->cloud.size())
    filter_cache_ =
        std::make_shared<const dense::DenseCache>(dense::cache_from_scene(*scene_, false));
}

void MainWindow::updatePointFilter() {
  // A running reconstruction's snapshots are shown unfiltered: the filter is of scene_.
  if (!scene_ || shown_ != scene_) return;
  const size_t total = scene_->cloud.size();
  const dense::DenseFilter f = filters_->filter();
  if (f.is_identity()) {
    viewport_->setPointMask({});
    filters_->setShownCount(total, total);
    return;
  }
  ensureFilterCache();
  std::vector<uint8_t> mask(total, 0);
  const std::vector<uint32_t> keep = dense::dense_keep(*filter_cache_, f, &scene_->cloud);
  for (uint32_t i : keep) mask[i] = 1;
  viewport_->setPointMask(std::move(mask));
  filters_->setShownCount(keep.size(), total);
}

void MainWindow::applyPointFilter() {
  if (!scene_ || scene_->cloud.empty()) return;
  const dense::DenseFilter f = filters_->filter();
  if (f.is_identity()) {
    statusBar()->showMessage(tr("No filter is on: the scene keeps all its points"), 5000);
    return;
  }
  ensureFilterCache();
  std::vector<uint32_t> keep = dense::dense_keep(*filter_cache_, f, &scene_->cloud);
  const size_t before = scene_->cloud.size();
  // The new cloud is the filtered one: the controls start again from "everything shown".
  filters_->reset();
  const QString text = tr("Keep %1 of %2 points (point filters)").arg(keep.size()).arg(before);
  // The selection holds point indices of the old cloud: cleared in the same undo step.
  undo_->beginMacro(text);
  selection_->clear();
  undo_->push(new KeepPointsCommand(scene_, std::move(keep), text, sceneEditedFunction()));
  undo_->endMacro();
  statusBar()->showMessage(text, 8000);
}

}  // namespace sl::ui
