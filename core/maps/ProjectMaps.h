#pragma once

#include <QJsonObject>
#include <vector>

#include "catalog/Catalog.h"
#include "maps/MapBuilder.h"
#include "maps/VectorSources.h"

namespace tl {

class ProjectStore;

// A map as the project keeps it: result kind "map.<source>", key = method ("tsne", "pca",
// "umap"), fingerprint = the source's vectors and track ids + the map settings. Meta holds the
// quality figures (trustworthiness, knn_preservation, genre_accuracy on a demo world), seconds,
// perplexity, iterations, skipped and warnings; a UMAP map also n_neighbors, min_dist, epochs
// and init ("spectral" or "random").
struct ProjectMap {
    QString source;
    MapMethod method = MapMethod::Tsne;
    std::vector<Id> trackIds;  // one per point
    MapPoints points;
    QJsonObject meta;
    bool reused = false;  // loaded: the vectors and settings had not changed
};

QByteArray mapFingerprint(const SourceVectors& source, const MapOptions& options);
QString mapResultKind(const QString& source);  // "map.<source>"

// Loads the source's vectors and returns the stored map when its fingerprint still matches;
// otherwise computes the map (demo ground-truth genres give genre_accuracy) and stores it in
// one transaction. A cancelled run leaves the project unchanged.
Result<ProjectMap> buildProjectMap(ProjectStore& store, const QString& source,
                                   const MapOptions& options, const Progress& progress,
                                   const TsneObserver& observer = {});
// The stored map of a source and method, whatever it was computed from.
Result<ProjectMap> loadProjectMap(const ProjectStore& store, const QString& source,
                                  MapMethod method);

}  // namespace tl
