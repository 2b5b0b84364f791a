// Fills a new project store straight from the in-memory world, so the demo works before any
// importer exists: users, artists, tracks, listens and files in one transaction, with the ground
// truth and the demo's seed and size as settings.
#pragma once

#include <QString>
#include <vector>

#include "demo/DemoAudioFiles.h"
#include "demo/DemoModel.h"
#include "job/Progress.h"
#include "job/Status.h"

namespace tl::demo {

inline constexpr const char* kProjectFile = "demo.tastelab";

// Creates the project at `projectPath` (in the staging folder). File records get their final
// absolute paths: `finalRoot` + '/' + relativePath.
Status writeProject(const World& world, const std::vector<WrittenAudio>& written,
                    const QString& projectPath, const QString& finalRoot, const Progress& progress);

}  // namespace tl::demo
