// The scan's reads and writes of the project's files, file_tags and file_matches tables, with
// statements prepared once per scan (a cold scan writes tens of thousands of rows). Runs on the
// thread that opened the store, inside the caller's Transaction.
#pragma once

#include <QSqlQuery>
#include <QString>
#include <utility>
#include <vector>

#include "catalog/Catalog.h"
#include "job/Result.h"
#include "library/FileTags.h"
#include "store/ProjectStore.h"

namespace tl {

// A files row under the folder being scanned.
struct KnownFile {
    Id id = 0;
    QString path;
    qint64 size = 0;
    qint64 mtime = 0;
    bool scanned =
        false;  // has its file_tags row: a scan read it (the demo registers files without)
    // Its row holds every tag field this build reads (tag_fields >= kTagFieldsVersion): a row
    // from an older scan lacks some, so the file is read again even when unchanged.
    bool currentFields = false;
};

// The set of tag fields a scan stores in file_tags.tag_fields: 1 = artist … comment and the
// MusicBrainz IDs (schema v2), 2 = also description, mood and grouping (schema v3).
inline constexpr int kTagFieldsVersion = 3;  // 3: the year

// How a file was matched to its track: "musicbrainz-id", "exact" (same artist and title),
// name rules ("case+diacritics", as in the merges table), "alias" or "alias+<name rules>" (by a
// multi-valued tag's other artist or title), "new-track" (cold start) or
// "new-track-other-length" (the names match a track whose files are of another length).
struct FileMatch {
    Id trackId = 0;
    QString rule;
};

// A file's length, for telling apart two recordings with the same names.
struct FileLength {
    Id fileId = 0;
    Id trackId = 0;
    int durationMs = 0;
};

class LibraryStore {
public:
    explicit LibraryStore(ProjectStore& store);

    // Every files row whose path lies under `root` (root + "/…"), sorted by path.
    Result<std::vector<KnownFile>> filesUnder(const QString& root) const;

    // Every files row with a track and a known length (duration_ms > 0).
    Result<std::vector<FileLength>> fileLengths() const;
    // The tracks of one artist as (id, title), by id.
    Result<std::vector<std::pair<Id, QString>>> tracksOf(Id artistId) const;

    // Adds (file.id == 0) or updates a file with what the scan read; file.id is set on insert.
    Status putFile(AudioFile& file, const FileTags& tags, const FileMatch& match);
    // Removes a file with its tags and match. Tracks and listens stay: a file going away does
    // not mean the music was never played.
    Status removeFile(Id fileId);

private:
    ProjectStore& store_;
    QSqlQuery insertFile_;
    QSqlQuery updateFile_;
    QSqlQuery putTags_;
    QSqlQuery putMatch_;
    QSqlQuery deleteTags_;
    QSqlQuery deleteMatch_;
    QSqlQuery deleteFile_;
    Status prepareStatus_;
};

}  // namespace tl
