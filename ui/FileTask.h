// A file job (save, export) on a worker thread, with progress and cancel, for the GUI. The work
// function gets a JobContext (progress, stop token) and returns a one-line summary or throws.
// Signals are emitted on the GUI thread; the task deletes itself after `finished`.
#pragma once
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <string>

#include "inference/Job.h"

class QThread;

namespace sl::ui {

class FileTask : public QObject {
  Q_OBJECT
 public:
  using Work = std::function<std::string(JobContext& ctx)>;
  // Starts `work` at once on a new thread. `title` names the task in messages ("Saving x").
  static FileTask* start(QObject* parent, const QString& title, Work work);
  ~FileTask() override;  // waits for the worker (only reached after it finished or at exit)

  QString title() const { return title_; }
  void cancel();

 Q_SIGNALS:
  void progressChanged(double fraction, const QString& message);
  // ok: the work returned (message = its summary); otherwise the error text or cancellation.
  void finished(bool ok, bool cancelled, const QString& message);

 private:
  FileTask(QObject* parent, const QString& title);
  class Context;
  QString title_;
  std::shared_ptr<Context> ctx_;
  QThread* thread_ = nullptr;
};

}  // namespace sl::ui
