#include "maps/MapQuality.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "maps/Knn.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

namespace tl {
namespace {

using Ranked = std::pair<double, int32_t>;  // distance, point: ties go to the lower index

// The k nearest others of point i among `distance` (one value per point).
std::vector<int32_t> nearest(const std::vector<double>& distance, int i, int k,
                             std::vector<Ranked>& scratch) {
    scratch.clear();
    for (int j = 0; j < int(distance.size()); ++j)
        if (j != i) scratch.emplace_back(distance[size_t(j)], j);
    std::partial_sort(scratch.begin(), scratch.begin() + k, scratch.end());
    std::vector<int32_t> out(static_cast<size_t>(k));
    for (int a = 0; a < k; ++a) out[size_t(a)] = scratch[size_t(a)].second;
    return out;
}

}  // namespace

Result<MapQuality> mapQuality(const VectorMatrix& vectors, const MapPoints& map,
                              const std::vector<int>& labels, const MapQualityOptions& options,
                              const Progress& progress) {
    const int n = int(vectors.rows()), k = options.k;
    if (map.rows() != n) return Status::error(QStringLiteral("the map and the vectors differ"));
    if (!labels.empty() && int(labels.size()) != n)
        return Status::error(QStringLiteral("one label per point is needed"));
    MapQuality quality;
    quality.k = k;
    if (k < 1 || n < 2 * k + 2) {  // trustworthiness needs 2n - 3k - 1 > 0 and room to rank
        quality.trustworthiness = quality.knnPreservation = 1.0;
        return quality;
    }
    const VectorMatrix x = options.metric == MapMetric::Cosine ? unitRows(vectors) : vectors;

    std::vector<int> sample(static_cast<size_t>(n));
    std::iota(sample.begin(), sample.end(), 0);
    if (options.maxPoints > 0 && n > options.maxPoints) {
        SplitMix64 rng(options.seed, 0x9a1);
        for (size_t a = sample.size() - 1; a > 0; --a)
            std::swap(sample[a], sample[rng.below(a + 1)]);
        sample.resize(size_t(options.maxPoints));
        std::sort(sample.begin(), sample.end());
    }
    const int m = int(sample.size());
    std::vector<double> penalty(static_cast<size_t>(m)), preserved(static_cast<size_t>(m));
    std::vector<int> predicted(size_t(m), -1);
    const bool done = parallelFor(
        m, 4, options.threads,
        [&](int64_t begin, int64_t end) {
            std::vector<double> input(static_cast<size_t>(n)), planar(static_cast<size_t>(n));
            std::vector<Ranked> scratch;
            for (int64_t s = begin; s < end; ++s) {
                const int i = sample[size_t(s)];
                for (int j = 0; j < n; ++j) {
                    // Squared distances rank as distances do; on unit rows they rank as cosine.
                    input[size_t(j)] = double((x.row(i) - x.row(j)).squaredNorm());
                    planar[size_t(j)] = double((map.row(i) - map.row(j)).squaredNorm());
                }
                const std::vector<int32_t> inMap = nearest(planar, i, k, scratch);
                const std::vector<int32_t> inInput = nearest(input, i, k, scratch);
                double sum = 0;
                for (int32_t j : inMap) {
                    // rank_input(i, j): 1 + the others strictly before j (distance, then index).
                    int rank = 1;
                    const Ranked at{input[size_t(j)], j};
                    for (int l = 0; l < n; ++l)
                        if (l != i && Ranked{input[size_t(l)], l} < at) ++rank;
                    sum += std::max(0, rank - k);
                }
                penalty[size_t(s)] = sum;
                int shared = 0;
                for (int32_t j : inMap) shared += std::count(inInput.begin(), inInput.end(), j) > 0;
                preserved[size_t(s)] = double(shared) / k;

                if (labels.empty() || labels[size_t(i)] < 0) continue;
                scratch.clear();
                for (int j = 0; j < n; ++j)
                    if (j != i && labels[size_t(j)] >= 0)
                        scratch.emplace_back(planar[size_t(j)], j);
                const size_t votes = std::min(scratch.size(), size_t(k));
                std::partial_sort(scratch.begin(), scratch.begin() + ptrdiff_t(votes),
                                  scratch.end());
                std::map<int, int> count;
                int best = -1, bestCount = 0;
                for (size_t a = 0; a < votes; ++a) ++count[labels[size_t(scratch[a].second)]];
                for (size_t a = 0; a < votes; ++a) {  // nearest first: a tie goes to the nearer
                    const int label = labels[size_t(scratch[a].second)];
                    if (count[label] > bestCount) best = label, bestCount = count[label];
                }
                predicted[size_t(s)] = best == labels[size_t(i)] ? 1 : 0;
            }
        },
        &progress);
    if (!done) return Status::cancelled();
    const double total = std::accumulate(penalty.begin(), penalty.end(), 0.0);
    quality.trustworthiness = 1.0 - total * (2.0 / (double(m) * k * (2.0 * n - 3.0 * k - 1.0)));
    quality.knnPreservation = std::accumulate(preserved.begin(), preserved.end(), 0.0) / m;
    int labelled = 0, right = 0;
    for (int v : predicted)
        if (v >= 0) ++labelled, right += v;
    if (labelled > 0) quality.labelAccuracy = double(right) / labelled;
    quality.pointsScored = m;
    progress.report(1.0);
    return quality;
}

}  // namespace tl
