// The content models as playlist sources: the text model's LSA track vectors handed to
// VectorSource, and the audio model's predicted CF vectors scored CF-style (AudioCfSource). Kept
// apart from WeekSources.h so that the week's CF model does not depend on the text module.
#pragma once

#include <vector>

#include "catalog/Catalog.h"
#include "cf/ImplicitAls.h"
#include "playlist/PlaylistSource.h"

namespace tl {

class ProjectStore;

// Replaces the "text" slot of `slots` with a VectorSource over the project's stored text model
// (its track rows' LSA vectors), when there is one; otherwise the slot stays missing with its
// reason. Tracks without a listen before `weekStart` are flagged cold start. Text is not
// listening data, so a model trained on all of it leaks nothing about the week.
void addTextSource(std::vector<SourceSlot>& slots, const ProjectStore& store,
                   const std::vector<Listen>& listens, qint64 weekStart);

// Replaces the "audio" slot with an AudioCfSource over the audio model's predicted CF vectors
// (every track with audio), when the project has them; otherwise the slot stays missing with its
// reason. Tracks without a listen before `weekStart` are flagged cold start.
void addAudioSource(std::vector<SourceSlot>& slots, const ProjectStore& store,
                    const std::vector<Listen>& listens, qint64 weekStart);
// The same over given predicted vectors (the back-test's own audio model, BacktestAudio.h).
void setAudioSource(std::vector<SourceSlot>& slots, const FactorMatrix& predicted,
                    const std::vector<Id>& tracks, const std::vector<Listen>& listens,
                    qint64 weekStart);

}  // namespace tl
