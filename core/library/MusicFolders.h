// The music folders a project has been pointed at, kept in its "music_folders" setting as a JSON
// array of absolute, clean paths — the same setting the GUI's File menu records
// (ui/PathListSetting.h) — so a later rescan knows which folders to read.
#pragma once

#include <QStringList>

#include "job/Status.h"

namespace tl {

class ProjectStore;

inline constexpr const char* kMusicFoldersSetting = "music_folders";

QStringList musicFolders(const ProjectStore& store);
// Adds `folder` (made absolute and clean) unless it is listed already.
Status rememberMusicFolder(ProjectStore& store, const QString& folder);

}  // namespace tl
