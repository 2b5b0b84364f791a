#pragma once

#include <map>

#include "cf/Bpr.h"
#include "cf/ImplicitAls.h"
#include "cf/Interactions.h"
#include "eval/Metrics.h"

namespace tl {

class ProjectStore;

struct CfEvalOptions {
    enum class SplitKind { Random, Time };
    SplitKind split = SplitKind::Random;
    double holdout = 0.2;  // Random: share of each user's tracks held out
    qint64 weekStart = 0;  // Time: the test week (0 = the last full week of listens)
    EvalOptions eval;
    AlsOptions als;
    BprOptions bpr;
    InteractionOptions interactions;
};

struct CfEvalReport {
    QString split;  // "random" or "time"
    qint64 weekStart = 0;
    int users = 0;
    int items = 0;
    qint64 trainEntries = 0;
    qint64 testEntries = 0;
    std::map<QString, Metrics> models;  // "als", "bpr", "popularity" -> metric -> value
    std::map<QString, double> fitSeconds;
};

// Splits the project's listens, fits ALS, BPR and popularity on the train part and scores each
// on the held-out part with the same metrics. On demo worlds it also reports each model's
// neighbour genre precision@10 (metric "genre_precision@10").
Result<CfEvalReport> evaluateCf(const ProjectStore& store, const CfEvalOptions& options,
                                const Progress& progress);

}  // namespace tl
