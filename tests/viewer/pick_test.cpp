// Picking through the Viewport: set a known camera, click at the projected pixel of a known point
// and get that point back. pick() needs no rendered frame, only the camera and widget size.
#include <gtest/gtest.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>
#include <QWindow>
#include <iostream>

#include "TestScenes.h"
#include "viewer/Render.h"
#include "viewer/Viewport.h"

using namespace sl::viewer;

namespace {
// A 400 x 300 viewport looking at the cube through its camera 1.
void look_at_cube(Viewport& vp, std::shared_ptr<const sl::Scene> scene) {
  vp.resize(400, 300);
  vp.setScene(std::move(scene));
  vp.lookThroughCamera(1);
}
}  // namespace

TEST(ViewerPick, PicksProjectedPoint) {
  auto scene = test::colored_cube(60);
  Viewport vp;
  look_at_cube(vp, scene);
  const OrbitCamera cam = vp.camera();
  // Points on the faces turned to the camera: pick each of a few and expect it back.
  int tested = 0;
  for (uint32_t i = 0; i < scene->cloud.size() && tested < 20; i += 997) {
    const Eigen::Vector3f p = scene->cloud.xyz[i];
    Eigen::Vector2d px;
    if (!cam.project(p.cast<double>(), vp.width(), vp.height(), &px)) continue;
    // Visible when no other point is closer to the camera along that ray: check with the index.
    const auto hit = vp.pick(QPoint(int(std::lround(px.x())), int(std::lround(px.y()))));
    ASSERT_TRUE(hit.has_value()) << "nothing picked at " << px.transpose();
    const float depth_p = (p.cast<double>() - cam.eye).norm();
    const float depth_hit = (hit->position.cast<double>() - cam.eye).norm();
    if (depth_hit < depth_p - 0.05f) continue;  // p is hidden behind a nearer face
    EXPECT_LT((hit->position - p).norm(), 0.03f) << "point " << i;
    ++tested;
  }
  EXPECT_GE(tested, 5);
}

TEST(ViewerPick, HiddenPointsAreNeitherDrawnNorPicked) {
  auto scene = test::colored_cube(60);
  Viewport vp;
  look_at_cube(vp, scene);
  const OrbitCamera cam = vp.camera();
  const size_t n = scene->cloud.size();
  ASSERT_EQ(vp.shownPointCount(), n);
  // Hide the half of the cube nearer the camera: every pick must land on a shown point.
  const Eigen::Vector3d c = scene->cloud.bounds().center().cast<double>();
  std::vector<uint8_t> mask(n, 1);
  size_t hidden = 0;
  for (size_t i = 0; i < n; ++i)
    if ((scene->cloud.xyz[i].cast<double>() - cam.eye).norm() < (c - cam.eye).norm())
      mask[i] = 0, ++hidden;
  ASSERT_GT(hidden, n / 10);
  vp.setPointMask(mask);
  EXPECT_EQ(vp.shownPointCount(), n - hidden);
  int picked = 0;
  for (int y = 30; y < 300; y += 40)
    for (int x = 30; x < 400; x += 40)
      if (const auto hit = vp.pick(QPoint(x, y))) {
        EXPECT_EQ(mask[hit->point_index], 1) << "picked hidden point " << hit->point_index;
        ++picked;
      }
  EXPECT_GT(picked, 5);
  vp.setPointMask({});  // all shown again
  EXPECT_EQ(vp.shownPointCount(), n);
}

TEST(ViewerPick, ClickEmitsPointPicked) {
  auto scene = test::colored_cube(60);
  Viewport vp;
  vp.resize(300, 300);
  vp.setScene(scene);
  vp.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&vp));
  QSignalSpy spy(&vp, &Viewport::pointPicked);
  // The cube centre is in the middle of the fitted view: a click there hits a face.
  const auto direct = vp.pick(QPoint(150, 150));
  ASSERT_TRUE(direct.has_value());
  EXPECT_LT(direct->distance_to_ray, 0.05f);
  // A real click on the Qt3D window inside the viewport emits pointPicked with the same point.
  QWindow* view3d = nullptr;
  for (QWindow* w : QGuiApplication::allWindows())
    if (w != vp.windowHandle() && w->isVisible() && w->width() == vp.width()) view3d = w;
  ASSERT_NE(view3d, nullptr);
  QTest::mouseClick(view3d, Qt::LeftButton, Qt::NoModifier, QPoint(150, 150));
  ASSERT_EQ(spy.count(), 1);
  const auto picked = spy.at(0).at(0).value<PickResult>();
  EXPECT_LT((picked.position - direct->position).norm(), 1e-4f);
}

TEST(ViewerPick, LatencyIsSmallOnAMillionPoints) {
  auto scene = test::random_cloud(1000000);
  Viewport vp;
  vp.resize(600, 400);
  vp.setScene(scene);
  QElapsedTimer t;
  t.start();
  int hits = 0;
  for (int i = 0; i < 50; ++i)
    if (vp.pick(QPoint(100 + i * 8, 200))) ++hits;
  const double ms = double(t.nsecsElapsed()) / 1e6 / 50;
  std::cout << "pick latency (1M points, mean of 50): " << ms << " ms, hits " << hits << "\n";
  EXPECT_GT(hits, 40);
  EXPECT_LT(ms, 50.0);
}

int main(int argc, char** argv) {
  if (!display_available()) {
    std::cout << "SKIP: no display; run under xvfb-run -a -s \"-screen 0 1280x800x24\"\n";
    return 77;
  }
  QApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
