#include "viewer/Render.h"

#include <QEventLoop>
#include <QTimer>
#include <cmath>

namespace sl::viewer {

bool display_available() {
  return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

namespace {

void prepare(Viewport& vp, std::shared_ptr<const Scene> scene, QSize size,
             const RenderOptions& options) {
  vp.setAttribute(Qt::WA_DeleteOnClose, false);
  vp.setWindowFlag(Qt::FramelessWindowHint);
  vp.setFixedSize(size);
  vp.setScene(std::move(scene));
  vp.setPointSize(options.point_size);
  vp.setColorMode(options.color_mode);
  vp.setShowCameras(options.show_cameras);
  vp.setShowGrid(options.show_grid);
  vp.setOverlays(options.overlays);
  vp.show();
  // Let the window be exposed and the Qt3D aspects load the scene.
  QEventLoop loop;
  QTimer::singleShot(300, &loop, &QEventLoop::quit);
  loop.exec();
}

}  // namespace

QImage render_scene(std::shared_ptr<const Scene> scene, int camera_index, QSize size,
                    const RenderOptions& options) {
  Viewport vp;
  prepare(vp, std::move(scene), size, options);
  if (camera_index >= 0)
    vp.lookThroughCamera(camera_index);
  else
    vp.fitToScene();
  // The first captures may predate buffer and texture uploads: keep the last of a few.
  QImage img;
  for (int i = 0; i < 3; ++i) img = vp.grab3D();
  return img;
}

std::vector<QImage> render_turntable(std::shared_ptr<const Scene> scene, int frames, QSize size,
                                     const RenderOptions& options) {
  std::vector<QImage> out;
  if (frames <= 0) return out;
  Viewport vp;
  prepare(vp, std::move(scene), size, options);
  vp.fitToScene();
  for (int i = 0; i < 2; ++i) vp.grab3D();  // uploads
  const OrbitCamera start = vp.camera();
  for (int i = 0; i < frames; ++i) {
    OrbitCamera c = start;
    const Eigen::AngleAxisd turn(2 * M_PI * double(i) / double(frames),
                                 start.scene_up.normalized());
    c.eye = start.target + turn * (start.eye - start.target);
    c.up = turn * start.up;
    vp.setCamera(c);
    QImage img = vp.grab3D();
    if (img.isNull()) return {};
    out.push_back(std::move(img));
  }
  return out;
}

}  // namespace sl::viewer
