#pragma once

#include <cstdint>
#include <vector>

#include "job/Progress.h"
#include "job/Result.h"
#include "maps/MapTypes.h"

namespace tl {

// How faithfully a map keeps the neighbourhoods of its input vectors.
//  - trustworthiness (Venna & Kaski 2001), exactly as sklearn.manifold.trustworthiness:
//    1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in kNN_map(i)} max(0, rank_input(i, j) - k),
//    where rank_input counts from 1 for the nearest other point. 1 = no false neighbours.
//  - kNN preservation: the mean share of each point's k input neighbours that are among its k
//    map neighbours.
//  - label accuracy (when labels are given, e.g. demo genres): each labelled point's label
//    predicted by majority vote of its k nearest labelled map neighbours (ties: nearest).
// Over more than `maxPoints` points, the sums run over a seeded sample of points (each against
// all others), and the normaliser uses the sample size: an unbiased estimate.
struct MapQuality {
    double trustworthiness = 0.0;
    double knnPreservation = 0.0;
    double labelAccuracy = -1.0;  // -1: no labels
    int k = 10;
    int pointsScored = 0;  // all points, or the sample size
};

struct MapQualityOptions {
    int k = 10;
    MapMetric metric = MapMetric::Euclidean;
    int maxPoints = 3000;
    uint64_t seed = 1;
    int threads = 0;
};

// labels: one per row or empty; negative = unknown.
Result<MapQuality> mapQuality(const VectorMatrix& vectors, const MapPoints& map,
                              const std::vector<int>& labels, const MapQualityOptions& options,
                              const Progress& progress);

}  // namespace tl
