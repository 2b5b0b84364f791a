#include "playlist/Blend.h"

#include <algorithm>
#include <cmath>
#include <limits>
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

std::vector<int> placeQuotas(const CandidateTable& table, std::span<const float> weights,
                             int length) {
    const size_t m = table.sources.size();
    std::vector<int> quota(m + 1, 0);
    std::vector<double> share(m + 1, 0.0);
    double total = 0.0;
    for (size_t s = 0; s < m && s < weights.size(); ++s) {
        const double w = std::max(0.f, weights[s]);
        share[table.isContent(s) ? s : m] += w;
        total += w;
    }
    if (!(total > 0.0) || length <= 0) return quota;
    // Largest remainder; ties go to the blend, then to the earlier column.
    int given = 0;
    std::vector<std::pair<double, size_t>> remainder;
    for (size_t s = 0; s <= m; ++s) {
        const double exact = share[s] / total * double(length);
        quota[s] = int(std::floor(exact + 1e-9));
        given += quota[s];
        if (share[s] > 0.0) remainder.push_back({exact - double(quota[s]), s == m ? 0 : s + 1});
    }
    std::stable_sort(remainder.begin(), remainder.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (size_t i = 0; given < length && i < remainder.size(); ++i, ++given)
        ++quota[remainder[i].second == 0 ? m : remainder[i].second - 1];
    return quota;
}

std::vector<Pick> rerank(const CandidateTable& table, std::span<const float> weights,
                         const RerankOptions& options) {
    const std::vector<float> blended = blendScores(table, weights);
    const size_t n = table.size();
    const size_t m = table.sources.size();
    const float nov = float(std::clamp(options.novelty, 0.0, 1.0));
    std::vector<float> relevance(n);
    for (size_t c = 0; c < n; ++c) relevance[c] = (1.f - nov) * blended[c] + nov * table.novelty[c];
    const size_t poolSize =
        std::min(n, size_t(options.pool > 0 ? options.pool : std::max(300, 10 * options.length)));

    // The kinds of place: the blend's (kind 0) and one per weighted content source.
    struct Kind {
        int source = -1;           // table column; -1: the blend
        int quota = 0;             // places left to fill
        std::vector<float> value;  // what its places rank by (content kinds only)
        std::vector<int> pool;     // its best candidates, best first
        float bottom = 0.f, span = 1.f;
        int taken = 0;
        bool exhausted = false;
        bool whole = false;  // the pool holds every candidate the kind can rank
    };
    const std::vector<int> quota = placeQuotas(table, weights, options.length);
    std::vector<Kind> kinds(1);
    kinds[0].quota = quota[m];
    int cf = -1;
    for (size_t s = 0; s < m; ++s)
        if (table.sources[s] == QLatin1String("cf") && s < weights.size() && weights[s] > 0.f)
            cf = int(s);
    // The margin weighs what CF already finds; with CF unweighted there is nothing to add to.
    const float margin = float(std::max(0.0, options.contentMargin));
    for (size_t s = 0; s < m; ++s) {
        if (!table.isContent(s) || quota[s] <= 0) continue;
        Kind k;
        k.source = int(s);
        k.quota = quota[s];
        k.value.assign(n, -std::numeric_limits<float>::infinity());
        for (size_t c = 0; c < n; ++c) {
            if (!table.knows(s, c)) continue;
            const float fromCf =
                cf >= 0 && table.knows(size_t(cf), c) ? table.at(size_t(cf), c) : 0.f;
            k.value[c] = (1.f - nov) * (table.at(s, c) - margin * fromCf) + nov * table.novelty[c];
        }
        kinds.push_back(std::move(k));
    }
    if (kinds.size() == 1) kinds[0].quota = options.length;

    // A kind's best `limit` candidates by its own value (the blend: by relevance), best first.
    const auto bestOf = [&](const Kind& k, size_t limit, bool* whole) {
        const std::vector<float>& v = k.source < 0 ? relevance : k.value;
        std::vector<int> order;
        order.reserve(n);
        for (size_t c = 0; c < n; ++c)
            if (std::isfinite(v[c])) order.push_back(int(c));
        const size_t size = std::min(order.size(), limit);
        *whole = size == order.size();
        const auto better = [&](int a, int b) {
            return v[size_t(a)] != v[size_t(b)] ? v[size_t(a)] > v[size_t(b)]
                                                : table.tracks[size_t(a)] < table.tracks[size_t(b)];
        };
        std::partial_sort(order.begin(), order.begin() + ptrdiff_t(size), order.end(), better);
        order.resize(size);
        return order;
    };
    for (Kind& k : kinds) {
        k.pool = bestOf(k, poolSize, &k.whole);
        const std::vector<float>& v = k.source < 0 ? relevance : k.value;
        // MMR trades value against similarity on comparable scales: the value is rescaled to
        // [0, 1] over the pool, since rank-normalised scores differ little among the best few
        // hundred and any similarity penalty would otherwise swamp them.
        if (!k.pool.empty()) {
            const float top = v[size_t(k.pool.front())];
            k.bottom = v[size_t(k.pool.back())];
            k.span = top - k.bottom > 1e-12f ? top - k.bottom : 1.f;
        }
        if (k.pool.empty()) k.exhausted = true;
    }

    // State shared by every kind, over the union of the pools.
    std::vector<int> slotOf(n, -1);
    std::vector<int> members;
    for (const Kind& k : kinds)
        for (int c : k.pool)
            if (slotOf[size_t(c)] < 0) {
                slotOf[size_t(c)] = int(members.size());
                members.push_back(c);
            }
    const float lambda = 1.f - float(std::clamp(options.diversity, 0.0, 1.0));
    std::vector<float> maxSim(members.size(), 0.f);
    std::vector<char> taken(members.size(), 0);
    std::vector<int> perArtist;
    std::vector<int> versionsTaken;
    std::vector<Pick> picks;
    while (int(picks.size()) < options.length) {
        // The kind whose turn it is: the one furthest behind its quota (the blend on ties).
        int turn = -1;
        double behind = 0.0;
        for (size_t i = 0; i < kinds.size(); ++i) {
            const Kind& k = kinds[i];
            if (k.exhausted || k.taken >= k.quota) continue;
            const double r = double(k.taken + 1) / double(k.quota);
            if (turn < 0 || r < behind) turn = int(i), behind = r;
        }
        if (turn < 0) {
            // Quotas used up or their kinds exhausted: whatever kind still has candidates.
            for (size_t i = 0; i < kinds.size() && turn < 0; ++i)
                if (!kinds[i].exhausted) turn = int(i);
            if (turn < 0) break;
            ++kinds[size_t(turn)].quota;
        }
        Kind& k = kinds[size_t(turn)];
        const std::vector<float>& value = k.source < 0 ? relevance : k.value;
        int best = -1;
        float bestValue = 0.f;
        for (int c : k.pool) {
            const size_t u = size_t(slotOf[size_t(c)]);
            if (taken[u]) continue;
            const int a = table.artist[size_t(c)];
            if (size_t(a) < perArtist.size() && perArtist[size_t(a)] >= options.maxPerArtist)
                continue;
            if (std::find(versionsTaken.begin(), versionsTaken.end(), table.version[size_t(c)]) !=
                versionsTaken.end())
                continue;
            const float v = lambda * (value[size_t(c)] - k.bottom) / k.span -
                            (1.f - lambda) * std::max(0.f, maxSim[u]);
            if (best < 0 || v > bestValue) best = c, bestValue = v;
        }
        if (best < 0 && !k.whole) {
            // Its pool is used up under the rules (the per-artist cap binds among its best few
            // hundred): it looks at every candidate it can rank, so the playlist still fills
            // whenever enough eligible tracks exist. Nothing changes where the pool sufficed.
            k.pool = bestOf(k, n, &k.whole);
            for (int c : k.pool) {
                if (slotOf[size_t(c)] >= 0) continue;
                slotOf[size_t(c)] = int(members.size());
                members.push_back(c);
                float sim = 0.f;
                for (const Pick& p : picks) sim = std::max(sim, similarity(table, c, p.candidate));
                maxSim.push_back(sim);
                taken.push_back(0);
            }
            continue;
        }
        if (best < 0) {
            // Nothing left this kind may take: its places pass to the blend (or, for the blend,
            // to any other kind).
            k.exhausted = true;
            const int left = std::max(0, k.quota - k.taken);
            k.quota = k.taken;
            if (turn != 0 && !kinds[0].exhausted) kinds[0].quota += left;
            continue;
        }
        taken[size_t(slotOf[size_t(best)])] = 1;
        ++k.taken;
        const int a = table.artist[size_t(best)];
        if (size_t(a) >= perArtist.size()) perArtist.resize(size_t(a) + 1, 0);
        ++perArtist[size_t(a)];
        versionsTaken.push_back(table.version[size_t(best)]);
        picks.push_back({best, blended[size_t(best)], relevance[size_t(best)], k.source});
        for (size_t u = 0; u < members.size(); ++u)
            if (!taken[u]) maxSim[u] = std::max(maxSim[u], similarity(table, members[u], best));
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
