// Camera maths and the picking index, without GL.
#include <gtest/gtest.h>

#include "TestScenes.h"
#include "viewer/OrbitCamera.h"
#include "viewer/PickIndex.h"

using namespace sl::viewer;

TEST(OrbitCamera, RayThroughProjectedPixelHitsPoint) {
  OrbitCamera cam;
  cam.fit(Eigen::AlignedBox3d(Eigen::Vector3d(-1, -1, 0), Eigen::Vector3d(1, 1, 1)));
  const Eigen::Vector3d p(0.3, -0.2, 0.7);
  Eigen::Vector2d px;
  ASSERT_TRUE(cam.project(p, 400, 300, &px));
  const Ray r = cam.rayThrough(px.x(), px.y(), 400, 300);
  const Eigen::Vector3f v = p.cast<float>() - r.origin;
  EXPECT_LT((v - r.dir * v.dot(r.dir)).norm(), 1e-4f);
}

TEST(OrbitCamera, LookThroughUsesOpenCvAxes) {
  auto s = test::colored_cube();
  const sl::View& v = s->views[0];
  OrbitCamera cam;
  cam.lookThrough(v, 2.0);
  const Eigen::Matrix3d R = v.world_from_cam.linear();
  EXPECT_LT((cam.forward() - R.col(2)).norm(), 1e-9);
  EXPECT_LT((cam.up + R.col(1)).norm(), 1e-9);
  EXPECT_NEAR(cam.vfov_deg, 2 * std::atan(240.0 / 500.0) * 180 / M_PI, 1e-9);
  // The cube centre (the camera's target) projects to the image centre.
  Eigen::Vector2d px;
  ASSERT_TRUE(cam.project(Eigen::Vector3d(0, 0, 0.5), 640, 480, &px));
  EXPECT_NEAR(px.x(), 319.5, 0.5);
  EXPECT_NEAR(px.y(), 239.5, 0.5);
  // Same pixel as the view's own intrinsics (principal point at the centre).
  const Eigen::Vector3d pw(0.3, 0.2, 0.9);
  ASSERT_TRUE(cam.project(pw, 640, 480, &px));
  const Eigen::Vector2d uv = v.intrinsics.project(v.cam_from_world() * pw);
  EXPECT_NEAR(px.x(), uv.x(), 0.01);
  EXPECT_NEAR(px.y(), uv.y(), 0.01);
}

TEST(OrbitCamera, OrbitKeepsDistanceAndPanMovesTarget) {
  OrbitCamera cam;
  cam.fit(Eigen::AlignedBox3d(Eigen::Vector3d(-1, -1, 0), Eigen::Vector3d(1, 1, 1)));
  const double d = cam.distance();
  const Eigen::Vector3d t = cam.target;
  cam.orbit(120, 40, 600);
  EXPECT_NEAR(cam.distance(), d, 1e-9);
  EXPECT_LT((cam.target - t).norm(), 1e-12);
  EXPECT_NEAR(cam.up.dot(cam.forward()), 0, 1e-9);
  cam.pan(50, 0, 600);
  EXPECT_GT((cam.target - t).norm(), 1e-3);
  cam.zoom(2);
  EXPECT_LT(cam.distance(), d);
}

TEST(PickIndex, FindsNearestPointOnRayNotBehindIt) {
  auto s = test::colored_cube(40);
  PickIndex index;
  index.build(s->cloud.xyz);
  // A ray along -x through the cube at y = 0.1, z = 0.6 hits the +x face first.
  const Ray ray{Eigen::Vector3f(3, 0.1f, 0.6f), Eigen::Vector3f(-1, 0, 0)};
  const auto hit = index.query(ray, 0.02f, 0.0f);
  ASSERT_TRUE(hit.has_value());
  const Eigen::Vector3f p = s->cloud.xyz[hit->index];
  EXPECT_NEAR(p.x(), 0.5f, 1e-5f);
  EXPECT_LT(std::abs(p.y() - 0.1f), 0.02f);
  EXPECT_LT(std::abs(p.z() - 0.6f), 0.02f);
  // Missing the cube entirely.
  EXPECT_FALSE(
      index.query({Eigen::Vector3f(3, 3, 3), Eigen::Vector3f(1, 0, 0)}, 0.02f, 0.0f).has_value());
}
