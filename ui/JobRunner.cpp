#include "ui/JobRunner.h"

#include <QThread>
#include <exception>

namespace sl::ui {

// Lives as long as the worker needs it; forwards to the runner's worker signals, which are
// connected with Qt::QueuedConnection (never blocking, never processEvents).
class JobRunner::Context : public JobContext {
 public:
  explicit Context(JobRunner* runner) : runner_(runner) {}
  void progress(const JobProgress& p) override {
    Q_EMIT runner_->workerProgress(p, QPrivateSignal());
  }
  void log(LogLevel level, const std::string& message) override {
    Q_EMIT runner_->workerLog(static_cast<int>(level), QString::fromStdString(message),
                              QPrivateSignal());
  }
  void publish(std::shared_ptr<const Scene> snapshot) override {
    if (snapshot) Q_EMIT runner_->workerPublish(std::move(snapshot), QPrivateSignal());
  }

 private:
  JobRunner* runner_;  // outlives the worker: ~JobRunner waits for it
};

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
  qRegisterMetaType<sl::JobProgress>();
  qRegisterMetaType<sl::ReconstructionReport>();
  qRegisterMetaType<std::shared_ptr<const sl::Scene>>();
  qRegisterMetaType<std::shared_ptr<sl::Scene>>();
  connect(this, &JobRunner::workerProgress, this, &JobRunner::progressChanged,
          Qt::QueuedConnection);
  connect(this, &JobRunner::workerLog, this, &JobRunner::logMessage, Qt::QueuedConnection);
  connect(this, &JobRunner::workerPublish, this, &JobRunner::snapshotPublished,
          Qt::QueuedConnection);
  connect(
      this, &JobRunner::workerSucceeded, this,
      [this](std::shared_ptr<sl::Scene> scene, const sl::ReconstructionReport& report) {
        onWorkerDone();
        Q_EMIT succeeded(std::move(scene), report);
      },
      Qt::QueuedConnection);
  connect(
      this, &JobRunner::workerFailed, this,
      [this](const QString& message, bool cancelled) {
        onWorkerDone();
        Q_EMIT failed(message, cancelled);
      },
      Qt::QueuedConnection);
}

JobRunner::~JobRunner() {
  cancel();
  wait();
}

bool JobRunner::start(const ReconstructionInput& input, const ReconstructionOptions& options,
                      QString* error) {
  if (running()) {
    if (error) *error = tr("A reconstruction is already running; cancel it first.");
    return false;
  }
  std::unique_ptr<ReconstructionBackend> backend;
  try {
    backend = make_backend(options.backend);
  } catch (const std::exception& e) {
    if (error)
      *error = tr("Cannot use the \"%1\" backend: %2")
                   .arg(QString::fromStdString(options.backend), QString::fromUtf8(e.what()));
    return false;
  }
  return start(std::move(backend), input, options, error);
}

bool JobRunner::start(std::unique_ptr<ReconstructionBackend> backend,
                      const ReconstructionInput& input, const ReconstructionOptions& options,
                      QString* error) {
  if (running()) {
    if (error) *error = tr("A reconstruction is already running; cancel it first.");
    return false;
  }
  if (!backend) {
    if (error) *error = tr("No reconstruction backend.");
    return false;
  }
  auto ctx = std::make_shared<Context>(this);
  ctx_ = ctx;
  std::shared_ptr<ReconstructionBackend> shared_backend(std::move(backend));
  thread_ = QThread::create([this, ctx, shared_backend, input, options]() {
    ReconstructionReport report;
    try {
      auto scene = std::make_shared<Scene>(shared_backend->run(input, options, *ctx, report));
      Q_EMIT workerSucceeded(std::move(scene), report, QPrivateSignal());
    } catch (const JobCancelled&) {
      Q_EMIT workerFailed(tr("Reconstruction cancelled."), true, QPrivateSignal());
    } catch (const std::exception& e) {
      QString message = QString::fromUtf8(e.what());
      if (!report.summary.empty()) message += "\n" + QString::fromStdString(report.summary);
      Q_EMIT workerFailed(message, ctx->stop_requested(), QPrivateSignal());
    } catch (...) {
      Q_EMIT workerFailed(tr("Reconstruction failed with an unknown error."), false,
                          QPrivateSignal());
    }
  });
  thread_->setObjectName("sl-reconstruction");
  thread_->start(QThread::LowPriority);
  Q_EMIT started();
  return true;
}

bool JobRunner::running() const {
  return thread_ != nullptr;
}

void JobRunner::cancel() {
  if (ctx_) ctx_->request_stop();
}

void JobRunner::wait() {
  if (thread_) thread_->wait();
}

void JobRunner::onWorkerDone() {
  if (thread_) {
    thread_->wait();  // the worker has emitted its last signal and is returning
    delete thread_;
    thread_ = nullptr;
  }
  ctx_.reset();
}

}  // namespace sl::ui
