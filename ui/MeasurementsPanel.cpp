#include "ui/MeasurementsPanel.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

#include "inference/objects/Measure.h"

namespace sl::ui {

namespace {

QString kind_name(Measurement::Kind k) {
  switch (k) {
    case Measurement::Kind::Distance:
      return QObject::tr("Distance");
    case Measurement::Kind::Height:
      return QObject::tr("Height");
    case Measurement::Kind::Angle:
      return QObject::tr("Angle");
    case Measurement::Kind::Area:
      return QObject::tr("Area");
    case Measurement::Kind::Dimensions:
      return QObject::tr("Dimensions");
  }
  return {};
}

}  // namespace

MeasurementsPanel::MeasurementsPanel(QWidget* parent) : QWidget(parent) {
  list_ = new QListWidget(this);
  list_->setObjectName("measurementList");
  delete_ = new QPushButton(tr("Delete"), this);
  delete_->setObjectName("measurementDelete");
  delete_->setEnabled(false);
  auto* row = new QHBoxLayout;
  row->addStretch(1);
  row->addWidget(delete_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(list_, 1);
  layout->addLayout(row);
  connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
    delete_->setEnabled(row >= 0);
    Q_EMIT currentChanged(row);
  });
  connect(delete_, &QPushButton::clicked, this, [this] {
    if (list_->currentRow() >= 0) Q_EMIT deleteRequested(list_->currentRow());
  });
}

int MeasurementsPanel::currentIndex() const {
  return list_->currentRow();
}

void MeasurementsPanel::setScene(std::shared_ptr<const Scene> scene) {
  const int row = list_->currentRow();
  list_->clear();
  if (!scene) return;
  for (size_t i = 0; i < scene->measurements.size(); ++i) {
    const Measurement& m = scene->measurements[i];
    const QString value = QString::fromStdString(objects::format_measurement(*scene, m));
    QString text = tr("%1 %2: %3").arg(kind_name(m.kind)).arg(i + 1).arg(value);
    if (!m.label.empty() && m.label != value.toStdString())
      text += QString(" (%1)").arg(QString::fromStdString(m.label));
    list_->addItem(text);
  }
  if (list_->count() > 0) list_->setCurrentRow(std::min(std::max(row, 0), list_->count() - 1));
  delete_->setEnabled(list_->currentRow() >= 0);
}

}  // namespace sl::ui
