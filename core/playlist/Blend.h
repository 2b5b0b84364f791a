#pragma once

#include <QString>
#include <cstdint>
#include <span>
#include <vector>

#include "catalog/Catalog.h"

namespace tl {

enum class Normalisation {
    Rank,   // 1 for a source's best candidate falling linearly to 0 for its worst
    ZScore  // Phi((s - mean) / sd), the normal CDF of the z-score
};

// One user's eligible candidates for one week with every source's score normalised to [0, 1]
// (0 where the source does not know the track): the cache that makes moving a weight a re-rank,
// not a recomputation.
struct CandidateTable {
    std::vector<QString> sources;       // column order of `normalised`
    std::vector<Id> tracks;             // candidate -> track id
    std::vector<int32_t> artist;        // candidate -> dense artist index
    std::vector<int32_t> version;       // candidate -> dense song index (normalised artist + title)
    std::vector<float> novelty;         // candidate -> 1 - plays of its artist / plays of U's top
    std::vector<float> normalised;      // source-major: sources.size() x tracks.size()
    std::vector<const float*> vectors;  // candidate -> unit vector (dims floats) or null
    int dims = 0;

    size_t size() const { return tracks.size(); }
    float at(size_t source, size_t candidate) const {
        return normalised[source * tracks.size() + candidate];
    }
};

// Normalises one source's raw scores in place; NaN marks a candidate the source does not know
// and becomes 0. Rank: ties share their mean rank.
void normaliseScores(std::span<float> scores, Normalisation how);

struct RerankOptions {
    int length = 30;
    int maxPerArtist = 2;
    double novelty = 0.1;    // 0: pure blend; 1: only how far the artist is from U's favourites
    double diversity = 0.2;  // MMR trade-off (Carbonell & Goldstein 1998): 0 = pure relevance
    int pool = 0;            // candidates MMR looks at; 0 = max(300, 10 x length)
};

struct Pick {
    int candidate = 0;
    float blended = 0.f;    // sum of weight x normalised score
    float relevance = 0.f;  // blended mixed with novelty: what MMR ranks by
};

// Blended score per candidate for weights per table source (>= 0, normalised to sum 1 here).
std::vector<float> blendScores(const CandidateTable& table, std::span<const float> weights);

// Picks up to options.length candidates, in selection order: best relevance first, at most
// maxPerArtist per artist, one version of a song, diversified by maximal marginal relevance on
// the candidates' unit vectors. Deterministic (ties by track id).
std::vector<Pick> rerank(const CandidateTable& table, std::span<const float> weights,
                         const RerankOptions& options);

// A pleasant listening order of `picks`: a seeded start among the three best, then each next
// track the most similar to the one before (smooth transitions), a small seeded jitter so each
// week sounds fresh, and no artist twice in a row where it can be helped. Returns indices into
// `picks`.
std::vector<int> pleasantOrder(const CandidateTable& table, const std::vector<Pick>& picks,
                               uint64_t seed);

}  // namespace tl
