// Point filters like a feed-forward demo's, applied to the cached cloud without re-running the
// reconstruction: drop the least confident points (percentile), hide the points of chosen
// frames, remove black / white / sky-like background, voxel downsampling. The window shows the
// result at once (a viewport mask); "Apply to scene" makes it the scene's cloud (undoable), so
// that selection, questions and exports use it too.
#pragma once
#include <QJsonObject>
#include <QTimer>
#include <QWidget>

#include "inference/dense/DenseStereo.h"
#include "scene/Scene.h"

class QSlider;
class QLabel;
class QCheckBox;
class QDoubleSpinBox;
class QListWidget;
class QPushButton;

namespace sl::ui {

class PointFilterPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PointFilterPanel(QWidget* parent = nullptr);

  // Lists the frames that contributed points and enables the controls the cloud supports
  // (confidence percentile needs confidences, frames need source views). Keeps the settings.
  void setScene(const Scene& scene);
  dense::DenseFilter filter() const;
  void setFilter(const dense::DenseFilter& filter);  // emits filterChanged (debounced)
  void reset();                                      // everything off
  void setShownCount(size_t shown, size_t total);

  QJsonObject toJson() const;
  void fromJson(const QJsonObject& json);

 Q_SIGNALS:
  // A control changed (once per burst of changes: slider drags are debounced).
  void filterChanged();
  void applyRequested();

 private:
  void changed();

  QSlider* percentile_;
  QLabel* percentile_label_;
  QCheckBox* black_;
  QCheckBox* white_;
  QCheckBox* sky_;
  QDoubleSpinBox* voxel_;
  QListWidget* frames_;
  QLabel* shown_;
  QPushButton* apply_;
  QTimer debounce_;
  bool filling_ = false;  // setScene/setFilter fill the widgets: no per-widget signals
};

}  // namespace sl::ui
