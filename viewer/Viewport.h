// The 3D viewport: a Qt3D scene (points through an RHI point material, camera frustums with
// photo thumbnails, ground grid and axes, overlays) inside a QWidget, with orbit / pan / zoom,
// fly-to / look-through camera, fit-to-scene, an adaptive point budget and CPU picking.
#pragma once
#include <Eigen/Core>
#include <QImage>
#include <QWidget>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "scene/Scene.h"
#include "viewer/OrbitCamera.h"

namespace sl::viewer {

enum class ColorMode { Rgb, Confidence, Height, Normal };

struct PickResult {
  uint32_t point_index = 0;
  Eigen::Vector3f position;
  float distance_to_ray = 0;  // scene units
};

// A drawing laid over the scene (measurements, answers, selections).
struct Overlay {
  enum class Kind { Line, Box, Arrow, Highlight, Frustum };
  Kind kind = Kind::Line;
  std::vector<Eigen::Vector3f> points;  // Line/Arrow: 2 points; Box: 8 corners
  std::vector<uint32_t> point_indices;  // Highlight: cloud points
  QColor color = QColor(255, 200, 0);
  QString label;
};

class Viewport : public QWidget {
  Q_OBJECT
 public:
  explicit Viewport(QWidget* parent = nullptr);
  ~Viewport() override;

  void setScene(std::shared_ptr<const Scene> scene);
  std::shared_ptr<const Scene> scene() const;

  void setPointSize(float pixels);
  void setColorMode(ColorMode mode);
  void setShowCameras(bool show);
  void setShowGrid(bool show);
  // Most points drawn while the camera moves (a fixed random subset; all points when still). The
  // count drawn while moving adapts below this to keep a moving frame near 35 ms (not below 20k
  // points): on a software rasteriser (llvmpipe) a few tens of thousands, on a GPU the budget.
  void setPointBudget(size_t points_while_moving);

  // Shows only the cloud points whose entry is non-zero (one per point; empty or the wrong
  // length: all). Hidden points are neither drawn nor picked. setScene clears it.
  void setPointMask(std::vector<uint8_t> visible);
  size_t shownPointCount() const;  // points drawn when the camera is still

  void fitToScene();
  // Draws frames continuously (on) or only when something changed (off, the default): for
  // captures that must wait a few frames after a change (turntables).
  void setContinuousRendering(bool on);
  // The first view of a newly opened scene. When its cameras stand inside the cloud (a room),
  // from high up inside, looking down across it the way the first camera looks (so walls and
  // ceiling do not hide it); otherwise fitToScene().
  void showStartView();
  void flyToCamera(int view_index);        // animated move behind the camera
  void lookThroughCamera(int view_index);  // the viewport camera becomes that camera

  void setOverlays(const std::vector<Overlay>& overlays);

  // Point under a widget pixel (CPU ray query against a spatial index), if any.
  std::optional<PickResult> pick(const QPoint& widget_pos) const;
  // Renders the current view; the image is the same as on screen (not upside down).
  // Uses QRenderCapture and flips the image vertically under the RHI renderer (the default:
  // RHI's read-back is bottom-up); QT3D_RENDERER=opengl images come back the right way up.
  QImage grab3D();
  // The same without waiting: `done` gets the settled view (once the camera is still, the first
  // of two drawn frames in a row that agree), with the visible measurement labels painted on (a
  // null image when no frame came within 10 s). Unlike a screen grab it does not depend on what
  // other windows cover the viewport.
  void capture(std::function<void(QImage)> done);

  // Camera state (for tests, benchmarks and saving views); setCamera applies it at once.
  OrbitCamera camera() const;
  void setCamera(const OrbitCamera& camera);
  // Points drawn now (the adapted budget while the camera moves, all when it is still).
  size_t drawnPointCount() const;
  // Marks the camera as moving (budget on) now; it becomes still ~150 ms after the last call.
  void notifyCameraMoving();

 Q_SIGNALS:
  void pointPicked(const sl::viewer::PickResult& result, Qt::KeyboardModifiers modifiers);
  // Every Qt3D frame (about 60 per second, more slowly while a long frame is drawn: Qt3D draws on
  // the GUI thread); frame_ms = time since the previous one.
  void frameRendered(double frame_ms);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;

 private:
  void applyCamera();
  void updateLabels();
  void updateFrustums();
  void uploadCloud();  // draw order (mask applied), buffers and pick index of the cloud
  void leaveCameraView();
  // capture(): `attempt` frames captured so far, `waits` 50 ms waits for the camera to stop.
  void captureSettled(std::function<void(QImage)> done, QImage previous, int attempt, int waits);
  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace sl::viewer
