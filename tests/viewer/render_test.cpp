// Render tests (F3D style): render a fixed small scene at 300x300 through the Viewport and compare
// with a committed baseline in tests/data/baselines/<name>.png.
//
// Threshold: an image passes when the mean absolute difference per channel is <= 3.0 (0..255)
// AND at most 2% of the pixels differ by more than 32 in some channel. This absorbs rasteriser
// differences between Mesa versions (point edges, line anti-aliasing) but catches a missing
// frustum, a wrong colour mode or an upside-down image.
//
// On failure (or when the baseline is missing) the candidate is written to
// <build dir>/<name>_candidate.png. To create or update a baseline, look at the candidate and copy
// it to tests/data/baselines/<name>.png.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <iostream>

#include "TestScenes.h"
#include "viewer/ImageCompare.h"
#include "viewer/Render.h"

namespace {

using namespace sl::viewer;

constexpr double kMaxMeanAbs = 3.0;
constexpr double kMaxPercentOver32 = 2.0;

void check_render(const std::string& name, std::shared_ptr<const sl::Scene> scene, int camera,
                  const RenderOptions& options = {}) {
  const QImage img = render_scene(scene, camera, QSize(300, 300), options);
  ASSERT_FALSE(img.isNull()) << "no frame captured";
  const QString baseline =
      QStringLiteral(SCENELENS_TEST_DATA_DIR "/baselines/%1.png").arg(QString::fromStdString(name));
  const QString candidate =
      QStringLiteral(SCENELENS_BINARY_DIR "/%1_candidate.png").arg(QString::fromStdString(name));
  const QImage ref(baseline);
  if (ref.isNull()) {
    img.save(candidate);
    FAIL() << "baseline " << baseline.toStdString() << " is missing; wrote the candidate "
           << candidate.toStdString() << ": look at it, then copy it to the baseline path";
  }
  const ImageDiff diff = compare_images(img, ref);
  std::cout << name << ": " << diff.describe().toStdString() << "\n";
  if (diff.size_mismatch || diff.mean_abs > kMaxMeanAbs ||
      diff.percent_over_32 > kMaxPercentOver32) {
    img.save(candidate);
    FAIL() << name << " differs from " << baseline.toStdString() << ": "
           << diff.describe().toStdString() << "; candidate written to " << candidate.toStdString();
  }
}

TEST(ViewerRender, CubeFit) {
  check_render("cube_fit", test::colored_cube(), -1);
}

TEST(ViewerRender, CubeThroughCamera0) {
  check_render("cube_cam0", test::colored_cube(), 0);
}

TEST(ViewerRender, CubeHeightOverlays) {
  RenderOptions o;
  o.color_mode = ColorMode::Height;
  o.show_grid = false;
  Overlay line;
  line.kind = Overlay::Kind::Line;
  line.points = {{-0.5f, -0.5f, 1.2f}, {0.5f, 0.5f, 1.2f}};
  line.color = QColor(255, 255, 255);
  Overlay box;
  box.kind = Overlay::Kind::Box;
  for (int i = 0; i < 8; ++i)
    box.points.push_back({(i & 1) ? 0.3f : -0.3f, (i & 2) ? 0.3f : -0.3f, (i & 4) ? 1.3f : 1.05f});
  box.color = QColor(255, 160, 0);
  o.overlays = {line, box};
  check_render("cube_height_overlays", test::colored_cube(), -1, o);
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
