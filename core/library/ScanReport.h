// What a music-folder scan did: the summary the CLI prints (text or JSON) and the GUI shows.
#pragma once

#include <QJsonObject>
#include <QString>
#include <map>
#include <vector>

namespace tl {

struct ScanProblem {
    QString file;
    QString reason;
};

struct ScanReport {
    QString folder;  // absolute, clean, as shown (displayPath: bytes that are not UTF-8 as \xNN)
    // Audio files found: new + changed + unchanged. New and changed files were read (or tried:
    // those that could not be read are in filesFailed and `failed`).
    qint64 filesScanned = 0;
    qint64 filesNew = 0;        // not read by a scan before
    qint64 filesChanged = 0;    // read again: size or mtime differ from the last scan
    qint64 filesUnchanged = 0;  // same (path, size, mtime): not read
    qint64 filesRemoved = 0;    // gone since the last scan: removed with their tags
    qint64 filesIgnored = 0;    // not audio by name (cover art, playlists)
    // Files read now and matched to a track the catalog had, or that an earlier file of this
    // scan added (a second copy of a song); newTracks + matched = files read successfully.
    qint64 matched = 0;
    qint64 newTracks = 0;  // files read now whose track is new (cold start: no plays)
    qint64 newArtists = 0;
    qint64 merges = 0;                     // merges recorded (a differently written name)
    std::map<QString, qint64> matchRules;  // rule -> files read now
    std::map<QString, qint64> tagSources;  // "tags", "file-name", "tags+file-name" -> files
    qint64 filesFailed = 0;                // audio files that could not be read (kept unread)
    std::vector<ScanProblem> failed;       // every file (or folder) that could not be read
    qint64 loopsSkipped = 0;               // folders reached twice through symbolic links
    int threads = 1;                       // threads that read tags
    double seconds = 0.0;
    // Where the time went: listing the folder, reading tags, matching and writing (with the
    // commit).
    double walkSeconds = 0.0;
    double readSeconds = 0.0;
    double writeSeconds = 0.0;

    // The scan could use something, or the folder simply has no audio files.
    bool anythingReadable() const { return filesScanned == 0 || filesFailed < filesScanned; }
    QJsonObject toJson() const;
    QString toText() const;
};

}  // namespace tl
