// GUI tests keep QSettings (recent files, display options, VLM server) in a folder of their own,
// never in the user's, and QStandardPaths in test mode.
#pragma once
#include <QSettings>
#include <QStandardPaths>
#include <QString>

namespace sl::test {

inline void isolate_settings(const QString& folder) {
  QStandardPaths::setTestModeEnabled(true);
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, folder);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
}

}  // namespace sl::test
