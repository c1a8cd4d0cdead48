// Long work runs as a job: stages with progress, a stop token checked often, and immutable
// snapshots published while it runs. No Qt here: ui/JobRunner adapts it to a QThread.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "scene/Scene.h"

namespace sl {

struct JobProgress {
  std::string stage;    // "features", "matching", "mapping", "dense", ...
  double fraction = 0;  // overall, 0..1
  double eta_s = -1;    // estimated seconds left, -1 unknown
  std::string message;  // one line for the progress panel
};

enum class LogLevel { Info, Warning, Error };

// Thrown by JobContext::check_stop() so that deep code can unwind quickly on cancel.
struct JobCancelled : std::exception {
  const char* what() const noexcept override { return "cancelled by the user"; }
};

class JobContext {
 public:
  virtual ~JobContext() = default;
  bool stop_requested() const { return stop_.load(std::memory_order_relaxed); }
  void request_stop() { stop_.store(true, std::memory_order_relaxed); }
  void check_stop() const {
    if (stop_requested()) throw JobCancelled();
  }
  virtual void progress(const JobProgress& p) { (void)p; }
  virtual void log(LogLevel level, const std::string& message) { (void)level, (void)message; }
  // A finished partial result; the receiver may keep it (it is never modified again).
  virtual void publish(std::shared_ptr<const Scene> snapshot) { (void)snapshot; }

 private:
  std::atomic<bool> stop_{false};
};

// A JobContext that forwards to std::functions (CLI progress line, tests).
class CallbackJobContext : public JobContext {
 public:
  std::function<void(const JobProgress&)> on_progress;
  std::function<void(LogLevel, const std::string&)> on_log;
  std::function<void(std::shared_ptr<const Scene>)> on_publish;
  void progress(const JobProgress& p) override {
    if (on_progress) on_progress(p);
  }
  void log(LogLevel level, const std::string& m) override {
    if (on_log) on_log(level, m);
  }
  void publish(std::shared_ptr<const Scene> s) override {
    if (on_publish) on_publish(std::move(s));
  }
};

}  // namespace sl
