// core/importers/: reading listening-history exports (Spotify, ListenBrainz, Last.fm) into the
// catalog. Readers stream (TextSource, JsonArrayStream, CsvReader, JsonLite), one parser per
// format turns records into RawListens, EntityResolver maps names and IDs to catalog entities,
// and HistoryImporter runs it all per file, in a transaction, with a report of what happened.
//
// Imports listening-history exports — files, folders searched recursively, or archives (.zip,
// .tar.gz, a lone .gz; read entry by entry, never extracted, problems named
// "archive.zip!/path/in/zip") — into a project: detects each file's format by content, parses it
// as a stream, resolves artists and tracks, and adds each listen once. Research data sets without
// timestamps (Last.fm-360K, the Taste Profile) store play counts instead (replaced on re-import);
// an MSD track list among the inputs is read first, wherever it sits, to name Taste Profile songs.
//
// The whole import is one transaction with a savepoint per file: a file whose changes fail to
// store is rolled back alone, and a cancelled import leaves the project exactly as it was.
// Damaged rows never stop a file: they are counted and the first few quoted in the report.
#pragma once

#include <QStringList>

#include "importers/ImportReport.h"
#include "job/Progress.h"
#include "job/Result.h"
#include "store/ProjectStore.h"

namespace tl {

struct ImportOptions {
    QStringList paths;  // files, folders and archives
    // The user for exports that do not name one (Spotify account data, Last.fm, ListenBrainz
    // lines without user_name and no user.json), the name that replaces the opaque account name
    // of a Spotify extended history, and the user marked "me". ListenBrainz files keep the user
    // they name.
    QString me;
    bool includeIncognito = false;       // Spotify rows played in a private session
    qsizetype maxRecordBytes = 1 << 20;  // longer records are rejected unread
    int maxProblems = 20;                // problems quoted in the report (all are counted)
    // Files the report lists one by one: the first this many read (a zip of 300,000 notes would
    // otherwise cost a record each). The rest are counted, by status and by reason. 0: list all.
    qsizetype maxFilesListed = 1000;
};

// Progress is by bytes read; cancellation is polled after every chunk of input (at most a few
// milliseconds apart) and returns Status::cancelled() with the project unchanged. Runs on the
// thread that opened `store` (a worker opens its own ProjectStore), outside any Transaction.
// An error Status means the store itself failed; problems with the files are in the report.
Result<ImportReport> importHistories(ProjectStore& store, const ImportOptions& options,
                                     const Progress& progress);

}  // namespace tl
