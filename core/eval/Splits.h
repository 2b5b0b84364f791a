// core/eval/: how recommendations are judged — train/test splits and ranking metrics, kept apart
// from the models so every model is measured the same way.
#pragma once

#include <cstdint>
#include <vector>

#include "catalog/Catalog.h"
#include "cf/Interactions.h"
#include "cf/SparseMatrix.h"

namespace tl {

// Train and test matrices of the same shape (users x items). A test entry never appears in
// the train row of the same user: what is scored is what the model had to discover.
struct Split {
    SparseMatrix train;
    SparseMatrix test;
};

// Holds out `fraction` of each user's items (users with at least `minItems`), seeded.
Split randomHoldout(const SparseMatrix& m, double fraction, uint64_t seed, int minItems = 2);

// Trains on listens before `weekStart`, tests on the tracks each user played for the first time
// in [weekStart, weekStart + 7 days) ("new to user"), restricted to the train matrix's columns
// (a CF model cannot score a track nobody played before the week).
struct TimeSplit {
    Interactions train;
    SparseMatrix test;
};
TimeSplit timeSplit(const std::vector<Listen>& listens, qint64 weekStart,
                    const InteractionOptions& options);

// The Monday 00:00 UTC that starts the last full week of listens.
qint64 lastFullWeekStart(const std::vector<Listen>& listens);

}  // namespace tl
