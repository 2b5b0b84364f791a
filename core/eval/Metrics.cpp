#include "eval/Metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "util/Random.h"

namespace tl {
namespace {

std::span<const int32_t> rowOf(const SparseMatrix& m, int r) {
    return {m.colIndex.data() + m.rowStart[size_t(r)], size_t(m.rowSize(r))};
}

}  // namespace

Result<Metrics> evaluateRanking(const Recommender& model, const SparseMatrix& train,
                                const SparseMatrix& test, const EvalOptions& options,
                                const Progress& progress) {
    if (train.rows != test.rows || train.cols != test.cols)
        return Status::error(QStringLiteral("train and test matrices differ in shape"));
    std::vector<int> users;
    for (int u = 0; u < test.rows; ++u)
        if (test.rowSize(u) > 0) users.push_back(u);
    if (users.empty()) return Status::error(QStringLiteral("no user has test items to score"));
    if (options.maxUsers > 0 && int(users.size()) > options.maxUsers) {
        SplitMix64 rng(options.seed);
        for (size_t a = users.size() - 1; a > 0; --a) std::swap(users[a], users[rng.below(a + 1)]);
        users.resize(size_t(options.maxUsers));
        std::sort(users.begin(), users.end());
    }
    const int k = options.k;
    double precision = 0, recall = 0, ap = 0, ndcg = 0, hit = 0, auc = 0;
    double mprNum = 0, mprDen = 0;
    std::vector<char> recommended(size_t(train.cols), 0);
    std::vector<float> scores(size_t(train.cols));
    std::vector<char> inTest(size_t(train.cols), 0);
    for (size_t n = 0; n < users.size(); ++n) {
        if ((n & 15) == 0) {
            if (progress.cancelled()) return Status::cancelled();
            progress.report(double(n) / double(users.size()), QStringLiteral("Scoring users"));
        }
        const int u = users[n];
        const auto heard = rowOf(train, u);
        const auto wanted = rowOf(test, u);
        model.scoreItems(u, scores);
        for (int32_t i : wanted) inTest[size_t(i)] = 1;

        // Top-k metrics.
        const auto top = topN(scores, k, heard);
        double hits = 0, sumPrec = 0, dcg = 0;
        for (size_t r = 0; r < top.size(); ++r) {
            recommended[size_t(top[r].item)] = 1;
            if (!inTest[size_t(top[r].item)]) continue;
            hits += 1;
            sumPrec += hits / double(r + 1);
            dcg += 1.0 / std::log2(double(r) + 2.0);
        }
        const double relevant = double(wanted.size());
        double idcg = 0;
        for (int r = 0; r < std::min<int>(k, int(relevant)); ++r) idcg += 1.0 / std::log2(r + 2.0);
        precision += hits / k;
        recall += hits / relevant;
        ap += sumPrec / std::min<double>(k, relevant);
        ndcg += dcg / idcg;
        hit += hits > 0 ? 1 : 0;

        // Full-ranking metrics over the candidates (all items the user has not heard): the
        // rank of each test item among them gives its percentile and its AUC.
        std::vector<float> candidates;
        candidates.reserve(scores.size());
        size_t h = 0;
        for (size_t i = 0; i < scores.size(); ++i) {
            while (h < heard.size() && size_t(heard[h]) < i) ++h;
            if (h < heard.size() && size_t(heard[h]) == i) continue;
            candidates.push_back(scores[i]);
        }
        std::sort(candidates.begin(), candidates.end(), std::greater<float>());
        const double nc = double(candidates.size());
        const double negatives = nc - relevant;
        std::vector<double> ranks;
        ranks.reserve(wanted.size());
        for (int32_t i : wanted) {
            // Items ranked strictly above, plus half the ties: the usual tie-aware rank.
            const float s = scores[size_t(i)];
            const auto above =
                std::lower_bound(candidates.begin(), candidates.end(), s, std::greater<float>()) -
                candidates.begin();
            const auto ties =
                std::upper_bound(candidates.begin(), candidates.end(), s, std::greater<float>()) -
                candidates.begin() - above;
            const double rank = double(above) + 0.5 * double(ties - 1);
            ranks.push_back(rank);
            mprNum += nc > 1 ? rank / (nc - 1) : 0.0;
            mprDen += 1;
        }
        // AUC: for the j-th best test item, the negatives above it are its rank minus the j
        // test items above it.
        std::sort(ranks.begin(), ranks.end());
        double userAuc = 0;
        for (size_t j = 0; j < ranks.size(); ++j)
            if (negatives > 0) userAuc += 1.0 - std::max(0.0, ranks[j] - double(j)) / negatives;
        auc += userAuc / relevant;
        for (int32_t i : wanted) inTest[size_t(i)] = 0;
    }
    const double nu = double(users.size());
    Metrics m;
    const QString at = QStringLiteral("@%1").arg(k);
    m[QStringLiteral("precision") + at] = precision / nu;
    m[QStringLiteral("recall") + at] = recall / nu;
    m[QStringLiteral("map") + at] = ap / nu;
    m[QStringLiteral("ndcg") + at] = ndcg / nu;
    m[QStringLiteral("hit_rate") + at] = hit / nu;
    m[QStringLiteral("auc")] = auc / nu;
    m[QStringLiteral("mpr")] = mprDen > 0 ? mprNum / mprDen : 0.5;
    m[QStringLiteral("coverage") + at] =
        double(std::count(recommended.begin(), recommended.end(), 1)) / double(train.cols);
    m[QStringLiteral("users")] = nu;
    progress.report(1.0);
    return m;
}

std::vector<int> itemGenres(const GroundTruth& truth, const std::vector<Id>& itemTrack) {
    if (truth.empty()) return {};
    const std::unordered_map<Id, int> genreOf(truth.trackGenre.begin(), truth.trackGenre.end());
    std::vector<int> genres(itemTrack.size(), -1);
    for (size_t c = 0; c < itemTrack.size(); ++c)
        if (const auto it = genreOf.find(itemTrack[c]); it != genreOf.end()) genres[c] = it->second;
    return genres;
}

double neighbourGenrePrecision(const std::vector<int>& itemGenre, int k,
                               const std::function<std::vector<ScoredItem>(int, int)>& similar,
                               int maxItems, uint64_t seed) {
    std::vector<int> items;
    for (size_t i = 0; i < itemGenre.size(); ++i)
        if (itemGenre[i] >= 0) items.push_back(int(i));
    if (maxItems > 0 && int(items.size()) > maxItems) {
        SplitMix64 rng(seed);
        for (size_t a = items.size() - 1; a > 0; --a) std::swap(items[a], items[rng.below(a + 1)]);
        items.resize(size_t(maxItems));
    }
    double same = 0, total = 0;
    for (int i : items) {
        for (const ScoredItem& s : similar(i, k)) {
            if (itemGenre[size_t(s.item)] < 0) continue;
            same += itemGenre[size_t(s.item)] == itemGenre[size_t(i)];
            total += 1;
        }
    }
    return total > 0 ? same / total : 0.0;
}

}  // namespace tl
