// The blend a project uses when nobody chose one. A person's own weights (the sliders, kept as
// the project setting "playlist.weights") always win; without them the default is earned: the
// back-test's held-out choice (HeldOutCheck) once a back-test of the project scored at least
// four weeks, else a CF-heavy blend that the back-tests of the demo worlds support
// (BENCHMARKS.md, "The default blend"). Every place that needs weights asks here, and the CLI
// and the desktop app both say which of the three it is.
#pragma once

#include <QString>
#include <map>

#include "job/Status.h"

namespace tl {

class ProjectStore;
struct BacktestReport;

// A held-out choice needs this many scored weeks (half to choose on, half to check on).
inline constexpr int kMinScoredWeeksForDefault = 4;

struct ProjectBlend {
    enum class Origin {
        Chosen,   // the project's own weights (the sliders, Preferences)
        HeldOut,  // the back-test's held-out choice
        CfHeavy   // the demo-supported default
    };
    std::map<QString, double> weights;
    Origin origin = Origin::CfHeavy;
    // HeldOut: the back-test it comes from. CfHeavy: the last back-test's, when it scored too
    // few weeks to earn a default (0: none stored).
    int scoredWeeks = 0;
    QString userName;
    // CfHeavy although enough weeks were scored: the held-out choice did worse on the later
    // weeks than an alternative measured on the same weeks (the blend in use, or one source
    // alone), so it earned nothing. Its figures, for the sentence.
    QString beatenBy;  // "cf alone", "the blend in use"; empty when not beaten
    double heldOutNdcg = 0.0, beatenByNdcg = 0.0;

    // One sentence for a person: "Default weights: the back-test's held-out choice (6 scored
    // weeks for me).", "Default weights: CF-heavy, as the back-tests of the demo worlds support;
    // run a back-test to earn your own.", "Your weights, kept in the project."
    QString sentence() const;
};

// The default without the project's own weights: the stored held-out choice (the "me" user's
// back-test first, else the latest one) when it scored >= kMinScoredWeeksForDefault weeks and
// its held-out NDCG is no lower than the blend in use's and each single source's on the same
// later weeks, else the CF-heavy blend (cfHeavyDefaultWeights(), WeeklyPlaylist.h).
ProjectBlend defaultBlend(const ProjectStore& store);
// The project's own weights when it has them (Origin::Chosen), else defaultBlend().
ProjectBlend projectBlend(const ProjectStore& store);

// Keeps a back-test's held-out choice in the project (results kind "playlist.blend_choice",
// one per user), so the default can be read without running it again. Nothing is kept when the
// report has no held-out choice.
Status storeBacktestChoice(ProjectStore& store, const BacktestReport& report,
                           const QString& userName);

}  // namespace tl
