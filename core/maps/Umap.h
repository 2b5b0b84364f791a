#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "job/Progress.h"
#include "job/Result.h"
#include "maps/Knn.h"
#include "maps/MapTypes.h"

namespace tl {

// UMAP (McInnes, Healy & Melville 2018, "UMAP: Uniform Manifold Approximation and Projection for
// Dimension Reduction"), following umap-learn 0.5's defaults step by step:
//  1. the fuzzy simplicial set on the kNN graph (the project's exact or approximate kNN, Knn.h):
//     per point rho = distance to the nearest neighbour, sigma by binary search so that
//     sum_j exp(-(d_ij - rho_i) / sigma_i) = log2(n_neighbors), symmetrised by the fuzzy union
//     a + b - ab;
//  2. a spectral start: the two eigenvectors of the normalised graph Laplacian after the trivial
//     one, scaled to 10 units; a graph in separate parts gets one per part, the parts placed
//     apart (umap-learn's multi-component layout); seeded random when the eigensolve does not
//     give usable vectors;
//  3. SGD on the cross-entropy with the curve 1 / (1 + a d^2b), a and b fitted to min_dist and
//     spread by least squares; each edge is sampled in proportion to its weight (the
//     epochs-per-sample schedule), with 5 negative samples per positive one, a learning rate
//     decaying linearly from 1 to 0 and every gradient coordinate clipped to [-4, 4].
// Like umap-learn, n_neighbors counts the point itself, so the kNN graph has n_neighbors - 1
// other points per row.
//
// Determinism: the points are cut into a number of blocks that depends only on the point count.
// In one epoch each block moves its own points in edge order with its own seeded generator,
// reading other blocks' points as they were at the start of the epoch; moves of other blocks'
// points (the far end of an edge) are applied at the end of the epoch, in block order. So the
// result depends on the seed only, never on the thread count or scheduling. Up to 4,096 points
// there is one block: the plain sequential SGD of umap-learn with a single thread.
struct UmapOptions {
    int neighbours = 15;  // n_neighbors, the point itself included
    double minDist = 0.1;
    double spread = 1.0;
    int epochs = 0;  // 0: 500 up to 10,000 points, 200 above (umap-learn's choice)
    double learningRate = 1.0;
    int negativeSamples = 5;
    double repulsion = 1.0;  // gamma
    bool spectralInit = true;
    MapMetric metric = MapMetric::Euclidean;
    int exactKnnUpTo = 20000;  // above this many points, approximate kNN (seeded trees)
    uint64_t seed = 1;
    int threads = 0;  // 0 = all cores; the result does not depend on it
};

int umapDefaultEpochs(int points);

// The low-dimensional similarity 1 / (1 + a x^(2b)) fitted by Levenberg-Marquardt least squares
// to the offset exponential 1 for x < min_dist, exp(-(x - min_dist) / spread) beyond, at 300
// points in [0, 3 spread] (umap-learn's find_ab_params, which uses scipy's curve_fit from
// a = b = 1). min_dist 0.1, spread 1: a = 1.5769, b = 0.8951.
struct UmapCurve {
    double a = 1.0;
    double b = 1.0;
};
UmapCurve fitUmapCurve(double minDist, double spread);

// The symmetric fuzzy graph as compressed rows (both directions stored), no self loops.
struct FuzzyGraph {
    int points = 0;
    std::vector<int64_t> rowStart;  // points + 1
    std::vector<int32_t> column;
    std::vector<float> weight;
    int64_t edges() const { return int64_t(column.size()); }
};

// Step 1 over a kNN graph without self entries (graph.k = n_neighbors - 1 in umap-learn's terms);
// `neighbours` sets the target log2(neighbours).
Result<FuzzyGraph> fuzzySimplicialSet(const KnnGraph& graph, int neighbours, int threads,
                                      const Progress& progress);

// Step 2: the spectral layout in [-10, 10]^2 (before umap-learn's rescaling). An error when the
// graph is disconnected (with the component count) or the eigensolve gave no usable vectors;
// Status::cancelled() when cancelled. Block power iteration on (I + D^-1/2 W D^-1/2) / 2 with the
// trivial eigenvector D^1/2 1 projected out, then Rayleigh-Ritz.
Result<MapPoints> spectralLayout(const FuzzyGraph& graph, uint64_t seed, int threads,
                                 const Progress& progress);
int connectedComponents(const FuzzyGraph& graph);
// A graph in separate parts (well-separated clusters), as umap-learn's multi-component layout:
// each part's own spectral layout, scaled to fit a disc around the part's place: up to 4 parts
// on the axes, more placed by a PCA of their centroids in `vectors`. Parts under 4 points, or
// whose eigensolve fails, are seeded random within their disc. Scaled to [-10, 10]^2.
Result<MapPoints> multiComponentLayout(const FuzzyGraph& graph, const VectorMatrix& vectors,
                                       uint64_t seed, int threads, const Progress& progress);

struct UmapOutcome {
    MapPoints points;
    int epochs = 0;
    int neighbours = 0;  // the n_neighbors used
    UmapCurve curve;
    bool spectral = false;  // false: seeded random start
    QString initNote;       // why the start is random, when it is
    int64_t edges = 0;      // directed edges optimised (after pruning the weakest)
};

// Called with the positions every `every` epochs (an animated view), as t-SNE's observer.
using UmapObserver = std::function<void(int epoch, const MapPoints& positions)>;

// Needs at least 3 points and n_neighbors <= points; computeMap() lowers n_neighbors for small
// sets first. Vectors must be finite. `graph` (optional) is a precomputed kNN graph without self
// entries and with at least neighbours - 1 per row.
Result<UmapOutcome> umapMap(const VectorMatrix& vectors, const UmapOptions& options,
                            const Progress& progress, const UmapObserver& observer = {},
                            int every = 10, const KnnGraph* graph = nullptr);

}  // namespace tl
