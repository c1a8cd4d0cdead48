// Menus, toolbar, shortcuts, file dialogs, recent files, saving.
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>

#include "scene/SceneFile.h"
#include "ui/DisplayPanel.h"
#include "ui/InputPaths.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "viewer/Viewport.h"

namespace sl::ui {

namespace {
constexpr int kMaxRecent = 10;
}

void MainWindow::buildActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open scene/cloud…"), this, &MainWindow::openSceneDialog);
  open->setShortcut(QKeySequence::Open);
  file->addAction(tr("Open &photos…"), this, &MainWindow::openPhotosDialog);
  file->addAction(tr("Open &folder…"), this, &MainWindow::openFolderDialog);
  file->addAction(tr("Open &video…"), this, &MainWindow::openVideoDialog);
  recent_menu_ = file->addMenu(tr("&Recent files"));
  file->addSeparator();
  QAction* save = file->addAction(tr("&Save scene"), this, &MainWindow::saveScene);
  save->setShortcut(QKeySequence::Save);
  QAction* save_as = file->addAction(tr("Save scene &as…"), this, &MainWindow::saveSceneAs);
  save_as->setShortcut(QKeySequence("Ctrl+Shift+S"));
  buildExportMenu(file);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* fit = view->addAction(tr("&Fit to scene"), viewport_, &viewer::Viewport::fitToScene);
  fit->setShortcut(QKeySequence(Qt::Key_F));
  QAction* bigger =
      view->addAction(tr("Larger points"), this, [this] { display_->stepPointSize(+1); });
  bigger->setShortcuts({QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)});
  QAction* smaller =
      view->addAction(tr("Smaller points"), this, [this] { display_->stepPointSize(-1); });
  smaller->setShortcut(QKeySequence(Qt::Key_Minus));
  view->addSeparator();

  QMenu* recon = menuBar()->addMenu(tr("&Reconstruction"));
  reconstruct_action_ = recon->addAction(tr("&Reconstruct…"), this, &MainWindow::reconstructAction);
  reconstruct_action_->setShortcut(QKeySequence("Ctrl+R"));
  reconstruct_action_->setToolTip(tr("Reconstruct the scene from photos or a video (Ctrl+R)"));
  cancel_action_ = recon->addAction(tr("&Cancel"), runner_, &JobRunner::cancel);
  cancel_action_->setShortcut(QKeySequence(Qt::Key_Escape));
  cancel_action_->setEnabled(false);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About SceneLens"), this, &MainWindow::showAbout);

  QToolBar* tools = addToolBar(tr("Main"));
  tools->setObjectName("mainToolBar");
  tools->setMovable(false);
  tools->addAction(open);
  tools->addAction(save);
  tools->addSeparator();
  tools->addAction(reconstruct_action_);
  tools->addAction(cancel_action_);
  tools->addSeparator();
  tools->addAction(fit);

  // Dock toggles in the View menu.
  for (QDockWidget* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());
}

QStringList MainWindow::recentFiles() const {
  return QSettings("SceneLens", "SceneLens").value("recentFiles").toStringList();
}

void MainWindow::addRecentFile(const QString& path) {
  QStringList list = recentFiles();
  const QString abs = QFileInfo(path).absoluteFilePath();
  list.removeAll(abs);
  list.prepend(abs);
  while (list.size() > kMaxRecent) list.removeLast();
  QSettings("SceneLens", "SceneLens").setValue("recentFiles", list);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  recent_menu_->clear();
  const QStringList list = recentFiles();
  for (const QString& path : list)
    recent_menu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openPaths({path}); })
        ->setToolTip(path);
  recent_menu_->setEnabled(!list.isEmpty());
  if (!list.isEmpty()) {
    recent_menu_->addSeparator();
    recent_menu_->addAction(tr("Clear"), this, [this] {
      QSettings("SceneLens", "SceneLens").remove("recentFiles");
      rebuildRecentMenu();
    });
  }
}

QString MainWindow::lastFolder() const {
  return QSettings("SceneLens", "SceneLens")
      .value("lastFolder", QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
      .toString();
}

void MainWindow::setLastFolder(const QString& path) {
  const QFileInfo fi(path);
  QSettings("SceneLens", "SceneLens")
      .setValue("lastFolder", fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath());
}

void MainWindow::openSceneDialog() {
  const QString f = QFileDialog::getOpenFileName(
      this, tr("Open scene or point cloud"), lastFolder(),
      tr("Scenes and clouds (*.scenelens *.ply *.pcd *.glb *.gltf);;All files (*)"));
  if (!f.isEmpty()) openPaths({f});
}

void MainWindow::openPhotosDialog() {
  const QStringList files = QFileDialog::getOpenFileNames(
      this, tr("Photos to reconstruct"), lastFolder(),
      tr("Images (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.webp);;All files (*)"));
  if (!files.isEmpty()) openPaths(files);
}

void MainWindow::openFolderDialog() {
  const QString d = QFileDialog::getExistingDirectory(
      this, tr("Folder of photos or a COLMAP model"), lastFolder());
  if (!d.isEmpty()) openPaths({d});
}

void MainWindow::openVideoDialog() {
  const QString f = QFileDialog::getOpenFileName(this, tr("Video to reconstruct"), lastFolder(),
                                                 tr("Videos (*.mp4 *.mov *.avi *.mkv)"));
  if (!f.isEmpty()) openPaths({f});
}

void MainWindow::saveScene() {
  if (scene_path_.endsWith(".scenelens", Qt::CaseInsensitive))
    saveSceneTo(scene_path_);
  else
    saveSceneAs();
}

void MainWindow::saveSceneAs() {
  QString start = lastFolder();
  if (!scene_path_.isEmpty())
    start = QFileInfo(scene_path_).absolutePath() + "/" +
            QFileInfo(scene_path_).completeBaseName() + ".scenelens";
  QString f = QFileDialog::getSaveFileName(this, tr("Save scene"), start,
                                           tr("SceneLens scene (*.scenelens)"));
  if (f.isEmpty()) return;
  if (!f.endsWith(".scenelens", Qt::CaseInsensitive)) f += ".scenelens";
  saveSceneTo(f);
}

void MainWindow::reconstructAction() {
  if (!last_input_.image_paths.empty() || !last_input_.video_path.empty()) {
    reconstruct(last_input_);
    return;
  }
  // The photos of the current scene, when they can be found.
  ReconstructionInput input;
  if (scene_) {
    for (const View& v : scene_->views) {
      QString p = QString::fromStdString(v.image_path);
      if (!scene_path_.isEmpty() && QFileInfo(p).isRelative())
        p = QFileInfo(scene_path_).absolutePath() + "/" + p;
      if (QFileInfo::exists(p)) input.image_paths.push_back(p.toStdString());
    }
  }
  if (input.image_paths.size() >= 2)
    reconstruct(input);
  else
    openPhotosDialog();
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About SceneLens"),
                     tr("<b>SceneLens</b> %1<br>Photos or a video in, a 3D scene out: explore it, "
                        "measure it, ask spatial questions.")
                         .arg(QApplication::applicationVersion()));
}

}  // namespace sl::ui
