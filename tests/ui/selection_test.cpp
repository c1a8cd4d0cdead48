// GUI tests of clicking things: a click in the viewport selects the object under it, a click in
// region mode grows a region, undo/redo walk the selection back and forth, two clicks measure
// a distance, and "how far apart are these?" in the chat answers about the selected objects
// with a line drawn in the viewport. Run under Xvfb.
#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QWindow>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ui/ChatPanel.h"
#include "ui/MainWindow.h"
#include "ui/MeasurementsPanel.h"
#include "ui/SelectionController.h"
#include "viewer/Viewport.h"

Q_DECLARE_METATYPE(sl::viewer::PickResult)

using sl::ui::MainWindow;
using sl::ui::SelectionController;
using sl::ui::SelectionTool;

namespace {

// Points on the faces of an axis-aligned box (all but the bottom), about `step` apart.
void add_box_points(sl::Scene& s, sl::SceneObject& o, double step) {
  const Eigen::Vector3d lo = o.box.center - o.box.size / 2, hi = o.box.center + o.box.size / 2;
  auto add = [&](const Eigen::Vector3d& p) {
    o.point_indices.push_back(uint32_t(s.cloud.size()));
    s.cloud.push_back(p.cast<float>(), o.color);
  };
  const int nx = int(std::round(o.box.size.x() / step)),
            ny = int(std::round(o.box.size.y() / step)),
            nz = int(std::round(o.box.size.z() / step));
  for (int i = 0; i <= nx; ++i)
    for (int j = 0; j <= ny; ++j) add({lo.x() + i * step, lo.y() + j * step, hi.z()});
  for (int k = 0; k < nz; ++k) {
    const double z = lo.z() + k * step;
    for (int i = 0; i <= nx; ++i) {
      add({lo.x() + i * step, lo.y(), z});
      add({lo.x() + i * step, hi.y(), z});
    }
    for (int j = 1; j < ny; ++j) {
      add({lo.x(), lo.y() + j * step, z});
      add({hi.x(), lo.y() + j * step, z});
    }
  }
}

// A metric room: a floor grid and two objects (a table and a chair) as boxes of points.
std::shared_ptr<sl::Scene> two_object_scene() {
  auto s = std::make_shared<sl::Scene>();
  s->scale = {true, 1.0};
  for (int i = -20; i <= 20; ++i)
    for (int j = -20; j <= 20; ++j)
      s->cloud.push_back(Eigen::Vector3f(0.1f * i, 0.1f * j, 0.f), {120, 120, 120});
  const struct {
    const char* name;
    Eigen::Vector3d center, size;
  } objs[] = {{"table", {-0.8, 0.0, 0.4}, {0.8, 0.6, 0.8}},
              {"chair", {0.9, 0.5, 0.25}, {0.4, 0.4, 0.5}}};
  for (const auto& d : objs) {
    sl::SceneObject o;
    o.id = int(s->objects.size());
    o.name = o.label = d.name;
    o.box.center = d.center;
    o.box.size = d.size;
    add_box_points(*s, o, 0.04);
    s->objects.push_back(o);
  }
  return s;
}

// Clicks the viewport at a widget pixel: on the native child window (Qt3D) when there is one.
void clickViewport(sl::viewer::Viewport* vp, QPoint local, Qt::KeyboardModifiers mods = {}) {
  const QPoint global = vp->mapToGlobal(local);
  if (QWindow* top = vp->window()->windowHandle()) {
    for (QWindow* win : top->findChildren<QWindow*>()) {
      if (!win->isVisible()) continue;
      const QPoint p = win->mapFromGlobal(global);
      if (QRect(QPoint(0, 0), win->size()).contains(p)) {
        QTest::mouseClick(win, Qt::LeftButton, mods, p);
        return;
      }
    }
  }
  QWidget* child = vp->childAt(local);
  QWidget* target = child ? child : vp;
  QTest::mouseClick(target, Qt::LeftButton, mods, target->mapFrom(vp, local));
}

// The widget pixel where a world point appears.
QPoint pixelOf(sl::viewer::Viewport* vp, const Eigen::Vector3d& p) {
  Eigen::Vector2d px(-1, -1);
  vp->camera().project(p, vp->width(), vp->height(), &px);
  return QPoint(int(std::lround(px.x())), int(std::lround(px.y())));
}

// The centre of an object's top face (visible from the fitted 3/4 view above).
Eigen::Vector3d topOf(const sl::Scene& s, int object) {
  const auto& b = s.objects[size_t(object)].box;
  return b.center + Eigen::Vector3d(0, 0, b.size.z() / 2);
}

std::vector<int> selectedObjects(MainWindow& w) {
  return w.selection()->selection().objects;
}

}  // namespace

class SelectionTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(settings_dir_.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings_dir_.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings_dir_.path());
  }

  void init() {
    w_ = std::make_unique<MainWindow>();
    w_->setInteractive(false);
    w_->resize(1100, 750);
    w_->show();
    QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
    scene_ = two_object_scene();
    w_->setScene(scene_, QString());
    w_->viewport()->fitToScene();
    QTest::qWait(500);  // first frames (software GL)
  }

  void cleanup() { w_.reset(); }

  void clickSelectsObject() {
    sl::viewer::Viewport* vp = w_->viewport();
    QCOMPARE(w_->selection()->tool(), SelectionTool::SelectObject);
    QSignalSpy changed(w_->selection(), &SelectionController::selectionChanged);
    clickViewport(vp, pixelOf(vp, topOf(*scene_, 0)));
    if (changed.isEmpty()) QVERIFY(changed.wait(3000));
    QCOMPARE(selectedObjects(*w_), std::vector<int>{0});
    auto* status = w_->findChild<QLabel*>("selectionStatus");
    QVERIFY(status);
    QCOMPARE(status->text(), QString("1 object selected: table"));

    // Shift-click adds the chair, Ctrl-click removes the table.
    clickViewport(vp, pixelOf(vp, topOf(*scene_, 1)), Qt::ShiftModifier);
    QCOMPARE(selectedObjects(*w_), (std::vector<int>{0, 1}));
    QCOMPARE(status->text(), QString("2 objects selected: table, chair"));
    clickViewport(vp, pixelOf(vp, topOf(*scene_, 0)), Qt::ControlModifier);
    QCOMPARE(selectedObjects(*w_), std::vector<int>{1});
    // A plain click on the floor clears the selection.
    clickViewport(vp, pixelOf(vp, Eigen::Vector3d(0.0, -1.5, 0.0)));
    QVERIFY(w_->selection()->selection().empty());
  }

  void undoRestoresSelection() {
    sl::viewer::Viewport* vp = w_->viewport();
    QUndoStack* undo = w_->undoStack();
    clickViewport(vp, pixelOf(vp, topOf(*scene_, 0)));
    clickViewport(vp, pixelOf(vp, topOf(*scene_, 1)), Qt::ShiftModifier);
    QCOMPARE(selectedObjects(*w_), (std::vector<int>{0, 1}));
    QCOMPARE(undo->count(), 2);
    undo->undo();
    QCOMPARE(selectedObjects(*w_), std::vector<int>{0});
    undo->undo();
    QVERIFY(w_->selection()->selection().empty());
    undo->redo();
    QCOMPARE(selectedObjects(*w_), std::vector<int>{0});
    // Through the Edit menu's action (Ctrl+Shift+Z) too.
    QAction* redo = nullptr;
    for (QAction* a : w_->findChildren<QAction*>())
      if (a->shortcut() == QKeySequence(QKeySequence::Redo)) redo = a;
    QVERIFY(redo && redo->isEnabled());
    redo->trigger();
    QCOMPARE(selectedObjects(*w_), (std::vector<int>{0, 1}));
  }

  void regionGrowsAndIsNamed() {
    sl::viewer::Viewport* vp = w_->viewport();
    SelectionController* sel = w_->selection();
    if (!sel->indexReady()) {
      QSignalSpy built(sel, &SelectionController::indexBuilt);
      QVERIFY(built.wait(10000));
    }
    sel->setTool(SelectionTool::SelectRegion);
    QSignalSpy changed(sel, &SelectionController::selectionChanged);
    clickViewport(vp, pixelOf(vp, topOf(*scene_, 0)));
    if (changed.isEmpty()) QVERIFY(changed.wait(10000));  // grown on a worker
    const std::vector<uint32_t> region = sel->selection().points;
    std::vector<uint32_t> table = scene_->objects[0].point_indices;
    std::sort(table.begin(), table.end());
    size_t inside = 0;
    for (uint32_t i : region) inside += std::binary_search(table.begin(), table.end(), i);
    // The table's points, stopped at the floor (its lowest ring touches the floor plane).
    QVERIFY2(inside == region.size(),
             qPrintable(QString("%1 of %2 on the table").arg(inside).arg(region.size())));
    QVERIFY2(region.size() > table.size() * 8 / 10,
             qPrintable(QString("%1 of %2").arg(region.size()).arg(table.size())));

    QVERIFY(w_->nameSelection("desk"));
    QCOMPARE(w_->scene()->objects.size(), size_t(3));
    QCOMPARE(QString::fromStdString(w_->scene()->objects[2].name), QString("desk"));
    QCOMPARE(selectedObjects(*w_), std::vector<int>{2});
    const auto& box = w_->scene()->objects[2].box;
    QVERIFY((box.center - scene_->objects[0].box.center).norm() < 0.1);
    w_->undoStack()->undo();  // one step: the object and the selection change
    QCOMPARE(w_->scene()->objects.size(), size_t(2));
    QCOMPARE(sel->selection().points, region);
  }

  void boxSelectsPointsInRectangle() {
    sl::viewer::Viewport* vp = w_->viewport();
    SelectionController* sel = w_->selection();
    if (!sel->indexReady()) {
      QSignalSpy built(sel, &SelectionController::indexBuilt);
      QVERIFY(built.wait(10000));
    }
    sel->setTool(SelectionTool::BoxSelect);
    // The chair's screen rectangle, a few pixels larger.
    QRect r;
    for (const auto& c : scene_->objects[1].box.corners()) {
      const QPoint p = pixelOf(vp, c);
      r = r.isNull() ? QRect(p, QSize(1, 1)) : r.united(QRect(p, QSize(1, 1)));
    }
    r.adjust(-5, -5, 5, 5);
    QWindow* win = nullptr;
    for (QWindow* c : w_->windowHandle()->findChildren<QWindow*>())
      if (c->isVisible()) win = c;
    QVERIFY(win);
    auto local = [&](QPoint p) { return win->mapFromGlobal(vp->mapToGlobal(p)); };
    QSignalSpy changed(sel, &SelectionController::selectionChanged);
    QTest::mousePress(win, Qt::LeftButton, Qt::NoModifier, local(r.topLeft()));
    QTest::mouseMove(win, local(r.center()));
    QTest::mouseMove(win, local(r.bottomRight()));
    QTest::mouseRelease(win, Qt::LeftButton, Qt::NoModifier, local(r.bottomRight()));
    if (changed.isEmpty()) QVERIFY(changed.wait(10000));
    std::vector<uint32_t> got = sel->selection().points;
    size_t chair = 0, table = 0;
    for (uint32_t i : scene_->objects[1].point_indices)
      chair += std::binary_search(got.begin(), got.end(), i);
    for (uint32_t i : scene_->objects[0].point_indices)
      table += std::binary_search(got.begin(), got.end(), i);
    QCOMPARE(chair, scene_->objects[1].point_indices.size());
    QCOMPARE(table, size_t(0));
    w_->undoStack()->undo();
    QVERIFY(sel->selection().empty());
  }

  void twoClicksMeasureDistance() {
    sl::viewer::Viewport* vp = w_->viewport();
    w_->selection()->setTool(SelectionTool::MeasureDistance);
    QSignalSpy picked(vp, &sl::viewer::Viewport::pointPicked);
    clickViewport(vp, pixelOf(vp, topOf(*scene_, 0)));
    QVERIFY(w_->selection()->pendingMeasurePoint().has_value());
    clickViewport(vp, pixelOf(vp, topOf(*scene_, 1)));
    QCOMPARE(w_->scene()->measurements.size(), size_t(1));
    const double d = w_->scene()->measurements[0].value;
    QCOMPARE(picked.count(), 2);
    const auto a = qvariant_cast<sl::viewer::PickResult>(picked.at(0).at(0)).position;
    const auto b = qvariant_cast<sl::viewer::PickResult>(picked.at(1).at(0)).position;
    const double truth = double((a - b).norm());
    QVERIFY2(std::abs(d - truth) < 1e-5, qPrintable(QString("%1 vs %2").arg(d).arg(truth)));
    QCOMPARE(w_->measurementsPanel()->list()->count(), 1);
    // "This distance is 2 m": the scale follows; undo restores it.
    QVERIFY(w_->setScaleFromMeasurement(0, 2.0));
    QVERIFY(std::abs(w_->scene()->to_meters(d) - 2.0) < 1e-9);
    w_->undoStack()->undo();
    QCOMPARE(w_->scene()->scale.meters_per_unit, 1.0);
    w_->undoStack()->undo();
    QCOMPARE(w_->scene()->measurements.size(), size_t(0));
    QCOMPARE(w_->measurementsPanel()->list()->count(), 0);
  }

  // Display -> Show objects draws every object's box and name, selected or not; unticked, only
  // the selection's.
  void showObjectsDrawsEveryBox() {
    auto boxes = [&] {
      std::vector<QString> names;
      for (const auto& o : w_->selection()->overlays())
        if (o.kind == sl::viewer::Overlay::Kind::Box) names.push_back(o.label);
      return names;
    };
    QCOMPARE(boxes().size(), size_t(2));
    clickViewport(w_->viewport(), pixelOf(w_->viewport(), topOf(*scene_, 1)));
    QCOMPARE(selectedObjects(*w_), std::vector<int>{1});
    QCOMPARE(boxes().size(), size_t(2));  // the chair's box once, as selected
    auto* show = w_->findChild<QCheckBox*>("showObjects");
    QVERIFY(show && show->isChecked());
    QSignalSpy redrawn(w_->selection(), &SelectionController::overlaysChanged);
    QTest::mouseClick(show, Qt::LeftButton, {}, QPoint(8, show->height() / 2));
    QVERIFY(!show->isChecked());
    QCOMPARE(redrawn.count(), 1);
    QCOMPARE(boxes(), std::vector<QString>{QString("chair")});
    QTest::mouseClick(show, Qt::LeftButton, {}, QPoint(8, show->height() / 2));
    QCOMPARE(boxes().size(), size_t(2));
  }

  void howFarApartAreThese() {
    sl::viewer::Viewport* vp = w_->viewport();
    clickViewport(vp, pixelOf(vp, topOf(*scene_, 0)));
    clickViewport(vp, pixelOf(vp, topOf(*scene_, 1)), Qt::ShiftModifier);
    QCOMPARE(selectedObjects(*w_), (std::vector<int>{0, 1}));
    sl::ui::ChatPanel* chat = w_->chatPanel();
    QTest::keyClicks(chat->inputLine(), "how far apart are these?");
    QTest::mouseClick(chat->askButton(), Qt::LeftButton);
    QCOMPARE(w_->scene()->chat.size(), size_t(1));
    const auto answer = nlohmann::json::parse(w_->scene()->chat[0].json);
    const double truth = (scene_->objects[0].box.center - scene_->objects[1].box.center).norm();
    QCOMPARE(QString::fromStdString(answer.at("kind").get<std::string>()), QString("distance"));
    QVERIFY2(std::abs(answer.at("value").get<double>() - truth) < 1e-6,
             qPrintable(QString::fromStdString(answer.dump())));
    const QString shown = QString::number(truth, 'f', 2) + " m";
    QVERIFY2(chat->historyView()->item(1)->text().contains(shown),
             qPrintable(chat->historyView()->item(1)->text()));
    // The answer's line is in the viewport's overlays, labelled with the distance, with the
    // selection's boxes.
    const auto overlays = w_->selection()->overlays();
    const auto line = std::find_if(overlays.begin(), overlays.end(), [&](const auto& o) {
      return o.kind == sl::viewer::Overlay::Kind::Line && o.label == shown;
    });
    QVERIFY(line != overlays.end());
    QVERIFY(std::abs((line->points[0] - line->points[1]).cast<double>().norm() - truth) < 1e-4);
    QTest::qWait(50);
    bool labelled = false;
    for (QLabel* l : vp->findChildren<QLabel*>())
      if (l->isVisible() && l->text() == shown) {
        labelled = true;
        // Its own window over the view (a plain child widget lies under Qt3D's native window),
        // placed inside the viewport.
        QVERIFY(l->isWindow());
        QVERIFY(vp->rect().contains(vp->mapFromGlobal(l->geometry().center())));
      }
    QVERIFY2(labelled, "no visible label with the distance in the viewport");
    // For a look: SL_TEST_SHOT_DIR=dir saves the viewport (3D only, labels are widgets).
    const QString shots = qEnvironmentVariable("SL_TEST_SHOT_DIR");
    if (!shots.isEmpty()) vp->grab3D().save(shots + "/how_far_apart.png");
  }

 private:
  QTemporaryDir settings_dir_;
  std::unique_ptr<MainWindow> w_;
  std::shared_ptr<sl::Scene> scene_;
};

QTEST_MAIN(SelectionTest)
#include "selection_test.moc"
