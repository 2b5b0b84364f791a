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
}  // namespace settings_key

// The folder file dialogs start in: the last one used, else the user's documents folder.
QString lastDirectory();
void rememberDirectory(const QString& directory);

}  // namespace tl
