// Autosave and crash recovery. While the app runs, a modified scene is saved every interval
// (default 60 s; $SCENELENS_AUTOSAVE_MS overrides) on a worker thread, atomically, to
// <dir>/session-<pid>.scenelens with a side file session-<pid>.json (the project path it
// belongs to, the time). A clean exit removes both. At the next start, sessions whose process
// is gone are offered for recovery. <dir>: $SCENELENS_AUTOSAVE_DIR, else
// QStandardPaths::AppDataLocation/autosave.
#pragma once
#include <QDateTime>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <vector>

#include "scene/Scene.h"

class QTimer;

namespace sl::ui {

class FileTask;

struct RecoverableSession {
  QString scene_file;    // the autosaved .scenelens
  QString info_file;     // its .json side file
  QString project_path;  // the project it belongs to ("" = never saved)
  QDateTime saved_at;
  qint64 pid = 0;
};

class Autosave : public QObject {
  Q_OBJECT
 public:
  // `snapshot` is called on the GUI thread and returns an immutable copy of the current scene
  // (or null when there is nothing to save); `project_path` returns the project's path.
  Autosave(QObject* parent, std::function<std::shared_ptr<const Scene>()> snapshot,
           std::function<QString()> project_path);
  ~Autosave() override;  // removes this session's files (normal exit)

  static QString directory();
  // Sessions of processes that are no longer running (crashed or killed), newest first.
  static std::vector<RecoverableSession> findRecoverable();
  static void discard(const RecoverableSession& session);

  void setInterval(int ms);
  int interval() const;
  // Something changed since the last save: the next tick writes an autosave.
  void markModified();
  // The user saved the project: nothing left to recover.
  void markSaved();
  bool modified() const { return modified_; }
  // Writes now (when modified and no autosave is running). Returns false when nothing started.
  bool saveNow();
  // Clean exit: removes this session's files.
  void removeSessionFiles();
  QString sessionFile() const;

 Q_SIGNALS:
  void autosaved(const QString& path);
  void autosaveFailed(const QString& message);

 private:
  std::function<std::shared_ptr<const Scene>()> snapshot_;
  std::function<QString()> project_path_;
  QTimer* timer_ = nullptr;
  FileTask* running_ = nullptr;
  bool modified_ = false;
  quint64 revision_ = 0, saving_revision_ = 0;
};

}  // namespace sl::ui
