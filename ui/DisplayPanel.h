// Display options for the viewport: point size, colour mode, cameras, grid, objects' boxes, point
// budget.
#pragma once
#include <QWidget>
#include <cstddef>

#include "viewer/Viewport.h"

class QSlider;
class QComboBox;
class QCheckBox;
class QSpinBox;
class QLabel;

namespace sl::ui {

class DisplayPanel : public QWidget {
  Q_OBJECT
 public:
  explicit DisplayPanel(QWidget* parent = nullptr);

  float pointSize() const;
  viewer::ColorMode colorMode() const;
  bool showCameras() const;
  bool showGrid() const;
  bool showObjects() const;
  size_t pointBudget() const;

  // Setters emit the matching signal when the value changes.
  void setPointSize(float pixels);
  void setColorMode(viewer::ColorMode mode);
  void setShowCameras(bool show);
  void setShowGrid(bool show);
  void setShowObjects(bool show);
  void setPointBudget(size_t points);
  void stepPointSize(int delta);

  static constexpr int kMinPointSize = 1;
  static constexpr int kMaxPointSize = 20;

 Q_SIGNALS:
  void pointSizeChanged(float pixels);
  void colorModeChanged(sl::viewer::ColorMode mode);
  void showCamerasChanged(bool show);
  void showGridChanged(bool show);
  void showObjectsChanged(bool show);
  void pointBudgetChanged(size_t points);

 private:
  QSlider* size_;
  QLabel* size_label_;
  QComboBox* color_;
  QCheckBox* cameras_;
  QCheckBox* grid_;
  QCheckBox* objects_;
  QSpinBox* budget_k_;
};

}  // namespace sl::ui
