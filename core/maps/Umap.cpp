#include "maps/Umap.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "maps/Pca.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

namespace tl {
namespace {

// Points per SGD block: at most this many points share one sequential pass (see Umap.h).
constexpr int kBlockPoints = 4096;
constexpr int kMaxBlocks = 64;

// umap-learn's smooth_knn_dist constants.
constexpr double kSmoothTolerance = 1e-5;
constexpr double kMinKDistScale = 1e-3;

int findRoot(std::vector<int32_t>& parent, int i) {
    while (parent[size_t(i)] != i) {
        parent[size_t(i)] = parent[size_t(parent[size_t(i)])];  // path halving
        i = parent[size_t(i)];
    }
    return i;
}

float clip4(float v) {
    return std::clamp(v, -4.0f, 4.0f);
}

// Scales each column to [0, 10], as umap-learn does to any start before the SGD.
void normaliseToTen(MapPoints& y) {
    for (int c = 0; c < 2; ++c) {
        const float lo = y.col(c).minCoeff(), hi = y.col(c).maxCoeff();
        const float range = hi - lo;
        if (range > 0.0f)
            y.col(c) = (y.col(c).array() - lo) * (10.0f / range);
        else
            y.col(c).setConstant(5.0f);
    }
}

}  // namespace

int umapDefaultEpochs(int points) {
    return points <= 10000 ? 500 : 200;
}

UmapCurve fitUmapCurve(double minDist, double spread) {
    // Samples as umap-learn's find_ab_params: np.linspace(0, 3 spread, 300).
    constexpr int kSamples = 300;
    std::vector<double> x(kSamples), y(kSamples);
    for (int i = 0; i < kSamples; ++i) {
        x[size_t(i)] = 3.0 * spread * double(i) / double(kSamples - 1);
        y[size_t(i)] = x[size_t(i)] < minDist ? 1.0 : std::exp(-(x[size_t(i)] - minDist) / spread);
    }
    // Residuals and Jacobian of f(x) = 1 / (1 + a x^(2b)) at (a, b).
    auto evaluate = [&](double a, double b, Eigen::Matrix2d* jtj, Eigen::Vector2d* jtr) {
        double cost = 0;
        if (jtj) jtj->setZero();
        if (jtr) jtr->setZero();
        for (int i = 0; i < kSamples; ++i) {
            const double xi = x[size_t(i)];
            const double p = xi > 0 ? std::pow(xi, 2.0 * b) : 0.0;
            const double denom = 1.0 + a * p;
            const double r = 1.0 / denom - y[size_t(i)];
            cost += r * r;
            if (jtj) {
                const double da = -p / (denom * denom);
                const double db = xi > 0 ? -a * p * 2.0 * std::log(xi) / (denom * denom) : 0.0;
                const Eigen::Vector2d g(da, db);
                *jtj += g * g.transpose();
                *jtr += g * r;
            }
        }
        return cost;
    };
    double a = 1.0, b = 1.0, lambda = 1e-3;
    Eigen::Matrix2d jtj;
    Eigen::Vector2d jtr;
    double cost = evaluate(a, b, &jtj, &jtr);
    for (int iteration = 0; iteration < 500; ++iteration) {
        Eigen::Matrix2d damped = jtj;
        damped.diagonal() *= 1.0 + lambda;  // Marquardt's scaling, as MINPACK
        const Eigen::Vector2d step = damped.ldlt().solve(-jtr);
        if (!step.allFinite()) break;
        const double na = a + step[0], nb = b + step[1];
        const double trial = evaluate(na, nb, nullptr, nullptr);
        if (trial < cost) {
            const bool converged = cost - trial <= 1e-15 * std::max(cost, 1e-300) ||
                                   step.norm() <= 1e-12 * (std::abs(a) + std::abs(b));
            a = na, b = nb, cost = evaluate(a, b, &jtj, &jtr);
            lambda = std::max(lambda / 10.0, 1e-12);
            if (converged) break;
        } else {
            lambda *= 10.0;
            if (lambda > 1e12) break;
        }
    }
    return {a, b};
}

Result<FuzzyGraph> fuzzySimplicialSet(const KnnGraph& graph, int neighbours, int threads,
                                      const Progress& progress) {
    const int n = graph.points, k = neighbours - 1;
    if (k < 1 || k > graph.k)
        return Status::error(QStringLiteral("%1 neighbours asked of a graph with %2 per point")
                                 .arg(neighbours)
                                 .arg(graph.k + 1));
    // The mean of all distances, the point itself (distance 0) counted as umap-learn counts it.
    double total = 0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < k; ++j) total += graph.distances(i)[j];
    const double meanDistance = total / (double(n) * double(k + 1));
    const double target = std::log2(double(neighbours));

    // rho_i, sigma_i (umap-learn's smooth_knn_dist, local_connectivity 1, bandwidth 1) and the
    // directed memberships exp(-(d - rho) / sigma).
    std::vector<float> membership(size_t(n) * size_t(k));
    const bool done = parallelFor(
        n, 512, threads,
        [&](int64_t begin, int64_t end) {
            for (int64_t p = begin; p < end; ++p) {
                const int i = int(p);
                const float* d = graph.distances(i);
                double rho = 0, sum = 0;
                for (int j = 0; j < k; ++j) {
                    sum += d[j];
                    if (rho == 0 && d[j] > 0) rho = d[j];
                }
                double lo = 0, hi = std::numeric_limits<double>::infinity(), mid = 1.0;
                for (int step = 0; step < 64; ++step) {
                    double psum = 0;
                    for (int j = 0; j < k; ++j) {
                        const double excess = d[j] - rho;
                        psum += excess > 0 ? std::exp(-excess / mid) : 1.0;
                    }
                    if (std::abs(psum - target) < kSmoothTolerance) break;
                    if (psum > target) {
                        hi = mid;
                        mid = (lo + hi) / 2;
                    } else {
                        lo = mid;
                        mid = std::isinf(hi) ? mid * 2 : (lo + hi) / 2;
                    }
                }
                double sigma = mid;
                const double floor =
                    kMinKDistScale * (rho > 0 ? sum / double(k + 1) : meanDistance);
                if (sigma < floor) sigma = floor;
                for (int j = 0; j < k; ++j) {
                    const double excess = d[j] - rho;
                    membership[size_t(i) * size_t(k) + size_t(j)] =
                        (excess <= 0 || sigma == 0) ? 1.0f : float(std::exp(-excess / sigma));
                }
            }
        },
        &progress);
    if (!done) return Status::cancelled();

    // Fuzzy union: w_ij + w_ji - w_ij w_ji. Each row gathers (column, forward, backward) entries
    // from its own list and from the lists it appears in, sorted and merged.
    struct Entry {
        int32_t column;
        float forward, backward;
    };
    std::vector<int64_t> count(size_t(n) + 1, 0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < k; ++j) {
            const int32_t other = graph.neighbours(i)[j];
            if (other < 0 || other == i) continue;
            ++count[size_t(i)];
            ++count[size_t(other)];
        }
    std::vector<int64_t> start(size_t(n) + 1, 0);
    for (int i = 0; i < n; ++i) start[size_t(i) + 1] = start[size_t(i)] + count[size_t(i)];
    std::vector<Entry> entries(size_t(start[size_t(n)]));
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < k; ++j) {
            const int32_t other = graph.neighbours(i)[j];
            if (other < 0 || other == i) continue;
            const float w = membership[size_t(i) * size_t(k) + size_t(j)];
            entries[size_t(fill[size_t(i)]++)] = {other, w, 0.0f};
            entries[size_t(fill[size_t(other)]++)] = {int32_t(i), 0.0f, w};
        }
    membership = {};
    FuzzyGraph out;
    out.points = n;
    out.rowStart.assign(size_t(n) + 1, 0);
    out.column.reserve(entries.size());
    out.weight.reserve(entries.size());
    for (int i = 0; i < n; ++i) {
        if (i % 4096 == 0 && progress.cancelled()) return Status::cancelled();
        auto first = entries.begin() + start[size_t(i)],
             last = entries.begin() + start[size_t(i) + 1];
        std::sort(first, last, [](const Entry& a, const Entry& b) { return a.column < b.column; });
        for (auto it = first; it != last;) {
            float forward = 0, backward = 0;
            const int32_t column = it->column;
            for (; it != last && it->column == column; ++it) {
                forward = std::max(forward, it->forward);
                backward = std::max(backward, it->backward);
            }
            const float w = forward + backward - forward * backward;
            if (w > 0) {
                out.column.push_back(column);
                out.weight.push_back(w);
            }
        }
        out.rowStart[size_t(i) + 1] = int64_t(out.column.size());
    }
    progress.report(1.0);
    return out;
}

std::vector<int> componentLabels(const FuzzyGraph& graph, int* count) {
    const int n = graph.points;
    std::vector<int32_t> parent(static_cast<size_t>(n));
    std::iota(parent.begin(), parent.end(), 0);
    for (int i = 0; i < n; ++i)
        for (int64_t e = graph.rowStart[size_t(i)]; e < graph.rowStart[size_t(i) + 1]; ++e) {
            const int a = findRoot(parent, i), b = findRoot(parent, graph.column[size_t(e)]);
            if (a != b) parent[size_t(std::max(a, b))] = std::min(a, b);
        }
    // Numbered by their first point: the root is a component's smallest index.
    std::vector<int> label(static_cast<size_t>(n), -1);
    int next = 0;
    for (int i = 0; i < n; ++i) {
        const int root = findRoot(parent, i);
        if (label[size_t(root)] < 0) label[size_t(root)] = next++;
        label[size_t(i)] = label[size_t(root)];
    }
    if (count) *count = next;
    return label;
}

int connectedComponents(const FuzzyGraph& graph) {
    int count = 0;
    componentLabels(graph, &count);
    return count;
}

Result<MapPoints> spectralLayout(const FuzzyGraph& graph, uint64_t seed, int threads,
                                 const Progress& progress) {
    const int n = graph.points;
    if (n < 3) return Status::error(QStringLiteral("too few points for a spectral layout"));
    const int components = connectedComponents(graph);
    if (components > 1)
        return Status::error(
            QStringLiteral("the neighbour graph has %1 separate parts").arg(components));
    Eigen::VectorXd degree = Eigen::VectorXd::Zero(n);
    for (int i = 0; i < n; ++i)
        for (int64_t e = graph.rowStart[size_t(i)]; e < graph.rowStart[size_t(i) + 1]; ++e)
            degree[i] += graph.weight[size_t(e)];
    const Eigen::VectorXd invSqrt = degree.cwiseSqrt().cwiseInverse();
    const Eigen::VectorXd trivial = degree.cwiseSqrt().normalized();

    // M = (I + D^-1/2 W D^-1/2) / 2 has the eigenvalues (1 - lambda_L / 2) in [0, 1]: its largest
    // are the Laplacian's smallest. Block power iteration on the complement of the trivial one.
    const int block = std::min(n - 1, 6);
    // The weights with D^-1/2 of their column folded in, and the block in row-major order: one
    // row of the product reads whole neighbour rows (the column-major block would stride n).
    std::vector<double> scaled(graph.weight.size());
    for (int i = 0; i < n; ++i)
        for (int64_t e = graph.rowStart[size_t(i)]; e < graph.rowStart[size_t(i) + 1]; ++e)
            scaled[size_t(e)] = graph.weight[size_t(e)] * invSqrt[graph.column[size_t(e)]];
    using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    RowMatrix in, product;
    auto multiply = [&](const Eigen::MatrixXd& v, Eigen::MatrixXd& out) {
        const int p = int(v.cols());
        in = v;
        product.resize(n, p);
        const bool done = parallelFor(
            n, 2048, threads,
            [&](int64_t begin, int64_t end) {
                double acc[8];
                for (int64_t r = begin; r < end; ++r) {
                    const int i = int(r);
                    std::fill(acc, acc + p, 0.0);
                    for (int64_t e = graph.rowStart[size_t(i)]; e < graph.rowStart[size_t(i) + 1];
                         ++e) {
                        const double w = scaled[size_t(e)];
                        const double* vj = in.data() + size_t(graph.column[size_t(e)]) * size_t(p);
                        for (int c = 0; c < p; ++c) acc[c] += w * vj[c];
                    }
                    const double* vi = in.data() + size_t(i) * size_t(p);
                    double* oi = product.data() + size_t(i) * size_t(p);
                    for (int c = 0; c < p; ++c) oi[c] = 0.5 * (vi[c] + invSqrt[i] * acc[c]);
                }
            },
            &progress);
        out = product;
        return done;
    };
    auto orthonormalise = [&](Eigen::MatrixXd& v) {
        v -= trivial * (trivial.transpose() * v);
        Eigen::HouseholderQR<Eigen::MatrixXd> qr(v);
        v = qr.householderQ() * Eigen::MatrixXd::Identity(n, v.cols());
    };
    SplitMix64 rng(seed, 0x5bec);
    Eigen::MatrixXd v(n, block), mv;
    for (Eigen::Index c = 0; c < v.size(); ++c) v.data()[c] = rng.normal();
    orthonormalise(v);
    constexpr int kMaxSteps = 150, kCheckEvery = 10;
    Eigen::MatrixXd ritz;
    for (int step = 1; step <= kMaxSteps; ++step) {
        if (!multiply(v, mv)) return Status::cancelled();
        if (step % kCheckEvery == 0 || step == kMaxSteps) {
            // Rayleigh-Ritz: the two largest Ritz pairs, and their residuals |M x - theta x|.
            const Eigen::MatrixXd h = v.transpose() * mv;
            Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (h + h.transpose()));
            if (eig.info() != Eigen::Success) break;
            const Eigen::MatrixXd z = eig.eigenvectors().rightCols(2).rowwise().reverse();
            const Eigen::Vector2d theta = eig.eigenvalues().tail(2).reverse();
            ritz = v * z;
            const Eigen::MatrixXd residual = mv * z - ritz * theta.asDiagonal();
            progress.report(double(step) / kMaxSteps,
                            QStringLiteral("UMAP: spectral start, step %1").arg(step));
            if (residual.colwise().norm().maxCoeff() < 1e-4) break;
        }
        v = mv;
        orthonormalise(v);
    }
    if (ritz.size() == 0 || !ritz.allFinite() || ritz.cwiseAbs().maxCoeff() == 0.0)
        return Status::error(QStringLiteral("the eigensolve gave no usable vectors"));
    const double expansion = 10.0 / ritz.cwiseAbs().maxCoeff();
    MapPoints out(n, 2);
    for (int i = 0; i < n; ++i) {
        out(i, 0) = float(ritz(i, 0) * expansion);
        out(i, 1) = float(ritz(i, 1) * expansion);
    }
    return out;
}

Result<MapPoints> multiComponentLayout(const FuzzyGraph& graph, const VectorMatrix& vectors,
                                       uint64_t seed, int threads, const Progress& progress) {
    const int n = graph.points;
    int count = 0;
    const std::vector<int> label = componentLabels(graph, &count);
    if (count == 1) return spectralLayout(graph, seed, threads, progress);

    // Where each part goes (umap-learn's component_layout): up to 4 parts on the axes, more by
    // their centroids in the input space (PCA here, a spectral embedding of the centroids there).
    Eigen::MatrixXd meta(count, 2);
    if (count <= 4) {
        const double axes[4][2] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
        for (int c = 0; c < count; ++c) meta.row(c) << axes[c][0], axes[c][1];
    } else {
        VectorMatrix centroids = VectorMatrix::Zero(count, vectors.cols());
        std::vector<int> size(static_cast<size_t>(count), 0);
        for (int i = 0; i < n; ++i) {
            centroids.row(label[size_t(i)]) += vectors.row(i);
            ++size[size_t(label[size_t(i)])];
        }
        for (int c = 0; c < count; ++c) centroids.row(c) /= float(size[size_t(c)]);
        const MapPoints projected = pcaMap(centroids);
        meta = projected.cast<double>();
        const double extent = meta.cwiseAbs().maxCoeff();
        if (extent > 0) meta /= extent;
    }
    // Each part fits in a disc of half the smallest distance between two places (with a floor,
    // so two parts whose centroids nearly coincide still get room to unfold).
    double nearest = std::numeric_limits<double>::infinity();
    for (int a = 0; a < count; ++a)
        for (int b = a + 1; b < count; ++b) {
            const double d = (meta.row(a) - meta.row(b)).norm();
            if (d > 0) nearest = std::min(nearest, d);
        }
    const double range =
        std::max(std::isfinite(nearest) ? nearest / 2.0 : 1.0, 1.0 / (2.0 * std::sqrt(count)));

    std::vector<std::vector<int32_t>> members(static_cast<size_t>(count));
    for (int i = 0; i < n; ++i) members[size_t(label[size_t(i)])].push_back(i);
    std::vector<int32_t> local(static_cast<size_t>(n), -1);
    MapPoints out(n, 2);
    SplitMix64 rng(seed, 0xc0);
    int64_t done = 0;
    for (int c = 0; c < count; ++c) {
        const std::vector<int32_t>& part = members[size_t(c)];
        const int m = int(part.size());
        const Progress sub = progress.sub(double(done) / n, double(done + m) / n);
        done += m;
        MapPoints layout;
        if (m >= 4) {
            FuzzyGraph g;
            g.points = m;
            g.rowStart.assign(size_t(m) + 1, 0);
            for (int r = 0; r < m; ++r) local[size_t(part[size_t(r)])] = r;
            for (int r = 0; r < m; ++r) {
                const int i = part[size_t(r)];
                for (int64_t e = graph.rowStart[size_t(i)]; e < graph.rowStart[size_t(i) + 1];
                     ++e) {
                    g.column.push_back(local[size_t(graph.column[size_t(e)])]);
                    g.weight.push_back(graph.weight[size_t(e)]);
                }
                g.rowStart[size_t(r) + 1] = int64_t(g.column.size());
            }
            auto spectral = spectralLayout(g, seed + uint64_t(c), threads, sub);
            if (spectral.status().isCancelled()) return spectral.status();
            if (spectral) layout = std::move(spectral.value()) * float(range / 10.0);
        }
        if (layout.rows() != m) {  // too small, or no usable eigenvectors: seeded random
            layout.resize(m, 2);
            for (Eigen::Index v = 0; v < layout.size(); ++v)
                layout.data()[v] = float(range * (2.0 * rng.uniform() - 1.0));
        }
        for (int r = 0; r < m; ++r) {
            out(part[size_t(r)], 0) = layout(r, 0) + float(meta(c, 0));
            out(part[size_t(r)], 1) = layout(r, 1) + float(meta(c, 1));
        }
    }
    const float scale = 10.0f / std::max(out.cwiseAbs().maxCoeff(), 1e-30f);
    out *= scale;
    return out;
}

Result<UmapOutcome> umapMap(const VectorMatrix& vectors, const UmapOptions& options,
                            const Progress& progress, const UmapObserver& observer, int every,
                            const KnnGraph* knn) {
    const int n = int(vectors.rows());
    if (n < 3) return Status::error(QStringLiteral("UMAP needs at least 3 points, got %1").arg(n));
    if (options.neighbours < 2 || options.neighbours > n)
        return Status::error(QStringLiteral("n_neighbors %1 needs 2 to %2 (the point count)")
                                 .arg(options.neighbours)
                                 .arg(n));
    if (!(options.minDist >= 0.0) || !(options.spread > 0.0) || options.minDist > options.spread)
        return Status::error(QStringLiteral("min_dist %1 must be between 0 and the spread %2")
                                 .arg(options.minDist)
                                 .arg(options.spread));
    UmapOutcome out;
    out.neighbours = options.neighbours;
    out.epochs = options.epochs > 0 ? options.epochs : umapDefaultEpochs(n);
    out.curve = fitUmapCurve(options.minDist, options.spread);

    // 1. Neighbours and the fuzzy graph.
    KnnGraph computed;
    if (!knn) {
        KnnOptions k;
        k.k = options.neighbours - 1;
        k.metric = options.metric;
        k.exactUpTo = options.exactKnnUpTo;
        k.seed = options.seed;
        k.threads = options.threads;
        progress.report(0.0, QStringLiteral("UMAP: nearest neighbours"));
        auto graph = nearestNeighbours(vectors, k, progress.sub(0.0, 0.2));
        if (!graph) return graph.status();
        computed = std::move(graph.value());
        knn = &computed;
    }
    if (knn->points != n)
        return Status::error(QStringLiteral("the neighbour graph does not fit these points"));
    progress.report(0.2, QStringLiteral("UMAP: fuzzy simplicial set"));
    auto fuzzy =
        fuzzySimplicialSet(*knn, options.neighbours, options.threads, progress.sub(0.2, 0.25));
    if (!fuzzy) return fuzzy.status();
    computed = KnnGraph();
    const FuzzyGraph& graph = fuzzy.value();

    // 2. The start, rescaled to [0, 10]^2.
    MapPoints y;
    if (options.spectralInit) {
        auto spectral = multiComponentLayout(
            graph, options.metric == MapMetric::Cosine ? unitRows(vectors) : vectors, options.seed,
            options.threads, progress.sub(0.25, 0.3));
        if (spectral) {
            y = std::move(spectral.value());
            SplitMix64 noise(options.seed, 0x9015e);
            for (Eigen::Index c = 0; c < y.size(); ++c) y.data()[c] += float(noise.normal() * 1e-4);
            out.spectral = true;
        } else if (spectral.status().isCancelled()) {
            return spectral.status();
        } else {
            out.initNote = spectral.status().message();
        }
    } else {
        out.initNote = QStringLiteral("random start asked for");
    }
    if (!out.spectral) {
        SplitMix64 rng(options.seed, 0x4a4d);
        y.resize(n, 2);
        for (Eigen::Index c = 0; c < y.size(); ++c)
            y.data()[c] = float(-10.0 + 20.0 * rng.uniform());
    }
    normaliseToTen(y);
    if (progress.cancelled()) return Status::cancelled();

    // 3. The edges to optimise: the weakest (below max / epochs, never sampled) dropped.
    const int epochs = out.epochs;
    float maxWeight = 0;
    for (float w : graph.weight) maxWeight = std::max(maxWeight, w);
    const float cut = maxWeight / float(epochs);
    std::vector<int64_t> rowStart(size_t(n) + 1, 0);
    std::vector<int32_t> column;
    std::vector<double> perSample;  // epochs between samples: max weight / weight
    column.reserve(graph.column.size());
    perSample.reserve(graph.column.size());
    for (int i = 0; i < n; ++i) {
        for (int64_t e = graph.rowStart[size_t(i)]; e < graph.rowStart[size_t(i) + 1]; ++e) {
            const float w = graph.weight[size_t(e)];
            if (w < cut) continue;
            column.push_back(graph.column[size_t(e)]);
            perSample.push_back(double(maxWeight) / double(w));
        }
        rowStart[size_t(i) + 1] = int64_t(column.size());
    }
    out.edges = int64_t(column.size());
    fuzzy = FuzzyGraph();  // `graph` is no longer needed
    const double negativeRate = std::max(1, options.negativeSamples);
    std::vector<double> nextSample(perSample), nextNegative(perSample.size());
    for (size_t e = 0; e < perSample.size(); ++e) nextNegative[e] = perSample[e] / negativeRate;

    const float a = float(out.curve.a), b = float(out.curve.b);
    const float gamma = float(options.repulsion);
    const int blocks = std::clamp(n / kBlockPoints, 1, kMaxBlocks);
    auto blockBegin = [&](int block) { return int(int64_t(n) * block / blocks); };
    struct Move {
        int32_t point;
        float dx, dy;
    };
    std::vector<std::vector<Move>> foreignMoves(static_cast<size_t>(blocks));
    std::vector<float> positions(y.data(), y.data() + y.size()), snapshot;
    const Progress sgdProgress = progress.sub(0.3, 1.0);
    auto current = [&]() {
        MapPoints p(n, 2);
        std::copy(positions.begin(), positions.end(), p.data());
        return p;
    };

    sgdProgress.report(0.0, QStringLiteral("UMAP: optimising the layout"));
    for (int epoch = 0; epoch < epochs; ++epoch) {
        if (progress.cancelled()) return Status::cancelled();
        const float alpha = float(options.learningRate * (1.0 - double(epoch) / double(epochs)));
        if (blocks > 1) snapshot = positions;
        float* live = positions.data();
        const float* before = blocks > 1 ? snapshot.data() : live;
        const bool finished = parallelFor(
            blocks, 1, options.threads,
            [&](int64_t first, int64_t last) {
                for (int64_t blk = first; blk < last; ++blk) {
                    const int lo = blockBegin(int(blk)), hi = blockBegin(int(blk) + 1);
                    auto own = [&](int j) { return j >= lo && j < hi; };
                    auto at = [&](int j) {
                        return own(j) ? live + 2 * size_t(j) : before + 2 * size_t(j);
                    };
                    std::vector<Move>& moves = foreignMoves[size_t(blk)];
                    moves.clear();
                    SplitMix64 rng(options.seed, (uint64_t(epoch) << 8 | uint64_t(blk)) + 0x55aa);
                    for (int i = lo; i < hi; ++i) {
                        float* yi = live + 2 * size_t(i);
                        for (int64_t e = rowStart[size_t(i)]; e < rowStart[size_t(i) + 1]; ++e) {
                            if (nextSample[size_t(e)] > double(epoch)) continue;
                            const int j = column[size_t(e)];
                            {
                                const float* yj = at(j);
                                const float dx = yi[0] - yj[0], dy = yi[1] - yj[1];
                                const float d2 = dx * dx + dy * dy;
                                float coef = 0.0f;
                                if (d2 > 0.0f) {
                                    const float pb = std::pow(d2, b);
                                    coef = -2.0f * a * b * (pb / d2) / (a * pb + 1.0f);
                                }
                                const float gx = clip4(coef * dx) * alpha,
                                            gy = clip4(coef * dy) * alpha;
                                yi[0] += gx;
                                yi[1] += gy;
                                if (own(j)) {
                                    float* yjLive = live + 2 * size_t(j);
                                    yjLive[0] -= gx;
                                    yjLive[1] -= gy;
                                } else {
                                    moves.push_back({int32_t(j), -gx, -gy});
                                }
                            }
                            nextSample[size_t(e)] += perSample[size_t(e)];

                            const double negativeEvery = perSample[size_t(e)] / negativeRate;
                            const int negatives =
                                int((double(epoch) - nextNegative[size_t(e)]) / negativeEvery);
                            for (int s = 0; s < negatives; ++s) {
                                const int k = int(rng.below(uint64_t(n)));
                                const float* yk = at(k);
                                const float dx = yi[0] - yk[0], dy = yi[1] - yk[1];
                                const float d2 = dx * dx + dy * dy;
                                float gx = 4.0f, gy = 4.0f;
                                if (d2 > 0.0f) {
                                    const float coef =
                                        2.0f * gamma * b /
                                        ((0.001f + d2) * (a * std::pow(d2, b) + 1.0f));
                                    gx = clip4(coef * dx);
                                    gy = clip4(coef * dy);
                                } else if (k == i) {
                                    continue;
                                }
                                yi[0] += gx * alpha;
                                yi[1] += gy * alpha;
                            }
                            nextNegative[size_t(e)] += negatives * negativeEvery;
                        }
                    }
                }
            },
            &sgdProgress);
        if (!finished) return Status::cancelled();
        for (const std::vector<Move>& moves : foreignMoves)
            for (const Move& m : moves) {
                positions[2 * size_t(m.point)] += m.dx;
                positions[2 * size_t(m.point) + 1] += m.dy;
            }
        sgdProgress.report(double(epoch + 1) / epochs,
                           QStringLiteral("UMAP epoch %1 of %2").arg(epoch + 1).arg(epochs));
        if (observer && ((epoch + 1) % std::max(1, every) == 0 || epoch + 1 == epochs))
            observer(epoch + 1, current());
    }
    out.points = current();
    progress.report(1.0);
    return out;
}

}  // namespace tl
