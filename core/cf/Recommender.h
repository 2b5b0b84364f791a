#pragma once

#include <QString>
#include <cstdint>
#include <span>
#include <vector>

#include "cf/SparseMatrix.h"
#include "job/Progress.h"
#include "job/Status.h"

namespace tl {

struct ScoredItem {
    int32_t item = 0;
    float score = 0.f;
};

// One small interface for every CF model (after benfred/implicit's fit / recommend /
// similar_items): evaluation and the playlist talk to this, never to a model's internals.
// Users and items are row/column indices of the user x item matrix the model was fitted on.
class Recommender {
public:
    virtual ~Recommender() = default;
    virtual QString name() const = 0;
    virtual Status fit(const SparseMatrix& userItems, const Progress& progress) = 0;

    // Writes a score for every item (higher is better) for a user of the fitted matrix.
    virtual void scoreItems(int user, std::span<float> out) const = 0;
    // The n items most similar to `item`, best first, the item itself excluded.
    virtual std::vector<ScoredItem> similarItems(int item, int n) const = 0;
    // The user's own items that contribute most to `item`'s score, largest first; empty for
    // models that cannot decompose a score.
    virtual std::vector<ScoredItem> explain(int user, int item, int n) const;

    // Top n items for the user; items in row `user` of `exclude` (e.g. what they have heard)
    // are left out when `exclude` is given.
    virtual std::vector<ScoredItem> recommend(int user, int n, const SparseMatrix* exclude) const;
};

// The n best of `scores` (ties broken by lower index, so results are deterministic), skipping
// indices in the sorted list `skip`.
std::vector<ScoredItem> topN(std::span<const float> scores, int n,
                             std::span<const int32_t> skip = {});

}  // namespace tl
