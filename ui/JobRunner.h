// Runs a sl::ReconstructionBackend on a QThread. Progress, log lines and published snapshots
// travel from the worker to the GUI thread through queued signals only; every public signal
// of JobRunner is emitted on the thread that owns it (the GUI thread).
#pragma once
#include <QObject>
#include <QString>
#include <memory>

#include "inference/ReconstructionBackend.h"

class QThread;

namespace sl::ui {

class JobRunner : public QObject {
  Q_OBJECT
 public:
  explicit JobRunner(QObject* parent = nullptr);
  ~JobRunner() override;  // requests a stop and waits for the worker

  // Makes the backend (options.backend) and starts it on a worker thread. Returns false and
  // sets *error when a job is already running or the backend cannot be made.
  bool start(const ReconstructionInput& input, const ReconstructionOptions& options,
             QString* error);
  // Same, with a backend made by the caller (tests inject fakes here).
  bool start(std::unique_ptr<ReconstructionBackend> backend, const ReconstructionInput& input,
             const ReconstructionOptions& options, QString* error);
  bool running() const;
  // Asks the backend to stop (JobContext::request_stop); `failed(..., true)` follows.
  void cancel();
  // Blocks until the worker has ended (shutdown and tests only).
  void wait();

 Q_SIGNALS:
  void started();
  void progressChanged(const sl::JobProgress& progress);
  void logMessage(int level, const QString& message);  // level: sl::LogLevel as int
  void snapshotPublished(std::shared_ptr<const sl::Scene> snapshot);
  void succeeded(std::shared_ptr<sl::Scene> scene, const sl::ReconstructionReport& report);
  void failed(const QString& message, bool cancelled);

  // Internal: emitted on the worker thread, connected queued to the public ones.
  void workerProgress(const sl::JobProgress& progress, QPrivateSignal);
  void workerLog(int level, const QString& message, QPrivateSignal);
  void workerPublish(std::shared_ptr<const sl::Scene> snapshot, QPrivateSignal);
  void workerSucceeded(std::shared_ptr<sl::Scene> scene, const sl::ReconstructionReport& report,
                       QPrivateSignal);
  void workerFailed(const QString& message, bool cancelled, QPrivateSignal);

 private:
  class Context;
  void onWorkerDone();

  QThread* thread_ = nullptr;
  std::shared_ptr<Context> ctx_;
  bool finishing_ = false;
};

}  // namespace sl::ui

Q_DECLARE_METATYPE(sl::JobProgress)
Q_DECLARE_METATYPE(sl::ReconstructionReport)
Q_DECLARE_METATYPE(std::shared_ptr<const sl::Scene>)
Q_DECLARE_METATYPE(std::shared_ptr<sl::Scene>)
