#pragma once

#include <QString>
#include <cstdint>
#include <map>
#include <vector>

#include "catalog/Catalog.h"
#include "cf/Recommender.h"
#include "job/Result.h"

namespace tl {

struct EvalOptions {
    int k = 10;
    int maxUsers = 0;  // 0 = every test user; else a seeded sample
    uint64_t seed = 1;
};

// Ranking metrics over the users with test items, averaged per user, keyed as
// "precision@10", "recall@10", "map@10", "ndcg@10", "hit_rate@10", "auc", "mpr" (expected
// percentile rank, Hu et al. 2008: 0 is best, 0.5 is random), "coverage@10" and "users".
// Items in a user's train row are excluded from the ranking, as a recommender would.
using Metrics = std::map<QString, double>;
Result<Metrics> evaluateRanking(const Recommender& model, const SparseMatrix& train,
                                const SparseMatrix& test, const EvalOptions& options,
                                const Progress& progress);

// The ground-truth genre of each column's track (-1 where unknown); empty when there is no
// ground truth (real data).
std::vector<int> itemGenres(const GroundTruth& truth, const std::vector<Id>& itemTrack);

// Of each item's k nearest neighbours, the share in the same genre (ground truth), averaged
// over the items that have a genre. `similar` returns neighbours by column index.
double neighbourGenrePrecision(const std::vector<int>& itemGenre, int k,
                               const std::function<std::vector<ScoredItem>(int, int)>& similar,
                               int maxItems = 0, uint64_t seed = 1);

}  // namespace tl
