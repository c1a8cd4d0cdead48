// Viewer benchmark (run under Xvfb: software GL, llvmpipe).
// For 1M and 5M random points in a 1280x800 viewport:
// - frame time while orbiting: the camera turns each frame, so the point budget (300k) is on;
// - frame time when still: all points drawn;
// - picking latency: median of 100 picks at pixels spread over the view.
// A frame is timed from the camera change (or render request) to the completion of a
// QRenderCapture of that frame, read-back included: an upper bound of the on-screen frame time.
#include <QApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "tests/viewer/TestScenes.h"
#include "viewer/Render.h"
#include "viewer/Viewport.h"

using namespace sl::viewer;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (!display_available()) {
    std::fprintf(stderr, "bench_viewer needs a display; run under xvfb-run\n");
    return 1;
  }
  QApplication app(argc, argv);
  const QSize size(1280, 800);
  std::printf(
      "| points | frame ms moving (budget 300k) | frame ms still | pick ms (median of 100) | pick "
      "hits |\n");
  std::printf("|---|---|---|---|---|\n");
  for (size_t n : {size_t(1000000), size_t(5000000)}) {
    auto scene = test::random_cloud(n);
    Viewport vp;
    vp.setFixedSize(size);
    vp.setScene(scene);
    vp.setPointSize(2);
    vp.show();
    for (int i = 0; i < 3; ++i) vp.grab3D();  // warm up: uploads
    std::vector<double> moving, still, picks;
    QElapsedTimer t;
    for (int i = 0; i < 12; ++i) {
      OrbitCamera c = vp.camera();
      c.orbit(15, 2, size.height());
      t.start();
      vp.notifyCameraMoving();
      vp.setCamera(c);
      vp.grab3D();
      moving.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    QElapsedTimer idle;  // let the idle timer restore the full cloud
    idle.start();
    while (idle.elapsed() < 300) app.processEvents(QEventLoop::AllEvents, 50);
    const size_t drawn_still = vp.drawnPointCount();
    for (int i = 0; i < 6; ++i) {
      OrbitCamera c = vp.camera();
      c.orbit(15, 0, size.height());
      vp.setCamera(c);
      t.start();
      vp.grab3D();
      still.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    int hits = 0;
    for (int i = 0; i < 100; ++i) {
      const QPoint p(200 + (i % 10) * 88, 150 + (i / 10) * 50);
      t.start();
      if (vp.pick(p)) ++hits;
      picks.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::printf("| %zuM | %.1f | %.1f (%zu drawn) | %.3f | %d/100 |\n", n / 1000000, median(moving),
                median(still), drawn_still, median(picks), hits);
    std::fflush(stdout);
  }
  return 0;
}
