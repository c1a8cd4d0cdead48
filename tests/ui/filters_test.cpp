// GUI test of the point filters dock: the confidence slider, a frame's checkbox and a
// background filter change what the viewport draws (a mask, the scene keeps its points);
// "Apply to scene" keeps only the shown points (objects renumbered) and undo brings all back;
// the settings survive the project's view state. Run under Xvfb.
#include <QCheckBox>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <random>

#include "tests/ui/TestSettings.h"
#include "ui/MainWindow.h"
#include "ui/PointFilterPanel.h"
#include "viewer/Viewport.h"

using sl::ui::MainWindow;

namespace {

// Two views; 600 points each in front of them, confidences spread over (0, 1); one point in
// six near-black. Object "box" = the view-0 points with x < 0.
std::shared_ptr<sl::Scene> two_view_scene() {
  auto s = std::make_shared<sl::Scene>();
  for (int v = 0; v < 2; ++v) {
    sl::View view;
    view.name = "photo" + std::to_string(v) + ".png";
    view.intrinsics = {640, 480, 500, 500, 320, 240};
    view.world_from_cam.translation() = Eigen::Vector3d(v * 0.5, 0, -3);
    s->views.push_back(view);
  }
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-1, 1);
  sl::SceneObject box;
  box.id = 0;
  box.name = "box";
  for (int i = 0; i < 1200; ++i) {
    const int v = i % 2;
    const Eigen::Vector3f p(u(rng) + 0.5f * v, u(rng), u(rng));
    const bool black = i % 6 == 0;
    s->cloud.xyz.push_back(p);
    s->cloud.rgb.push_back(black ? std::array<uint8_t, 3>{5, 5, 5}
                                 : std::array<uint8_t, 3>{180, 120, 90});
    s->cloud.confidence.push_back(float(i % 600 + 1) / 601.f);
    s->cloud.source_view.push_back(v);
    s->cloud.source_pixel.emplace_back(320.f, 240.f);
    if (v == 0 && p.x() < 0) box.point_indices.push_back(uint32_t(i));
  }
  s->objects.push_back(box);
  return s;
}

}  // namespace

class FiltersTest : public QObject {
  Q_OBJECT
  QTemporaryDir settings_dir_;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(settings_dir_.isValid());
    sl::test::isolate_settings(settings_dir_.path());
  }

  void filtersMaskTheViewAndApplyIsUndoable() {
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto scene = two_view_scene();
    const sl::PointCloud original = scene->cloud;
    const std::vector<uint32_t> box_before = scene->objects[0].point_indices;
    w.setScene(scene, QString());
    auto* vp = w.viewport();
    auto* panel = w.findChild<sl::ui::PointFilterPanel*>();
    QVERIFY(panel);
    QCOMPARE(vp->shownPointCount(), size_t(1200));

    // Half the points, the least confident: confidences are i/601 for i = 1..600 twice.
    auto* slider = panel->findChild<QSlider*>("confidencePercentile");
    QVERIFY(slider && slider->isEnabled());
    slider->setValue(50);
    QTRY_COMPARE(vp->shownPointCount(), size_t(600));
    QCOMPARE(scene->cloud.size(), size_t(1200));  // a mask: the scene keeps its points

    // Untick photo 2's points: of photo 1's 600, the most confident half stay.
    auto* frames = panel->findChild<QListWidget*>("filterFrames");
    QVERIFY(frames);
    QCOMPARE(frames->count(), 2);
    frames->item(1)->setCheckState(Qt::Unchecked);
    QTRY_COMPARE(vp->shownPointCount(), size_t(300));
    // Black background off too: one in six points is near-black (every third of photo 1's).
    auto* black = panel->findChild<QCheckBox*>("removeBlack");
    QVERIFY(black);
    QTest::mouseClick(black, Qt::LeftButton, {}, QPoint(5, black->height() / 2));
    QVERIFY(black->isChecked());
    size_t expect = 0;
    {
      std::vector<float> conf;  // photo 1's non-black points, then the top half by confidence
      for (size_t i = 0; i < original.size(); ++i)
        if (original.source_view[i] == 0 && original.rgb[i][0] > 50)
          conf.push_back(original.confidence[i]);
      expect = conf.size() - size_t(std::llround(0.5 * double(conf.size())));
    }
    QTRY_COMPARE(vp->shownPointCount(), expect);

    // The settings travel with the project's view state.
    const QJsonObject saved = panel->toJson();
    panel->reset();
    QTRY_COMPARE(vp->shownPointCount(), size_t(1200));
    panel->fromJson(saved);
    QTRY_COMPARE(vp->shownPointCount(), expect);

    // Apply: the scene keeps exactly the shown points; the object keeps its shown points.
    auto* apply = panel->findChild<QPushButton*>("applyFilter");
    QVERIFY(apply);
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(scene->cloud.size(), expect);
    QTRY_COMPARE(vp->shownPointCount(), expect);
    QCOMPARE(slider->value(), 0);  // the controls start again from "all shown"
    for (size_t i = 0; i < scene->cloud.size(); ++i) {
      QCOMPARE(scene->cloud.source_view[i], 0);
      QVERIFY(scene->cloud.rgb[i][0] > 50);
      QVERIFY(scene->cloud.confidence[i] > 0.49f);
    }
    const auto& box = scene->objects[0].point_indices;
    QVERIFY(!box.empty() && box.size() < box_before.size());
    for (uint32_t i : box) {
      QVERIFY(i < scene->cloud.size());
      QVERIFY(scene->cloud.xyz[i].x() < 0);  // still the object's points, renumbered
    }

    // Undo: every point and the object's indices are back.
    w.undoStack()->undo();
    QCOMPARE(scene->cloud.size(), size_t(1200));
    QCOMPARE(scene->objects[0].point_indices, box_before);
    for (size_t i = 0; i < original.size(); i += 97) QCOMPARE(scene->cloud.xyz[i], original.xyz[i]);
    QTRY_COMPARE(vp->shownPointCount(), size_t(1200));
  }

  // For looking at the panel on a real scene: SL_TEST_SHOT_SCENE=<.scenelens> and
  // SL_TEST_SHOT_DIR=<folder> save the window before and after hiding the least confident 40 %.
  void screenshotOnARealScene() {
    const QString path = qEnvironmentVariable("SL_TEST_SHOT_SCENE");
    const QString dir = qEnvironmentVariable("SL_TEST_SHOT_DIR");
    if (path.isEmpty() || dir.isEmpty()) QSKIP("SL_TEST_SHOT_SCENE / SL_TEST_SHOT_DIR not set");
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy changed(&w, &MainWindow::sceneChanged);
    QVERIFY(w.openScene(path));
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() > 1 || w.viewport()->shownPointCount() > 0, 120000);
    const auto shot = [&](const QString& name) {
      QTest::qWait(3000);
      w.screen()->grabWindow(w.winId()).save(dir + "/" + name);
    };
    shot("filters_off.png");
    auto* panel = w.findChild<sl::ui::PointFilterPanel*>();
    panel->findChild<QSlider*>("confidencePercentile")->setValue(40);
    QTRY_VERIFY(w.viewport()->shownPointCount() < w.viewport()->scene()->cloud.size());
    shot("filters_on.png");
  }
};

QTEST_MAIN(FiltersTest)
#include "filters_test.moc"
