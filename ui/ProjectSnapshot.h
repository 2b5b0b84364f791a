#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

#include "catalog/Catalog.h"
#include "catalog/CatalogTable.h"
#include "job/Progress.h"

namespace tl {

class ProjectStore;

// What the workspace shows of a project, read from the store so the views never hold a database
// connection: counts, the library table, the audio file of each track, the demo's ground-truth
// genres, and the paths recorded for later import. A large project is read by a worker (see
// needsBackgroundLoad()); until it arrives the workspace shows a snapshot with `loading` set.
struct ProjectSnapshot {
    QString path;
    QString name;  // the file name without .tastelab
    CatalogCounts counts;
    CatalogTablePtr tracks;  // catalog_columns::TrackColumn; null until loaded
    bool loading = false;    // a large project being read: only path and name are known yet
    QHash<Id, AudioFile> audioByTrack;  // the first file matched to each track
    QStringList genreNames;             // demo worlds only
    QHash<Id, int> trackGenre;          // demo worlds only
    QStringList pendingImports;         // history files recorded for the importers
    QStringList musicFolders;           // music folders recorded while busy, not scanned yet
    QJsonObject cfModel;                // meta of the stored CF model; empty when untrained
    QJsonObject textModel;              // meta of the stored text model; empty when untrained
    QJsonObject audioModel;             // meta (training report) of the stored audio model

    // The CF model was trained with other settings than the project's now (Preferences).
    bool cfOutOfDate = false;
    // The listens or play counts changed since the CF model was trained (an import, a deleted
    // source): its meta's "inputs" digest differs from the project's.
    bool cfInputsChanged = false;
    // The audio model heard other excerpts or another analysis rate than the project's now.
    bool audioOutOfDate = false;

    bool isDemo() const { return !genreNames.isEmpty(); }
    QString genreOf(Id trackId) const;  // empty when unknown
};

// Project files up to this size are read on the GUI thread (tens of milliseconds: tests and
// small projects see the workspace filled at once); larger ones by a worker, so the window never
// freezes while they open. Decided by file size because even counting a large project's listens
// takes seconds.
constexpr qint64 kSynchronousProjectBytes = 32 * 1024 * 1024;
bool needsBackgroundLoad(const QString& path);
ProjectSnapshot loadingSnapshot(const QString& path);  // what to show meanwhile

// Any thread, on a store opened there. Cancelling returns what was read (tracks may be null).
ProjectSnapshot loadProjectSnapshot(ProjectStore& store, const Progress& progress = Progress());

}  // namespace tl
