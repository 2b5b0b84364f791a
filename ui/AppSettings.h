// ui/: the Qt Widgets shell and views over core results — the main window, its pages and
// panels, the status-bar job display. It shows what core computed; no model maths lives here.
#pragma once

#include <QSettings>
#include <QString>
#include <memory>

namespace tl {

// Every widget reads and writes the same per-user settings (organisation and application
// "Tastelab"). Going through one function keeps the names in one place; tests redirect the
// location with QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir).
std::unique_ptr<QSettings> openAppSettings();

namespace settings_key {
inline constexpr const char* kWindowGeometry = "window/geometry";
inline constexpr const char* kWindowState = "window/state";
inline constexpr const char* kRecentProjects = "recentProjects";
inline constexpr const char* kLastDirectory = "lastDirectory";
inline constexpr const char* kWorkspaceLayout = "workspace/layout";
inline constexpr const char* kHiddenPanels = "workspace/hiddenPanels";
inline constexpr const char* kColorScheme = "appearance/colorScheme";  // system|light|dark
inline constexpr const char* kWorkerThreads = "jobs/workerThreads";    // 0: every core
}  // namespace settings_key

// The folder file dialogs start in: the last one used, else the user's documents folder.
QString lastDirectory();
void rememberDirectory(const QString& directory);

// How many threads a training or analysis job may use: an application preference (it depends
// on the machine, not on the project; results are the same for any count). 0 means every core.
inline constexpr int kMaxWorkerThreads = 64;
int workerThreads();
void setWorkerThreads(int threads);

}  // namespace tl
