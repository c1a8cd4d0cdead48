// Viewport's private state, shared by its source files (Viewport.cpp: scene, camera, input;
// ViewportCapture.cpp: frame captures). Internal to viewer/.
#pragma once
#include <QElapsedTimer>
#include <QTimer>
#include <QVariantAnimation>
#include <Qt3DExtras/Qt3DWindow>
#include <Qt3DRender/QRenderCapture>
#include <algorithm>
#include <memory>
#include <vector>

#include "viewer/Drawable.h"
#include "viewer/OverlayLabels.h"
#include "viewer/PickIndex.h"
#include "viewer/Viewport.h"

namespace sl::viewer {

struct Viewport::Impl {
  Qt3DExtras::Qt3DWindow* window = nullptr;
  QWidget* container = nullptr;
  Qt3DCore::QEntity* root = nullptr;
  Qt3DRender::QRenderCapture* capture = nullptr;
  Drawable cloud, grid, frustums, overlay_lines, highlights;
  Qt3DCore::QEntity* thumbnails = nullptr;
  std::vector<Qt3DCore::QEntity*> thumbnail_of_view;  // per view, may be null
  int hidden_view = -1;  // the view looked through: its frustum and photo are hidden
  double frustum_depth = 0.1;
  bool show_cameras = true;
  OverlayLabels* labels = nullptr;
  std::vector<Overlay> overlays;

  std::shared_ptr<const Scene> scene;
  std::vector<uint32_t> order;  // permuted draw order: cloud buffer slot -> cloud index
  std::vector<uint8_t> mask;    // per cloud point: 0 = hidden (empty: all shown)
  PickIndex index;
  Eigen::AlignedBox3d bounds{Eigen::Vector3d::Constant(-1), Eigen::Vector3d::Constant(1)};
  OrbitCamera cam;
  ColorMode color_mode = ColorMode::Rgb;
  float point_size = 3;
  size_t budget = 300000;        // most points drawn while the camera moves
  size_t moving_count = 300000;  // points drawn while moving now (adapted to the frame time)
  size_t drawn_last_tick = 0;
  bool moving = false;
  QTimer idle;               // fires when the camera has stopped
  QElapsedTimer idle_armed;  // since idle was (re)started
  QVariantAnimation* fly = nullptr;

  // Mouse state.
  QPoint press_pos, last_pos;
  Qt::MouseButtons buttons;
  bool dragged = false;

  double extent() const { return bounds.diagonal().norm(); }

  // Adapts the points drawn while moving so that a frame takes about kTargetFrameMs: called on
  // every Qt3D frame with the time since the previous one (rendering runs on this thread, so that
  // interval includes the draw). Only frames drawn at the moving count are looked at; the new
  // count applies from the next camera move (changing it here would draw an extra frame).
  void adaptBudget(double frame_ms) {
    const size_t drawn = size_t(cloud.renderer->vertexCount());
    const bool measured = moving && drawn_last_tick == moving_count && drawn == moving_count;
    drawn_last_tick = drawn;
    if (!measured || frame_ms <= 0) return;
    double next = double(moving_count);
    if (frame_ms > kTargetFrameMs * 1.15)
      next *= std::max(0.3, kTargetFrameMs / frame_ms);
    else if (frame_ms < kTargetFrameMs * 0.6)
      next *= 1.25;
    moving_count = std::clamp(size_t(next), std::min(kMinMovingPoints, budget), budget);
  }
  static constexpr double kTargetFrameMs = 35;
  static constexpr size_t kMinMovingPoints = 20000;
};

}  // namespace sl::viewer
