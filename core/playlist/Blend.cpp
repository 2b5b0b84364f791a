#include "playlist/Blend.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "util/Random.h"

namespace tl {
namespace {

float dot(const float* a, const float* b, int n) {
    float s = 0.f;
    for (int i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
}

float similarity(const CandidateTable& t, int a, int b) {
    const float* va = t.vectors.empty() ? nullptr : t.vectors[size_t(a)];
    const float* vb = t.vectors.empty() ? nullptr : t.vectors[size_t(b)];
    return va && vb ? dot(va, vb, t.dims) : 0.f;
}

}  // namespace

void normaliseScores(std::span<float> scores, Normalisation how) {
    std::vector<int> known;
    known.reserve(scores.size());
    for (size_t i = 0; i < scores.size(); ++i)
        if (std::isfinite(scores[i])) known.push_back(int(i));
    const size_t n = known.size();
    if (how == Normalisation::Rank) {
        std::stable_sort(known.begin(), known.end(),
                         [&](int a, int b) { return scores[size_t(a)] > scores[size_t(b)]; });
        std::vector<float> out(scores.size(), 0.f);
        for (size_t a = 0; a < n;) {
            size_t b = a + 1;
            while (b < n && scores[size_t(known[b])] == scores[size_t(known[a])]) ++b;
            const double meanRank = 0.5 * double(a + b - 1);
            const float v = n > 1 ? float(1.0 - meanRank / double(n - 1)) : 1.f;
            for (size_t c = a; c < b; ++c) out[size_t(known[c])] = v;
            a = b;
        }
        std::copy(out.begin(), out.end(), scores.begin());
        return;
    }
    double sum = 0.0, sq = 0.0;
    for (int i : known) sum += scores[size_t(i)];
    const double mean = n ? sum / double(n) : 0.0;
    for (int i : known) sq += (scores[size_t(i)] - mean) * (scores[size_t(i)] - mean);
    const double sd = n > 1 ? std::sqrt(sq / double(n - 1)) : 0.0;
    for (float& s : scores) {
        if (!std::isfinite(s)) {
            s = 0.f;
            continue;
        }
        const double z = sd > 0.0 ? (s - mean) / sd : 0.0;
        s = float(0.5 * std::erfc(-z / std::sqrt(2.0)));
    }
}

std::vector<float> blendScores(const CandidateTable& table, std::span<const float> weights) {
    const size_t n = table.size();
    std::vector<float> out(n, 0.f);
    float total = 0.f;
    for (size_t s = 0; s < table.sources.size() && s < weights.size(); ++s)
        total += std::max(0.f, weights[s]);
    if (!(total > 0.f)) return out;
    for (size_t s = 0; s < table.sources.size() && s < weights.size(); ++s) {
        const float w = std::max(0.f, weights[s]) / total;
        if (w == 0.f) continue;
        const float* col = table.normalised.data() + s * n;
        for (size_t c = 0; c < n; ++c) out[c] += w * col[c];
    }
    return out;
}

std::vector<Pick> rerank(const CandidateTable& table, std::span<const float> weights,
                         const RerankOptions& options) {
    const std::vector<float> blended = blendScores(table, weights);
    const size_t n = table.size();
    const float nov = float(std::clamp(options.novelty, 0.0, 1.0));
    std::vector<float> relevance(n);
    for (size_t c = 0; c < n; ++c) relevance[c] = (1.f - nov) * blended[c] + nov * table.novelty[c];

    // The pool MMR works on: the best candidates by relevance.
    const size_t pool =
        std::min(n, size_t(options.pool > 0 ? options.pool : std::max(300, 10 * options.length)));
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    const auto better = [&](int a, int b) {
        return relevance[size_t(a)] != relevance[size_t(b)]
                   ? relevance[size_t(a)] > relevance[size_t(b)]
                   : table.tracks[size_t(a)] < table.tracks[size_t(b)];
    };
    std::partial_sort(order.begin(), order.begin() + ptrdiff_t(pool), order.end(), better);
    order.resize(pool);

    // MMR trades relevance against similarity on comparable scales: relevance is rescaled to
    // [0, 1] over the pool, since rank-normalised scores differ little among the best few
    // hundred and any similarity penalty would otherwise swamp them.
    float top = 0.f, bottom = 0.f;
    if (pool > 0) {
        top = relevance[size_t(order.front())];
        bottom = relevance[size_t(order[pool - 1])];
    }
    const float span = top - bottom > 1e-12f ? top - bottom : 1.f;
    const float lambda = 1.f - float(std::clamp(options.diversity, 0.0, 1.0));
    std::vector<float> maxSim(pool, 0.f);
    std::vector<char> taken(pool, 0);
    std::vector<int> perArtist;
    std::vector<int> versionsTaken;
    std::vector<Pick> picks;
    while (int(picks.size()) < options.length) {
        int best = -1;
        float bestValue = 0.f;
        for (size_t p = 0; p < pool; ++p) {
            if (taken[p]) continue;
            const int c = order[p];
            const int a = table.artist[size_t(c)];
            if (size_t(a) < perArtist.size() && perArtist[size_t(a)] >= options.maxPerArtist)
                continue;
            if (std::find(versionsTaken.begin(), versionsTaken.end(), table.version[size_t(c)]) !=
                versionsTaken.end())
                continue;
            const float v = lambda * (relevance[size_t(c)] - bottom) / span -
                            (1.f - lambda) * std::max(0.f, maxSim[p]);
            if (best < 0 || v > bestValue) best = int(p), bestValue = v;
        }
        if (best < 0) break;
        taken[size_t(best)] = 1;
        const int c = order[size_t(best)];
        const int a = table.artist[size_t(c)];
        if (size_t(a) >= perArtist.size()) perArtist.resize(size_t(a) + 1, 0);
        ++perArtist[size_t(a)];
        versionsTaken.push_back(table.version[size_t(c)]);
        picks.push_back({c, blended[size_t(c)], relevance[size_t(c)]});
        for (size_t p = 0; p < pool; ++p)
            if (!taken[p]) maxSim[p] = std::max(maxSim[p], similarity(table, order[p], c));
    }
    return picks;
}

std::vector<int> pleasantOrder(const CandidateTable& table, const std::vector<Pick>& picks,
                               uint64_t seed) {
    const int n = int(picks.size());
    std::vector<int> out;
    if (n == 0) return out;
    SplitMix64 rng(seed, 0x0de5);
    std::vector<char> used(size_t(n), 0);
    int current = int(rng.below(uint64_t(std::min(n, 3))));
    out.push_back(current);
    used[size_t(current)] = 1;
    constexpr float kJitter = 0.25f;     // how much chance weighs against smoothness
    constexpr float kSameArtist = 1.0f;  // a penalty larger than any similarity difference
    while (int(out.size()) < n) {
        int best = -1;
        float bestValue = 0.f;
        for (int i = 0; i < n; ++i) {
            if (used[size_t(i)]) continue;
            const int a = picks[size_t(current)].candidate, b = picks[size_t(i)].candidate;
            float v = similarity(table, a, b) + kJitter * float(rng.uniform());
            if (table.artist[size_t(a)] == table.artist[size_t(b)]) v -= kSameArtist;
            if (best < 0 || v > bestValue) best = i, bestValue = v;
        }
        used[size_t(best)] = 1;
        out.push_back(best);
        current = best;
    }
    return out;
}

}  // namespace tl
