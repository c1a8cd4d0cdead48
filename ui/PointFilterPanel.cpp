#include "ui/PointFilterPanel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

namespace sl::ui {

PointFilterPanel::PointFilterPanel(QWidget* parent) : QWidget(parent) {
  percentile_ = new QSlider(Qt::Horizontal, this);
  percentile_->setObjectName("confidencePercentile");
  percentile_->setRange(0, 95);
  percentile_->setToolTip(tr("Hide this share of the points, the least confident first"));
  percentile_label_ = new QLabel(tr("0 %"), this);
  percentile_label_->setMinimumWidth(40);
  black_ = new QCheckBox(tr("Remove black background"), this);
  black_->setObjectName("removeBlack");
  white_ = new QCheckBox(tr("Remove white background"), this);
  white_->setObjectName("removeWhite");
  sky_ = new QCheckBox(tr("Remove sky"), this);
  sky_->setObjectName("removeSky");
  sky_->setToolTip(
      tr("Bright grey, white or bluish points seen near the top of a photo, far away"));
  voxel_ = new QDoubleSpinBox(this);
  voxel_->setObjectName("voxelSize");
  voxel_->setDecimals(4);
  voxel_->setRange(0, 1e4);
  voxel_->setSingleStep(0.005);
  voxel_->setSpecialValueText(tr("off"));
  voxel_->setToolTip(tr("Keep the most confident point per cube of this size (scene units)"));
  frames_ = new QListWidget(this);
  frames_->setObjectName("filterFrames");
  frames_->setToolTip(tr("Untick a frame to hide the points it contributed"));
  frames_->setMinimumHeight(90);
  shown_ = new QLabel(this);
  shown_->setObjectName("filterShown");
  shown_->setWordWrap(true);
  apply_ = new QPushButton(tr("Apply to scene"), this);
  apply_->setObjectName("applyFilter");
  apply_->setToolTip(tr(
      "Make the filtered cloud the scene's (selection, questions and exports use it); undoable"));

  auto* row = new QHBoxLayout;
  row->addWidget(percentile_, 1);
  row->addWidget(percentile_label_);
  auto* form = new QFormLayout;
  form->addRow(tr("Least confident"), row);
  form->addRow(tr("Voxel size"), voxel_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(black_);
  layout->addWidget(white_);
  layout->addWidget(sky_);
  layout->addWidget(new QLabel(tr("Frames"), this));
  layout->addWidget(frames_, 1);
  layout->addWidget(shown_);
  layout->addWidget(apply_);

  debounce_.setSingleShot(true);
  debounce_.setInterval(120);
  connect(&debounce_, &QTimer::timeout, this, &PointFilterPanel::filterChanged);
  connect(percentile_, &QSlider::valueChanged, this, [this](int v) {
    percentile_label_->setText(tr("%1 %").arg(v));
    changed();
  });
  for (QCheckBox* c : {black_, white_, sky_})
    connect(c, &QCheckBox::toggled, this, [this] { changed(); });
  connect(voxel_, &QDoubleSpinBox::valueChanged, this, [this] { changed(); });
  connect(frames_, &QListWidget::itemChanged, this, [this] { changed(); });
  connect(apply_, &QPushButton::clicked, this, &PointFilterPanel::applyRequested);
  setScene(Scene{});
}

void PointFilterPanel::changed() {
  if (!filling_) debounce_.start();
}

void PointFilterPanel::setScene(const Scene& scene) {
  const dense::DenseFilter keep = filter();
  filling_ = true;
  frames_->clear();
  std::vector<size_t> per_view(scene.views.size(), 0);
  for (int32_t v : scene.cloud.source_view)
    if (v >= 0 && size_t(v) < per_view.size()) ++per_view[size_t(v)];
  for (size_t i = 0; i < scene.views.size(); ++i) {
    if (per_view[i] == 0) continue;
    const QString name = QFileInfo(QString::fromStdString(scene.views[i].image_path)).fileName();
    const QString count =
        per_view[i] >= 10000 ? tr("%1k").arg(per_view[i] / 1000) : QString::number(per_view[i]);
    auto* item = new QListWidgetItem(tr("%1: %2  (%3)").arg(i + 1).arg(name).arg(count), frames_);
    item->setToolTip(tr("Photo %1, %2: %3 points").arg(i + 1).arg(name).arg(per_view[i]));
    item->setData(Qt::UserRole, int(i));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    const bool hidden = i < keep.hidden_views.size() && keep.hidden_views[i];
    item->setCheckState(hidden ? Qt::Unchecked : Qt::Checked);
  }
  percentile_->setEnabled(scene.cloud.has_confidence());
  frames_->setEnabled(frames_->count() > 0);
  const bool any = !scene.cloud.empty();
  for (QWidget* w : std::initializer_list<QWidget*>{black_, white_, sky_, voxel_, apply_})
    w->setEnabled(any);
  sky_->setEnabled(any && scene.cloud.has_source());
  filling_ = false;
}

dense::DenseFilter PointFilterPanel::filter() const {
  dense::DenseFilter f;
  f.confidence_percentile = percentile_->isEnabled() ? float(percentile_->value()) : 0.f;
  f.remove_black = black_->isChecked();
  f.remove_white = white_->isChecked();
  f.remove_sky = sky_->isEnabled() && sky_->isChecked();
  f.voxel_size = voxel_->value();
  for (int r = 0; r < frames_->count(); ++r) {
    const QListWidgetItem* item = frames_->item(r);
    const int v = item->data(Qt::UserRole).toInt();
    if (item->checkState() == Qt::Checked) continue;
    if (f.hidden_views.size() <= size_t(v)) f.hidden_views.resize(size_t(v) + 1, false);
    f.hidden_views[size_t(v)] = true;
  }
  return f;
}

void PointFilterPanel::setFilter(const dense::DenseFilter& f) {
  filling_ = true;
  percentile_->setValue(int(f.confidence_percentile + 0.5f));
  black_->setChecked(f.remove_black);
  white_->setChecked(f.remove_white);
  sky_->setChecked(f.remove_sky);
  voxel_->setValue(f.voxel_size);
  for (int r = 0; r < frames_->count(); ++r) {
    QListWidgetItem* item = frames_->item(r);
    const size_t v = size_t(item->data(Qt::UserRole).toInt());
    const bool hidden = v < f.hidden_views.size() && f.hidden_views[v];
    item->setCheckState(hidden ? Qt::Unchecked : Qt::Checked);
  }
  filling_ = false;
  debounce_.start();
}

void PointFilterPanel::reset() {
  setFilter(dense::DenseFilter{});
}

void PointFilterPanel::setShownCount(size_t shown, size_t total) {
  shown_->setText(shown == total ? tr("All %1 points shown").arg(total)
                                 : tr("%1 of %2 points shown").arg(shown).arg(total));
}

QJsonObject PointFilterPanel::toJson() const {
  const dense::DenseFilter f = filter();
  QJsonObject j;
  j["confidence_percentile"] = double(f.confidence_percentile);
  j["remove_black"] = f.remove_black;
  j["remove_white"] = f.remove_white;
  j["remove_sky"] = f.remove_sky;
  j["voxel_size"] = f.voxel_size;
  QJsonArray hidden;
  for (size_t v = 0; v < f.hidden_views.size(); ++v)
    if (f.hidden_views[v]) hidden.append(int(v));
  j["hidden_views"] = hidden;
  return j;
}

void PointFilterPanel::fromJson(const QJsonObject& j) {
  dense::DenseFilter f;
  f.confidence_percentile = float(std::clamp(j["confidence_percentile"].toDouble(), 0.0, 95.0));
  f.remove_black = j["remove_black"].toBool();
  f.remove_white = j["remove_white"].toBool();
  f.remove_sky = j["remove_sky"].toBool();
  f.voxel_size = std::max(0.0, j["voxel_size"].toDouble());
  for (const QJsonValue& v : j["hidden_views"].toArray()) {
    const int i = v.toInt(-1);
    if (i < 0 || i > 100000) continue;
    if (f.hidden_views.size() <= size_t(i)) f.hidden_views.resize(size_t(i) + 1, false);
    f.hidden_views[size_t(i)] = true;
  }
  setFilter(f);
}

}  // namespace sl::ui
