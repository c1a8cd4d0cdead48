#include "viewer/Viewport.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QSurfaceFormat>
#include <QTimer>
#include <QVBoxLayout>
#include <QVariantAnimation>
#include <QWheelEvent>
#include <Qt3DExtras/QForwardRenderer>
#include <Qt3DExtras/Qt3DWindow>
#include <Qt3DLogic/QFrameAction>
#include <Qt3DRender/QCamera>
#include <Qt3DRender/QRenderCapture>
#include <Qt3DRender/QRenderSettings>
#include <algorithm>
#include <limits>
#include <numeric>
#include <opencv2/imgproc.hpp>
#include <random>

#include "viewer/Drawable.h"
#include "viewer/OverlayLabels.h"
#include "viewer/PickIndex.h"
#include "viewer/SceneGeometry.h"
#include "viewer/ViewportImpl.h"

namespace sl::viewer {

Viewport::Viewport(QWidget* parent) : QWidget(parent), d_(std::make_unique<Impl>()) {
  auto& d = *d_;
  // Overlay i's label points at the mean of its points (or of the cloud points it highlights).
  d.labels = new OverlayLabels(this, [this](size_t i) -> std::optional<QPoint> {
    const auto& d = *d_;
    if (i >= d.overlays.size()) return std::nullopt;
    const Overlay& o = d.overlays[i];
    Eigen::Vector3d anchor = Eigen::Vector3d::Zero();
    size_t n = 0;
    for (const auto& p : o.points) anchor += p.cast<double>(), ++n;
    for (uint32_t k : o.point_indices)
      if (d.scene && k < d.scene->cloud.size()) anchor += d.scene->cloud.xyz[k].cast<double>(), ++n;
    Eigen::Vector2d px;
    if (n == 0 || !d.cam.project(anchor / double(n), width(), height(), &px)) return std::nullopt;
    return QPoint(int(px.x()), int(px.y()));
  });
  d.window = new Qt3DExtras::Qt3DWindow();
  // Qt3DWindow asks for 4x MSAA (and makes it the default format, which the RHI renderer's
  // pipelines follow). Points gain nothing from it and a software rasteriser (llvmpipe) pays for
  // it on every point: no multisampling, for this window and the default format.
  {
    QSurfaceFormat format = d.window->format();
    format.setSamples(0);
    d.window->setFormat(format);
    QSurfaceFormat::setDefaultFormat(format);
  }
  d.window->defaultFrameGraph()->setClearColor(QColor(30, 32, 36));
  d.window->defaultFrameGraph()->setFrustumCullingEnabled(false);
  d.window->renderSettings()->setRenderPolicy(Qt3DRender::QRenderSettings::OnDemand);
  // Capture node at the root of the frame graph (the forward renderer becomes its child).
  d.capture = new Qt3DRender::QRenderCapture();
  d.window->activeFrameGraph()->setParent(d.capture);
  d.window->setActiveFrameGraph(d.capture);

  d.container = QWidget::createWindowContainer(d.window, this);
  d.container->setFocusPolicy(Qt::StrongFocus);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(d.container);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(64, 64);

  d.root = new Qt3DCore::QEntity();
  using PT = Qt3DRender::QGeometryRenderer;
  d.grid = Drawable::create(d.root, PT::Lines);
  d.frustums = Drawable::create(d.root, PT::Lines);
  d.cloud = Drawable::create(d.root, PT::Points);
  d.overlay_lines = Drawable::create(d.root, PT::Lines);
  d.highlights = Drawable::create(d.root, PT::Points);
  d.thumbnails = new Qt3DCore::QEntity(d.root);
  d.cloud.material->setPointSize(d.point_size);
  d.highlights.material->setPointSize(d.point_size + 5);
  auto* frame = new Qt3DLogic::QFrameAction(d.root);
  d.root->addComponent(frame);
  connect(frame, &Qt3DLogic::QFrameAction::triggered, this, [this](float dt) {
    d_->adaptBudget(double(dt) * 1000.0);
    Q_EMIT frameRendered(double(dt) * 1000.0);
  });
  d.window->setRootEntity(d.root);
  d.window->installEventFilter(this);

  d.idle.setSingleShot(true);
  d.idle.setInterval(150);
  connect(&d.idle, &QTimer::timeout, this, [this] {
    // Late by more than a frame: the GUI thread was busy (Qt3D draws on it), so the mouse had no
    // chance to move the camera; give it the full interval again before drawing every point.
    if (d_->idle_armed.elapsed() > d_->idle.interval() + 50) {
      d_->idle.start();
      d_->idle_armed.start();
      return;
    }
    d_->moving = false;
    d_->cloud.setDrawCount(d_->cloud.count);
  });
  applyCamera();
  setScene(std::make_shared<Scene>());
}

Viewport::~Viewport() = default;

std::shared_ptr<const Scene> Viewport::scene() const {
  return d_->scene;
}

void Viewport::setScene(std::shared_ptr<const Scene> scene) {
  auto& d = *d_;
  d.scene = scene ? std::move(scene) : std::make_shared<Scene>();
  const Scene& s = *d.scene;
  d.bounds = scene_bounds(s);
  d.cam.scene_up = s.up.normalized();

  d.mask.clear();
  uploadCloud();

  const LineList g = grid_and_axes(s, d.bounds);
  d.grid.setData(g.pos, g.col);
  delete d.thumbnails;
  d.thumbnails = new Qt3DCore::QEntity(d.root);
  d.thumbnail_of_view.assign(s.views.size(), nullptr);
  d.frustum_depth = frustum_depth(s, d.extent());
  const double depth = d.frustum_depth;
  for (size_t i = 0; i < s.views.size(); ++i) {
    const View& v = s.views[i];
    if (!v.registered || v.thumbnail.empty() || v.thumbnail.type() != CV_8UC3) continue;
    cv::Mat rgb;
    cv::cvtColor(v.thumbnail, rgb, cv::COLOR_BGR2RGB);
    const QImage img(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888);
    d.thumbnail_of_view[i] = make_image_quad(d.thumbnails, frustum_corners(v, depth), img.copy());
  }
  d.hidden_view = -1;
  updateFrustums();
  setOverlays({});
  fitToScene();
}

void Viewport::uploadCloud() {
  auto& d = *d_;
  const Scene& s = *d.scene;
  // Random permutation (fixed seed: renders are reproducible); budget draws a prefix of it.
  const size_t n = s.cloud.size();
  d.order.resize(n);
  std::iota(d.order.begin(), d.order.end(), 0u);
  std::mt19937 rng(12345);
  std::shuffle(d.order.begin(), d.order.end(), rng);
  if (d.mask.size() == n)
    d.order.erase(
        std::remove_if(d.order.begin(), d.order.end(), [&](uint32_t i) { return d.mask[i] == 0; }),
        d.order.end());
  std::vector<Eigen::Vector3f> pos(d.order.size());
  for (size_t k = 0; k < d.order.size(); ++k) pos[k] = s.cloud.xyz[d.order[k]];
  d.cloud.setData(pos, point_colors(s, d.color_mode, d.order));
  d.index.build(s.cloud.xyz, 16, d.mask.size() == n ? d.mask : std::vector<uint8_t>{});
}

void Viewport::setPointMask(std::vector<uint8_t> visible) {
  auto& d = *d_;
  if (visible.size() != d.scene->cloud.size()) visible.clear();
  if (visible == d.mask) return;
  d.mask = std::move(visible);
  uploadCloud();
}

size_t Viewport::shownPointCount() const {
  return d_->order.size();
}

void Viewport::setPointSize(float pixels) {
  d_->point_size = pixels;
  d_->cloud.material->setPointSize(pixels);
  d_->highlights.material->setPointSize(pixels + 5);
}

void Viewport::setColorMode(ColorMode mode) {
  d_->color_mode = mode;
  d_->cloud.setColors(point_colors(*d_->scene, mode, d_->order));
}

void Viewport::setShowCameras(bool show) {
  d_->show_cameras = show;
  updateFrustums();
}

void Viewport::updateFrustums() {
  auto& d = *d_;
  Scene copy;  // frustums of every registered view but the one looked through
  copy.views = d.scene->views;
  if (d.hidden_view >= 0 && size_t(d.hidden_view) < copy.views.size())
    copy.views[size_t(d.hidden_view)].registered = false;
  const LineList f = camera_frustums(copy, d.frustum_depth);
  d.frustums.setData(f.pos, f.col);
  d.frustums.entity->setEnabled(d.show_cameras && d.frustums.count > 0);
  d.thumbnails->setEnabled(d.show_cameras);
  for (size_t i = 0; i < d.thumbnail_of_view.size(); ++i)
    if (d.thumbnail_of_view[i]) d.thumbnail_of_view[i]->setEnabled(int(i) != d.hidden_view);
}

void Viewport::setShowGrid(bool show) {
  d_->grid.entity->setEnabled(show);
}

void Viewport::setPointBudget(size_t points_while_moving) {
  d_->budget = std::max<size_t>(1, points_while_moving);
  d_->moving_count = d_->budget;
  if (d_->moving) d_->cloud.setDrawCount(d_->moving_count);
}

void Viewport::notifyCameraMoving() {
  d_->moving = true;
  d_->cloud.setDrawCount(d_->moving_count);
  d_->idle.start();
  d_->idle_armed.start();
}

size_t Viewport::drawnPointCount() const {
  return size_t(d_->cloud.renderer->vertexCount());
}

OrbitCamera Viewport::camera() const {
  return d_->cam;
}

void Viewport::setCamera(const OrbitCamera& camera) {
  d_->cam = camera;
  applyCamera();
}

void Viewport::applyCamera() {
  auto& d = *d_;
  d.cam.fitClipPlanes(d.bounds);
  auto* c = d.window->camera();
  const auto q = [](const Eigen::Vector3d& v) {
    return QVector3D(float(v.x()), float(v.y()), float(v.z()));
  };
  const float aspect = float(std::max(1, width())) / float(std::max(1, height()));
  c->lens()->setPerspectiveProjection(float(d.cam.vfov_deg), aspect, float(d.cam.near_plane),
                                      float(d.cam.far_plane));
  c->setPosition(q(d.cam.eye));
  c->setUpVector(q(d.cam.up));
  c->setViewCenter(q(d.cam.target));
  updateLabels();
}

void Viewport::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  applyCamera();
}

void Viewport::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  d_->labels->watchTopLevel();
  updateLabels();
}

void Viewport::hideEvent(QHideEvent* event) {
  QWidget::hideEvent(event);
  d_->labels->hideAll();
}

void Viewport::leaveCameraView() {
  if (d_->hidden_view < 0) return;
  d_->hidden_view = -1;
  updateFrustums();
}

void Viewport::setContinuousRendering(bool on) {
  d_->window->renderSettings()->setRenderPolicy(on ? Qt3DRender::QRenderSettings::Always
                                                   : Qt3DRender::QRenderSettings::OnDemand);
}

void Viewport::fitToScene() {
  if (d_->fly) d_->fly->stop();
  leaveCameraView();
  d_->cam.fit(d_->bounds);
  applyCamera();
}

void Viewport::lookThroughCamera(int view_index) {
  auto& d = *d_;
  if (view_index < 0 || size_t(view_index) >= d.scene->views.size()) return;
  if (d.fly) d.fly->stop();
  const View& v = d.scene->views[size_t(view_index)];
  const double to_centre = (d.bounds.center() - v.center()).norm();
  d.cam.lookThrough(v, std::max(to_centre, d.extent() * 0.1));
  d.hidden_view = view_index;
  updateFrustums();
  applyCamera();
}

void Viewport::showStartView() {
  auto& d = *d_;
  if (!d.scene) return;
  Eigen::Vector3d centroid = Eigen::Vector3d::Zero();
  const View* first = nullptr;
  int n = 0;
  for (const View& v : d.scene->views)
    if (v.registered) {
      centroid += v.center();
      if (!first) first = &v;
      ++n;
    }
  const Eigen::Vector3d up = d.scene->up.normalized();
  const Eigen::Vector3d lo = d.bounds.min(), hi = d.bounds.max();
  const Eigen::Vector3d margin = (hi - lo) * 0.05;
  if (n == 0 || !Eigen::AlignedBox3d(lo + margin, hi - margin).contains(centroid / n)) {
    fitToScene();
    return;
  }
  // Heights along up of the cloud's bottom and top.
  double h_lo = std::numeric_limits<double>::max(), h_hi = -h_lo;
  for (int k = 0; k < 8; ++k) {
    const double h = up.dot(d.bounds.corner(Eigen::AlignedBox3d::CornerType(k)));
    h_lo = std::min(h_lo, h);
    h_hi = std::max(h_hi, h);
  }
  // The first camera's viewing direction, horizontal: the screen's up points that way.
  Eigen::Vector3d dir = first->world_from_cam.linear().col(2);
  dir -= up * up.dot(dir);
  if (dir.norm() < 1e-6) dir = up.unitOrthogonal();
  dir.normalize();
  const Eigen::Vector3d centre = d.bounds.center();
  const Eigen::Vector3d target = centre + up * (h_lo + 0.2 * (h_hi - h_lo) - up.dot(centre));
  // High up near the wall behind the first camera, like a camera in a room's corner.
  const Eigen::Vector3d span = hi - lo;
  const double across = (span - up * up.dot(span)).norm();  // horizontal diagonal
  Eigen::Vector3d eye = centre + up * (h_lo + 0.85 * (h_hi - h_lo) - up.dot(centre));
  eye -= dir * 0.45 * across;
  eye = eye.cwiseMax(lo + margin).cwiseMin(hi - margin);
  if (d.fly) d.fly->stop();
  leaveCameraView();
  d.cam.eye = eye;
  d.cam.target = target;
  const Eigen::Vector3d f = (target - eye).normalized();
  Eigen::Vector3d screen_up = dir - f * f.dot(dir);  // orthogonal to the view direction
  if (screen_up.norm() < 1e-6) screen_up = up - f * f.dot(up);
  d.cam.up = screen_up.normalized();
  d.cam.vfov_deg = 70;
  d.cam.fitClipPlanes(d.bounds);
  applyCamera();
}

void Viewport::flyToCamera(int view_index) {
  auto& d = *d_;
  if (view_index < 0 || size_t(view_index) >= d.scene->views.size()) return;
  const View& v = d.scene->views[size_t(view_index)];
  leaveCameraView();
  const OrbitCamera from = d.cam;
  OrbitCamera to = d.cam;
  const double to_centre = (d.bounds.center() - v.center()).norm();
  to.behind(v, d.extent() * 0.12, std::max(to_centre, d.extent() * 0.1));
  if (!d.fly) {
    d.fly = new QVariantAnimation(this);
    d.fly->setDuration(450);
  }
  d.fly->stop();
  d.fly->disconnect(this);
  d.fly->setStartValue(0.0);
  d.fly->setEndValue(1.0);
  connect(d.fly, &QVariantAnimation::valueChanged, this, [this, from, to](const QVariant& t) {
    d_->cam = OrbitCamera::interpolate(from, to, t.toDouble());
    notifyCameraMoving();
    applyCamera();
  });
  d.fly->start();
}

void Viewport::setOverlays(const std::vector<Overlay>& overlays) {
  auto& d = *d_;
  d.overlays = overlays;
  const LineList lines = overlay_lines(overlays, d.extent());
  d.overlay_lines.setData(lines.pos, lines.col);
  std::vector<Eigen::Vector3f> hp, hc;
  for (const auto& o : overlays) {
    if (o.kind != Overlay::Kind::Highlight) continue;
    for (uint32_t i : o.point_indices) {
      if (i >= d.scene->cloud.size()) continue;
      hp.push_back(d.scene->cloud.xyz[i]);
      hc.push_back(to_rgbf(o.color));
    }
  }
  d.highlights.setData(hp, hc);
  std::vector<QString> texts;
  for (const auto& o : overlays) texts.push_back(o.label);
  d.labels->setTexts(texts);
}

void Viewport::updateLabels() {
  d_->labels->place();
}

std::optional<PickResult> Viewport::pick(const QPoint& widget_pos) const {
  const auto& d = *d_;
  if (d.index.empty()) return std::nullopt;
  const int w = std::max(1, width()), h = std::max(1, height());
  const Ray ray = d.cam.rayThrough(widget_pos.x(), widget_pos.y(), w, h);
  // Tolerance: a cone of 4 pixels around the ray, plus a little for points near the eye.
  const double px_angle = 2 * std::tan(d.cam.vfov_deg * M_PI / 360) / h;
  const auto hit = d.index.query(ray, float(d.extent() * 1e-4), float(px_angle * 4));
  if (!hit) return std::nullopt;
  PickResult r;
  r.point_index = hit->index;
  r.position = d.scene->cloud.xyz[hit->index];
  r.distance_to_ray = hit->distance_to_ray;
  return r;
}

bool Viewport::eventFilter(QObject* watched, QEvent* event) {
  auto& d = *d_;
  if (watched != d.window) return QWidget::eventFilter(watched, event);
  switch (event->type()) {
    case QEvent::MouseButtonPress: {
      auto* e = static_cast<QMouseEvent*>(event);
      d.press_pos = d.last_pos = e->position().toPoint();
      d.buttons = e->buttons();
      d.dragged = false;
      if (d.fly) d.fly->stop();
      return true;
    }
    case QEvent::MouseMove: {
      auto* e = static_cast<QMouseEvent*>(event);
      if (e->buttons() == Qt::NoButton) return false;
      const QPoint p = e->position().toPoint();
      const QPoint delta = p - d.last_pos;
      d.last_pos = p;
      if ((p - d.press_pos).manhattanLength() > 3) d.dragged = true;
      if (!d.dragged) return true;
      const bool pan = (e->buttons() & (Qt::RightButton | Qt::MiddleButton)) ||
                       ((e->buttons() & Qt::LeftButton) && (e->modifiers() & Qt::ShiftModifier));
      if (pan)
        d.cam.pan(delta.x(), delta.y(), height());
      else if (e->buttons() & Qt::LeftButton)
        d.cam.orbit(delta.x(), delta.y(), height());
      leaveCameraView();
      notifyCameraMoving();
      applyCamera();
      return true;
    }
    case QEvent::MouseButtonRelease: {
      auto* e = static_cast<QMouseEvent*>(event);
      if (!d.dragged && e->button() == Qt::LeftButton) {
        if (const auto hit = pick(e->position().toPoint()))
          Q_EMIT pointPicked(*hit, e->modifiers());
      }
      d.dragged = false;
      return true;
    }
    case QEvent::Wheel: {
      auto* e = static_cast<QWheelEvent*>(event);
      d.cam.zoom(e->angleDelta().y() / 120.0);
      leaveCameraView();
      notifyCameraMoving();
      applyCamera();
      return true;
    }
    case QEvent::KeyPress: {
      auto* e = static_cast<QKeyEvent*>(event);
      if (e->key() == Qt::Key_Home || e->key() == Qt::Key_F) {
        fitToScene();
        return true;
      }
      return false;
    }
    default:
      return QWidget::eventFilter(watched, event);
  }
}

}  // namespace sl::viewer
