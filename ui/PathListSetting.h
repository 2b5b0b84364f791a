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
// Music folders chosen while another job ran: not scanned yet. Kept apart from kMusicFolders
// (which the scanner also fills with every folder it read, for rescans) so the header can say
// which folders are still waiting.
inline constexpr const char* kPendingMusicFolders = "pending_music_folders";
}  // namespace path_setting

QStringList readPathList(const ProjectStore& store, const QString& key);
// Appends the paths not already listed; `added` receives how many were new.
Status addToPathList(ProjectStore& store, const QString& key, const QStringList& paths,
                     int* added = nullptr);
// Drops `path` (compared as an absolute, clean path) from the list; a no-op when absent.
Status removeFromPathList(ProjectStore& store, const QString& key, const QString& path);

}  // namespace tl
