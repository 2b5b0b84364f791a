#include "maps/KMeans.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "job/Progress.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

namespace tl {
namespace {

int nearestCentroid(const VectorMatrix& centroids, const VectorMatrix& x, Eigen::Index row,
                    double* distance) {
    int best = 0;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (Eigen::Index c = 0; c < centroids.rows(); ++c) {
        const double d = double((centroids.row(c) - x.row(row)).squaredNorm());
        if (d < bestDistance) {
            bestDistance = d;
            best = int(c);
        }
    }
    *distance = bestDistance;
    return best;
}

// k-means++: the first centre uniformly at random, each next one with probability proportional
// to its squared distance from the nearest centre chosen so far.
VectorMatrix seedCentroids(const VectorMatrix& x, int k, uint64_t seed) {
    SplitMix64 rng(seed, 0x6b6d65616e73ull);  // "kmeans"
    const Eigen::Index n = x.rows();
    VectorMatrix centroids(k, x.cols());
    centroids.row(0) = x.row(Eigen::Index(rng.below(uint64_t(n))));
    std::vector<double> d2(size_t(n), std::numeric_limits<double>::infinity());
    for (int c = 1; c < k; ++c) {
        double total = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
            d2[size_t(i)] =
                std::min(d2[size_t(i)], double((x.row(i) - centroids.row(c - 1)).squaredNorm()));
            total += d2[size_t(i)];
        }
        Eigen::Index chosen = n - 1;
        double target = rng.uniform() * total;
        for (Eigen::Index i = 0; i < n; ++i) {
            target -= d2[size_t(i)];
            if (target < 0.0 && d2[size_t(i)] > 0.0) {
                chosen = i;
                break;
            }
        }
        centroids.row(c) = x.row(chosen);
    }
    return centroids;
}

int distinctRows(const VectorMatrix& x, int atMost) {
    std::vector<Eigen::Index> distinct;
    for (Eigen::Index i = 0; i < x.rows() && int(distinct.size()) < atMost; ++i) {
        bool seen = false;
        for (Eigen::Index j : distinct) seen |= x.row(i) == x.row(j);
        if (!seen) distinct.push_back(i);
    }
    return int(distinct.size());
}

}  // namespace

Result<KMeansResult> kMeans(const VectorMatrix& vectors, const KMeansOptions& options,
                            const Progress& progress) {
    if (vectors.rows() == 0 || vectors.cols() == 0)
        return Status::error(QStringLiteral("k-means needs at least one vector"));
    if (options.k < 1)
        return Status::error(QStringLiteral("k-means needs k >= 1 (got %1)").arg(options.k));
    for (Eigen::Index r = 0; r < vectors.rows(); ++r)
        if (!vectors.row(r).allFinite())
            return Status::error(
                QStringLiteral("k-means: row %1 has a value that is not a finite number").arg(r));
    VectorMatrix x = vectors;
    const bool spherical = options.metric == MapMetric::Cosine;
    if (spherical)
        for (Eigen::Index r = 0; r < x.rows(); ++r)
            if (const float norm = x.row(r).norm(); norm > 0.f) x.row(r) /= norm;
    const int k = distinctRows(x, options.k);

    KMeansResult out;
    VectorMatrix centroids = seedCentroids(x, k, options.seed);
    out.labels.assign(size_t(x.rows()), -1);
    std::vector<int> nearest(size_t(x.rows()), 0);
    std::vector<double> distance(size_t(x.rows()), 0.0);
    for (int iteration = 0; iteration < std::max(1, options.maxIterations); ++iteration) {
        if (progress.cancelled()) return Status::cancelled();
        // Each row's nearest centre in parallel (rows write only their own slots); the
        // inertia is summed in row order afterwards, so any thread count gives the same bytes.
        parallelFor(
            x.rows(), 1024, options.threads,
            [&](int64_t begin, int64_t end) {
                for (int64_t i = begin; i < end; ++i)
                    nearest[size_t(i)] = nearestCentroid(centroids, x, i, &distance[size_t(i)]);
            },
            &progress);
        if (progress.cancelled()) return Status::cancelled();
        const bool changed = nearest != out.labels;
        out.labels = nearest;
        out.inertia = 0.0;
        for (double d : distance) out.inertia += d;
        out.iterations = iteration + 1;
        if (!changed) {
            out.converged = true;
            break;
        }
        VectorMatrix sums = VectorMatrix::Zero(k, x.cols());
        std::vector<int> counts(size_t(k), 0);
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            sums.row(out.labels[size_t(i)]) += x.row(i);
            ++counts[size_t(out.labels[size_t(i)])];
        }
        for (int c = 0; c < k; ++c) {
            if (counts[size_t(c)] == 0) continue;  // an emptied cluster keeps its centre
            centroids.row(c) = sums.row(c) / float(counts[size_t(c)]);
            if (spherical)
                if (const float norm = centroids.row(c).norm(); norm > 0.f)
                    centroids.row(c) /= norm;
        }
        progress.report(double(iteration + 1) / double(std::max(1, options.maxIterations)),
                        QStringLiteral("k-means iteration %1").arg(iteration + 1));
    }
    // Number clusters by their first row: labels do not depend on the seeding order.
    std::vector<int> renumber(size_t(k), -1);
    int next = 0;
    for (int& label : out.labels) {
        if (renumber[size_t(label)] < 0) renumber[size_t(label)] = next++;
        label = renumber[size_t(label)];
    }
    out.centroids = VectorMatrix::Zero(next, x.cols());
    out.sizes.assign(size_t(next), 0);
    for (int c = 0; c < k; ++c)
        if (renumber[size_t(c)] >= 0) out.centroids.row(renumber[size_t(c)]) = centroids.row(c);
    for (int label : out.labels) ++out.sizes[size_t(label)];
    return out;
}

}  // namespace tl
