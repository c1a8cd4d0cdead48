// GUI tests of the main window: drop a PLY, pick a point in the viewport, ask in the chat,
// run a (fake) reconstruction on the worker thread and cancel one. Run under Xvfb.
#include <QDropEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <tuple>

#include "scene/PlyIO.h"
#include "tests/ui/TestSettings.h"
#include "ui/ChatPanel.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "viewer/Viewport.h"

Q_DECLARE_METATYPE(sl::viewer::PickResult)

using sl::ui::MainWindow;

namespace {

// Points on a 0.5-spaced grid in the z = 0 plane, centred on the origin.
sl::PointCloud grid_cloud(int half) {
  sl::PointCloud cloud;
  for (int i = -half; i <= half; ++i)
    for (int j = -half; j <= half; ++j)
      cloud.push_back(Eigen::Vector3f(0.5f * i, 0.5f * j, 0.f),
                      {uint8_t(128 + 5 * i), uint8_t(128 + 5 * j), 200});
  return cloud;
}

QString sceneStatus(const MainWindow& w) {
  auto* label = w.findChild<QLabel*>("sceneStatus");
  return label ? label->text() : QString();
}

void dropFiles(QWidget* target, const QStringList& files) {
  QMimeData mime;
  QList<QUrl> urls;
  for (const QString& f : files) urls << QUrl::fromLocalFile(f);
  mime.setUrls(urls);
  const QPoint pos = target->rect().center();
  QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &drop);
  QVERIFY(drop.isAccepted());
}

// Clicks the viewport at a widget pixel: on the native child window (Qt3D) when there is one.
void clickViewport(sl::viewer::Viewport* vp, QPoint local) {
  const QPoint global = vp->mapToGlobal(local);
  if (QWindow* top = vp->window()->windowHandle()) {
    for (QWindow* win : top->findChildren<QWindow*>()) {
      if (!win->isVisible()) continue;
      const QPoint p = win->mapFromGlobal(global);
      if (QRect(QPoint(0, 0), win->size()).contains(p)) {
        QTest::mouseClick(win, Qt::LeftButton, Qt::NoModifier, p);
        return;
      }
    }
  }
  QWidget* child = vp->childAt(local);
  QWidget* target = child ? child : vp;
  QTest::mouseClick(target, Qt::LeftButton, Qt::NoModifier, target->mapFrom(vp, local));
}

// A backend that publishes a snapshot, reports progress and returns 20 points; or, when
// `wait_for_stop`, loops until cancelled.
class FakeBackend : public sl::ReconstructionBackend {
 public:
  explicit FakeBackend(bool wait_for_stop) : wait_for_stop_(wait_for_stop) {}
  std::string name() const override { return "fake"; }
  sl::Reconstruction run(const sl::ReconstructionInput&, const sl::ReconstructionOptions&,
                         sl::JobContext& ctx, sl::ReconstructionReport& report) override {
    ctx.progress({"features", 0.1, 5.0, "2 photos"});
    ctx.log(sl::LogLevel::Info, "fake backend started");
    auto snapshot = std::make_shared<sl::Scene>();
    snapshot->cloud = grid_cloud(1);  // 9 points
    ctx.publish(snapshot);
    for (int i = 0; wait_for_stop_ && i < 1000; ++i) {
      ctx.check_stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ctx.check_stop();
    sl::Scene scene;
    for (int i = 0; i < 20; ++i) scene.cloud.push_back(Eigen::Vector3f(float(i), 0.f, 0.f));
    scene.views.resize(3);
    scene.views[2].registered = false;
    report.ok = true;
    report.summary = "Fake reconstruction: 20 points.";
    return scene;
  }

 private:
  bool wait_for_stop_;
};

}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(settings_dir_.isValid());
    sl::test::isolate_settings(settings_dir_.path());
  }

  void dropPlyShowsPointCount() {
    QTemporaryDir dir;
    const QString ply = dir.filePath("grid.ply");
    sl::PointCloud cloud = grid_cloud(12);  // 25 x 25 = 625 points
    sl::write_ply(ply.toStdString(), cloud);
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    dropFiles(&w, {ply});
    QVERIFY2(w.lastWarning().isEmpty(), qPrintable(w.lastWarning()));
    QVERIFY2(sceneStatus(w).contains("625 points"), qPrintable(sceneStatus(w)));
    QVERIFY(sceneStatus(w).contains("0 cameras"));
    QCOMPARE(w.recentFiles().value(0), ply);
  }

  void dropBadFileWarnsAndStaysUsable() {
    QTemporaryDir dir;
    const QString bad = dir.filePath("broken.ply");
    std::ofstream(bad.toStdString()) << "this is not a ply file\n";
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    dropFiles(&w, {bad});
    QVERIFY2(w.lastWarning().contains("broken.ply"), qPrintable(w.lastWarning()));
    QVERIFY(sceneStatus(w).contains("0 points"));
    const QString good = dir.filePath("good.ply");
    sl::write_ply(good.toStdString(), grid_cloud(2));
    QVERIFY(w.openPaths({good}));
    QVERIFY(sceneStatus(w).contains("25 points"));
  }

  void clickPicksPoint() {
    MainWindow w;
    w.setInteractive(false);
    w.resize(1000, 700);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto scene = std::make_shared<sl::Scene>();
    scene->cloud = grid_cloud(10);  // the origin is the centre of the bounds
    w.setScene(scene, QString());
    sl::viewer::Viewport* vp = w.viewport();
    vp->fitToScene();
    QTest::qWait(800);  // first frames (software GL)
    const QPoint centre = vp->rect().center();
    QSignalSpy spy(vp, &sl::viewer::Viewport::pointPicked);
    clickViewport(vp, centre);
    if (spy.isEmpty()) QVERIFY(spy.wait(3000));
    QCOMPARE(spy.count(), 1);
    const auto pick = qvariant_cast<sl::viewer::PickResult>(spy.at(0).at(0));
    QVERIFY2(pick.position.norm() < 0.1f, qPrintable(QString("picked (%1, %2, %3)")
                                                         .arg(pick.position.x())
                                                         .arg(pick.position.y())
                                                         .arg(pick.position.z())));
    QVERIFY(w.pickStatusText().contains("0.000"));
  }

  void chatRecordsQuestion() {
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // A metric scene with a table and a chair 5 m apart (centre to centre).
    auto scene = std::make_shared<sl::Scene>();
    scene->scale = {true, 1.0};
    for (const auto& [name, x, y] :
         {std::tuple{"table", 0.0, 0.0}, std::tuple{"chair", 3.0, 4.0}}) {
      sl::SceneObject o;
      o.id = int(scene->objects.size());
      o.name = o.label = name;
      o.box.center = {x, y, 0.4};
      o.box.size = {0.8, 0.6, 0.8};
      scene->objects.push_back(o);
    }
    w.setScene(scene, QString());
    sl::ui::ChatPanel* chat = w.chatPanel();
    QTest::keyClicks(chat->inputLine(), "How far is the chair from the table?");
    QTest::mouseClick(chat->askButton(), Qt::LeftButton);
    QCOMPARE(chat->historyView()->count(), 2);
    QVERIFY(chat->historyView()->item(0)->text().contains("How far is the chair"));
    // Answered by the spatial reasoner from the geometry, with a number and its unit.
    const auto answer = nlohmann::json::parse(w.scene()->chat.at(0).json);
    QCOMPARE(QString::fromStdString(answer.at("kind").get<std::string>()), QString("distance"));
    QVERIFY(std::abs(answer.at("value").get<double>() - 5.0) < 1e-6);
    QCOMPARE(QString::fromStdString(answer.at("unit").get<std::string>()), QString("m"));
    QVERIFY(chat->historyView()->item(1)->text().contains("5"));
    QVERIFY(chat->inputLine()->text().isEmpty());
    QCOMPARE(w.scene()->chat.size(), size_t(1));
    QCOMPARE(QString::fromStdString(w.scene()->chat[0].question),
             QString("How far is the chair from the table?"));

    chat->setAnswerFunction([](const std::string& q) {
      return sl::ui::ChatAnswer{"echo: " + q, "{\"kind\":\"echo\"}", {}};
    });
    QTest::keyClicks(chat->inputLine(), "which is taller");
    QTest::keyClick(chat->inputLine(), Qt::Key_Return);
    QCOMPARE(chat->historyView()->count(), 4);
    QCOMPARE(chat->historyView()->item(3)->text(), QString("echo: which is taller"));
    QCOMPARE(w.scene()->chat.back().json, std::string("{\"kind\":\"echo\"}"));
  }

  void reconstructionRunsOnWorker() {
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    sl::ui::JobRunner* runner = w.jobRunner();
    QSignalSpy published(runner, &sl::ui::JobRunner::snapshotPublished);
    QSignalSpy done(&w, &MainWindow::reconstructionFinished);
    QString error;
    QVERIFY(runner->start(std::make_unique<FakeBackend>(false), {}, {}, &error));
    QVERIFY(done.wait(10000));
    QCOMPARE(done.at(0).at(0).toBool(), true);
    QCOMPARE(published.count(), 1);
    QVERIFY2(sceneStatus(w).contains("20 points · 3 cameras (2 registered)"),
             qPrintable(sceneStatus(w)));
    QVERIFY(!runner->running());
  }

  void cancelStopsWorker() {
    sl::ui::JobRunner runner;
    QSignalSpy failed(&runner, &sl::ui::JobRunner::failed);
    QSignalSpy progress(&runner, &sl::ui::JobRunner::progressChanged);
    QString error;
    QVERIFY(runner.start(std::make_unique<FakeBackend>(true), {}, {}, &error));
    QVERIFY(!runner.start(std::make_unique<FakeBackend>(true), {}, {}, &error));
    QVERIFY(error.contains("already running"));
    QVERIFY(progress.wait(5000));
    runner.cancel();
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.at(0).at(1).toBool(), true);
    QVERIFY(!runner.running());
  }

  void unknownBackendIsReported() {
    sl::ui::JobRunner runner;
    sl::ReconstructionOptions options;
    options.backend = "no-such-backend";
    QString error;
    QVERIFY(!runner.start({}, options, &error));
    QVERIFY2(error.contains("no-such-backend"), qPrintable(error));
  }

 private:
  QTemporaryDir settings_dir_;
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
