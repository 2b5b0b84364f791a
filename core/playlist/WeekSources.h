#pragma once

#include "cf/CfModel.h"
#include "job/Result.h"
#include "playlist/PlaylistSource.h"

namespace tl {

class ProjectStore;

// A CF model that saw only listens before `weekStart`. The project's own model ("cf.als",
// trained by trainCf) serves when the week starts after every listen and its fingerprint fits;
// otherwise one is trained on the listens before the week and cached as result kind
// "playlist.cf", key the ISO week, fingerprinted by those listens and settings, so a back-test
// or a slider never retrains it.
struct WeekModel {
    CfModel model;
    Interactions train;
    bool reused = false;
};
Result<WeekModel> cfModelBefore(ProjectStore& store, const std::vector<Listen>& listens,
                                qint64 weekStart, const AlsOptions& als,
                                const InteractionOptions& interactions, const Progress& progress);

// The sources for a week: CF and popularity from the listens before it; text and audio are
// reported missing until their models exist (their VectorSource plugs in here).
std::vector<SourceSlot> weekSources(const WeekModel& cf);

}  // namespace tl
