// What an import did, per file and in total: the one summary the CLI prints (as text or JSON)
// and the GUI shows.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
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
    std::vector<FileReport> files;
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
    QJsonObject toJson() const;
    QString toText() const;
};

}  // namespace tl
