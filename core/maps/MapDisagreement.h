// How differently two sources (e.g. CF and audio) place the same tracks, measured in the models'
// own spaces rather than on their 2-D maps: for each track of a group, how many of its k nearest
// neighbours in one source are also among its k nearest in the other (neighbour overlap). The
// side-by-side map draws lines between a group's two positions and lists these figures, the
// tracks the two models disagree on most first.
#pragma once

#include <vector>

#include "catalog/Catalog.h"
#include "job/Progress.h"
#include "job/Result.h"
#include "maps/NearestTracks.h"

namespace tl {

struct TrackOverlap {
    Id trackId = 0;
    int shared = 0;  // neighbours in both lists
    int k = 0;       // neighbours compared (k, or fewer when fewer tracks are shared)
    double overlap() const { return k > 0 ? double(shared) / double(k) : 0.0; }
};

struct MapDisagreement {
    QString left, right;  // the two sources
    int k = 0;
    // One per group track that both sources have a vector for, the least overlap (the most
    // disagreement) first; ties by track id.
    std::vector<TrackOverlap> tracks;
    std::vector<Id> missing;   // group tracks one of the sources has no vector for
    int commonTracks = 0;      // tracks both sources have: the only ones that compete
    double meanShared = 0.0;   // mean of `shared` over `tracks`
    double meanOverlap = 0.0;  // mean of shared / k over `tracks`
};

// The neighbour overlap of each `group` track between two sources, with k neighbours each. Both
// searches are exact and run over the tracks both sources have, so a track one model lacks can
// never count as a disagreement. Errors only when cancelled.
Result<MapDisagreement> neighbourOverlap(const NeighbourSearch& left, const NeighbourSearch& right,
                                         const std::vector<Id>& group, int k,
                                         const Progress& progress = Progress());

}  // namespace tl
