#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "job/Result.h"
#include "maps/Knn.h"
#include "maps/MapTypes.h"

namespace tl {

// Barnes-Hut t-SNE (van der Maaten 2014, "Accelerating t-SNE using tree-based algorithms") with
// the optimisation schedule of scikit-learn's TSNE: sparse input affinities over the 3 x
// perplexity nearest neighbours (binary search on each point's bandwidth), symmetrised; PCA
// initialisation scaled to a standard deviation of 1e-4; early exaggeration 12 for 250
// iterations with momentum 0.5, then momentum 0.8; per-coordinate gains; learning rate 'auto'
// = max(N / exaggeration / 4, 50); a quadtree summarises the repulsion of far cells (theta).
struct TsneOptions {
    double perplexity = 30.0;
    int iterations = 1000;  // including the early-exaggeration ones
    int exaggerationIterations = 250;
    double exaggeration = 12.0;
    double learningRate = 0.0;  // 0 = auto
    double theta = 0.5;
    MapMetric metric = MapMetric::Euclidean;
    int exactKnnUpTo = 20000;  // above this many points, approximate kNN (seeded trees)
    uint64_t seed = 1;
    int threads = 0;  // 0 = all cores; the result does not depend on it
};

// Called with the positions every `every` iterations while the map converges (an animated view).
using TsneObserver = std::function<void(int iteration, const MapPoints& positions)>;

// A t-SNE run that can be stepped: prepare() computes the affinities and the start, run()
// iterates and can be called again to continue (pause/resume), or past the planned count.
class Tsne {
public:
    // Needs at least 4 points and perplexity < (points - 1) / 3; computeMap() lowers the
    // perplexity for small sets first. Vectors must be finite.
    static Result<Tsne> prepare(const VectorMatrix& vectors, const TsneOptions& options,
                                const Progress& progress);
    // Precomputed neighbours (e.g. shared with the quality figures); graph.k >= 3 x perplexity.
    static Result<Tsne> prepare(const VectorMatrix& vectors, const KnnGraph& graph,
                                const TsneOptions& options, const Progress& progress);

    // Runs up to `iterations` more iterations (stopping at options.iterations unless
    // `beyondPlan`). Returns Status::cancelled() when cancelled; the state stays usable.
    Status run(int iterations, const Progress& progress, const TsneObserver& observer = {},
               int every = 10, bool beyondPlan = false);
    Status runToEnd(const Progress& progress, const TsneObserver& observer = {}, int every = 10) {
        return run(options_.iterations - iteration_, progress, observer, every);
    }

    int iteration() const { return iteration_; }
    bool finished() const { return iteration_ >= options_.iterations; }
    const TsneOptions& options() const { return options_; }
    double learningRate() const { return learningRate_; }
    MapPoints positions() const;
    // KL(P || Q) at the current positions (Q's normaliser from the last gradient).
    double klDivergence() const;
    qint64 affinityEntries() const { return qint64(column_.size()); }

private:
    Tsne() = default;
    Status computeAffinities(const KnnGraph& graph, const Progress& progress);
    void initialisePositions(const VectorMatrix& vectors);
    bool gradient(double exaggeration, const Progress& progress);

    TsneOptions options_;
    int n_ = 0;
    int iteration_ = 0;
    double learningRate_ = 0.0;
    // Symmetric joint probabilities P as compressed rows (sum of all entries = 1).
    std::vector<int64_t> rowStart_;
    std::vector<int32_t> column_;
    std::vector<float> p_;
    std::vector<double> y_, update_, gains_, grad_;  // 2 per point
    double z_ = 1.0;                                 // sum of (1 + d^2)^-1 over pairs
    struct Tree;
    std::shared_ptr<Tree> tree_;  // reused between iterations
};

}  // namespace tl
