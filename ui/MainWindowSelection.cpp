// Selection tools, measurements, naming, frame and scale edits, undo/redo (Edit and Tools
// menus), and the chat's context: the parts of the main window about "clicking things".
#include <Eigen/Eigenvalues>
#include <QActionGroup>
#include <QDockWidget>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>
#include <algorithm>

#include "inference/objects/Frame.h"
#include "inference/objects/Measure.h"
#include "inference/objects/NewObject.h"
#include "inference/objects/Proposals.h"
#include "inference/objects/Selection.h"
#include "ui/BoxSelect.h"
#include "ui/ChatBridge.h"
#include "ui/ChatPanel.h"
#include "ui/DisplayPanel.h"
#include "ui/MainWindow.h"
#include "ui/MeasurementsPanel.h"
#include "ui/SelectionController.h"
#include "ui/UndoCommands.h"
#include "viewer/Viewport.h"

namespace sl::ui {

namespace {

// A name not used by another object: "name", else "name 2", "name 3"...
// Least-squares plane normal of the points (smallest eigenvector of their covariance).
bool fit_normal(const PointCloud& cloud, const std::vector<uint32_t>& idx, Eigen::Vector3d* n) {
  if (idx.size() < 3) return false;
  Eigen::Vector3d mean = Eigen::Vector3d::Zero();
  for (uint32_t i : idx) mean += cloud.xyz[i].cast<double>();
  mean /= double(idx.size());
  Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
  for (uint32_t i : idx) {
    const Eigen::Vector3d d = cloud.xyz[i].cast<double>() - mean;
    cov += d * d.transpose();
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(cov);
  if (eig.info() != Eigen::Success || eig.eigenvalues()[1] <= 0) return false;
  *n = eig.eigenvectors().col(0).normalized();
  return true;
}

}  // namespace

void MainWindow::buildSelectionUi() {
  undo_ = new QUndoStack(this);
  selection_ = new SelectionController(undo_, this);
  connect(display_, &DisplayPanel::showObjectsChanged, selection_,
          &SelectionController::setShowObjects);

  measurements_ = new MeasurementsPanel(this);
  auto* dock = new QDockWidget(tr("Measurements"), this);
  dock->setObjectName("measurementsDock");
  dock->setWidget(measurements_);
  addDockWidget(Qt::LeftDockWidgetArea, dock);

  selection_label_ = new QLabel(this);
  selection_label_->setObjectName("selectionStatus");
  statusBar()->addPermanentWidget(selection_label_);

  // Edit menu, before the View menu.
  auto* edit = new QMenu(tr("&Edit"), this);
  QAction* before = nullptr;
  for (QAction* a : menuBar()->actions())
    if (a->menu() && a->text() == tr("&View")) before = a;
  menuBar()->insertMenu(before, edit);
  if (before) before->menu()->addAction(dock->toggleViewAction());
  QAction* undo = undo_->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undo_->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  edit->addAction(undo);
  edit->addAction(redo);
  edit->addSeparator();
  QAction* name = edit->addAction(tr("&Name selection…"), this, [this] { nameSelectionDialog(); });
  name->setShortcut(QKeySequence("Ctrl+Shift+N"));
  edit->addAction(tr("Clear selection"), this, [this] { selection_->clear(); })
      ->setShortcut(QKeySequence("Ctrl+Shift+A"));
  edit->addSeparator();
  edit->addAction(tr("Set &scale from this distance…"), this, [this] { scaleDialog(); });
  edit->addAction(tr("&Level to this plane"), this, [this] {
    if (!levelToSelection())
      statusBar()->showMessage(tr("Select a planar region first (Select region tool)"), 5000);
  });

  // Tools: what a click in the viewport does.
  QMenu* tools_menu = new QMenu(tr("&Tools"), this);
  menuBar()->insertMenu(before, tools_menu);
  auto* group = new QActionGroup(this);
  const struct {
    QString text;
    SelectionTool tool;
    const char* key;
    const char* object_name;
  } tools[] = {
      {tr("Select &object"), SelectionTool::SelectObject, "1", "toolSelectObject"},
      {tr("Select &region"), SelectionTool::SelectRegion, "2", "toolSelectRegion"},
      {tr("&Measure distance"), SelectionTool::MeasureDistance, "3", "toolMeasure"},
      {tr("&Box select"), SelectionTool::BoxSelect, "4", "toolBoxSelect"},
  };
  QToolBar* bar = addToolBar(tr("Tools"));
  bar->setObjectName("toolsToolBar");
  for (const auto& t : tools) {
    QAction* a = tools_menu->addAction(t.text);
    a->setObjectName(t.object_name);
    a->setCheckable(true);
    a->setShortcut(QKeySequence(t.key));
    a->setToolTip(tr("%1 (%2); Shift-click adds, Ctrl-click removes")
                      .arg(QString(t.text).remove('&'), t.key));
    a->setChecked(t.tool == selection_->tool());
    group->addAction(a);
    bar->addAction(a);
    const SelectionTool tool = t.tool;
    connect(a, &QAction::triggered, this, [this, tool] { selection_->setTool(tool); });
    connect(selection_, &SelectionController::toolChanged, a, [a, tool](SelectionTool now) {
      if (now == tool) a->setChecked(true);
    });
  }
  buildObjectTools(tools_menu);
  auto* box = new BoxSelectFilter(viewport_);
  connect(selection_, &SelectionController::toolChanged, box,
          [box](SelectionTool t) { box->setEnabled(t == SelectionTool::BoxSelect); });
  connect(box, &BoxSelectFilter::rectSelected, this,
          [this](const QRect& r, Qt::KeyboardModifiers mods) {
            if (viewport_->scene() != selection_->scene()) return;
            Eigen::Vector2f lo, hi;
            rect_to_ndc(r, viewport_->width(), viewport_->height(), &lo, &hi);
            selection_->selectBox(
                clip_from_world(viewport_->camera(), viewport_->width(), viewport_->height()), lo,
                hi, mods);
          });
  bar->addSeparator();
  bar->addAction(undo);
  bar->addAction(redo);

  connect(viewport_, &viewer::Viewport::pointPicked, this,
          [this](const viewer::PickResult& pick, Qt::KeyboardModifiers mods) {
            // Picks on a reconstruction's snapshot are not in the edited scene's cloud.
            if (viewport_->scene() != selection_->scene()) return;
            selection_->handlePick(pick.point_index, pick.position, mods);
          });
  connect(selection_, &SelectionController::overlaysChanged, this,
          [this] { viewport_->setOverlays(selection_->overlays()); });
  connect(selection_, &SelectionController::selectionChanged, this,
          [this] { selection_label_->setText(selection_->statusText()); });
  connect(selection_, &SelectionController::busyChanged, this, [this](bool busy) {
    if (busy)
      selection_label_->setText(tr("Selecting…"));
    else
      selection_label_->setText(selection_->statusText());
  });
  connect(selection_, &SelectionController::message, this,
          [this](const QString& text) { statusBar()->showMessage(text, 4000); });
  connect(selection_, &SelectionController::distanceMeasured, this,
          [this](const Eigen::Vector3d& a, const Eigen::Vector3d& b) { addDistance(a, b); });
  connect(measurements_, &MeasurementsPanel::deleteRequested, this, [this](int i) {
    if (scene_ && i >= 0 && size_t(i) < scene_->measurements.size())
      undo_->push(new RemoveMeasurementCommand(scene_, i, sceneEditedFunction()));
  });
  connect(this, &MainWindow::sceneChanged, this, [this] {
    undo_->clear();
    selection_->setScene(scene_);
    measurements_->setScene(scene_);
    chat_->setAnswerFunction(makeChatAnswer());
    selection_label_->clear();
  });
}

SceneChanged MainWindow::sceneEditedFunction() {
  return [this](unsigned what) { onSceneEdited(what); };
}

void MainWindow::onSceneEdited(unsigned what) {
  if (what & kGeometryChanged) {
    shown_ = scene_;
    viewport_->setScene(scene_);  // new positions: buffers and picking index rebuilt
    selection_->geometryChanged();
    pointFiltersSceneChanged();
  }
  if (what & (kMeasurementsChanged | kScaleChanged)) measurements_->setScene(scene_);
  // The reasoner caches geometry and names: a fresh one sees the edit.
  chat_->setAnswerFunction(makeChatAnswer());
  viewport_->setOverlays(selection_->overlays());
  selection_label_->setText(selection_->statusText());
  updateStatus();
}

AnswerFunction MainWindow::makeChatAnswer() {
  return make_spatial_answer(
      scene_, [this] { return chatContext(); },
      [this](std::vector<viewer::Overlay> o) { selection_->setAnswerOverlays(std::move(o)); },
      [this]() -> std::optional<spatial::VlmConfig> {
        const auto server = chat_->vlmServer();
        if (!server) return std::nullopt;
        spatial::VlmConfig cfg;
        cfg.url = server->first;
        cfg.model = server->second;
        return cfg;
      },
      scene_path_.isEmpty() ? std::string() : QFileInfo(scene_path_).absolutePath().toStdString());
}

spatial::Context MainWindow::chatContext() const {
  spatial::Context ctx;
  for (const QString& n : selection_->selectedNames()) ctx.selected.push_back(n.toStdString());
  // The viewport's viewpoint in OpenCV axes: x right, y down, z forward.
  const viewer::OrbitCamera cam = viewport_->camera();
  Eigen::Matrix4d world_from_cam = Eigen::Matrix4d::Identity();
  world_from_cam.block<3, 1>(0, 0) = cam.right();
  world_from_cam.block<3, 1>(0, 1) = -cam.up.normalized();
  world_from_cam.block<3, 1>(0, 2) = cam.forward();
  world_from_cam.block<3, 1>(0, 3) = cam.eye;
  ctx.current_pose = world_from_cam;
  return ctx;
}

void MainWindow::addDistance(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  if (!scene_) return;
  Measurement m = objects::measure_distance(a, b);
  m.label = objects::format_measurement(*scene_, m);
  undo_->push(new AddMeasurementCommand(scene_, m, sceneEditedFunction()));
  statusBar()->showMessage(tr("Distance: %1").arg(QString::fromStdString(m.label)), 8000);
}

bool MainWindow::nameSelection(const QString& name) {
  const std::string wanted = name.trimmed().toStdString();
  if (!scene_ || wanted.empty()) return false;
  const SelectionState& sel = selection_->selection();
  if (sel.points.empty() && sel.objects.size() == 1) {
    const int i = sel.objects[0];
    undo_->push(new RenameObjectCommand(scene_, i, objects::unique_object_name(*scene_, wanted, i),
                                        sceneEditedFunction()));
    return true;
  }
  // A region (plus any selected objects' points) becomes a new object.
  std::vector<uint32_t> points = sel.points;
  for (int i : sel.objects) {
    std::vector<uint32_t> p = scene_->objects[size_t(i)].point_indices;
    std::sort(p.begin(), p.end());
    points = objects::selection_union(points, p);
  }
  if (points.size() < 3) return false;
  SceneObject o =
      objects::object_from_points(*scene_, points, objects::unique_object_name(*scene_, wanted),
                                  wanted, selection_->floorContact());
  SelectionState after;
  after.objects = {int(scene_->objects.size())};
  undo_->beginMacro(tr("Name \"%1\"").arg(QString::fromStdString(o.name)));
  undo_->push(new AddObjectCommand(scene_, std::move(o), sceneEditedFunction()));
  undo_->push(new SelectionCommand(selection_, sel, after, tr("Select")));
  undo_->endMacro();
  return true;
}

void MainWindow::nameSelectionDialog() {
  if (selection_->selection().empty()) {
    statusBar()->showMessage(tr("Nothing selected"), 4000);
    return;
  }
  const QStringList names = selection_->selectedNames();
  bool ok = false;
  const QString name =
      QInputDialog::getText(this, tr("Name selection"), tr("Name:"), QLineEdit::Normal,
                            names.size() == 1 ? names[0] : QString(), &ok);
  if (ok && !nameSelection(name)) statusBar()->showMessage(tr("Cannot name this selection"), 4000);
}

bool MainWindow::setScaleFromMeasurement(int index, double meters) {
  if (!scene_ || index < 0 || size_t(index) >= scene_->measurements.size() || !(meters > 0))
    return false;
  const Measurement& m = scene_->measurements[size_t(index)];
  if (m.kind != Measurement::Kind::Distance || m.points.size() < 2) return false;
  Scene probe;  // set_scale_from_distance validates and computes the scale
  try {
    objects::set_scale_from_distance(probe, m.points[0], m.points[1], meters);
  } catch (const std::exception& e) {
    warn(tr("Cannot set the scale"), QString::fromUtf8(e.what()));
    return false;
  }
  undo_->push(new SetScaleCommand(scene_, probe.scale, sceneEditedFunction()));
  return true;
}

void MainWindow::scaleDialog() {
  int index = measurements_->currentIndex();
  if (index < 0 && scene_) index = int(scene_->measurements.size()) - 1;
  if (!scene_ || index < 0) {
    statusBar()->showMessage(tr("Measure a distance first (Measure distance tool)"), 5000);
    return;
  }
  bool ok = false;
  const double meters = QInputDialog::getDouble(
      this, tr("Set scale"), tr("Length of distance %1 in metres:").arg(index + 1), 1.0, 1e-6, 1e6,
      4, &ok);
  if (ok) setScaleFromMeasurement(index, meters);
}

bool MainWindow::levelToSelection() {
  if (!scene_) return false;
  Eigen::Vector3d n;
  if (!fit_normal(scene_->cloud, selection_->selection().points, &n)) return false;
  if (n.dot(scene_->up) < 0) n = -n;  // keep the scene's up side up
  const Eigen::Matrix3d R = objects::level_rotation(n, Eigen::Vector3d::UnitZ());
  undo_->push(new RotateSceneCommand(scene_, R, tr("Level to plane"), sceneEditedFunction()));
  return true;
}

}  // namespace sl::ui
