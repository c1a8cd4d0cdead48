#include "ui/Autosave.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>
#include <csignal>

#include "scene/AtomicFile.h"
#include "scene/SceneFile.h"
#include "ui/FileTask.h"

namespace sl::ui {

namespace {

bool process_alive(qint64 pid) {
  if (pid <= 0) return false;
  if (pid == QCoreApplication::applicationPid()) return true;
  return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

Autosave::Autosave(QObject* parent, std::function<std::shared_ptr<const Scene>()> snapshot,
                   std::function<QString()> project_path)
    : QObject(parent), snapshot_(std::move(snapshot)), project_path_(std::move(project_path)) {
  timer_ = new QTimer(this);
  bool ok = false;
  const int ms = qEnvironmentVariableIntValue("SCENELENS_AUTOSAVE_MS", &ok);
  timer_->setInterval(ok && ms > 0 ? ms : 60000);
  connect(timer_, &QTimer::timeout, this, &Autosave::saveNow);
  timer_->start();
}

Autosave::~Autosave() {
  // Destroyed without a crash: a normal exit, nothing to recover. A running autosave ends first
  // (FileTask waits for its thread) so that it cannot write the files after their removal.
  delete running_;
  removeSessionFiles();
}

QString Autosave::directory() {
  const QString env = qEnvironmentVariable("SCENELENS_AUTOSAVE_DIR");
  if (!env.isEmpty()) return env;
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/autosave";
}

QString Autosave::sessionFile() const {
  return directory() + QString("/session-%1.scenelens").arg(QCoreApplication::applicationPid());
}

void Autosave::setInterval(int ms) {
  timer_->setInterval(std::max(100, ms));
}

int Autosave::interval() const {
  return timer_->interval();
}

void Autosave::markModified() {
  modified_ = true;
  ++revision_;
}

void Autosave::markSaved() {
  modified_ = false;
  removeSessionFiles();
}

bool Autosave::saveNow() {
  if (!modified_ || running_) return false;
  auto scene = snapshot_ ? snapshot_() : nullptr;
  if (!scene) return false;
  const QString dir = directory();
  if (!QDir().mkpath(dir)) {
    Q_EMIT autosaveFailed(tr("Autosave: cannot create the folder %1").arg(dir));
    return false;
  }
  const QString file = sessionFile();
  const QString info = file.left(file.size() - int(QString(".scenelens").size())) + ".json";
  QJsonObject j;
  j["project_path"] = project_path_ ? project_path_() : QString();
  j["saved_at"] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
  j["pid"] = QCoreApplication::applicationPid();
  const QByteArray info_bytes = QJsonDocument(j).toJson();
  saving_revision_ = revision_;
  running_ = FileTask::start(this, tr("Autosave"), [scene, file, info, info_bytes](JobContext&) {
    save_scene(*scene, file.toStdString());
    write_file_atomic(info.toStdString(),
                      std::string_view(info_bytes.constData(), size_t(info_bytes.size())));
    return file.toStdString();
  });
  connect(running_, &FileTask::finished, this, [this, file](bool ok, bool, const QString& message) {
    running_ = nullptr;
    if (!ok) {
      Q_EMIT autosaveFailed(tr("Autosave failed: %1").arg(message));
      return;
    }
    if (revision_ == saving_revision_) modified_ = false;
    Q_EMIT autosaved(file);
  });
  return true;
}

void Autosave::removeSessionFiles() {
  const QString file = sessionFile();
  QFile::remove(file);
  QFile::remove(file.left(file.size() - int(QString(".scenelens").size())) + ".json");
}

std::vector<RecoverableSession> Autosave::findRecoverable() {
  std::vector<RecoverableSession> out;
  const QDir dir(directory());
  for (const QString& name : dir.entryList({"session-*.json"}, QDir::Files)) {
    RecoverableSession s;
    s.info_file = dir.filePath(name);
    s.scene_file = s.info_file.left(s.info_file.size() - 5) + ".scenelens";
    QFile f(s.info_file);
    if (!f.open(QIODevice::ReadOnly)) continue;
    const QJsonObject j = QJsonDocument::fromJson(f.readAll()).object();
    s.pid = qint64(j["pid"].toDouble());
    s.project_path = j["project_path"].toString();
    s.saved_at = QDateTime::fromString(j["saved_at"].toString(), Qt::ISODate);
    if (process_alive(s.pid) || !QFile::exists(s.scene_file)) continue;
    out.push_back(s);
  }
  std::sort(out.begin(), out.end(), [](const RecoverableSession& a, const RecoverableSession& b) {
    return a.saved_at > b.saved_at;
  });
  return out;
}

void Autosave::discard(const RecoverableSession& session) {
  QFile::remove(session.scene_file);
  QFile::remove(session.info_file);
}

}  // namespace sl::ui
