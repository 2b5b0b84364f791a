// The content models as playlist sources: the text model's LSA track vectors (and, once issue 7
// lands, the audio model's embeddings) handed to VectorSource. Kept apart from WeekSources.h so
// that the week's CF model does not depend on the text module.
#pragma once

#include <vector>

#include "catalog/Catalog.h"
#include "playlist/PlaylistSource.h"

namespace tl {

class ProjectStore;

// Replaces the "text" slot of `slots` with a VectorSource over the project's stored text model
// (its track rows' LSA vectors), when there is one; otherwise the slot stays missing with its
// reason. Tracks without a listen before `weekStart` are flagged cold start. Text is not
// listening data, so a model trained on all of it leaks nothing about the week.
void addTextSource(std::vector<SourceSlot>& slots, const ProjectStore& store,
                   const std::vector<Listen>& listens, qint64 weekStart);

}  // namespace tl
