// What a back-test keeps between weight changes: for every past week, the candidate table
// prepared from models that saw only the listens before it, and the tracks the user really
// discovered in it. Scoring a weight vector is then a re-rank per week — no model, no store,
// no candidate recomputed — fast enough for a slider (BENCHMARKS.md).
#pragma once

#include <memory>
#include <unordered_set>

#include "playlist/Backtest.h"

namespace tl {

class PopularitySource;

struct BacktestWeekState {
    BacktestWeek week;      // week start, discoveries, eligible, reused, skipped (score unset)
    bool prepared = false;  // false when no model could see anything before the week
    PreparedWeek table;     // the week's sources, profile and normalised candidates
    std::unordered_set<Id> discovered;             // first played in the week: the hits
    const PopularitySource* popularity = nullptr;  // for novelty; points into table.sources
};

struct BacktestSession {
    Id userId = 0;
    PlaylistSettings settings;             // the rules every week is re-ranked with
    std::vector<QString> sources;          // present sources (table columns), the grid's axes
    std::map<QString, QString> missing;    // missing sources and why
    std::vector<BacktestWeekState> weeks;  // oldest first
    int weeksScored = 0;                   // weeks that count in a mean
    int modelsTrained = 0;
    int modelsReused = 0;
    bool audioTrained = false;  // the back-test's own audio model (BacktestAudio.h) was trained
    bool audioReused = false;   // ... or reused from the project's cache
    QString audioVectors;       // which audio model's vectors the weeks use, and why

    // The mean over the weeks that count of each week's playlist at `weights` (by source name;
    // missing or unknown names count 0, the rest are normalised to sum 1). With `perWeek`, every
    // prepared week's score too (skipped weeks included, in `weeks` order). Thread-safe.
    PlaylistScore score(const std::map<QString, double>& weights,
                        std::vector<PlaylistScore>* perWeek = nullptr) const;
    // score() of every weight vector, on all cores; empty when cancelled. With `perWeek`, each
    // vector's per-week scores too (as score() gives them).
    std::vector<PlaylistScore> scoreAll(
        const std::vector<std::map<QString, double>>& weights, const Progress& progress,
        std::vector<std::vector<PlaylistScore>>* perWeek = nullptr) const;
    // `weights` restricted to the present sources and normalised to sum 1 (all 0 if none > 0).
    std::map<QString, double> normalised(const std::map<QString, double>& weights) const;
};

// Trains (or reuses) each past week's CF model, adds the content sources and prepares every
// week. Newly trained week models are written in one transaction at the end, so a cancel leaves
// the project as it was. `listens` are the project's (loadListens).
Result<std::shared_ptr<BacktestSession>> openBacktestSession(ProjectStore& store,
                                                             const std::vector<Listen>& listens,
                                                             Id user,
                                                             const BacktestOptions& options,
                                                             const Progress& progress);
Result<std::shared_ptr<BacktestSession>> openBacktestSession(ProjectStore& store, Id user,
                                                             const BacktestOptions& options,
                                                             const Progress& progress);

// The report of a session: each week and the mean at `weights`, the grid at `gridStep` with its
// best point, and every present source alone.
Result<BacktestReport> backtestReport(const BacktestSession& session,
                                      const std::map<QString, double>& weights, double gridStep,
                                      const Progress& progress);

}  // namespace tl
