#pragma once

#include "cf/CfModel.h"
#include "job/Result.h"
#include "playlist/PlaylistSource.h"
#include "store/ProjectStore.h"

namespace tl {

class ProjectStore;

// A CF model that saw only listens before `weekStart`. The project's own model ("cf.als",
// trained by trainCf) serves when the week starts after every listen and it was trained on the
// current listens (else trainCf retrains it); for an earlier week one is trained on the listens
// before the week and cached as result kind "playlist.cf", key the ISO week, fingerprinted by those
// listens and settings, so a back-test or a slider never retrains it. An imported model
// ("external") is never retrained here: when the listens changed since its export it serves as it
// is, on its own rows and columns, and `note` says so.
struct WeekModel {
    CfModel model;
    Interactions train;
    bool reused = false;
    QString note;  // said with the week (a warning): e.g. an imported model older than the listens
};
Result<WeekModel> cfModelBefore(ProjectStore& store, const std::vector<Listen>& listens,
                                qint64 weekStart, const AlsOptions& defaultAls,
                                const InteractionOptions& defaultInteractions,
                                const Progress& progress,
                                std::vector<StoredResult>* deferred = nullptr);
// (The settings are the project model's where it has one; the defaults only where it has none.)
// With `deferred`, a newly trained week model is appended there instead of being written, so a
// caller that trains several (the back-test) writes them in one transaction at its end and a
// cancel leaves the project as it was.

// The sources for a week: CF and popularity from the listens before it; text and audio are
// reported missing until their models exist (their VectorSource plugs in here).
std::vector<SourceSlot> weekSources(const WeekModel& cf);

}  // namespace tl
