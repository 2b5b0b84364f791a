#include "maps/Tsne.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "maps/Pca.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

namespace tl {

// A quadtree over the current positions, rebuilt every iteration. Points are kept in tree order
// (a copy of their positions beside the permutation), so a leaf's points and the points one
// thread works through are close in memory.
struct Tsne::Tree {
    struct Node {
        double cx = 0, cy = 0;  // centre of mass
        double width2 = 0;      // squared side of the cell
        int count = 0;
        int child[4] = {-1, -1, -1, -1};
        int begin = 0, end = 0;  // the node's points: order[begin, end)
        bool leaf() const { return child[0] < 0 && child[1] < 0 && child[2] < 0 && child[3] < 0; }
    };
    static constexpr int kLeafCapacity = 8;
    static constexpr int kMaxDepth = 48;  // duplicates cannot be split: they share a deep leaf

    std::vector<Node> nodes;
    std::vector<int32_t> order;
    std::vector<double> px, py;  // positions in tree order

    void build(const std::vector<double>& y, int n) {
        order.resize(size_t(n));
        std::iota(order.begin(), order.end(), 0);
        double minX = std::numeric_limits<double>::max(), minY = minX;
        double maxX = std::numeric_limits<double>::lowest(), maxY = maxX;
        for (int i = 0; i < n; ++i) {
            minX = std::min(minX, y[2 * size_t(i)]), maxX = std::max(maxX, y[2 * size_t(i)]);
            minY = std::min(minY, y[2 * size_t(i) + 1]),
            maxY = std::max(maxY, y[2 * size_t(i) + 1]);
        }
        const double side = std::max({maxX - minX, maxY - minY, 1e-12}) * (1.0 + 1e-9);
        nodes.clear();
        nodes.reserve(size_t(n) / 2 + 16);
        nodes.emplace_back();
        split(y, 0, 0, n, minX, minY, side, 0);
        px.resize(size_t(n));
        py.resize(size_t(n));
        for (int p = 0; p < n; ++p) {
            px[size_t(p)] = y[2 * size_t(order[size_t(p)])];
            py[size_t(p)] = y[2 * size_t(order[size_t(p)]) + 1];
        }
    }

    void split(const std::vector<double>& y, int node, int begin, int end, double x0, double y0,
               double side, int depth) {
        double sx = 0, sy = 0;
        for (int p = begin; p < end; ++p) {
            sx += y[2 * size_t(order[size_t(p)])];
            sy += y[2 * size_t(order[size_t(p)]) + 1];
        }
        {
            Node& nd = nodes[size_t(node)];
            nd.count = end - begin;
            nd.cx = sx / nd.count;
            nd.cy = sy / nd.count;
            nd.width2 = side * side;
            nd.begin = begin;
            nd.end = end;
        }
        if (end - begin <= kLeafCapacity || depth >= kMaxDepth) return;
        const double half = side / 2, midX = x0 + half, midY = y0 + half;
        auto first = order.begin();
        const int midRow =
            int(std::partition(first + begin, first + end,
                               [&](int32_t i) { return y[2 * size_t(i) + 1] < midY; }) -
                first);
        auto byX = [&](int32_t i) { return y[2 * size_t(i)] < midX; };
        const int midLow = int(std::partition(first + begin, first + midRow, byX) - first);
        const int midHigh = int(std::partition(first + midRow, first + end, byX) - first);
        const int bounds[5] = {begin, midLow, midRow, midHigh, end};
        for (int q = 0; q < 4; ++q) {
            if (bounds[q] == bounds[q + 1]) continue;
            const int child = int(nodes.size());
            nodes.emplace_back();
            nodes[size_t(node)].child[q] = child;
            split(y, child, bounds[q], bounds[q + 1], x0 + (q & 1 ? half : 0),
                  y0 + (q & 2 ? half : 0), half, depth + 1);
        }
    }

    // Repulsion on point i (at tree position p): sum over j != i of w_ij^2 (y_i - y_j) into
    // (fx, fy), and of w_ij = (1 + |y_i - y_j|^2)^-1 as the return value.
    double repulsion(int i, double x, double yv, double theta2, double& fx, double& fy,
                     std::vector<int>& stack) const {
        double z = 0;
        fx = fy = 0;
        stack.clear();
        stack.push_back(0);
        while (!stack.empty()) {
            const Node& nd = nodes[size_t(stack.back())];
            stack.pop_back();
            const double dx = x - nd.cx, dy = yv - nd.cy, d2 = dx * dx + dy * dy;
            if (nd.width2 < theta2 * d2) {  // far enough: the cell acts as one mass
                const double w = 1.0 / (1.0 + d2), cw = nd.count * w;
                z += cw;
                fx += cw * w * dx;
                fy += cw * w * dy;
            } else if (nd.leaf()) {
                for (int q = nd.begin; q < nd.end; ++q) {
                    if (order[size_t(q)] == i) continue;
                    const double ex = x - px[size_t(q)], ey = yv - py[size_t(q)];
                    const double w = 1.0 / (1.0 + ex * ex + ey * ey);
                    z += w;
                    fx += w * w * ex;
                    fy += w * w * ey;
                }
            } else {
                for (int c : nd.child)
                    if (c >= 0) stack.push_back(c);
            }
        }
        return z;
    }
};

Result<Tsne> Tsne::prepare(const VectorMatrix& vectors, const TsneOptions& options,
                           const Progress& progress) {
    KnnOptions knn;
    knn.k = std::min(int(vectors.rows()) - 1, int(3.0 * options.perplexity + 1.0));
    knn.metric = options.metric;
    knn.exactUpTo = options.exactKnnUpTo;
    knn.seed = options.seed;
    knn.threads = options.threads;
    auto graph = nearestNeighbours(vectors, knn, progress.sub(0.0, 0.8));
    if (!graph) return graph.status();
    return prepare(vectors, graph.value(), options, progress.sub(0.8, 1.0));
}

Result<Tsne> Tsne::prepare(const VectorMatrix& vectors, const KnnGraph& graph,
                           const TsneOptions& options, const Progress& progress) {
    const int n = int(vectors.rows());
    if (n < 4) return Status::error(QStringLiteral("t-SNE needs at least 4 points, got %1").arg(n));
    if (!(options.perplexity >= 1.0) || 3.0 * options.perplexity > double(n - 1))
        return Status::error(QStringLiteral("perplexity %1 needs more than %2 points (3 x "
                                            "perplexity neighbours each); %3 given")
                                 .arg(options.perplexity)
                                 .arg(int(3.0 * options.perplexity) + 1)
                                 .arg(n));
    if (graph.points != n || graph.k < int(3.0 * options.perplexity))
        return Status::error(QStringLiteral("the neighbour graph does not fit these points"));
    Tsne tsne;
    tsne.options_ = options;
    tsne.n_ = n;
    tsne.learningRate_ = options.learningRate > 0
                             ? options.learningRate
                             : std::max(double(n) / options.exaggeration / 4.0, 50.0);
    if (Status s = tsne.computeAffinities(graph, progress); !s.isOk()) return s;
    tsne.initialisePositions(vectors);
    tsne.update_.assign(2 * size_t(n), 0.0);
    tsne.gains_.assign(2 * size_t(n), 1.0);
    tsne.grad_.assign(2 * size_t(n), 0.0);
    tsne.tree_ = std::make_shared<Tree>();
    progress.report(1.0);
    return tsne;
}

Status Tsne::computeAffinities(const KnnGraph& graph, const Progress& progress) {
    const int n = n_, k = int(std::min<double>(graph.k, 3.0 * options_.perplexity + 1.0));
    // Conditional p_{j|i} over each point's k neighbours, bandwidth by binary search so that
    // the entropy is log(perplexity) (scikit-learn's _binary_search_perplexity). Squared
    // Euclidean distances, as there; cosine distances as they are.
    std::vector<float> conditional(size_t(n) * size_t(k));
    const double target = std::log(options_.perplexity);
    const bool squared = options_.metric == MapMetric::Euclidean;
    const bool done = parallelFor(
        n, 512, options_.threads,
        [&](int64_t begin, int64_t end) {
            std::vector<double> d(static_cast<size_t>(k)), p(static_cast<size_t>(k));
            for (int64_t i = begin; i < end; ++i) {
                const float* dist = graph.distances(int(i));
                for (int j = 0; j < k; ++j)
                    d[size_t(j)] = squared ? double(dist[j]) * dist[j] : double(dist[j]);
                // Shifting by the nearest distance changes no probability but keeps exp() from
                // underflowing on far-apart data.
                const double nearest = *std::min_element(d.begin(), d.end());
                for (double& v : d) v -= nearest;
                double beta = 1.0, lo = -std::numeric_limits<double>::infinity();
                double hi = std::numeric_limits<double>::infinity();
                for (int step = 0; step < 100; ++step) {
                    double sum = 0;
                    for (int j = 0; j < k; ++j)
                        sum += p[size_t(j)] = std::exp(-d[size_t(j)] * beta);
                    double mean = 0;
                    for (int j = 0; j < k; ++j) mean += d[size_t(j)] * (p[size_t(j)] /= sum);
                    const double diff = std::log(sum) + beta * mean - target;
                    if (std::abs(diff) <= 1e-5) break;
                    if (diff > 0) {
                        lo = beta;
                        beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
                    } else {
                        hi = beta;
                        beta = std::isinf(lo) ? beta / 2 : (beta + lo) / 2;
                    }
                }
                for (int j = 0; j < k; ++j)
                    conditional[size_t(i) * size_t(k) + size_t(j)] = float(p[size_t(j)]);
            }
        },
        &progress);
    if (!done) return Status::cancelled();

    // P = (P_cond + P_cond^T) / sum: count each row's entries, fill, then merge duplicates.
    std::vector<int64_t> count(size_t(n) + 1, 0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < k; ++j) {
            ++count[size_t(i)];
            ++count[size_t(graph.neighbours(i)[j])];
        }
    std::vector<int64_t> start(size_t(n) + 1, 0);
    for (int i = 0; i < n; ++i) start[size_t(i) + 1] = start[size_t(i)] + count[size_t(i)];
    std::vector<std::pair<int32_t, float>> entries(size_t(start[size_t(n)]));
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < k; ++j) {
            const int32_t other = graph.neighbours(i)[j];
            const float v = conditional[size_t(i) * size_t(k) + size_t(j)];
            entries[size_t(fill[size_t(i)]++)] = {other, v};
            entries[size_t(fill[size_t(other)]++)] = {i, v};
        }
    conditional = {};
    rowStart_.assign(size_t(n) + 1, 0);
    column_.clear();
    p_.clear();
    column_.reserve(entries.size());
    p_.reserve(entries.size());
    double total = 0;
    for (int i = 0; i < n; ++i) {
        if (i % 4096 == 0 && progress.cancelled()) return Status::cancelled();
        auto first = entries.begin() + start[size_t(i)],
             last = entries.begin() + start[size_t(i) + 1];
        std::sort(first, last, [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto it = first; it != last; ++it) {
            if (!column_.empty() && int64_t(column_.size()) > rowStart_[size_t(i)] &&
                column_.back() == it->first) {
                p_.back() += it->second;
            } else {
                column_.push_back(it->first);
                p_.push_back(it->second);
            }
            total += it->second;
        }
        rowStart_[size_t(i) + 1] = int64_t(column_.size());
    }
    const float scale = float(1.0 / std::max(total, 1e-300));
    for (float& v : p_) v *= scale;
    return Status::ok();
}

void Tsne::initialisePositions(const VectorMatrix& vectors) {
    const MapPoints start =
        pcaMap(options_.metric == MapMetric::Cosine ? unitRows(vectors) : vectors);
    y_.assign(2 * size_t(n_), 0.0);
    const double mean = start.col(0).cast<double>().mean();
    const double sd = std::sqrt((start.col(0).cast<double>().array() - mean).square().mean());
    if (sd > 0 && std::isfinite(sd)) {
        for (int i = 0; i < n_; ++i) {
            y_[2 * size_t(i)] = start(i, 0) / sd * 1e-4;
            y_[2 * size_t(i) + 1] = start(i, 1) / sd * 1e-4;
        }
    } else {  // all points alike: no principal axis, start from seeded noise instead
        SplitMix64 rng(options_.seed, 0x75e);
        for (double& v : y_) v = rng.normal() * 1e-4;
    }
}

bool Tsne::gradient(double exaggeration, const Progress& progress) {
    Tree& tree = *tree_;
    tree.build(y_, n_);
    // Attraction: sum_j p_ij w_ij (y_i - y_j), row by row.
    std::vector<double> repulsionZ(static_cast<size_t>(n_));
    const bool attracted = parallelFor(
        n_, 1024, options_.threads,
        [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                const double x = y_[2 * size_t(i)], yv = y_[2 * size_t(i) + 1];
                double fx = 0, fy = 0;
                for (int64_t e = rowStart_[size_t(i)]; e < rowStart_[size_t(i) + 1]; ++e) {
                    const size_t j = size_t(column_[size_t(e)]);
                    const double dx = x - y_[2 * j], dy = yv - y_[2 * j + 1];
                    const double pw = p_[size_t(e)] / (1.0 + dx * dx + dy * dy);
                    fx += pw * dx;
                    fy += pw * dy;
                }
                grad_[2 * size_t(i)] = exaggeration * fx;
                grad_[2 * size_t(i) + 1] = exaggeration * fy;
            }
        },
        &progress);
    if (!attracted) return false;
    // Repulsion through the tree, points visited in tree order; each writes its own slots, and Z
    // is summed in index order afterwards, so any thread count gives the same numbers.
    std::vector<double> repulsion(2 * size_t(n_));
    const double theta2 = options_.theta * options_.theta;
    const bool repelled = parallelFor(
        n_, 256, options_.threads,
        [&](int64_t begin, int64_t end) {
            std::vector<int> stack;
            stack.reserve(256);
            for (int64_t p = begin; p < end; ++p) {
                const int i = tree.order[size_t(p)];
                double fx = 0, fy = 0;
                repulsionZ[size_t(i)] = tree.repulsion(i, tree.px[size_t(p)], tree.py[size_t(p)],
                                                       theta2, fx, fy, stack);
                repulsion[2 * size_t(i)] = fx;
                repulsion[2 * size_t(i) + 1] = fy;
            }
        },
        &progress);
    if (!repelled) return false;
    double z = 0;
    for (double v : repulsionZ) z += v;
    z_ = std::max(z, 1e-300);
    for (size_t c = 0; c < grad_.size(); ++c) grad_[c] = 4.0 * (grad_[c] - repulsion[c] / z_);
    return true;
}

Status Tsne::run(int iterations, const Progress& progress, const TsneObserver& observer, int every,
                 bool beyondPlan) {
    const int last = beyondPlan ? iteration_ + iterations
                                : std::min(options_.iterations, iteration_ + iterations);
    const int first = iteration_;
    while (iteration_ < last) {
        if (progress.cancelled()) return Status::cancelled();
        const bool early = iteration_ < options_.exaggerationIterations;
        if (iteration_ == options_.exaggerationIterations) {
            // scikit-learn runs the two phases as two descents: momentum and gains start over.
            std::fill(update_.begin(), update_.end(), 0.0);
            std::fill(gains_.begin(), gains_.end(), 1.0);
        }
        if (!gradient(early ? options_.exaggeration : 1.0, progress)) return Status::cancelled();
        const double momentum = early ? 0.5 : 0.8;
        for (size_t c = 0; c < y_.size(); ++c) {
            // Gains grow while the gradient keeps changing sign against the step (Jacobs 1988).
            gains_[c] = (update_[c] * grad_[c] < 0.0) ? gains_[c] + 0.2 : gains_[c] * 0.8;
            gains_[c] = std::max(gains_[c], 0.01);
            update_[c] = momentum * update_[c] - learningRate_ * gains_[c] * grad_[c];
            y_[c] += update_[c];
        }
        ++iteration_;
        progress.report(double(iteration_ - first) / std::max(1, last - first),
                        QStringLiteral("t-SNE iteration %1 of %2")
                            .arg(iteration_)
                            .arg(std::max(last, options_.iterations)));
        if (observer && (iteration_ % std::max(1, every) == 0 || iteration_ == last))
            observer(iteration_, positions());
    }
    return Status::ok();
}

MapPoints Tsne::positions() const {
    MapPoints points(n_, 2);
    for (int i = 0; i < n_; ++i) {
        points(i, 0) = float(y_[2 * size_t(i)]);
        points(i, 1) = float(y_[2 * size_t(i) + 1]);
    }
    return points;
}

double Tsne::klDivergence() const {
    double kl = 0;
    for (int i = 0; i < n_; ++i)
        for (int64_t e = rowStart_[size_t(i)]; e < rowStart_[size_t(i) + 1]; ++e) {
            const size_t j = size_t(column_[size_t(e)]);
            const double dx = y_[2 * size_t(i)] - y_[2 * j],
                         dy = y_[2 * size_t(i) + 1] - y_[2 * j + 1];
            const double q = 1.0 / (1.0 + dx * dx + dy * dy) / z_;
            const double p = p_[size_t(e)];
            if (p > 0) kl += p * std::log(std::max(p, 1e-12) / std::max(q, 1e-12));
        }
    return kl;
}

}  // namespace tl
