#include "ui/FileTask.h"

#include <QPointer>
#include <QThread>

namespace sl::ui {

// Forwards progress to the GUI thread (queued), at most a few times per percent.
class FileTask::Context : public JobContext {
 public:
  explicit Context(FileTask* owner) : owner_(owner) {}
  void progress(const JobProgress& p) override {
    if (p.fraction - last_ < 0.005 && p.fraction < 1) return;
    last_ = p.fraction;
    QPointer<FileTask> o = owner_;
    const QString message = QString::fromStdString(p.message);
    const double f = p.fraction;
    QMetaObject::invokeMethod(
        owner_,
        [o, f, message] {
          if (o) Q_EMIT o->progressChanged(f, message);
        },
        Qt::QueuedConnection);
  }

 private:
  FileTask* owner_;
  double last_ = -1;
};

FileTask::FileTask(QObject* parent, const QString& title) : QObject(parent), title_(title) {}

FileTask* FileTask::start(QObject* parent, const QString& title, Work work) {
  auto* task = new FileTask(parent, title);
  task->ctx_ = std::make_shared<Context>(task);
  auto ctx = task->ctx_;
  QPointer<FileTask> self(task);
  task->thread_ = QThread::create([ctx, work = std::move(work), self] {
    bool ok = false, cancelled = false;
    QString message;
    try {
      message = QString::fromStdString(work(*ctx));
      ok = true;
    } catch (const JobCancelled&) {
      cancelled = true;
      message = QObject::tr("cancelled");
    } catch (const std::exception& e) {
      message = QString::fromUtf8(e.what());
    } catch (...) {
      message = QObject::tr("unknown error");
    }
    QMetaObject::invokeMethod(
        self.data(),
        [self, ok, cancelled, message] {
          if (!self) return;
          Q_EMIT self->finished(ok, cancelled, message);
          self->deleteLater();
        },
        Qt::QueuedConnection);
  });
  task->thread_->start();
  return task;
}

FileTask::~FileTask() {
  if (thread_) {
    if (ctx_) ctx_->request_stop();
    thread_->wait();
    delete thread_;
  }
}

void FileTask::cancel() {
  if (ctx_) ctx_->request_stop();
}

}  // namespace sl::ui
