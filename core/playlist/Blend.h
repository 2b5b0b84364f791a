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
    // Source-major like `normalised`: 1 where the source scored the candidate, 0 where it does
    // not know it (its 0 in `normalised` means "unknown", not "worst"). Empty: all known.
    std::vector<uint8_t> known;
    // Per source: 1 for a content source (text, audio), which reaches tracks nobody has played
    // and gets its own places in the playlist (rerank). Empty: none.
    std::vector<uint8_t> content;

    size_t size() const { return tracks.size(); }
    float at(size_t source, size_t candidate) const {
        return normalised[source * tracks.size() + candidate];
    }
    bool knows(size_t source, size_t candidate) const {
        return known.empty() || known[source * tracks.size() + candidate] != 0;
    }
    bool isContent(size_t source) const { return source < content.size() && content[source]; }
};

// Normalises one source's raw scores in place; NaN marks a candidate the source does not know
// and becomes 0. Rank: ties share their mean rank.
void normaliseScores(std::span<float> scores, Normalisation how);

struct RerankOptions {
    int length = 30;
    int maxPerArtist = 2;
    double novelty = 0.1;    // 0: pure blend; 1: only how far the artist is from U's favourites
    double diversity = 0.2;  // MMR trade-off (Carbonell & Goldstein 1998): 0 = pure relevance
    int pool = 0;            // candidates MMR looks at per place kind; 0 = max(300, 10 x length)
    // A content source's places rank by its own score minus this much of CF's (when CF has a
    // weight): what the source brings that listeners like you do not already find, so tracks
    // nobody has played come first among equals.
    double contentMargin = 0.25;
};

struct Pick {
    int candidate = 0;
    float blended = 0.f;    // sum of weight x normalised score
    float relevance = 0.f;  // blended mixed with novelty: what the blend's places rank by
    int slot = -1;          // the content source (table column) whose place it filled; -1: blend
};

// How many of `length` places each table source gets: a content source with weight w gets a
// share w / (sum of weights) of them (largest remainder); every other source's weight goes to
// the blend's places, returned at index sources.size().
std::vector<int> placeQuotas(const CandidateTable& table, std::span<const float> weights,
                             int length);

// Blended score per candidate for weights per table source (>= 0, normalised to sum 1 here).
std::vector<float> blendScores(const CandidateTable& table, std::span<const float> weights);

// Picks up to options.length candidates, in selection order: best relevance first, at most
// maxPerArtist per artist, one version of a song, diversified by maximal marginal relevance on
// the candidates' unit vectors. Deterministic (ties by track id).
// The weights are also shares of the playlist: each weighted content source fills its quota of
// places (placeQuotas) from the candidates it knows, ranked by its own normalised score minus
// contentMargin x CF's, so that a track only sound or text can place (nobody has played it) is
// not lost to the blend of sources that cannot score it. The blend fills the rest, and every
// place kind takes its turn in proportion to its quota under the same rules and MMR. A content
// place that finds nothing left passes to the blend. With no weighted content source this is
// the plain blend.
std::vector<Pick> rerank(const CandidateTable& table, std::span<const float> weights,
                         const RerankOptions& options);

// A pleasant listening order of `picks`: a seeded start among the three best, then each next
// track the most similar to the one before (smooth transitions), a small seeded jitter so each
// week sounds fresh, and no artist twice in a row where it can be helped. Returns indices into
// `picks`.
std::vector<int> pleasantOrder(const CandidateTable& table, const std::vector<Pick>& picks,
                               uint64_t seed);

}  // namespace tl
