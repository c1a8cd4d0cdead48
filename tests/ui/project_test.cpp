// GUI tests of projects and export: saving on the worker keeps the view state, File > Export
// writes files that read back, an unwritable export path is reported with its name, and a
// SceneLens process killed (SIGKILL) after an autosave has its work recovered by the next one.
// Run under Xvfb.
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>
#include <iostream>

#include "scene/PlyIO.h"
#include "scene/SceneFile.h"
#include "tests/ui/TestSettings.h"
#include "ui/Autosave.h"
#include "ui/ChatPanel.h"
#include "ui/MainWindow.h"
#include "viewer/Viewport.h"

using sl::ui::MainWindow;

namespace {

std::shared_ptr<sl::Scene> test_scene() {
  auto s = std::make_shared<sl::Scene>();
  s->source = "project test";
  for (int i = -20; i <= 20; ++i)
    for (int j = -20; j <= 20; ++j)
      s->cloud.push_back(Eigen::Vector3f(0.05f * i, 0.05f * j, 0.02f * float((i * j) % 5)),
                         {uint8_t(120 + 3 * i), uint8_t(120 + 3 * j), 200});
  sl::SceneObject o;
  o.id = 0;
  o.name = "patch";
  o.label = "patch";
  o.box.center = {0, 0, 0.04};
  o.box.size = {2, 2, 0.1};
  for (uint32_t i = 0; i < s->cloud.size(); ++i) o.point_indices.push_back(i);
  s->objects.push_back(o);
  return s;
}

// Child mode: open a scene, ask one question (real work), wait for the autosave, report it and
// wait to be killed.
int child_main(int argc, char** argv, const QString& ply) {
  QApplication app(argc, argv);
  MainWindow w;
  w.setInteractive(false);
  w.show();
  if (!w.openScene(ply)) return 3;
  w.chatPanel()->ask("how big is the patch?");
  QObject::connect(w.autosave(), &sl::ui::Autosave::autosaved, [](const QString& path) {
    std::printf("AUTOSAVED %s\n", qPrintable(path));
    std::fflush(stdout);
  });
  return app.exec();
}

}  // namespace

class ProjectTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    qputenv("SCENELENS_AUTOSAVE_DIR", (dir_.path() + "/autosave").toUtf8());
    // Settings (recent files, window state) in the test's own folder, not the user's.
    sl::test::isolate_settings(dir_.path() + "/settings");
  }

  void saveKeepsViewStateAndRunsOnTheWorker() {
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setScene(test_scene(), QString());
    sl::viewer::OrbitCamera cam = w.viewport()->camera();
    cam.eye = cam.target + Eigen::Vector3d(0.3, -2.0, 1.1);
    w.viewport()->setCamera(cam);
    const QString path = dir_.path() + "/p.scenelens";
    QSignalSpy saved(&w, &MainWindow::sceneSaved);
    QVERIFY(w.saveSceneTo(path));
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.at(0).at(1).toBool(), true);
    QCOMPARE(w.scenePath(), QFileInfo(path).absoluteFilePath());
    const sl::Scene back = sl::load_scene(path.toStdString());
    QCOMPARE(back.cloud.size(), test_scene()->cloud.size());
    QVERIFY(!back.view_state_json.empty());

    MainWindow w2;
    w2.setInteractive(false);
    w2.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w2));
    QVERIFY(w2.openScene(path));
    const Eigen::Vector3d eye = w2.viewport()->camera().eye;
    QVERIFY2((eye - cam.eye).norm() < 1e-6, "the saved camera is restored");
    QVERIFY(!w2.isModified());

    // An unwritable place: a warning naming it; nothing crashes.
    QSignalSpy failed(&w, &MainWindow::sceneSaved);
    QVERIFY(w.saveSceneTo("/proc/no/such/dir/p.scenelens"));
    QVERIFY(failed.wait(20000));
    QCOMPARE(failed.at(0).at(1).toBool(), false);
    QVERIFY(w.lastWarning().contains("/proc/no/such/dir/p.scenelens"));
  }

  void exportMenuWritesFilesThatReadBack() {
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setScene(test_scene(), QString());
    auto* menu = w.findChild<QMenu*>("exportMenu");
    QVERIFY(menu);
    QStringList ids;
    for (QAction* a : menu->actions()) ids << a->objectName();
    for (const char* id : {"export_ply", "export_glb", "export_colmap-text", "export_colmap-bin",
                           "export_nerfstudio", "export_mesh", "export_depth", "export_selected",
                           "export_screenshot", "export_turntable"})
      QVERIFY2(ids.contains(id), id);

    for (const QString fmt : {"ply", "glb"}) {
      const QString out = dir_.path() + "/out." + fmt;
      QSignalSpy done(&w, &MainWindow::exportFinished);
      QVERIFY(w.exportTo(fmt, out));
      QVERIFY(done.wait(30000));
      QVERIFY2(done.at(0).at(1).toBool(), qPrintable(done.at(0).at(2).toString()));
      QCOMPARE(sl::load_any(out.toStdString()).cloud.size(), test_scene()->cloud.size());
    }
    QSignalSpy bad(&w, &MainWindow::exportFinished);
    QVERIFY(w.exportTo("ply", "/proc/no/such/dir/out.ply"));
    QVERIFY(bad.wait(30000));
    QCOMPARE(bad.at(0).at(1).toBool(), false);
    QVERIFY(w.lastWarning().contains("/proc/no/such/dir/out.ply"));

    const QString shot = dir_.path() + "/shot.png";
    QSignalSpy shot_done(&w, &MainWindow::exportFinished);
    QVERIFY(w.exportTo("screenshot", shot));
    QVERIFY(shot_done.wait(20000));
    QVERIFY2(shot_done.at(0).at(1).toBool(), qPrintable(shot_done.at(0).at(2).toString()));
    const QImage img(shot);
    QCOMPARE(img.size(), w.viewport()->size());

    const QString turn = dir_.path() + "/turntable";
    QSignalSpy turned(&w, &MainWindow::exportFinished);
    QVERIFY(w.exportTurntable(turn, 4));
    QVERIFY(turned.wait(20000));
    QVERIFY(turned.at(0).at(1).toBool());
    QCOMPARE(QDir(turn).entryList({"frame_*.png"}).size(), 4);
    // The frames differ: the camera turned.
    const QImage f0(turn + "/frame_0000.png"), f1(turn + "/frame_0001.png");
    QVERIFY(!f0.isNull() && f0 != f1);
    // The first frame is the view the turntable started from: the screenshot's.
    QCOMPARE(f0.size(), img.size());
    if (f0.convertToFormat(QImage::Format_RGB32) != img.convertToFormat(QImage::Format_RGB32)) {
      const QString keep = QDir::currentPath() + "/project_turntable_mismatch";
      QDir().mkpath(keep);
      img.save(keep + "/screenshot.png");
      f0.save(keep + "/frame_0000.png");
      QFAIL(qPrintable("the first turntable frame differs from the screenshot; both in " + keep));
    }
  }

  void killedSessionIsRecovered() {
    const QString ply = dir_.path() + "/cloud.ply";
    sl::write_ply(ply.toStdString(), test_scene()->cloud, true);
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("SCENELENS_AUTOSAVE_MS", "300");
    env.insert("SCENELENS_AUTOSAVE_DIR", dir_.path() + "/autosave");
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {"--child-autosave", ply});
    QVERIFY(child.waitForStarted(10000));
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (!out.contains("AUTOSAVED") && t.elapsed() < 60000) {
      child.waitForReadyRead(500);
      out += child.readAllStandardOutput();
    }
    QVERIFY2(out.contains("AUTOSAVED"), out.constData());
    const qint64 child_pid = child.processId();
    child.kill();  // SIGKILL: no clean exit, the session files stay
    QVERIFY(child.waitForFinished(10000));

    MainWindow w;
    w.setInteractive(false);
    w.show();
    const auto sessions = w.recoverableSessions();
    QCOMPARE(int(sessions.size()), 1);
    QCOMPARE(sessions[0].pid, child_pid);
    QVERIFY(w.recoverSession(sessions[0]));
    QCOMPARE(w.scene()->cloud.size(), test_scene()->cloud.size());
    QCOMPARE(w.scene()->chat.size(), size_t(1));
    QCOMPARE(QString::fromStdString(w.scene()->chat[0].question), QString("how big is the patch?"));
    QVERIFY(w.isModified());
    QVERIFY(w.recoverableSessions().empty());  // recovered once, not offered again
  }

 private:
  QTemporaryDir dir_;
};

int main(int argc, char** argv) {
  if (argc == 3 && QByteArray(argv[1]) == "--child-autosave") {
    int child_argc = 1;
    return child_main(child_argc, argv, QString::fromLocal8Bit(argv[2]));
  }
  QApplication app(argc, argv);
  ProjectTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "project_test.moc"
