#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

#include "catalog/Catalog.h"

namespace tl {

class ProjectStore;

// What the workspace shows of a project, read from the store once on the GUI thread so the
// views never hold a database connection: counts, the library rows, per-track extras for the
// details panel, the demo's ground-truth genres, and the paths recorded for later import.
struct ProjectSnapshot {
    QString path;
    QString name;  // the file name without .tastelab
    CatalogCounts counts;
    std::vector<TrackSummary> tracks;
    QHash<Id, Track> trackRecords;
    QHash<Id, AudioFile> audioByTrack;  // the first file matched to each track
    QStringList genreNames;             // demo worlds only
    QHash<Id, int> trackGenre;          // demo worlds only
    QStringList pendingImports;         // history files recorded for the importers
    QStringList musicFolders;           // music folders recorded for the scanner
    QJsonObject cfModel;                // meta of the stored CF model; empty when untrained

    bool isDemo() const { return !genreNames.isEmpty(); }
    const TrackSummary* summary(Id trackId) const;
    QString genreOf(Id trackId) const;  // empty when unknown
};

ProjectSnapshot loadProjectSnapshot(const ProjectStore& store);

}  // namespace tl
