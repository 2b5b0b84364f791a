#include "maps/Knn.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "util/ParallelFor.h"
#include "util/Random.h"

namespace tl {
namespace {

using Candidate = std::pair<float, int32_t>;  // squared distance, point

// Keeps the k best of `candidates` (by squared distance, then index) in row i of the graph.
void keepBest(std::vector<Candidate>& candidates, int k, MapMetric metric, KnnGraph& graph, int i) {
    const size_t keep = std::min(candidates.size(), size_t(k));
    std::partial_sort(candidates.begin(), candidates.begin() + ptrdiff_t(keep), candidates.end());
    int32_t* index = graph.index.data() + size_t(i) * size_t(k);
    float* distance = graph.distance.data() + size_t(i) * size_t(k);
    for (size_t j = 0; j < keep; ++j) {
        const float d2 = std::max(0.0f, candidates[j].first);
        index[j] = candidates[j].second;
        // On unit rows |a-b|^2 = 2 - 2cos, so the cosine distance is half of it.
        distance[j] = metric == MapMetric::Cosine ? 0.5f * d2 : std::sqrt(d2);
    }
}

KnnGraph emptyGraph(int points, int k) {
    KnnGraph graph;
    graph.points = points;
    graph.k = k;
    graph.index.assign(size_t(points) * size_t(k), -1);
    graph.distance.assign(size_t(points) * size_t(k), 0.0f);
    return graph;
}

Status checkK(const VectorMatrix& vectors, int k) {
    if (k < 1) return Status::error(QStringLiteral("k must be at least 1"));
    if (vectors.rows() <= k)
        return Status::error(
            QStringLiteral("%1 neighbours asked of %2 points").arg(k).arg(vectors.rows()));
    return Status::ok();
}

float squaredDistance(const VectorMatrix& x, int a, int b) {
    return (x.row(a) - x.row(b)).squaredNorm();
}

// One random-projection tree: splits by the hyperplane halfway between two random points of
// the node until a node has at most leafSize points. Writes each point's leaf (a range of
// `order`) into leafOf.
void buildTree(const VectorMatrix& x, int leafSize, uint64_t seed, std::vector<int32_t>& order,
               std::vector<std::pair<int32_t, int32_t>>& leaves, std::vector<int32_t>& leafOf) {
    const int n = int(x.rows());
    order.resize(size_t(n));
    std::iota(order.begin(), order.end(), 0);
    SplitMix64 rng(seed);
    std::vector<std::pair<int32_t, int32_t>> stack{{0, n}};
    std::vector<float> side;
    Eigen::VectorXf normal(x.cols());
    while (!stack.empty()) {
        const auto [begin, end] = stack.back();
        stack.pop_back();
        const int len = end - begin;
        if (len <= leafSize) {
            for (int p = begin; p < end; ++p) leafOf[size_t(order[size_t(p)])] = int(leaves.size());
            leaves.emplace_back(begin, end);
            continue;
        }
        int mid = begin;
        for (int attempt = 0; attempt < 4 && (mid == begin || mid == end); ++attempt) {
            const int a = order[size_t(begin) + rng.below(uint64_t(len))];
            const int b = order[size_t(begin) + rng.below(uint64_t(len))];
            normal = (x.row(a) - x.row(b)).transpose();
            if (normal.squaredNorm() == 0.0f) continue;  // the same point, or duplicates
            const float offset = 0.5f * normal.dot((x.row(a) + x.row(b)).transpose());
            auto first = order.begin() + begin, last = order.begin() + end;
            mid = begin +
                  int(std::partition(first, last,
                                     [&](int32_t p) { return x.row(p).dot(normal) < offset; }) -
                      first);
        }
        // Duplicates (or bad luck) leave one side empty: halve the node as it is.
        if (mid == begin || mid == end) mid = begin + len / 2;
        stack.emplace_back(begin, mid);
        stack.emplace_back(mid, end);
    }
}

}  // namespace

QString metricName(MapMetric metric) {
    return metric == MapMetric::Cosine ? QStringLiteral("cosine") : QStringLiteral("euclidean");
}

bool parseMetric(const QString& name, MapMetric* metric) {
    if (name == QLatin1String("cosine"))
        *metric = MapMetric::Cosine;
    else if (name == QLatin1String("euclidean"))
        *metric = MapMetric::Euclidean;
    else
        return false;
    return true;
}

VectorMatrix unitRows(const VectorMatrix& vectors) {
    VectorMatrix unit = vectors;
    for (Eigen::Index r = 0; r < unit.rows(); ++r) {
        const float norm = unit.row(r).norm();
        if (norm > 0.0f) unit.row(r) /= norm;
    }
    return unit;
}

Result<KnnGraph> exactKnn(const VectorMatrix& vectors, int k, MapMetric metric, int threads,
                          const Progress& progress) {
    if (Status s = checkK(vectors, k); !s.isOk()) return s;
    const VectorMatrix x = metric == MapMetric::Cosine ? unitRows(vectors) : vectors;
    const int n = int(x.rows());
    const Eigen::VectorXf norms = x.rowwise().squaredNorm();
    KnnGraph graph = emptyGraph(n, k);
    constexpr int kBlock = 64;  // query rows per matrix product: 64 x n floats per thread
    const bool done = parallelFor(
        (n + kBlock - 1) / kBlock, 1, threads,
        [&](int64_t blockBegin, int64_t blockEnd) {
            std::vector<Candidate> candidates;
            for (int64_t block = blockBegin; block < blockEnd; ++block) {
                const int first = int(block) * kBlock, rows = std::min(kBlock, n - first);
                const Eigen::MatrixXf dots = x.middleRows(first, rows) * x.transpose();
                for (int r = 0; r < rows; ++r) {
                    const int i = first + r;
                    candidates.clear();
                    for (int j = 0; j < n; ++j)
                        if (j != i)
                            candidates.emplace_back(norms[i] + norms[j] - 2.0f * dots(r, j), j);
                    keepBest(candidates, k, metric, graph, i);
                }
            }
        },
        &progress);
    if (!done) return Status::cancelled();
    return graph;
}

Result<KnnGraph> approximateKnn(const VectorMatrix& vectors, const KnnOptions& options,
                                const Progress& progress) {
    const int k = options.k;
    if (Status s = checkK(vectors, k); !s.isOk()) return s;
    const VectorMatrix x = options.metric == MapMetric::Cosine ? unitRows(vectors) : vectors;
    const int n = int(x.rows());
    const int leafSize = options.leafSize > 0 ? options.leafSize : std::max(64, 2 * k);
    const int trees = std::max(1, options.trees);

    // The forest: each tree is a permutation cut into leaves, and each point's leaf in it.
    const size_t forest = static_cast<size_t>(trees);
    std::vector<std::vector<int32_t>> order(forest), leafOf(forest);
    std::vector<std::vector<std::pair<int32_t, int32_t>>> leaves(forest);
    const bool built = parallelFor(
        trees, 1, options.threads,
        [&](int64_t begin, int64_t end) {
            for (int64_t t = begin; t < end; ++t) {
                leafOf[size_t(t)].assign(size_t(n), 0);
                buildTree(x, leafSize, options.seed * 7919 + uint64_t(t), order[size_t(t)],
                          leaves[size_t(t)], leafOf[size_t(t)]);
            }
        },
        &progress);
    if (!built) return Status::cancelled();
    progress.report(0.3, QStringLiteral("neighbours: searching the tree leaves"));

    KnnGraph graph = emptyGraph(n, k);
    // Candidates of one point, each once: `seen` holds the stamp of the last point that met it.
    auto search = [&](const std::function<void(int, const std::function<void(int)>&)>& gather,
                      KnnGraph& out) {
        return parallelFor(
            n, 256, options.threads,
            [&](int64_t begin, int64_t end) {
                std::vector<int32_t> seen(size_t(n), -1);
                std::vector<Candidate> candidates;
                for (int64_t p = begin; p < end; ++p) {
                    const int i = int(p);
                    candidates.clear();
                    seen[size_t(i)] = i;
                    gather(i, [&](int j) {
                        if (seen[size_t(j)] == i) return;
                        seen[size_t(j)] = i;
                        candidates.emplace_back(squaredDistance(x, i, j), j);
                    });
                    // A point whose leaves were all tiny: top up with the next points so every
                    // row has k neighbours (the refinement round then finds better ones).
                    for (int j = (i + 1) % n; int(candidates.size()) < k; j = (j + 1) % n)
                        if (seen[size_t(j)] != i) {
                            seen[size_t(j)] = i;
                            candidates.emplace_back(squaredDistance(x, i, j), j);
                        }
                    keepBest(candidates, k, options.metric, out, i);
                }
            },
            &progress);
    };
    const bool leafDone = search(
        [&](int i, const std::function<void(int)>& visit) {
            for (int t = 0; t < trees; ++t) {
                const auto [begin, end] = leaves[size_t(t)][size_t(leafOf[size_t(t)][size_t(i)])];
                for (int p = begin; p < end; ++p) visit(order[size_t(t)][size_t(p)]);
            }
        },
        graph);
    if (!leafDone) return Status::cancelled();
    progress.report(0.7, QStringLiteral("neighbours: refining with neighbours of neighbours"));

    // A neighbour's neighbour is likely a neighbour: one round over the nearest few of each.
    const int fan = std::min(k, 12);
    KnnGraph refined = emptyGraph(n, k);
    const bool refineDone = search(
        [&](int i, const std::function<void(int)>& visit) {
            const int32_t* near = graph.neighbours(i);
            for (int a = 0; a < k; ++a)
                if (near[a] >= 0) visit(near[a]);
            for (int a = 0; a < fan; ++a) {
                if (near[a] < 0) continue;
                const int32_t* next = graph.neighbours(near[a]);
                for (int b = 0; b < fan; ++b)
                    if (next[b] >= 0) visit(next[b]);
            }
        },
        refined);
    if (!refineDone) return Status::cancelled();
    progress.report(1.0);
    return refined;
}

Result<KnnGraph> nearestNeighbours(const VectorMatrix& vectors, const KnnOptions& options,
                                   const Progress& progress) {
    if (vectors.rows() <= options.exactUpTo)
        return exactKnn(vectors, options.k, options.metric, options.threads, progress);
    return approximateKnn(vectors, options, progress);
}

}  // namespace tl
