// Reconstruction panel: backend choice and options, stage, progress bar, ETA, Cancel, log.
#pragma once
#include <QWidget>

#include "inference/ReconstructionBackend.h"

class QComboBox;
class QLineEdit;
class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QPlainTextEdit;

namespace sl::ui {

class ProgressPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ProgressPanel(QWidget* parent = nullptr);

  // Backend, model file and dense flag as chosen in the panel.
  ReconstructionOptions options() const;
  void setOptions(const ReconstructionOptions& options);

  void setRunning(bool running);
  void setProgress(const JobProgress& progress);
  void appendLog(int level, const QString& message);
  void setFinished(const QString& summary, bool ok);

  QPushButton* cancelButton() const { return cancel_; }
  QPlainTextEdit* logView() const { return log_; }
  QString stageText() const;

 Q_SIGNALS:
  void cancelRequested();

 private:
  QComboBox* backend_;
  QLineEdit* model_;
  QPushButton* browse_;
  QCheckBox* dense_;
  QLabel* stage_;
  QProgressBar* bar_;
  QLabel* eta_;
  QPushButton* cancel_;
  QPlainTextEdit* log_;
};

// "2 min 05 s", "12 s", "" for unknown (< 0).
QString format_eta(double seconds);

}  // namespace sl::ui
