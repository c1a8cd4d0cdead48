// Tools → Propose objects and Label objects with a detector: automatic objects for the whole
// scene, computed on a worker thread from a copy of the scene, applied as one undoable edit.
#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include "inference/io/ImageLoader.h"
#include "inference/objects/Labels.h"
#include "inference/objects/Proposals.h"
#include "ui/MainWindow.h"
#include "ui/SelectionController.h"
#include "ui/UndoCommands.h"

namespace sl::ui {

namespace {

struct ObjectsResult {
  std::vector<SceneObject> objects;
  Eigen::Vector3d up = Eigen::Vector3d::UnitZ();
  QString summary;  // for the status bar
  QString error;    // non-empty: nothing changed
};

}  // namespace

void MainWindow::buildObjectTools(QMenu* tools) {
  tools->addSeparator();
  QAction* propose = tools->addAction(tr("&Propose objects"));
  propose->setObjectName("proposeObjects");
  propose->setToolTip(tr("Find the floor and walls, cluster what stands on them, fit boxes"));
  QAction* label = tools->addAction(tr("&Label objects with detector…"));
  label->setObjectName("labelObjects");
  label->setToolTip(
      tr("Run a COCO object detector (Darknet YOLO) on the photos and name the "
         "objects it finds"));
  auto* watcher = new QFutureWatcher<ObjectsResult>(this);
  const auto set_busy = [propose, label](bool busy) {
    propose->setEnabled(!busy);
    label->setEnabled(!busy);
  };
  connect(watcher, &QFutureWatcher<ObjectsResult>::finished, this, [this, watcher, set_busy] {
    set_busy(false);
    const ObjectsResult r = watcher->result();
    if (!r.error.isEmpty()) {
      warn(tr("Objects"), r.error);
      return;
    }
    if (!scene_) return;
    selection_->clear();
    undo_->push(new SetObjectsCommand(scene_, r.objects, r.up, r.summary, sceneEditedFunction()));
    statusBar()->showMessage(r.summary, 8000);
  });
  const auto run = [this, watcher, set_busy](std::function<ObjectsResult(Scene)> work) {
    if (!scene_ || scene_->cloud.empty()) {
      warn(tr("Objects"), tr("The scene has no point cloud yet: reconstruct or open one first."));
      return;
    }
    set_busy(true);
    statusBar()->showMessage(tr("Finding objects…"));
    watcher->setFuture(QtConcurrent::run([copy = *scene_, work]() { return work(copy); }));
  };
  connect(propose, &QAction::triggered, this, [run] {
    run([](Scene s) {
      ObjectsResult r;
      auto res = objects::propose_objects(s);
      r.objects = std::move(res.objects);
      r.up = res.floor.found ? res.floor.up : s.up;
      r.summary = tr("Proposed %1 objects").arg(r.objects.size());
      return r;
    });
  });
  connect(label, &QAction::triggered, this, [this, run] {
    QSettings settings;
    QString dir = settings.value("detector/dir").toString();
    if (dir.isEmpty()) dir = QString::fromStdString(objects::Detector::configured_dir());
    if (dir.isEmpty() || !QFileInfo(dir).isDir()) {
      if (!interactive_) {
        warn(tr("Objects"), tr("No object detector is configured (SCENELENS_DETECTOR_DIR)."));
        return;
      }
      dir = QFileDialog::getExistingDirectory(
          this, tr("Folder with the detector (yolo-fastest-1.1 .cfg, .weights, coco.names)"));
      if (dir.isEmpty()) return;
    }
    settings.setValue("detector/dir", dir);
    const QString scene_dir = QFileInfo(scene_path_).absolutePath();
    run([dir, scene_dir](Scene s) {
      ObjectsResult r;
      try {
        objects::Detector detector(dir.toStdString());
        const auto rep = objects::label_with_detector(s, detector, [&](int v) {
          return io::load_view_photo(s.views[size_t(v)], scene_dir.toStdString());
        });
        r.objects = std::move(s.objects);
        r.up = s.up;
        r.summary = tr("Detector: %1 objects labelled, %2 new (%3 detections)")
                        .arg(rep.labelled)
                        .arg(rep.created)
                        .arg(rep.detections);
      } catch (const std::exception& e) {
        r.error = QString::fromStdString(e.what());
      }
      return r;
    });
  });
}

}  // namespace sl::ui
