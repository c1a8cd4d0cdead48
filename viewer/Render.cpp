#include "viewer/Render.h"

#include <QEventLoop>
#include <QTimer>

namespace sl::viewer {

bool display_available() {
  return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

QImage render_scene(std::shared_ptr<const Scene> scene, int camera_index, QSize size,
                    const RenderOptions& options) {
  Viewport vp;
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
  if (camera_index >= 0)
    vp.lookThroughCamera(camera_index);
  else
    vp.fitToScene();
  // The first captures may predate buffer and texture uploads: keep the last of a few.
  QImage img;
  for (int i = 0; i < 3; ++i) img = vp.grab3D();
  return img;
}

}  // namespace sl::viewer
