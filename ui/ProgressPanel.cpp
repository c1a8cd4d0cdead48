#include "ui/ProgressPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTime>
#include <QVBoxLayout>
#include <cmath>

namespace sl::ui {

QString format_eta(double seconds) {
  if (!(seconds >= 0)) return {};
  const long s = std::lround(seconds);
  if (s < 60) return QObject::tr("%1 s left").arg(s);
  if (s < 3600) return QObject::tr("%1 min %2 s left").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
  return QObject::tr("%1 h %2 min left").arg(s / 3600).arg((s / 60) % 60, 2, 10, QChar('0'));
}

ProgressPanel::ProgressPanel(QWidget* parent) : QWidget(parent) {
  backend_ = new QComboBox(this);
  backend_->setObjectName("backend");
  for (const auto& name : backend_names()) backend_->addItem(QString::fromStdString(name));
  model_ = new QLineEdit(this);
  model_->setObjectName("modelPath");
  model_->setPlaceholderText(tr("TorchScript model (feed-forward backend)"));
  browse_ = new QPushButton(tr("…"), this);
  browse_->setToolTip(tr("Choose the model file"));
  dense_ = new QCheckBox(tr("Dense"), this);
  dense_->setToolTip(tr("Per-view depth and a fused dense cloud (slower)"));
  stage_ = new QLabel(tr("Idle"), this);
  stage_->setObjectName("stage");
  // A long summary wraps instead of widening the window (which pushed the chat dock off it).
  stage_->setWordWrap(true);
  stage_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 1000);
  bar_->setValue(0);
  bar_->setTextVisible(false);
  eta_ = new QLabel(this);
  eta_->setMinimumWidth(110);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setObjectName("cancel");
  cancel_->setEnabled(false);
  log_ = new QPlainTextEdit(this);
  log_->setObjectName("jobLog");
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);

  auto* opts = new QHBoxLayout;
  opts->addWidget(new QLabel(tr("Backend"), this));
  opts->addWidget(backend_);
  opts->addWidget(model_, 1);
  opts->addWidget(browse_);
  opts->addWidget(dense_);
  auto* status = new QHBoxLayout;
  status->addWidget(stage_, 1);
  status->addWidget(bar_, 2);
  status->addWidget(eta_);
  status->addWidget(cancel_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(opts);
  layout->addLayout(status);
  layout->addWidget(log_, 1);

  auto update_model = [this] {
    const bool ff = backend_->currentText() == "feedforward";
    model_->setEnabled(ff);
    browse_->setEnabled(ff);
  };
  update_model();
  connect(backend_, &QComboBox::currentTextChanged, this, update_model);
  connect(browse_, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("TorchScript model"), model_->text(),
                                                   tr("TorchScript (*.pt *.ts);;All files (*)"));
    if (!f.isEmpty()) model_->setText(f);
  });
  connect(cancel_, &QPushButton::clicked, this, &ProgressPanel::cancelRequested);
}

ReconstructionOptions ProgressPanel::options() const {
  ReconstructionOptions o;
  if (!backend_->currentText().isEmpty()) o.backend = backend_->currentText().toStdString();
  o.model_path = model_->text().trimmed().toStdString();
  o.dense = dense_->isChecked();
  return o;
}

void ProgressPanel::setOptions(const ReconstructionOptions& o) {
  const int i = backend_->findText(QString::fromStdString(o.backend));
  if (i >= 0) backend_->setCurrentIndex(i);
  model_->setText(QString::fromStdString(o.model_path));
  dense_->setChecked(o.dense);
}

void ProgressPanel::setRunning(bool running) {
  cancel_->setEnabled(running);
  backend_->setEnabled(!running);
  dense_->setEnabled(!running);
  if (running) {
    stage_->setText(tr("Starting…"));
    bar_->setValue(0);
    eta_->clear();
  }
}

void ProgressPanel::setProgress(const JobProgress& p) {
  QString text = QString::fromStdString(p.stage);
  if (!p.message.empty()) text += ": " + QString::fromStdString(p.message);
  stage_->setText(text);
  bar_->setValue(int(std::clamp(p.fraction, 0.0, 1.0) * 1000));
  eta_->setText(format_eta(p.eta_s));
}

void ProgressPanel::appendLog(int level, const QString& message) {
  const char* tag = level == int(LogLevel::Error)     ? "error: "
                    : level == int(LogLevel::Warning) ? "warning: "
                                                      : "";
  log_->appendPlainText(QTime::currentTime().toString("HH:mm:ss ") + tag + message);
}

void ProgressPanel::setFinished(const QString& summary, bool ok) {
  setRunning(false);
  stage_->setText(summary.section('\n', 0, 0));
  if (ok) bar_->setValue(1000);
  eta_->clear();
  appendLog(ok ? int(LogLevel::Info) : int(LogLevel::Error), summary);
}

QString ProgressPanel::stageText() const {
  return stage_->text();
}

}  // namespace sl::ui
