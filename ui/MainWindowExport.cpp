// File > Export: every inference/export format on a worker thread (status-bar progress), the
// selected objects alone, a screenshot of the viewport, and a turntable image sequence.
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QProgressBar>
#include <QStatusBar>
#include <cmath>
#include <functional>
#include <memory>

#include "inference/export/ExportScene.h"
#include "ui/FileTask.h"
#include "ui/MainWindow.h"
#include "ui/SelectionController.h"
#include "viewer/Viewport.h"

namespace sl::ui {

void MainWindow::buildExportMenu(QMenu* file) {
  QMenu* menu = file->addMenu(tr("&Export"));
  menu->setObjectName("exportMenu");
  for (const auto& f : export_formats()) {
    if (f.id == "gltf" || f.id == "scenelens") continue;  // glb covers glTF; Save as, projects
    QAction* a = menu->addAction(QString::fromStdString(f.description) + "…");
    a->setObjectName(QString("export_%1").arg(QString::fromStdString(f.id)));
    const QString id = QString::fromStdString(f.id);
    connect(a, &QAction::triggered, this, [this, id] { exportDialog(id); });
  }
  menu->addSeparator();
  QAction* sel = menu->addAction(tr("Selected objects as GLB…"));
  sel->setObjectName("export_selected");
  connect(sel, &QAction::triggered, this, [this] { exportDialog("selected"); });
  QAction* shot = menu->addAction(tr("Screenshot of the viewport (PNG)…"));
  shot->setObjectName("export_screenshot");
  connect(shot, &QAction::triggered, this, [this] { exportDialog("screenshot"); });
  QAction* turn = menu->addAction(tr("Turntable image sequence…"));
  turn->setObjectName("export_turntable");
  connect(turn, &QAction::triggered, this, &MainWindow::turntableDialog);
}

void MainWindow::exportDialog(const QString& format) {
  const QString base =
      QFileInfo(scene_path_.isEmpty() ? QString("scene") : scene_path_).completeBaseName();
  const QString start = lastFolder() + "/" + base;
  QString path;
  if (format == "screenshot") {
    path = QFileDialog::getSaveFileName(this, tr("Save a screenshot"), start + ".png",
                                        tr("PNG image (*.png)"));
  } else if (format == "selected") {
    path = QFileDialog::getSaveFileName(this, tr("Export the selected objects"),
                                        start + "_selection.glb", tr("glTF binary (*.glb)"));
  } else {
    const auto& formats = export_formats();
    const auto it = std::find_if(formats.begin(), formats.end(),
                                 [&](const auto& f) { return f.id == format.toStdString(); });
    if (it == formats.end()) return;
    if (it->writes_folder) {
      path = QFileDialog::getExistingDirectory(this, tr("Export into folder"), lastFolder());
    } else {
      const QString ext = QString::fromStdString(it->extension);
      const QString filter = format == "mesh" ? tr("Mesh (*.ply *.obj *.glb)")
                                              : tr("%1 (*.%2)").arg(ext.toUpper(), ext);
      path = QFileDialog::getSaveFileName(this, tr("Export"), start + "." + ext, filter);
    }
  }
  if (path.isEmpty()) return;
  setLastFolder(path);
  exportTo(format, path);
}

bool MainWindow::exportTo(const QString& format, const QString& path) {
  if (format == "screenshot") {
    // Captured from the renderer (not the screen), so a window over the viewport does not end
    // up in the picture; exportFinished follows once the frame is drawn.
    viewport_->capture([this, path](const QImage& img) {
      const bool ok = !img.isNull() && img.save(path);
      const QString message =
          ok ? tr("Saved the viewport (%1x%2) to %3").arg(img.width()).arg(img.height()).arg(path)
          : img.isNull() ? tr("The viewport drew no frame to save (is the window minimised?)")
                         : tr("Cannot write the screenshot %1 (folder not writable?)").arg(path);
      if (!ok) warn(tr("Screenshot failed"), message);
      statusBar()->showMessage(message, 5000);
      Q_EMIT exportFinished(path, ok, message);
    });
    return true;
  }
  if (!scene_ || (scene_->cloud.empty() && scene_->views.empty())) {
    warn(tr("Nothing to export"), tr("Open or reconstruct a scene first."));
    return false;
  }
  if (export_task_) {
    warn(tr("Export running"), tr("An export is already running; wait for it to finish."));
    return false;
  }
  ExportRequest request;
  request.format = format.toStdString();
  request.output = path.toStdString();
  if (format == "selected") {
    request.format = "glb";
    const QStringList names = selection_ ? selection_->selectedNames() : QStringList();
    if (names.isEmpty()) {
      warn(tr("Nothing selected"), tr("Select one or more objects first (click them)."));
      return false;
    }
    for (const QString& n : names) request.objects.push_back(n.toStdString());
  }
  auto snapshot = std::shared_ptr<const Scene>(std::make_shared<Scene>(*scene_));
  export_task_ = FileTask::start(
      this, tr("Exporting %1").arg(path),
      [snapshot, request](JobContext& ctx) { return export_scene(*snapshot, request, &ctx); });
  save_progress_->setValue(0);
  save_progress_->show();
  statusBar()->showMessage(tr("Exporting %1…").arg(path));
  connect(export_task_, &FileTask::progressChanged, this, [this](double f, const QString& m) {
    save_progress_->setValue(int(f * 1000));
    if (!m.isEmpty()) statusBar()->showMessage(m);
  });
  connect(export_task_, &FileTask::finished, this,
          [this, path](bool ok, bool, const QString& message) {
            export_task_ = nullptr;
            save_progress_->hide();
            statusBar()->showMessage(ok ? message : tr("Export failed"), 8000);
            if (!ok) warn(tr("Export failed"), tr("Exporting %1 failed:\n%2").arg(path, message));
            Q_EMIT exportFinished(path, ok, message);
          });
  return true;
}

void MainWindow::turntableDialog() {
  const QString folder =
      QFileDialog::getExistingDirectory(this, tr("Turntable frames into folder"), lastFolder());
  if (folder.isEmpty()) return;
  bool ok = false;
  const int frames = QInputDialog::getInt(this, tr("Turntable"), tr("Frames (one full turn):"), 36,
                                          2, 3600, 1, &ok);
  if (ok) exportTurntable(folder, frames);
}

bool MainWindow::exportTurntable(const QString& folder, int frames) {
  if (frames < 1 || !QDir().mkpath(folder)) {
    warn(tr("Turntable"), tr("Cannot create the folder %1").arg(folder));
    return false;
  }
  const viewer::OrbitCamera start = viewport_->camera();
  // Each frame: set the camera, capture the next frame the renderer draws (the moved view; not a
  // screen grab, which picks up whatever window lies over the viewport), save it, go on.
  auto step = std::make_shared<std::function<void(int)>>();
  const auto finish = [this, start, folder, step](bool ok, const QString& m) {
    viewport_->setCamera(start);
    save_progress_->hide();
    if (ok)
      statusBar()->showMessage(m, 8000);
    else
      warn(tr("Turntable failed"), m);
    Q_EMIT exportFinished(folder, ok, m);
    *step = nullptr;  // breaks the cycle step -> lambda -> step
  };
  *step = [this, start, folder, frames, finish, weak = std::weak_ptr(step)](int i) {
    viewer::OrbitCamera c = start;
    const Eigen::AngleAxisd turn(2 * M_PI * double(i) / double(frames),
                                 start.scene_up.normalized());
    c.eye = start.target + turn * (start.eye - start.target);
    c.up = turn * start.up;
    viewport_->setCamera(c);
    viewport_->capture([this, i, folder, frames, finish, weak](const QImage& img) {
      const QString file = QString("%1/frame_%2.png").arg(folder).arg(i, 4, 10, QChar('0'));
      if (img.isNull()) {
        finish(false, tr("The viewport drew no frame for %1 (is the window minimised?)").arg(file));
        return;
      }
      if (!img.save(file)) {
        finish(false, tr("Cannot write %1 (folder not writable or disk full)").arg(file));
        return;
      }
      save_progress_->setValue((i + 1) * 1000 / frames);
      if (i + 1 == frames) {
        finish(true, tr("Wrote %1 turntable frames to %2").arg(frames).arg(folder));
        return;
      }
      if (const auto next = weak.lock(); next && *next) (*next)(i + 1);
    });
  };
  save_progress_->setValue(0);
  save_progress_->show();
  (*step)(0);
  return true;
}

}  // namespace sl::ui
