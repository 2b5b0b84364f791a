#pragma once

#include <map>
#include <vector>

#include "cf/ImplicitAls.h"
#include "cf/Interactions.h"
#include "playlist/WeeklyPlaylist.h"

namespace tl {

class ProjectStore;

// How one week's playlist did against what the user really discovered that week.
struct PlaylistScore {
    double hitRate = 0.0;         // share of weeks with at least one discovery in the playlist
    double precision = 0.0;       // share of the (judged) playlist the user discovered that week
    double ndcg = 0.0;            // binary-relevance NDCG over the judged list in selection order
    double novelty = 0.0;         // mean self-information -log2((listeners + 1) / (users + 1))
    double diversity = 0.0;       // intra-list diversity: 1 - mean pairwise cosine of CF vectors
    double artistCoverage = 0.0;  // distinct artists / tracks
    // Share of the playlist nobody had played before the week (from the content sources'
    // places). The held-out week judges such a pick only when the user discovered it (then it
    // is a hit); otherwise precision and NDCG leave it out of the list (condensed list, Sakai
    // 2007) rather than count a track nobody could have played as a miss. On the demo, whose
    // unplayed tracks stay unplayed, every cold pick is left out: this is their share.
    double coldPicks = 0.0;
};

struct BacktestOptions {
    int weeks = 8;
    PlaylistSettings settings;  // weights: the blend reported per week
    AlsOptions als;
    InteractionOptions interactions;
    double gridStep = 0.1;  // weights on the simplex in these steps, over the present sources
};

// Why a week does not count in the means.
enum class BacktestSkip {
    None,
    NothingKnownBefore,  // no listens at all before the week: no model to make its playlist
    NoModel,             // listens before it, but its CF model could not be made
    UserNewThatWeek,     // none of this user's listens before it: only a fallback playlist
    NoDiscoveries,       // the user played no track for the first time that week
};

struct BacktestWeek {
    qint64 weekStart = 0;
    int discoveries = 0;  // tracks first played that week (the hits to find)
    int eligible = 0;
    bool modelReused = false;
    bool skipped = false;  // no history before it, or nothing discovered: not averaged
    BacktestSkip whySkipped = BacktestSkip::None;
    PlaylistScore score;  // at the requested weights
};

struct GridPoint {
    std::map<QString, double> weights;
    PlaylistScore mean;  // over the weeks that count
};

// The grid's best point is chosen on the same weeks it is scored on, which flatters it. This
// chooses the best point on the earlier half of the weeks that count and scores it, each single
// source and the requested blend on the later half, which none of them was chosen on.
struct HeldOutCheck {
    int chooseWeeks = 0;  // the earlier weeks that count (0: fewer than two weeks count)
    int scoreWeeks = 0;   // the later ones
    std::map<QString, double> weights;  // best NDCG (then precision) on the choosing weeks
    PlaylistScore chosen;               // that point on the choosing weeks (in-sample)
    PlaylistScore heldOut;              // that point on the later weeks
    PlaylistScore requested;            // the requested blend on the later weeks
    std::map<QString, PlaylistScore> singleSource;  // each source alone, later weeks
};

struct BacktestReport {
    Id userId = 0;
    std::vector<QString> sources;        // present sources, the grid's axes
    std::map<QString, QString> missing;  // sources without a model, and why
    std::map<QString, double> weights;   // the requested blend, normalised over present sources
    std::vector<BacktestWeek> weeks;
    int weeksScored = 0;
    PlaylistScore mean;  // requested weights, averaged over the weeks that count
    std::vector<GridPoint> grid;
    GridPoint best;  // best NDCG (then precision) on the grid; no weights when no week counts
    std::map<QString, PlaylistScore> singleSource;  // each present source alone
    HeldOutCheck heldOut;                           // the best point chosen out of sample
    int modelsTrained = 0;
    int modelsReused = 0;
    // Which of the back-test's own audio models (CNN or ridge) gave the weeks' sound vectors,
    // and why; empty without audio.
    QString audioVectors;
};

// For the user's last `weeks` full weeks, each week's playlist from models that saw only the
// listens before it (trained once, cached per week), scored against the tracks the user first
// played in that week; then the same for every grid point of weights, by re-ranking only.
Result<BacktestReport> runBacktest(ProjectStore& store, Id user, const BacktestOptions& options,
                                   const Progress& progress);

// Why no week of `report` counts, in words for a person (the CLI and the GUI both say it); empty
// when some week does.
QString noWeekScoredReason(const BacktestReport& report);

// The simplex grid: every weight vector over `sources` with entries in multiples of `step`
// summing to 1 (11 points for two sources at 0.1, 66 for three).
std::vector<std::map<QString, double>> weightGrid(const std::vector<QString>& sources, double step);

}  // namespace tl
