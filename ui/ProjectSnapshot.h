#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

#include "catalog/Catalog.h"
#include "catalog/CatalogTable.h"

namespace tl {

class ProjectStore;

// What the workspace shows of a project, read from the store so the views never hold a database
// connection: counts, the library table, the audio file of each track, the demo's ground-truth
// genres, and the paths recorded for later import. A large project's library table is read by a
// worker (see needsBackgroundLoad()) and added to a copy of the snapshot when it arrives.
struct ProjectSnapshot {
    QString path;
    QString name;  // the file name without .tastelab
    CatalogCounts counts;
    CatalogTablePtr tracks;             // catalog_columns::TrackColumn; null until loaded
    QHash<Id, AudioFile> audioByTrack;  // the first file matched to each track
    QStringList genreNames;             // demo worlds only
    QHash<Id, int> trackGenre;          // demo worlds only
    QStringList pendingImports;         // history files recorded for the importers
    QStringList musicFolders;           // music folders recorded for the scanner
    QJsonObject cfModel;                // meta of the stored CF model; empty when untrained

    bool isDemo() const { return !genreNames.isEmpty(); }
    QString genreOf(Id trackId) const;  // empty when unknown
};

// Projects up to this size read their library on the GUI thread (a few tens of milliseconds);
// larger ones in a worker, so the window never freezes while they open.
constexpr qint64 kSynchronousLibraryRows = 200000;  // tracks + listens
bool needsBackgroundLoad(const CatalogCounts& counts);

// Everything but a large project's library, which stays null (read it with loadCatalogTables).
ProjectSnapshot loadProjectSnapshot(ProjectStore& store);

}  // namespace tl
