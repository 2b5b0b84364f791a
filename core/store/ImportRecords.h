// Imported sources: which import run brought each listen and play count into the project, so a
// source can be deleted and the deletion undone (Edit > Undo). Schema v4 (store/Schema.h).
//
// A listen belongs to the import that first stored it: the same play in two exports is stored
// once, so deleting the first source takes it away even though the second had it too
// (importing the second again brings it back). Deleting moves the rows to the deleted_* tables
// in one transaction; restoring moves exactly those rows back; the moved rows are purged once
// nothing can undo the deletion any more (the project was closed). Artists and tracks stay in
// the catalog: files and other sources share them.
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <vector>

#include "catalog/Catalog.h"
#include "job/Result.h"

namespace tl {

class ProjectStore;

// The source of every row stored before projects recorded their imports (schema < 4), and of
// rows written without an import record (tests, tools).
constexpr Id kEarlierImportsId = 0;

struct ImportRecord {
    Id id = kEarlierImportsId;
    QString label;         // what the import read, as the person chose it ("Streaming_History…")
    QStringList paths;     // the files, folders and archives given to the import
    QStringList formats;   // history formats read ("spotify-extended", "lastfm-csv", …)
    QString user;          // whom the import was for ("me" at the time)
    QDateTime importedAt;  // invalid for the earlier-imports source
    qint64 listens = 0;    // listens in the project that came from this source
    qint64 playCounts = 0;
    bool isEarlierImports() const { return id == kEarlierImportsId; }
};

// Starts the record of an import inside the caller's transaction and makes it the store's
// current import (ProjectStore::setImportId), so the rows written next belong to it.
Result<Id> beginImportRecord(ProjectStore& store, const QString& label, const QStringList& paths,
                             const QString& user);
// Records the formats read and the rows the import added (`listens` new listens, `playCounts`
// play-count rows written), and makes "earlier imports" current again. An import that added no
// row (the same file again) leaves no record: it is not a source of anything. Play counts
// replace older ones of the same (user, track), so after an import that wrote some, every
// record's play counts are counted again (one pass over play_counts).
Status finishImportRecord(ProjectStore& store, Id id, const QStringList& formats, qint64 listens,
                          qint64 playCounts);

// The sources in the project, oldest first, with the rows each owns; deleted ones are left out.
// Counts are kept in the records, so this reads no listens (cheap on the GUI thread).
Result<std::vector<ImportRecord>> importRecords(const ProjectStore& store);

// Deletes every listen and play count of source `id` (and its share of the per-user format
// counts) in one transaction; restoreImport() puts back exactly the rows it took. `listens`,
// when given, receives how many listens left or came back.
Status deleteImport(ProjectStore& store, Id id, qint64* listens = nullptr);
Status restoreImport(ProjectStore& store, Id id, qint64* listens = nullptr);
// Forgets deleted sources for good (nothing can undo them any more); returns the rows purged.
Result<qint64> purgeDeletedImports(ProjectStore& store);
// Whether a deleted source is waiting to be purged (cheap: one indexed lookup).
bool hasDeletedImports(const ProjectStore& store);

// A digest of the CF model's inputs (which listens and play counts exist): equal sets give
// equal digests whatever their order. trainCf keeps it in the model's meta ("inputs"), and the
// workspace calls the model out of date when the project's digest differs from it.
QString listensDigest(const ProjectStore& store);

}  // namespace tl
