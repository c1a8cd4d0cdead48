// The main window's photos: opening a photo (from the strip or a chat answer), the selection
// outlined on every open photo, clicks on a photo selecting there, and chat answers grounded in
// a photo ("show me the chair in photo 3") or clicked again in the history.
#include <QFileInfo>

#include "ui/ChatBridge.h"
#include "ui/ChatPanel.h"
#include "ui/MainWindow.h"
#include "ui/PhotoDialog.h"
#include "ui/PhotoStrip.h"
#include "ui/SelectionController.h"

namespace sl::ui {

void MainWindow::buildPhotoUi() {
  connect(photos_, &PhotoStrip::viewDoubleClicked, this, [this](int i) { openPhoto(i); });
  connect(chat_, &ChatPanel::turnAdded, this, [this](const ChatTurn& turn) {
    // Deferred answers (a VLM server) arrive here only: draw them too.
    selection_->setAnswerOverlays(answer_overlays(turn.json));
    showGroundedPhoto(turn.json);
  });
  connect(chat_, &ChatPanel::answerActivated, this, [this](const QString& json) {
    selection_->setAnswerOverlays(answer_overlays(json.toStdString()));
    showGroundedPhoto(json.toStdString());
  });
  connect(selection_, &SelectionController::selectionChanged, this,
          [this] { refreshPhotoOutlines(); });
  connect(this, &MainWindow::sceneChanged, this, [this] {
    for (auto& d : photo_dialogs_)
      if (d) d->close();
    photo_dialogs_.clear();
  });
}

PhotoDialog* MainWindow::openPhoto(int view) {
  if (!shown_ || view < 0 || size_t(view) >= shown_->views.size()) return nullptr;
  photo_dialogs_.erase(std::remove_if(photo_dialogs_.begin(), photo_dialogs_.end(),
                                      [](const QPointer<PhotoDialog>& d) { return d.isNull(); }),
                       photo_dialogs_.end());
  for (auto& d : photo_dialogs_)
    if (d->viewIndex() == view) {
      d->show();
      d->raise();
      return d;
    }
  auto* dialog = new PhotoDialog(view, shown_->views[size_t(view)],
                                 QFileInfo(scene_path_).absolutePath(), this);
  connect(dialog, &PhotoDialog::photoClicked, this,
          [this, dialog](int v, const QPoint& px, Qt::KeyboardModifiers mods) {
            selection_->selectOnPhoto(v, dialog->photo(), px, mods);
          });
  photo_dialogs_.push_back(dialog);
  refreshPhotoOutlines();
  dialog->show();
  return dialog;
}

std::vector<PhotoDialog*> MainWindow::openPhotos() const {
  std::vector<PhotoDialog*> out;
  for (const auto& d : photo_dialogs_)
    if (d) out.push_back(d);
  return out;
}

void MainWindow::refreshPhotoOutlines() {
  for (auto& d : photo_dialogs_) {
    if (!d) continue;
    std::vector<PhotoOutline> outlines;
    for (const QPolygonF& poly : selection_->selectionOutlinesInView(d->viewIndex()))
      outlines.push_back({QString(), poly, QColor(0, 200, 255)});
    d->setOutlines("selection", std::move(outlines));
  }
}

void MainWindow::showGroundedPhoto(const std::string& json) {
  const PhotoGrounding g = answer_photo_grounding(json);
  if (g.view < 0) return;
  PhotoDialog* d = openPhoto(g.view);
  if (!d) return;
  std::vector<PhotoOutline> outlines;
  for (const auto& [name, poly] : g.outlines) {
    if (poly.size() < 3) continue;
    QPolygonF q;
    for (const auto& p : poly) q << QPointF(p.x(), p.y());
    outlines.push_back({QString::fromStdString(name), q, QColor(255, 200, 0)});
  }
  d->setOutlines("answer", std::move(outlines));
}

}  // namespace sl::ui
