#pragma once

#include <cstdint>
#include <vector>

#include "job/Progress.h"
#include "job/Result.h"
#include "maps/MapTypes.h"

namespace tl {

// The k nearest neighbours of every point (itself excluded), nearest first. Row i's neighbours
// are index[i*k .. i*k+k) with their distances beside them. Distances are Euclidean, or the
// cosine distance 1 - cos for MapMetric::Cosine. Ties are broken by the lower index.
struct KnnGraph {
    int points = 0;
    int k = 0;
    std::vector<int32_t> index;
    std::vector<float> distance;

    const int32_t* neighbours(int i) const { return index.data() + size_t(i) * size_t(k); }
    const float* distances(int i) const { return distance.data() + size_t(i) * size_t(k); }
};

struct KnnOptions {
    int k = 10;
    MapMetric metric = MapMetric::Euclidean;
    // Exact search up to this many points (brute force, blocked matrix products); above it, a
    // forest of random-projection trees refined by one round of neighbour-of-neighbour search
    // (the candidates of Annoy and of NN-descent, Dong et al. 2011).
    int exactUpTo = 20000;
    int trees = 8;
    int leafSize = 0;  // 0: max(64, 2k)
    uint64_t seed = 1;
    int threads = 0;  // 0 = all cores
};

Result<KnnGraph> exactKnn(const VectorMatrix& vectors, int k, MapMetric metric, int threads,
                          const Progress& progress);
Result<KnnGraph> approximateKnn(const VectorMatrix& vectors, const KnnOptions& options,
                                const Progress& progress);
// Exact or approximate, by options.exactUpTo.
Result<KnnGraph> nearestNeighbours(const VectorMatrix& vectors, const KnnOptions& options,
                                   const Progress& progress);

// Rows scaled to unit length (zero rows stay zero): Euclidean distance on them gives cosine.
VectorMatrix unitRows(const VectorMatrix& vectors);

}  // namespace tl
