// A GLB written by the exporter is read back and rendered by our own viewer: the image must
// match the render of the original scene seen from the same (rotated, scaled) camera, under the
// render tests' threshold (mean absolute difference <= 3 per channel, <= 2% of pixels over 32).
// On failure both images are written to the build folder.
#include <gtest/gtest.h>

#include <QApplication>
#include <QEventLoop>
#include <QTimer>
#include <filesystem>
#include <iostream>

#include "scene/SceneFile.h"
#include "scene/export/GltfExport.h"
#include "tests/viewer/TestScenes.h"
#include "viewer/ImageCompare.h"
#include "viewer/Render.h"
#include "viewer/Viewport.h"

namespace {

using namespace sl::viewer;

QImage render_with(std::shared_ptr<const sl::Scene> scene, const OrbitCamera* camera,
                   OrbitCamera* used) {
  Viewport vp;
  vp.setWindowFlag(Qt::FramelessWindowHint);
  vp.setFixedSize(300, 300);
  vp.setScene(std::move(scene));
  vp.setPointSize(3);
  vp.setShowCameras(false);
  vp.setShowGrid(false);
  vp.show();
  QEventLoop loop;
  QTimer::singleShot(300, &loop, &QEventLoop::quit);
  loop.exec();
  if (camera)
    vp.setCamera(*camera);
  else
    vp.fitToScene();
  if (used) *used = vp.camera();
  QImage img;
  for (int i = 0; i < 3; ++i) img = vp.grab3D();
  return img;
}

TEST(GlbRenderBack, ImportedGlbLooksLikeTheOriginal) {
  auto original = test::colored_cube();
  original->views.clear();        // frame the cube itself (GLB camera frustums are not read back)
  original->scale = {true, 0.5};  // metres in the GLB: half the scene units
  sl::SceneObject box;
  box.name = "cube";
  box.label = "cube";
  box.color = {255, 255, 255};
  box.box.center = {0, 0, 0.5};
  box.box.size = {1.1, 1.1, 1.1};
  original->objects.push_back(box);
  const auto dir = std::filesystem::path(SCENELENS_BINARY_DIR) / "glb_render_back";
  std::filesystem::create_directories(dir);
  const std::string glb = (dir / "cube.glb").string();
  sl::write_gltf(*original, glb);
  auto imported = std::make_shared<sl::Scene>(sl::load_any(glb));
  ASSERT_EQ(imported->cloud.size(), original->cloud.size());
  ASSERT_EQ(imported->objects.size(), 1u);

  OrbitCamera cam;
  const QImage want = render_with(original, nullptr, &cam);
  // The same camera in the GLB's frame: rotated so up is +Y, scaled to metres.
  const Eigen::Matrix3d r = sl::gltf_from_world_rotation(original->up);
  const double s = original->scale.meters_per_unit;
  OrbitCamera moved = cam;
  moved.eye = s * (r * cam.eye);
  moved.target = s * (r * cam.target);
  moved.up = r * cam.up;
  moved.scene_up = r * cam.scene_up;
  moved.near_plane = s * cam.near_plane;
  moved.far_plane = s * cam.far_plane;
  const QImage got = render_with(imported, &moved, nullptr);
  ASSERT_FALSE(want.isNull());
  ASSERT_FALSE(got.isNull());
  const ImageDiff diff = compare_images(got, want);
  std::cout << "glb render-back: " << diff.describe().toStdString() << "\n";
  if (diff.size_mismatch || diff.mean_abs > 3.0 || diff.percent_over_32 > 2.0) {
    want.save(QString::fromStdString((dir / "original.png").string()));
    got.save(QString::fromStdString((dir / "glb_candidate.png").string()));
    FAIL() << "the GLB renders differently: " << diff.describe().toStdString()
           << "; images written to " << dir.string();
  }
  got.save(QString::fromStdString((dir / "glb_render.png").string()));  // to look at
  // Not a blank image: the cube covers a good part of the frame.
  int lit = 0;
  for (int y = 0; y < got.height(); ++y)
    for (int x = 0; x < got.width(); ++x) lit += qGray(got.pixel(x, y)) > 60;
  EXPECT_GT(lit, 300 * 300 / 20);
}

}  // namespace

int main(int argc, char** argv) {
  if (!sl::viewer::display_available()) {
    std::cout << "SKIP: no display; run under xvfb-run -a -s \"-screen 0 1280x800x24\"\n";
    return 77;
  }
  QApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
