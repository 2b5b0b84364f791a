// Every content model that can join a week's playlist sources, in one list: the weekly playlist
// and the back-test both call addContentSources(), so a new content model is one line in
// ContentSourceList.cpp and reaches both.
#pragma once

#include <vector>

#include "catalog/Catalog.h"
#include "playlist/PlaylistSource.h"

namespace tl {

class ProjectStore;

// Fills the content slots of `slots` (text now; audio once its adder is listed) from the
// project's stored models. Content is not listening data, so one model serves every week; only
// the cold-start flags depend on the week (tracks without a listen before `weekStart`).
void addContentSources(std::vector<SourceSlot>& slots, const ProjectStore& store,
                       const std::vector<Listen>& listens, qint64 weekStart);

}  // namespace tl
