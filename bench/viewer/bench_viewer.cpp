// Viewer benchmark (run under Xvfb: software GL, llvmpipe):
//   xvfb-run -a -s "-screen 0 1280x800x24" ./bench/viewer/bench_viewer [millions of points ...]
// (default: 1 and 5). Random points in a 10 x 10 x 3 box, a 1280x800 viewport, the Viewport's
// defaults (point size 3, point budget 300k).
//
// What is timed (Qt3D renders on the GUI thread, so a frame's time is also the time the GUI
// thread is busy with it):
// - "moving": the camera orbits a little on every Qt3D frame (frameRendered signal), with
//   notifyCameraMoving() as a mouse drag does, so every frame draws a new view at the moving
//   point count. Frame time = interval between consecutive frames (jobs + draw + swap; Qt3D
//   ticks at most every ~16 ms). Median of 30 frames after 15 frames in which the budget adapts;
//   "drawn" is the median drawnPointCount() over the timed frames.
// - "still": the same without notifyCameraMoving(), after the viewport has gone back to drawing
//   every point: the time of a frame with the whole cloud. Median of 6 frames.
// - "capture": camera change -> QRenderCapture of that view completed and flipped (grab3D()),
//   still, median of 4. This is what the CLI renderer and the tests pay: two Qt3D frames (the
//   capture is handed over one frame later) plus the read-back of 1280x800 pixels. It is NOT the
//   on-screen frame time.
// - picking: Viewport::pick() at 100 pixels where random cloud points project (the cloud is under
//   the cursor), each timed with a nanosecond clock: mean and maximum; hits of those 100 and of
//   100 pixels on a grid over the whole view (the cloud covers only part of it).
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <vector>

#include "tests/viewer/TestScenes.h"
#include "viewer/Render.h"
#include "viewer/Viewport.h"

using namespace sl::viewer;

namespace {

template <typename T>
T median(std::vector<T> v) {
  if (v.empty()) return T{};
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double ms_since(const QElapsedTimer& t) {
  return double(t.nsecsElapsed()) / 1e6;
}

struct FrameRun {
  double median_ms = 0;
  size_t median_drawn = 0;
};

// Orbits the camera on every Qt3D frame; times `frames` frames after `skip` frames.
FrameRun orbit_frames(Viewport& vp, bool moving, int skip, int frames) {
  std::vector<double> ms;
  std::vector<size_t> drawn;
  QEventLoop loop;
  QElapsedTimer clock;
  clock.start();
  double last = -1;
  int seen = 0;
  const auto step = [&vp, moving] {
    OrbitCamera c = vp.camera();
    c.orbit(6, 1, vp.height());
    if (moving) vp.notifyCameraMoving();
    vp.setCamera(c);
  };
  const auto conn = QObject::connect(&vp, &Viewport::frameRendered, &vp, [&](double) {
    const double now = ms_since(clock);
    if (seen > skip) {
      ms.push_back(now - last);
      drawn.push_back(vp.drawnPointCount());
    }
    last = now;
    if (++seen > skip + frames) {
      loop.quit();
      return;
    }
    step();
  });
  QTimer::singleShot(300000, &loop, &QEventLoop::quit);
  step();
  loop.exec();
  QObject::disconnect(conn);
  return {median(ms), median(drawn)};
}

void wait_ms(int ms) {
  QEventLoop loop;
  QTimer::singleShot(ms, &loop, &QEventLoop::quit);
  loop.exec();
}

}  // namespace

int main(int argc, char** argv) {
  if (!display_available()) {
    std::fprintf(stderr, "bench_viewer needs a display; run under xvfb-run\n");
    return 1;
  }
  QApplication app(argc, argv);
  std::vector<size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(size_t(std::atof(argv[i]) * 1e6));
  if (sizes.empty()) sizes = {1000000, 5000000};
  const QSize size(1280, 800);
  std::printf(
      "| points | moving: frame ms (median of 30) | drawn while moving | still: frame ms (median "
      "of 6) | drawn still | capture ms (median of 4) | pick ms mean / max (100 px on the cloud) "
      "| hits on cloud | hits on grid |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (size_t n : sizes) {
    auto scene = test::random_cloud(n);
    Viewport vp;
    vp.setFixedSize(size);
    vp.setScene(scene);
    vp.show();
    for (int i = 0; i < 3; ++i) vp.grab3D();  // warm up: buffer uploads, shader compilation

    const FrameRun moving = orbit_frames(vp, true, 15, 30);
    wait_ms(500);  // the camera stops: the idle timer restores the full cloud
    const FrameRun still = orbit_frames(vp, false, 1, 6);
    wait_ms(200);
    std::vector<double> capture;
    for (int i = 0; i < 4; ++i) {
      OrbitCamera c = vp.camera();
      c.orbit(12, 0, size.height());
      QElapsedTimer t;
      t.start();
      vp.setCamera(c);
      vp.grab3D();
      capture.push_back(ms_since(t));
    }

    // Picking: pixels where cloud points project, then a grid over the whole view.
    const OrbitCamera cam = vp.camera();
    std::mt19937 rng(7);
    std::uniform_int_distribution<size_t> pick_point(0, n - 1);
    std::vector<QPoint> on_cloud;
    while (on_cloud.size() < 100) {
      Eigen::Vector2d px;
      if (!cam.project(scene->cloud.xyz[pick_point(rng)].cast<double>(), size.width(),
                       size.height(), &px))
        continue;
      const QPoint p(int(std::lround(px.x())), int(std::lround(px.y())));
      if (p.x() >= 0 && p.y() >= 0 && p.x() < size.width() && p.y() < size.height())
        on_cloud.push_back(p);
    }
    std::vector<double> pick_ms;
    int hits_on_cloud = 0, hits_on_grid = 0;
    for (const QPoint& p : on_cloud) {
      QElapsedTimer t;
      t.start();
      const bool hit = vp.pick(p).has_value();
      pick_ms.push_back(ms_since(t));
      hits_on_cloud += hit ? 1 : 0;
    }
    for (int i = 0; i < 100; ++i) {
      const QPoint p((i % 10) * size.width() / 10 + 64, (i / 10) * size.height() / 10 + 40);
      if (vp.pick(p)) ++hits_on_grid;
    }
    const double pick_mean =
        std::accumulate(pick_ms.begin(), pick_ms.end(), 0.0) / double(pick_ms.size());
    const double pick_max = *std::max_element(pick_ms.begin(), pick_ms.end());

    std::printf("| %.1fM | %.1f | %zu | %.1f | %zu | %.1f | %.3f / %.3f | %d/100 | %d/100 |\n",
                double(n) / 1e6, moving.median_ms, moving.median_drawn, still.median_ms,
                still.median_drawn, median(capture), pick_mean, pick_max, hits_on_cloud,
                hits_on_grid);
    std::fflush(stdout);
  }
  return 0;
}
