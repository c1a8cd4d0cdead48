#include "ui/DisplayPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

namespace sl::ui {

DisplayPanel::DisplayPanel(QWidget* parent) : QWidget(parent) {
  size_ = new QSlider(Qt::Horizontal, this);
  size_->setObjectName("pointSize");
  size_->setRange(kMinPointSize, kMaxPointSize);
  size_->setValue(3);
  size_label_ = new QLabel("3 px", this);
  size_label_->setMinimumWidth(40);
  color_ = new QComboBox(this);
  color_->setObjectName("colorMode");
  color_->addItem(tr("RGB"), int(viewer::ColorMode::Rgb));
  color_->addItem(tr("Confidence"), int(viewer::ColorMode::Confidence));
  color_->addItem(tr("Height"), int(viewer::ColorMode::Height));
  color_->addItem(tr("Normal"), int(viewer::ColorMode::Normal));
  cameras_ = new QCheckBox(tr("Show cameras"), this);
  cameras_->setChecked(true);
  grid_ = new QCheckBox(tr("Show grid"), this);
  grid_->setChecked(true);
  objects_ = new QCheckBox(tr("Show objects"), this);
  objects_->setObjectName("showObjects");
  objects_->setChecked(true);
  objects_->setToolTip(tr("Draw every named or proposed object's box and name"));
  budget_k_ = new QSpinBox(this);
  budget_k_->setObjectName("pointBudget");
  budget_k_->setRange(10, 10000);
  budget_k_->setSingleStep(50);
  budget_k_->setSuffix(tr(" k points"));
  budget_k_->setValue(200);
  budget_k_->setToolTip(tr("Points drawn while the view moves (all points when still)"));

  auto* size_row = new QHBoxLayout;
  size_row->addWidget(size_, 1);
  size_row->addWidget(size_label_);
  auto* form = new QFormLayout;
  form->addRow(tr("Point size"), size_row);
  form->addRow(tr("Colour"), color_);
  form->addRow(tr("While moving"), budget_k_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(cameras_);
  layout->addWidget(grid_);
  layout->addWidget(objects_);
  layout->addStretch(1);

  connect(size_, &QSlider::valueChanged, this, [this](int v) {
    size_label_->setText(tr("%1 px").arg(v));
    Q_EMIT pointSizeChanged(float(v));
  });
  connect(color_, &QComboBox::currentIndexChanged, this,
          [this](int) { Q_EMIT colorModeChanged(colorMode()); });
  connect(cameras_, &QCheckBox::toggled, this, &DisplayPanel::showCamerasChanged);
  connect(grid_, &QCheckBox::toggled, this, &DisplayPanel::showGridChanged);
  connect(objects_, &QCheckBox::toggled, this, &DisplayPanel::showObjectsChanged);
  connect(budget_k_, &QSpinBox::valueChanged, this,
          [this](int) { Q_EMIT pointBudgetChanged(pointBudget()); });
}

float DisplayPanel::pointSize() const {
  return float(size_->value());
}
viewer::ColorMode DisplayPanel::colorMode() const {
  return static_cast<viewer::ColorMode>(color_->currentData().toInt());
}
bool DisplayPanel::showCameras() const {
  return cameras_->isChecked();
}
bool DisplayPanel::showGrid() const {
  return grid_->isChecked();
}
bool DisplayPanel::showObjects() const {
  return objects_->isChecked();
}
size_t DisplayPanel::pointBudget() const {
  return size_t(budget_k_->value()) * 1000;
}

void DisplayPanel::setPointSize(float pixels) {
  size_->setValue(std::clamp(int(pixels + 0.5f), kMinPointSize, kMaxPointSize));
}
void DisplayPanel::setColorMode(viewer::ColorMode mode) {
  const int i = color_->findData(int(mode));
  if (i >= 0) color_->setCurrentIndex(i);
}
void DisplayPanel::setShowCameras(bool show) {
  cameras_->setChecked(show);
}
void DisplayPanel::setShowGrid(bool show) {
  grid_->setChecked(show);
}
void DisplayPanel::setShowObjects(bool show) {
  objects_->setChecked(show);
}
void DisplayPanel::setPointBudget(size_t points) {
  budget_k_->setValue(int(points / 1000));
}
void DisplayPanel::stepPointSize(int delta) {
  size_->setValue(size_->value() + delta);
}

}  // namespace sl::ui
