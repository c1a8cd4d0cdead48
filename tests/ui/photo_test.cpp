// GUI tests of the photos: a click on an object in a photo selects it (2D mask lifted to 3D) and
// the selection is outlined on the photo; "show me the X in photo N" in the chat opens that photo
// with X outlined; clicking an earlier answer in the chat history draws it again; undo takes the
// photo selection back. A generated room with exact depth, written to disk. Run under Xvfb.
#include <QAction>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "scene/synth/SynthScene.h"
#include "tests/ui/TestSettings.h"
#include "ui/ChatPanel.h"
#include "ui/MainWindow.h"
#include "ui/PhotoDialog.h"
#include "ui/SelectionController.h"
// After Eigen: httplib.h pulls in <resolv.h>, whose _res macro breaks Eigen's headers.
#include <httplib.h>

using sl::ui::MainWindow;
using sl::ui::PhotoDialog;
using sl::ui::SelectionController;

class PhotoTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(settings_dir_.isValid() && scene_dir_.isValid());
    sl::test::isolate_settings(settings_dir_.path());
    sl::synth::SynthOptions opt;
    opt.seed = 1;
    opt.views = 5;
    opt.width = 320;
    opt.height = 240;
    opt.cloud_points = 60000;
    res_ = sl::synth::make_synthetic_scene(opt);
    sl::synth::write_synthetic_scene(res_, scene_dir_.path().toStdString());
  }

  void init() {
    w_ = std::make_unique<MainWindow>();
    w_->setInteractive(false);
    w_->resize(1100, 750);
    w_->show();
    QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
    QVERIFY(w_->openScene(scene_dir_.path() + "/scene.scenelens"));
    SelectionController* sel = w_->selection();
    if (!sel->indexReady()) {
      QSignalSpy built(sel, &SelectionController::indexBuilt);
      QVERIFY(built.wait(30000));
    }
  }

  void cleanup() { w_.reset(); }

  void clickOnPhotoSelectsTheObject() {
    // The largest object in photo 1 and its most interior pixel.
    const cv::Mat& ids = res_.object_ids[0];
    int object = -1, most = 0;
    for (size_t o = 0; o < res_.scene.objects.size(); ++o) {
      const int n = cv::countNonZero(ids == int(o));
      if (n > most) most = n, object = int(o);
    }
    QVERIFY(object >= 0 && most > 800);
    cv::Mat dist;
    cv::distanceTransform(ids == object, dist, cv::DIST_L2, 3);
    cv::Point inside;
    cv::minMaxLoc(dist, nullptr, nullptr, nullptr, &inside);

    PhotoDialog* d = w_->openPhoto(0);
    QVERIFY(d);
    QVERIFY(QTest::qWaitForWindowExposed(d));
    QCOMPARE(d->photo().size(), QSize(320, 240));
    QCOMPARE(d->outlineCount(), 0);
    SelectionController* sel = w_->selection();
    QSignalSpy changed(sel, &SelectionController::selectionChanged);
    QTest::mouseClick(d->canvas(), Qt::LeftButton, Qt::NoModifier,
                      d->canvasPosOf(QPointF(inside.x, inside.y)));
    if (changed.isEmpty()) QVERIFY(changed.wait(20000));
    // The selected points are the object's (what photo 1 sees of it).
    const std::vector<uint32_t>& got = sel->selection().points;
    std::vector<uint32_t> truth = res_.scene.objects[size_t(object)].point_indices;
    std::sort(truth.begin(), truth.end());
    size_t on_object = 0;
    for (uint32_t i : got) on_object += std::binary_search(truth.begin(), truth.end(), i);
    QVERIFY2(got.size() > 200, qPrintable(QString::number(got.size())));
    QVERIFY2(double(on_object) >= 0.9 * double(got.size()),
             qPrintable(QString("%1 of %2 on the object").arg(on_object).arg(got.size())));
    // Outlined on this photo, and on another photo that sees the object.
    QVERIFY(d->outlineCount() >= 1);
    int other = -1;
    for (size_t v = 1; v < res_.object_ids.size() && other < 0; ++v)
      if (cv::countNonZero(res_.object_ids[v] == object) > 800) other = int(v);
    if (other > 0) {
      PhotoDialog* d2 = w_->openPhoto(other);
      QVERIFY(d2 && d2 != d);
      QVERIFY(d2->outlineCount() >= 1);
    }
    const QString shots = qEnvironmentVariable("SL_TEST_SHOT_DIR");
    if (!shots.isEmpty()) d->render().save(shots + "/photo_select.png");
    // Undo takes it back, and the outline goes with it.
    w_->undoStack()->undo();
    QVERIFY(sel->selection().empty());
    QCOMPARE(d->outlineCount(), 0);
  }

  void shiftClickOnAnotherPhotoOfTheSameThing() {
    // An object two photos see clearly, and another object the second photo sees.
    int object = -1, a = -1, b = -1, other = -1;
    for (size_t o = 0; o < res_.scene.objects.size() && b < 0; ++o) {
      std::vector<int> seen;
      for (size_t v = 0; v < res_.object_ids.size(); ++v)
        if (cv::countNonZero(res_.object_ids[v] == int(o)) > 1500) seen.push_back(int(v));
      if (seen.size() >= 2) object = int(o), a = seen.front(), b = seen.back();
    }
    QVERIFY(object >= 0);
    for (size_t o = 0; o < res_.scene.objects.size(); ++o)
      if (int(o) != object && cv::countNonZero(res_.object_ids[size_t(b)] == int(o)) > 800)
        other = int(o);
    QVERIFY(other >= 0);
    SelectionController* sel = w_->selection();
    auto click = [&](int view, int thing, Qt::KeyboardModifiers mods) {
      cv::Mat dist;
      cv::distanceTransform(res_.object_ids[size_t(view)] == thing, dist, cv::DIST_L2, 3);
      cv::Point inside;
      cv::minMaxLoc(dist, nullptr, nullptr, nullptr, &inside);
      PhotoDialog* d = w_->openPhoto(view);
      QVERIFY(d && QTest::qWaitForWindowExposed(d));
      QSignalSpy changed(sel, &SelectionController::selectionChanged);
      QTest::mouseClick(d->canvas(), Qt::LeftButton, mods,
                        d->canvasPosOf(QPointF(inside.x, inside.y)));
      if (changed.isEmpty()) QVERIFY(changed.wait(20000));
    };
    auto share_on = [&](int thing) {
      std::vector<uint32_t> truth = res_.scene.objects[size_t(thing)].point_indices;
      std::sort(truth.begin(), truth.end());
      size_t n = 0;
      for (uint32_t i : sel->selection().points)
        n += std::binary_search(truth.begin(), truth.end(), i);
      return double(n) / double(std::max<size_t>(1, sel->selection().points.size()));
    };
    click(a, object, Qt::NoModifier);
    const std::vector<uint32_t> first = sel->selection().points;
    QVERIFY(first.size() > 100);
    const QString shots = qEnvironmentVariable("SL_TEST_SHOT_DIR");
    if (!shots.isEmpty()) w_->openPhoto(b)->render().save(shots + "/photo_first_click_on_b.png");
    // The same thing from photo b: recognised, united (and carved), still all on the object.
    click(b, object, Qt::ShiftModifier);
    QVERIFY2(w_->undoStack()->undoText().contains("same thing"),
             qPrintable(w_->undoStack()->undoText()));
    const std::vector<uint32_t> both = sel->selection().points;
    QVERIFY(both.size() >= first.size());
    QVERIFY2(share_on(object) >= 0.9, qPrintable(QString::number(share_on(object))));
    if (!shots.isEmpty()) w_->openPhoto(b)->render().save(shots + "/photo_same_thing.png");
    // Another thing on photo b: a plain union, nothing of the first object carved.
    click(b, other, Qt::ShiftModifier);
    QVERIFY(!w_->undoStack()->undoText().contains("same thing"));
    QVERIFY(std::includes(sel->selection().points.begin(), sel->selection().points.end(),
                          both.begin(), both.end()));
    QVERIFY(share_on(other) > 0.1);
    w_->undoStack()->undo();
    w_->undoStack()->undo();
    QCOMPARE(sel->selection().points, first);
  }

  void chatShowsObjectInPhotoAndRedrawsAnswers() {
    // An object photo 2 shows clearly.
    int object = -1;
    for (size_t o = 0; o < res_.scene.objects.size() && object < 0; ++o)
      if (cv::countNonZero(res_.object_ids[1] == int(o)) > 800) object = int(o);
    QVERIFY(object >= 0);
    const std::string name = res_.scene.objects[size_t(object)].name;
    sl::ui::ChatPanel* chat = w_->chatPanel();
    chat->ask(QString::fromStdString("show me the " + name + " in photo 2"));
    PhotoDialog* shown = nullptr;
    for (PhotoDialog* d : w_->openPhotos())
      if (d->viewIndex() == 1) shown = d;
    QVERIFY2(shown, qPrintable(chat->historyView()->item(1)->text()));
    QCOMPARE(shown->outlineCount(), 1);
    const QString shots = qEnvironmentVariable("SL_TEST_SHOT_DIR");
    if (!shots.isEmpty()) shown->render().save(shots + "/chat_show_in_photo.png");

    // A distance answer draws a line; another question replaces it; a click on the first
    // answer in the history draws its line again.
    const std::string other = res_.scene.objects[size_t(object == 0 ? 1 : 0)].name;
    chat->ask(QString::fromStdString("how far is the " + name + " from the " + other + "?"));
    auto has_line = [&] {
      const auto o = w_->selection()->overlays();
      return std::any_of(o.begin(), o.end(), [](const sl::viewer::Overlay& x) {
        return x.kind == sl::viewer::Overlay::Kind::Line;
      });
    };
    QVERIFY(has_line());
    chat->ask("how many things are there?");
    const int answers = chat->historyView()->count();
    QVERIFY(answers >= 6);
    w_->selection()->setAnswerOverlays({});
    QVERIFY(!has_line());
    QListWidget* history = chat->historyView();
    QListWidgetItem* distance_answer = history->item(3);
    const QRect r = history->visualItemRect(distance_answer);
    QTest::mouseClick(history->viewport(), Qt::LeftButton, Qt::NoModifier, r.center());
    QVERIFY2(has_line(), qPrintable(distance_answer->text()));
  }

  void chatAsksTheVlmServerWhatItCannotAnswer() {
    // A fake OpenAI-compatible server on loopback: it answers every request with one sentence.
    httplib::Server server;
    std::vector<nlohmann::json> requests;
    std::mutex mutex;
    server.Post("/v1/chat/completions", [&](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        requests.push_back(nlohmann::json::parse(req.body, nullptr, false));
      }
      const nlohmann::json reply = {
          {"choices",
           {{{"index", 0},
             {"message", {{"role", "assistant"}, {"content", "It looks freshly painted."}}}}}}};
      res.set_content(reply.dump(), "application/json");
    });
    const int port = server.bind_to_any_port("127.0.0.1");
    std::thread thread([&] { server.listen_after_bind(); });
    sl::ui::ChatPanel* chat = w_->chatPanel();
    chat->setVlmServer(true, QString("http://127.0.0.1:%1/v1").arg(port));
    // The built-in reasoner answers what it can without the server...
    const std::string name = res_.scene.objects.at(0).name;
    chat->ask(QString::fromStdString("how tall is the " + name + "?"));
    QCOMPARE(chat->pendingAnswers(), 0);
    // ...and hands the rest over, on a worker: a placeholder first, the answer when it comes.
    chat->ask("what style is the decoration?");
    QCOMPARE(chat->pendingAnswers(), 1);
    QListWidget* history = chat->historyView();
    QVERIFY(history->item(history->count() - 1)->text().startsWith("Asking the VLM server"));
    QTRY_COMPARE_WITH_TIMEOUT(chat->pendingAnswers(), 0, 20000);
    QCOMPARE(history->item(history->count() - 1)->text(), QString("It looks freshly painted."));
    QCOMPARE(w_->scene()->chat.size(), size_t(2));
    QCOMPARE(w_->scene()->chat.back().answer, std::string("It looks freshly painted."));
    server.stop();
    thread.join();
    QCOMPARE(requests.size(), size_t(1));
    bool photo = false;
    for (const auto& part : requests[0]["messages"][1]["content"])
      photo = photo || part["type"] == "image_url";
    QVERIFY2(photo, "the photos (with markers) were not sent");
    chat->setVlmServer(false, QString());
  }

  void toolsProposeObjectsIsUndoable() {
    QAction* propose = w_->findChild<QAction*>("proposeObjects");
    QVERIFY(propose);
    const size_t before = w_->scene()->objects.size();
    const std::string first = w_->scene()->objects.at(0).name;
    propose->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w_->undoStack()->count() == 1, 60000);
    const auto& objs = w_->scene()->objects;
    QVERIFY(!objs.empty());
    QVERIFY(objs[0].name.rfind("object ", 0) == 0);  // proposals are unnamed
    QVERIFY(propose->isEnabled());
    w_->undoStack()->undo();
    QCOMPARE(w_->scene()->objects.size(), before);
    QCOMPARE(w_->scene()->objects.at(0).name, first);
    // Without a detector configured, labelling says so instead of doing anything.
    qputenv("SCENELENS_DETECTOR_DIR", "");
    QSettings().remove("detector/dir");
    QAction* label = w_->findChild<QAction*>("labelObjects");
    QVERIFY(label);
    label->trigger();
    QVERIFY2(w_->lastWarning().contains("detector"), qPrintable(w_->lastWarning()));
    QCOMPARE(w_->undoStack()->count(), 1);  // the undone proposal only
  }

 private:
  QTemporaryDir settings_dir_, scene_dir_;
  sl::synth::SynthResult res_;
  std::unique_ptr<MainWindow> w_;
};

QTEST_MAIN(PhotoTest)
#include "photo_test.moc"
