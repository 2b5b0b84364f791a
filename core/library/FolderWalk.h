// Lists the audio files under a music folder, following symbolic links without looping: every
// directory is entered once, identified by (device, inode), so a link back to a parent, or two
// links to one folder, cannot make the walk endless or list a file twice.
#pragma once

#include <QString>
#include <vector>

#include "job/Progress.h"
#include "job/Status.h"

namespace tl {

struct FoundFile {
    QString path;    // absolute, as reached from the root (links not resolved); pathFromNative()
    QString format;  // audioFormatForFileName()
    qint64 size = 0;
    qint64 mtime = 0;  // Unix seconds
};

struct WalkProblem {
    QString path;
    QString reason;
};

struct FolderWalk {
    std::vector<FoundFile> files;  // sorted by path
    // Unreadable folders and broken links to audio files, once each. Names that are not valid
    // UTF-8 are listed like any other, their bytes kept (util/NativePath.h).
    std::vector<WalkProblem> problems;
    qint64 ignored = 0;       // regular files that are not audio (cover.jpg, .cue, …)
    qint64 loopsSkipped = 0;  // directories reached a second time (symlink loops, double links)
};

// Walks `root` (an existing folder; absolute, clean path). Names starting with "." are skipped
// (hidden folders, macOS "._x.flac" resource forks). Polls cancellation every few entries.
Status walkMusicFolder(const QString& root, FolderWalk& out, const Progress& progress);

}  // namespace tl
