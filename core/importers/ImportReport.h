// What an import did, per file and in total: the one summary the CLI prints (as text or JSON)
// and the GUI shows.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <deque>
#include <functional>
#include <map>
#include <vector>

#include "catalog/Catalog.h"

namespace tl {

struct ImportProblem {
    QString file;
    qint64 line = 0;  // 0: the file as a whole
    QString reason;
};

struct ImportCounts {
    qint64 rows = 0;                      // records read
    qint64 listensImported = 0;           // new listens
    qint64 listensDuplicate = 0;          // valid listens the project already had
    qint64 rowsRejected = 0;              // malformed rows
    qint64 rowsSkipped = 0;               // valid rows that are not music listens
    qint64 playCountsImported = 0;        // (user, track) play counts stored (data sets)
    std::map<QString, qint64> skippedBy;  // reason -> rows ("podcast episode", …)
    void add(const ImportCounts& other);
};

struct FileReport {
    QString path;
    QString format;    // formatName(): "spotify-extended", "unknown", …
    QString encoding;  // "utf-8", "utf-16le", "latin-1", …
    // "imported" (something valid in it), "nothing" (read, nothing valid), "ignored" (found in a
    // folder and not a history), "failed" (unreadable, or its changes were rolled back).
    QString status;
    QString note;  // why it was ignored or failed
    qint64 bytes = 0;
    ImportCounts counts;
};

struct ImportReport {
    // The files in the order they were read: all of them, or the first
    // ImportOptions::maxFilesListed (a zip of 300,000 notes lists 1,000 and counts the rest).
    // A deque: a long list grows without being copied (a vector would hold twice its size).
    std::deque<FileReport> files;
    // Every file, listed or not: how many, how many by status, and why those not imported were
    // not (by their note, "no valid rows" when they have none; past 100 different reasons the
    // rest count as "other reasons").
    qint64 filesTotal = 0;
    std::map<QString, qint64> filesByStatus;
    std::map<QString, qint64> filesByReason;
    ImportCounts totals;
    std::vector<ImportProblem> problems;  // the first ImportOptions::maxProblems
    qint64 problemCount = 0;              // all of them
    // Entities this import added (JSON "users", "artists", "tracks", "merges"); the project's
    // totals afterwards are in `project`.
    qint64 usersAdded = 0;
    qint64 artistsAdded = 0;
    qint64 tracksAdded = 0;
    qint64 mergesAdded = 0;
    QStringList users;      // every user name listens were read for
    QString me;             // the user marked as "me", if --me was given
    QStringList notes;      // what the reader should know (time zones, ignored files)
    CatalogCounts project;  // the project's totals afterwards
    double seconds = 0.0;

    // Something valid was read: new listens, or listens the project already had.
    bool anythingValid() const {
        return totals.listensImported + totals.listensDuplicate + totals.playCountsImported > 0;
    }
    qint64 filesWithStatus(const QString& status) const {
        const auto it = filesByStatus.find(status);
        return it == filesByStatus.end() ? 0 : it->second;
    }
    qint64 filesNotListed() const { return filesTotal - qint64(files.size()); }
    std::map<QString, qint64> unlistedByStatus() const;  // the files past the list
    // Counts `file` in filesTotal, filesByStatus, filesByReason and totals (the importer calls it
    // once per file, listed or not, when the file is done).
    void count(const FileReport& file);

    // The report as one JSON object ("files" lists `files`; "files_listed", "files_total",
    // "files_by_status" and "files_by_reason" count them all).
    QJsonObject toJson() const;
    // The same JSON, indented as QJsonDocument writes it, handed to `write` in pieces: the
    // files one at a time, so a long list is never held as JSON values and as text at once.
    // `extra` members are added at the top level.
    void writeJson(const std::function<void(const QByteArray&)>& write,
                   const QJsonObject& extra = {}) const;
    // The text the CLI prints and the GUI copies, a line at a time (without its newline).
    void writeText(const std::function<void(const QString&)>& line) const;
    QString toText() const;
};

}  // namespace tl
