// The text labels of the viewport's overlays (measurement lengths, answers, object names). Each
// is a small frameless tool window kept over the view: the Qt3D view is a native window, which
// covers plain child widgets on X11. The labels are children of the view widget (findChildren
// finds them), follow its top-level window's moves and hide with it.
#pragma once
#include <QObject>
#include <QPoint>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

class QLabel;
class QPainter;
class QWidget;

namespace sl::viewer {

class OverlayLabels : public QObject {
 public:
  // anchor(i): where label i points to, in the view's pixels (nullopt: not in view).
  using Anchor = std::function<std::optional<QPoint>(size_t i)>;
  OverlayLabels(QWidget* view, Anchor anchor);

  // One label per overlay; an empty text shows none.
  void setTexts(const std::vector<QString>& texts);
  // Places the labels over their anchors (hidden while the view is not on screen).
  void place();
  void hideAll();
  void watchTopLevel();  // call when the view is shown: its window's moves move the labels
  // Paints the visible labels onto an image of the view (its size).
  void paint(QPainter& painter) const;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QWidget* view_;
  Anchor anchor_;
  std::vector<QLabel*> labels_;
  std::vector<QPoint> at_;  // each label's top-left in the view's pixels
  QWidget* top_ = nullptr;
};

}  // namespace sl::viewer
