// Opening scenes, drag and drop, starting reconstructions and showing their progress.
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QStatusBar>
#include <QUrl>

#include "scene/SceneFile.h"
#include "ui/InputPaths.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "ui/ProgressPanel.h"
#include "viewer/Viewport.h"

#include <QDockWidget>

namespace sl::ui {

QStringList MainWindow::localFiles(const QMimeData* mime) {
  QStringList out;
  if (!mime || !mime->hasUrls()) return out;
  for (const QUrl& url : mime->urls())
    if (url.isLocalFile()) out << url.toLocalFile();
  return out;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!localFiles(event->mimeData()).isEmpty())
    event->acceptProposedAction();
  else
    event->ignore();
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event) {
  if (!localFiles(event->mimeData()).isEmpty())
    event->acceptProposedAction();
  else
    event->ignore();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QStringList files = localFiles(event->mimeData());
  if (files.isEmpty()) {
    event->ignore();
    return;
  }
  event->acceptProposedAction();
  openPaths(files);
}

bool MainWindow::openPaths(const QStringList& paths) {
  if (paths.isEmpty()) return false;
  const ClassifiedPaths c = classify_paths(paths);
  if (!c.unknown.isEmpty()) {
    warn(tr("Cannot open"),
         tr("SceneLens does not know what to do with:\n%1\n\nDrop photos (.jpg, .png…), a folder "
            "of photos, a video (.mp4, .mov, .avi, .mkv), a scene (.scenelens), a point cloud "
            "(.ply, .pcd) or a COLMAP model folder.")
             .arg(c.unknown.join('\n')));
  }
  if (!c.scenes.isEmpty()) {
    if (c.scenes.size() > 1 || !c.images.isEmpty() || !c.videos.isEmpty())
      statusBar()->showMessage(tr("Opened the first scene only: %1").arg(c.scenes.first()), 8000);
    return openScene(c.scenes.first());
  }
  if (!c.videos.isEmpty()) {
    if (!c.images.isEmpty() || c.videos.size() > 1)
      statusBar()->showMessage(tr("Reconstructing the first video only: %1").arg(c.videos.first()),
                               8000);
    ReconstructionInput input;
    input.video_path = c.videos.first().toStdString();
    setLastFolder(c.videos.first());
    return reconstruct(input);
  }
  if (!c.images.isEmpty()) {
    if (c.images.size() < 2) {
      warn(tr("Not enough photos"),
           tr("%1 is a single photo: a reconstruction needs at least two overlapping photos of "
              "the scene. Drop several photos or a folder of them.")
               .arg(c.images.first()));
      return false;
    }
    ReconstructionInput input;
    for (const QString& p : c.images) input.image_paths.push_back(p.toStdString());
    setLastFolder(c.images.first());
    return reconstruct(input);
  }
  return false;
}

bool MainWindow::openScene(const QString& path) {
  std::shared_ptr<Scene> scene;
  try {
    scene = std::make_shared<Scene>(load_any(path.toStdString()));
  } catch (const std::exception& e) {
    warn(tr("Cannot open %1").arg(QFileInfo(path).fileName()),
         tr("Opening %1 failed:\n%2").arg(path, QString::fromUtf8(e.what())));
    return false;
  }
  if (scene->source.empty()) scene->source = path.toStdString();
  setScene(std::move(scene), QFileInfo(path).absoluteFilePath());
  addRecentFile(path);
  setLastFolder(path);
  last_input_ = {};
  return true;
}

bool MainWindow::reconstruct(const ReconstructionInput& input) {
  QString error;
  const ReconstructionOptions options = progress_->options();
  progress_dock_->show();
  progress_dock_->raise();
  if (!runner_->start(input, options, &error)) {
    progress_->appendLog(int(LogLevel::Error), error);
    warn(tr("Cannot reconstruct"), error);
    return false;
  }
  last_input_ = input;
  const QString what = input.video_path.empty() ? tr("%1 photos").arg(input.image_paths.size())
                                                : QString::fromStdString(input.video_path);
  progress_->appendLog(int(LogLevel::Info),
                       tr("Reconstructing %1 with the %2 backend")
                           .arg(what, QString::fromStdString(options.backend)));
  return true;
}

void MainWindow::connectJobRunner() {
  connect(runner_, &JobRunner::started, this, [this] {
    progress_->setRunning(true);
    cancel_action_->setEnabled(true);
  });
  connect(runner_, &JobRunner::progressChanged, progress_, &ProgressPanel::setProgress);
  connect(runner_, &JobRunner::logMessage, progress_, &ProgressPanel::appendLog);
  connect(runner_, &JobRunner::snapshotPublished, this,
          [this](std::shared_ptr<const Scene> snapshot) { showView(std::move(snapshot)); });
  connect(runner_, &JobRunner::succeeded, this,
          [this](std::shared_ptr<Scene> scene, const ReconstructionReport& report) {
            cancel_action_->setEnabled(false);
            QString summary = QString::fromStdString(report.summary);
            if (summary.isEmpty())
              summary = report.ok ? tr("Reconstruction finished.") : tr("Reconstruction failed.");
            for (const auto& u : report.unplaced)
              progress_->appendLog(int(LogLevel::Warning),
                                   tr("%1: %2").arg(QString::fromStdString(u.image),
                                                    QString::fromStdString(u.reason)));
            progress_->setFinished(summary, report.ok);
            if (scene->source.empty() && !last_input_.video_path.empty())
              scene->source = last_input_.video_path;
            setScene(std::move(scene), QString());
            if (!report.ok) warn(tr("Reconstruction failed"), summary);
            Q_EMIT reconstructionFinished(report.ok);
          });
  connect(runner_, &JobRunner::failed, this, [this](const QString& message, bool cancelled) {
    cancel_action_->setEnabled(false);
    progress_->setFinished(message, false);
    // Keep the last snapshot on screen: a partial model is still worth looking at.
    if (!cancelled) warn(tr("Reconstruction failed"), message);
    Q_EMIT reconstructionFinished(false);
  });
}

}  // namespace sl::ui
