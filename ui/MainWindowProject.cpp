// Projects: saving on a worker thread with progress, the modified flag, autosave and crash
// recovery, and the view state (camera, display options) kept in the project file.
#include <QCloseEvent>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QUndoStack>

#include "scene/SceneFile.h"
#include "ui/Autosave.h"
#include "ui/ChatPanel.h"
#include "ui/DisplayPanel.h"
#include "ui/FileTask.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "ui/PointFilterPanel.h"
#include "viewer/Viewport.h"

namespace sl::ui {

namespace {

QJsonArray vec3(const Eigen::Vector3d& v) {
  return {v.x(), v.y(), v.z()};
}
bool vec3(const QJsonValue& j, Eigen::Vector3d* out) {
  const QJsonArray a = j.toArray();
  if (a.size() != 3) return false;
  *out = {a[0].toDouble(), a[1].toDouble(), a[2].toDouble()};
  return out->allFinite();
}

}  // namespace

void MainWindow::buildProjectSupport() {
  autosave_ = new Autosave(
      this, [this] { return projectSnapshot(); }, [this] { return scene_path_; });
  connect(autosave_, &Autosave::autosaved, this, [this](const QString&) {
    statusBar()->showMessage(tr("Autosaved (recoverable after a crash)"), 3000);
  });
  connect(autosave_, &Autosave::autosaveFailed, this,
          [this](const QString& m) { statusBar()->showMessage(m, 8000); });
  connect(chat_, &ChatPanel::turnAdded, this, [this] { markModified(); });
  connect(runner_, &JobRunner::succeeded, this, [this] { markModified(); });
  if (undo_) connect(undo_, &QUndoStack::indexChanged, this, [this] { markModified(); });
  connect(this, &MainWindow::sceneChanged, this, [this] {
    if (scene_ && !scene_->view_state_json.empty()) applyViewState(scene_->view_state_json);
  });
  save_progress_ = new QProgressBar(this);
  save_progress_->setObjectName("fileTaskProgress");
  save_progress_->setMaximumWidth(180);
  save_progress_->setRange(0, 1000);
  save_progress_->hide();
  statusBar()->addPermanentWidget(save_progress_);
}

bool MainWindow::isModified() const {
  return autosave_ && autosave_->modified();
}

void MainWindow::markModified() {
  if (!autosave_) return;
  autosave_->markModified();
  setWindowTitle(windowTitle().startsWith("* ") ? windowTitle() : "* " + windowTitle());
}

std::string MainWindow::viewStateJson() const {
  const viewer::OrbitCamera c = viewport_->camera();
  QJsonObject j;
  j["eye"] = vec3(c.eye);
  j["target"] = vec3(c.target);
  j["up"] = vec3(c.up);
  j["vfov_deg"] = c.vfov_deg;
  j["point_size"] = double(display_->pointSize());
  j["color_mode"] = int(display_->colorMode());
  j["show_cameras"] = display_->showCameras();
  j["show_grid"] = display_->showGrid();
  j["show_objects"] = display_->showObjects();
  j["point_filter"] = filters_->toJson();
  return QJsonDocument(j).toJson(QJsonDocument::Compact).toStdString();
}

void MainWindow::applyViewState(const std::string& json) {
  const QJsonObject j = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
  if (j.isEmpty()) return;
  if (j.contains("point_size")) display_->setPointSize(float(j["point_size"].toDouble()));
  if (j.contains("color_mode")) {
    const int mode = j["color_mode"].toInt();
    if (mode >= 0 && mode <= int(viewer::ColorMode::Normal))
      display_->setColorMode(viewer::ColorMode(mode));
  }
  if (j.contains("show_cameras")) display_->setShowCameras(j["show_cameras"].toBool());
  if (j.contains("show_grid")) display_->setShowGrid(j["show_grid"].toBool());
  if (j.contains("show_objects")) display_->setShowObjects(j["show_objects"].toBool());
  if (j["point_filter"].isObject()) filters_->fromJson(j["point_filter"].toObject());
  viewer::OrbitCamera c = viewport_->camera();
  if (vec3(j["eye"], &c.eye) && vec3(j["target"], &c.target) && vec3(j["up"], &c.up) &&
      (c.eye - c.target).norm() > 1e-9) {
    c.vfov_deg = j["vfov_deg"].toDouble(c.vfov_deg);
    viewport_->setCamera(c);
  }
}

std::shared_ptr<const Scene> MainWindow::projectSnapshot() const {
  if (!scene_) return nullptr;
  auto copy = std::make_shared<Scene>(*scene_);
  copy->view_state_json = viewStateJson();
  return copy;
}

bool MainWindow::saveSceneTo(const QString& path) {
  if (!scene_) return false;
  if (save_task_) {
    warn(tr("Cannot save the scene"), tr("A save is already running; wait for it to finish."));
    return false;
  }
  auto snapshot = projectSnapshot();
  const std::string target = path.toStdString();
  save_task_ =
      FileTask::start(this, tr("Saving %1").arg(path), [snapshot, target](JobContext& ctx) {
        SaveOptions opt;
        opt.progress = [&ctx](double f) { ctx.progress({"save", f, -1, "saving"}); };
        save_scene(*snapshot, target, opt);
        return target;
      });
  save_progress_->setValue(0);
  save_progress_->show();
  statusBar()->showMessage(tr("Saving %1…").arg(path));
  connect(save_task_, &FileTask::progressChanged, this,
          [this](double f, const QString&) { save_progress_->setValue(int(f * 1000)); });
  connect(save_task_, &FileTask::finished, this,
          [this, path](bool ok, bool, const QString& message) {
            save_task_ = nullptr;
            save_progress_->hide();
            if (!ok) {
              statusBar()->clearMessage();
              warn(tr("Cannot save the scene"),
                   tr("Saving %1 failed:\n%2\nThe previous file, if any, is unchanged.")
                       .arg(path, message));
              Q_EMIT sceneSaved(path, false);
              return;
            }
            scene_path_ = QFileInfo(path).absoluteFilePath();
            setWindowTitle(QString("%1 — SceneLens").arg(QFileInfo(path).fileName()));
            addRecentFile(path);
            setLastFolder(path);
            autosave_->markSaved();
            statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
            Q_EMIT sceneSaved(path, true);
          });
  return true;
}

std::vector<RecoverableSession> MainWindow::recoverableSessions() const {
  return Autosave::findRecoverable();
}

bool MainWindow::recoverSession(const RecoverableSession& session) {
  Scene s;
  try {
    s = load_scene(session.scene_file.toStdString());
  } catch (const std::exception& e) {
    warn(tr("Cannot recover"), tr("The autosaved work in %1 cannot be read:\n%2")
                                   .arg(session.scene_file, QString::fromUtf8(e.what())));
    return false;
  }
  setScene(std::make_shared<Scene>(std::move(s)), session.project_path);
  Autosave::discard(session);
  markModified();  // recovered work is unsaved until the user saves it
  statusBar()->showMessage(
      tr("Recovered the work autosaved at %1").arg(session.saved_at.toLocalTime().toString()),
      8000);
  return true;
}

void MainWindow::offerRecovery() {
  const auto sessions = recoverableSessions();
  if (sessions.empty() || !interactive_) return;
  const RecoverableSession& s = sessions.front();
  QMessageBox box(this);
  box.setIcon(QMessageBox::Question);
  box.setWindowTitle(tr("Recover unsaved work?"));
  box.setText(
      tr("SceneLens did not close properly. Work autosaved at %1%2 can be recovered.")
          .arg(s.saved_at.toLocalTime().toString(),
               s.project_path.isEmpty() ? QString() : tr(" (project %1)").arg(s.project_path)));
  QPushButton* recover = box.addButton(tr("Recover"), QMessageBox::AcceptRole);
  QPushButton* discard = box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
  box.addButton(tr("Later"), QMessageBox::RejectRole);
  box.exec();
  if (box.clickedButton() == recover)
    recoverSession(s);
  else if (box.clickedButton() == discard)
    Autosave::discard(s);
}

bool MainWindow::confirmClose() {
  if (!isModified() || !interactive_) return true;
  const auto choice = QMessageBox::question(
      this, tr("Unsaved changes"), tr("The scene has unsaved changes. Save them before quitting?"),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (choice == QMessageBox::Cancel) return false;
  if (choice == QMessageBox::Discard) return true;
  // Save, then close once the save has succeeded.
  if (!scene_path_.endsWith(".scenelens", Qt::CaseInsensitive)) {
    saveSceneAs();
    return false;
  }
  if (saveSceneTo(scene_path_)) {
    connect(
        this, &MainWindow::sceneSaved, this,
        [this](const QString&, bool ok) {
          if (ok) close();
        },
        Qt::SingleShotConnection);
  }
  return false;
}

}  // namespace sl::ui
