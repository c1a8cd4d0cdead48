#include "ui/MainWindow.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QWindow>

#include "ui/Autosave.h"
#include "ui/ChatBridge.h"
#include "ui/ChatPanel.h"
#include "ui/DisplayPanel.h"
#include "ui/JobRunner.h"
#include "ui/PhotoStrip.h"
#include "ui/ProgressPanel.h"
#include "viewer/Viewport.h"

namespace sl::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName("mainWindow");
  setWindowTitle("SceneLens");
  setAcceptDrops(true);
  resize(1280, 800);
  viewport_ = new viewer::Viewport(this);
  viewport_->setObjectName("viewport");
  setCentralWidget(viewport_);
  runner_ = new JobRunner(this);
  buildDocks();
  buildPointFilters();
  buildActions();
  buildSelectionUi();
  buildPhotoUi();
  connectJobRunner();
  buildProjectSupport();

  scene_label_ = new QLabel(this);
  scene_label_->setObjectName("sceneStatus");
  pick_label_ = new QLabel(this);
  pick_label_->setObjectName("pickStatus");
  statusBar()->addWidget(scene_label_, 1);
  statusBar()->addPermanentWidget(pick_label_);

  connect(viewport_, &viewer::Viewport::pointPicked, this,
          [this](const viewer::PickResult& pick, Qt::KeyboardModifiers) { onPointPicked(pick); });
  connect(chat_, &ChatPanel::turnAdded, this, [this](const ChatTurn& turn) {
    if (scene_) scene_->chat.push_back(turn);
  });
  loadSettings();
  setScene(std::make_shared<Scene>(), QString());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks() {
  setDockNestingEnabled(true);
  display_ = new DisplayPanel(this);
  auto* display_dock = new QDockWidget(tr("Display"), this);
  display_dock->setObjectName("displayDock");
  display_dock->setWidget(display_);
  addDockWidget(Qt::LeftDockWidgetArea, display_dock);

  chat_ = new ChatPanel(this);
  auto* chat_dock = new QDockWidget(tr("Ask"), this);
  chat_dock->setObjectName("chatDock");
  chat_dock->setWidget(chat_);
  addDockWidget(Qt::RightDockWidgetArea, chat_dock);

  photos_ = new PhotoStrip(this);
  photo_dock_ = new QDockWidget(tr("Photos"), this);
  photo_dock_->setObjectName("photoDock");
  photo_dock_->setWidget(photos_);
  addDockWidget(Qt::BottomDockWidgetArea, photo_dock_);

  progress_ = new ProgressPanel(this);
  progress_dock_ = new QDockWidget(tr("Reconstruction"), this);
  progress_dock_->setObjectName("progressDock");
  progress_dock_->setWidget(progress_);
  addDockWidget(Qt::BottomDockWidgetArea, progress_dock_);
  tabifyDockWidget(photo_dock_, progress_dock_);
  photo_dock_->raise();
  // The viewport gets the room: the photo strip starts one thumbnail row tall, the side docks
  // narrow (saved window states override this).
  resizeDocks({photo_dock_}, {150}, Qt::Vertical);
  resizeDocks({display_dock, chat_dock}, {230, 320}, Qt::Horizontal);

  connect(display_, &DisplayPanel::pointSizeChanged, viewport_, &viewer::Viewport::setPointSize);
  connect(display_, &DisplayPanel::colorModeChanged, viewport_, &viewer::Viewport::setColorMode);
  connect(display_, &DisplayPanel::showCamerasChanged, viewport_,
          &viewer::Viewport::setShowCameras);
  connect(display_, &DisplayPanel::showGridChanged, viewport_, &viewer::Viewport::setShowGrid);
  connect(display_, &DisplayPanel::pointBudgetChanged, viewport_,
          &viewer::Viewport::setPointBudget);
  connect(photos_, &PhotoStrip::viewClicked, viewport_, &viewer::Viewport::flyToCamera);
  connect(photos_, &PhotoStrip::lookThroughRequested, viewport_,
          &viewer::Viewport::lookThroughCamera);
  connect(progress_, &ProgressPanel::cancelRequested, runner_, &JobRunner::cancel);
}

void MainWindow::setScene(std::shared_ptr<Scene> scene, const QString& path) {
  scene_ = scene ? std::move(scene) : std::make_shared<Scene>();
  scene_path_ = path;
  chat_->setHistory(scene_->chat);
  chat_->setAnswerFunction(make_spatial_answer(scene_, viewport_));
  shown_.reset();
  showView(scene_);
  const QString name = path.isEmpty() ? QString::fromStdString(scene_->source) : path;
  setWindowTitle(name.isEmpty() ? QString("SceneLens")
                                : QString("%1 — SceneLens").arg(QFileInfo(name).fileName()));
  Q_EMIT sceneChanged();
}

void MainWindow::showView(std::shared_ptr<const Scene> scene) {
  const bool first = !shown_ || shown_->cloud.empty();
  shown_ = std::move(scene);
  viewport_->setScene(shown_);
  photos_->setScene(shown_,
                    scene_path_.isEmpty() ? QString() : QFileInfo(scene_path_).absolutePath());
  if (first && shown_ && !shown_->cloud.empty()) viewport_->showStartView();
  updateStatus();
}

QString MainWindow::sceneStatusText() const {
  if (!shown_) return {};
  return tr("%1 points · %2 cameras (%3 registered)")
      .arg(shown_->cloud.size())
      .arg(shown_->views.size())
      .arg(shown_->registered_views());
}

QString MainWindow::pickStatusText() const {
  return pick_label_->text();
}

void MainWindow::updateStatus() {
  scene_label_->setText(sceneStatusText());
}

void MainWindow::onPointPicked(const viewer::PickResult& pick) {
  const auto& p = pick.position;
  const QString unit = shown_ && shown_->scale.metric ? QString(" m") : QString();
  auto coord = [&](float v) {
    const double value = shown_ ? shown_->to_meters(v) : v;
    return QString::number(value, 'f', 3);
  };
  pick_label_->setText(tr("Point #%1: (%2, %3, %4)%5")
                           .arg(pick.point_index)
                           .arg(coord(p.x()), coord(p.y()), coord(p.z()), unit));
}

void MainWindow::warn(const QString& title, const QString& text) {
  last_warning_ = text;
  statusBar()->showMessage(text.section('\n', 0, 0), 10000);
  if (interactive_) QMessageBox::warning(this, title, text);
}

void MainWindow::loadSettings() {
  QSettings s("SceneLens", "SceneLens");
  restoreGeometry(s.value("window/geometry").toByteArray());
  restoreState(s.value("window/state").toByteArray());
  display_->setPointSize(s.value("display/pointSize", 3.0).toFloat());
  display_->setColorMode(static_cast<viewer::ColorMode>(s.value("display/colorMode", 0).toInt()));
  display_->setShowCameras(s.value("display/showCameras", true).toBool());
  display_->setShowGrid(s.value("display/showGrid", true).toBool());
  display_->setShowObjects(s.value("display/showObjects", true).toBool());
  display_->setPointBudget(s.value("display/pointBudget", 200000).toULongLong());
  ReconstructionOptions o = progress_->options();
  o.backend =
      s.value("reconstruction/backend", QString::fromStdString(o.backend)).toString().toStdString();
  o.model_path = s.value("reconstruction/model").toString().toStdString();
  o.dense = s.value("reconstruction/dense", false).toBool();
  progress_->setOptions(o);
  // Push the values to the viewport even when they equal the widgets' defaults.
  viewport_->setPointSize(display_->pointSize());
  viewport_->setColorMode(display_->colorMode());
  viewport_->setShowCameras(display_->showCameras());
  viewport_->setShowGrid(display_->showGrid());
  selection_->setShowObjects(display_->showObjects());
  viewport_->setPointBudget(display_->pointBudget());
  rebuildRecentMenu();
  settings_loaded_ = true;
}

void MainWindow::saveSettings() const {
  if (!settings_loaded_) return;
  QSettings s("SceneLens", "SceneLens");
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
  s.setValue("display/pointSize", display_->pointSize());
  s.setValue("display/colorMode", int(display_->colorMode()));
  s.setValue("display/showCameras", display_->showCameras());
  s.setValue("display/showGrid", display_->showGrid());
  s.setValue("display/showObjects", display_->showObjects());
  s.setValue("display/pointBudget", qulonglong(display_->pointBudget()));
  const ReconstructionOptions o = progress_->options();
  s.setValue("reconstruction/backend", QString::fromStdString(o.backend));
  s.setValue("reconstruction/model", QString::fromStdString(o.model_path));
  s.setValue("reconstruction/dense", o.dense);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (save_task_) {  // closing mid-save would lose it: close once it has finished
    statusBar()->showMessage(tr("Finishing the save before quitting…"));
    connect(
        this, &MainWindow::sceneSaved, this, [this] { close(); }, Qt::SingleShotConnection);
    event->ignore();
    return;
  }
  if (!confirmClose()) {
    event->ignore();
    return;
  }
  if (runner_->running()) {
    if (interactive_ &&
        QMessageBox::question(this, tr("Reconstruction running"),
                              tr("A reconstruction is running. Stop it and quit?")) !=
            QMessageBox::Yes) {
      event->ignore();
      return;
    }
    runner_->cancel();
    runner_->wait();
  }
  saveSettings();
  autosave_->removeSessionFiles();  // a clean exit: nothing to recover
  event->accept();
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  // The viewport may embed a native QWindow (Qt3D), which receives drags itself: route its
  // drag and drop events to this window's handlers.
  if (QWindow* top = windowHandle()) {
    for (QWindow* child : top->findChildren<QWindow*>()) {
      child->removeEventFilter(this);
      child->installEventFilter(this);
    }
  }
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
  if (qobject_cast<QWindow*>(watched)) {
    switch (event->type()) {
      case QEvent::DragEnter:
        dragEnterEvent(static_cast<QDragEnterEvent*>(event));
        return true;
      case QEvent::DragMove:
        dragMoveEvent(static_cast<QDragMoveEvent*>(event));
        return true;
      case QEvent::Drop:
        dropEvent(static_cast<QDropEvent*>(event));
        return true;
      default:
        break;
    }
  }
  return QMainWindow::eventFilter(watched, event);
}

}  // namespace sl::ui
