// Offscreen-style rendering for the CLI and tests: shows a Viewport of the given size (a real
// window: it needs a display, e.g. Xvfb), waits for its frames and grabs the image through the
// same code the GUI uses. Needs a QApplication; call from the GUI thread.
#pragma once
#include <QImage>
#include <QSize>
#include <memory>
#include <vector>

#include "scene/Scene.h"
#include "viewer/Viewport.h"

namespace sl::viewer {

struct RenderOptions {
  float point_size = 3;
  ColorMode color_mode = ColorMode::Rgb;
  bool show_cameras = true;
  bool show_grid = true;
  std::vector<Overlay> overlays;
};

// camera_index < 0: fit the scene; otherwise look through that view. Returns a null image when
// no frame could be captured.
QImage render_scene(std::shared_ptr<const Scene> scene, int camera_index, QSize size,
                    const RenderOptions& options = {});

// `frames` images from a camera circling the scene's up axis (a turntable), starting at the
// fit-to-scene view; each step turns by 360 / frames degrees. Empty when capture fails.
std::vector<QImage> render_turntable(std::shared_ptr<const Scene> scene, int frames, QSize size,
                                     const RenderOptions& options = {});

// True when an X11/Wayland display is set (GL rendering is possible).
bool display_available();

}  // namespace sl::viewer
