// What an import would read, looked at before it starts: each file (inside folders and
// archives too) with its detected format, its size and an estimate of its rows, and the user
// names the files themselves carry. Only the first 64 KB of each file is read, so a preview of
// a large export takes a moment, not the import's minutes; it still runs off the GUI thread.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

#include "importers/HistoryFormat.h"
#include "job/Progress.h"

namespace tl {

struct PreviewFile {
    QString path;  // "export.zip!/Spotify Account Data/StreamingHistory_music_0.json" in archives
    HistoryFormat format = HistoryFormat::Unknown;
    QString note;        // why it is not read, or what it is for (a track list, user.json)
    qint64 bytes = -1;   // -1 when an archive does not say
    qint64 rows = 0;     // records counted in the sniffed start, scaled to the whole file
    bool exact = false;  // the whole file fitted in the sniffed start: `rows` is a count
    // Podcast rows are recognised but skipped by the importer: not listens.
    bool listens() const {
        return isListenFormat(format) && format != HistoryFormat::SpotifyAccountPodcast;
    }
};

struct HistoryPreview {
    std::vector<PreviewFile> files;
    QStringList users;       // user names found in the files (ListenBrainz, research data sets)
    bool needsMe = false;    // some file does not name its user (Spotify, Last.fm exports)
    bool truncated = false;  // more than `maxFiles` files: the rest are not listed
    int listenFiles() const;
    qint64 estimatedRows() const;  // over the files holding listens or play counts
};

// Lists and sniffs `paths` (files, folders searched recursively, archives entry by entry).
// Missing paths are listed as Unknown with the note "no such file or folder". Cancellable
// between files.
HistoryPreview previewHistories(const QStringList& paths, const Progress& progress = {},
                                int maxFiles = 500);

// Rows in `head` (JSON array records, or lines), for the estimate; exposed for the tests.
qint64 countRecords(HistoryFormat format, const QByteArray& head);

}  // namespace tl
