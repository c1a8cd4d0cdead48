// Viewport's frame captures: grab3D (waits for the frame), capture (settled view, no waiting).
#include <QEventLoop>
#include <QPainter>
#include <QTimer>

#include "viewer/Viewport.h"
#include "viewer/ViewportImpl.h"

namespace sl::viewer {

namespace {
// RHI read-back is bottom-up; QT3D_RENDERER=opengl images come back the right way up.
QImage upright(QImage img) {
  if (img.isNull()) return img;
  img = img.convertToFormat(QImage::Format_RGB32);
  const bool opengl_renderer = qgetenv("QT3D_RENDERER") == "opengl";
  if (!opengl_renderer) img = img.mirrored(false, true);
  return img;
}
}  // namespace

QImage Viewport::grab3D() {
  auto& d = *d_;
  Qt3DRender::QRenderCaptureReply* reply = d.capture->requestCapture();
  QEventLoop loop;
  QTimer timeout;
  timeout.setSingleShot(true);
  connect(reply, &Qt3DRender::QRenderCaptureReply::completed, &loop, &QEventLoop::quit);
  connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
  // OnDemand rendering: ask for a frame (the capture is drawn in it and handed over at the end of
  // the next Qt3D frame) without switching to continuous rendering.
  d.window->requestUpdate();
  timeout.start(10000);
  if (!reply->isComplete()) loop.exec();
  QImage img = reply->isComplete() ? reply->image() : QImage();
  delete reply;
  return upright(img);
}

void Viewport::capture(std::function<void(QImage)> done) {
  captureSettled(std::move(done), QImage(), 0, 0);
}

void Viewport::captureSettled(std::function<void(QImage)> done, QImage previous, int attempt,
                              int waits) {
  auto& d = *d_;
  // While the camera moves only a budget of the points is drawn: wait (up to 2 s) until it is
  // still.
  if (d.moving && waits < 40) {
    QTimer::singleShot(50, this, [this, done, previous, attempt, waits] {
      captureSettled(done, previous, attempt, waits + 1);
    });
    return;
  }
  Qt3DRender::QRenderCaptureReply* reply = d.capture->requestCapture();
  auto finished = std::make_shared<bool>(false);
  const auto finish = [this, reply, done, finished, previous, attempt, waits](bool complete) {
    if (*finished) return;
    *finished = true;
    QImage img = complete ? upright(reply->image()) : QImage();
    reply->deleteLater();
    if (!img.isNull() && img.size() != size()) img = img.scaled(size());
    // A change (new scene, camera, overlays) can take more than one frame to reach the renderer
    // (buffers upload on Qt3D's own schedule): capture again until two frames in a row agree, so
    // a screenshot never shows a half-updated view.
    if (!img.isNull() && img != previous && attempt < 8) {
      captureSettled(done, img, attempt + 1, waits);
      return;
    }
    if (!img.isNull()) {
      // The measurement labels are widgets over the GL view: paint the visible ones on top.
      QPainter painter(&img);
      d_->labels->paint(painter);
    }
    done(img);
  };
  connect(reply, &Qt3DRender::QRenderCaptureReply::completed, this, [finish] { finish(true); });
  QTimer::singleShot(10000, reply, [finish] { finish(false); });
  d.window->requestUpdate();
}

}  // namespace sl::viewer
