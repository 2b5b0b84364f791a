// Scans a music folder into a project: lists its audio files (FolderWalk), reads the tags of
// those that are new or changed since the last scan (TagReader, on several threads), matches
// each to a catalog track through the import's EntityResolver — MusicBrainz recording ID first,
// then normalised artist and title (a multi-valued tag's first values, else its other values) —
// or adds a new track with no plays (cold start), and removes the files that are gone. Listens
// are never touched. Files that match one track by their names alone but differ in length by
// more than a few seconds are different recordings: each length gets a track of its own, with
// the same names.
//
// Incremental: a file whose (path, size, mtime) equals what the last scan stored is not opened.
// The whole scan is one transaction: a cancel (polled between directory entries, files read and
// rows written, each well under 0.1 s) or an error leaves the project exactly as it was. Files
// that cannot be read are listed with the reason and the scan goes on.
#pragma once

#include <QString>

#include "job/Progress.h"
#include "job/Result.h"
#include "library/ScanReport.h"
#include "store/ProjectStore.h"

namespace tl {

struct ScanOptions {
    QString folder;
    int threads = 0;       // tag-reading threads; 0: one per core
    bool remember = true;  // add the folder to the project's music_folders setting
};

// Runs on the thread that opened `store`, outside any Transaction. An error Status means the
// folder is missing or the store failed; unreadable files are in the report.
Result<ScanReport> scanMusicFolder(ProjectStore& store, const ScanOptions& options,
                                   const Progress& progress);

}  // namespace tl
