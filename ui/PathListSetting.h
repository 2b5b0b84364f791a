#pragma once

#include <QStringList>

#include "job/Status.h"

namespace tl {

class ProjectStore;

// Lists of paths kept in a project's settings as a JSON array of absolute paths. The File menu
// records what the user chose to import here until the importers exist to read it.
namespace path_setting {
inline constexpr const char* kPendingImports = "pending_imports";  // history files
inline constexpr const char* kMusicFolders = "music_folders";      // music folders
}  // namespace path_setting

QStringList readPathList(const ProjectStore& store, const QString& key);
// Appends the paths not already listed; `added` receives how many were new.
Status addToPathList(ProjectStore& store, const QString& key, const QStringList& paths,
                     int* added = nullptr);

}  // namespace tl
