// k-means clustering of track vectors, for colouring a map by cluster: k-means++ seeding
// (Arthur & Vassilvitskii 2007) and Lloyd's iterations until no point changes cluster. With the
// cosine metric the rows are scaled to unit length first and the centroids are re-normalised
// each iteration (spherical k-means, Dhillon & Modha 2001), so clusters follow direction, as
// the CF and text models compare their tracks.
#pragma once

#include <cstdint>
#include <vector>

#include "job/Result.h"
#include "maps/MapTypes.h"

namespace tl {

class Progress;

struct KMeansOptions {
    int k = 8;
    int maxIterations = 100;
    uint64_t seed = 1;
    MapMetric metric = MapMetric::Cosine;
    int threads = 0;  // 0 = all cores; the result does not depend on it
};

struct KMeansResult {
    std::vector<int> labels;  // cluster of each row, 0 .. k-1
    VectorMatrix centroids;   // k x dims
    std::vector<int> sizes;   // rows per cluster
    int iterations = 0;
    bool converged = false;
    double inertia = 0.0;  // sum of squared distances to the centroids (of the scaled rows)
};

// Clusters the rows. k is lowered to the number of distinct rows when there are fewer; an
// empty input, k < 1 or a non-finite value is an error naming the row. Clusters are numbered
// by their first row, so the same data and seed give the same labels and colours.
Result<KMeansResult> kMeans(const VectorMatrix& vectors, const KMeansOptions& options,
                            const Progress& progress);

}  // namespace tl
