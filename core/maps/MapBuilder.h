#pragma once

#include <QStringList>
#include <vector>

#include "maps/MapQuality.h"
#include "maps/Tsne.h"
#include "maps/Umap.h"

namespace tl {

enum class MapMethod { Tsne, Pca, Umap };
QString methodName(MapMethod method);
bool parseMethod(const QString& name, MapMethod* method);

struct MapOptions {
    MapMethod method = MapMethod::Tsne;
    TsneOptions tsne;  // tsne.metric is the input distance for UMAP and the quality figures too
    UmapOptions umap;  // its metric, seed and threads are taken from tsne
    MapQualityOptions quality;  // k = 10; its metric follows tsne.metric
};

// A map of the usable rows of the input, with what was done to get it.
struct MapOutcome {
    MapPoints points;       // one per mapped row
    std::vector<int> rows;  // the input row of each point
    MapMethod method = MapMethod::Tsne;
    double perplexity = 0.0;  // the one used (lowered for small sets)
    int iterations = 0;       // t-SNE iterations or UMAP epochs
    int neighbours = 0;       // UMAP: the n_neighbors used (lowered for small sets)
    bool spectral = false;    // UMAP: spectral start (false: seeded random, see warnings)
    QStringList warnings;
    int skipped = 0;  // rows left out (zero vectors under cosine)
    MapQuality quality;
    double seconds = 0.0;
};

// Checks the vectors and maps them. Clear outcomes for bad input:
//  - a NaN or infinite value: an error naming the row (by `rowNames` when given) and the
//    dimension, and how many rows have one; nothing is mapped.
//  - zero vectors under the cosine metric (no direction, so no cosine): left out, counted in
//    `skipped`, named in a warning.
//  - fewer points than the perplexity needs (3 x perplexity + 1 neighbours): the perplexity is
//    lowered to (points - 1) / 3 with a warning; under 4 points, PCA instead, with a warning;
//    one point sits at the origin. UMAP likewise lowers n_neighbors to the point count.
//  - duplicates are mapped (they land together).
//  - vectors of one or two dimensions are already a map: shown as they are, with a warning.
// `labels` (one per input row, negative = none) give the label accuracy, e.g. demo genres.
Result<MapOutcome> computeMap(const VectorMatrix& vectors, const MapOptions& options,
                              const Progress& progress, const std::vector<int>& labels = {},
                              const std::vector<QString>& rowNames = {},
                              const TsneObserver& observer = {});

}  // namespace tl
