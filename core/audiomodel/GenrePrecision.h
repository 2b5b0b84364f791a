// On a demo world (where every track's genre is known), how well a set of track vectors groups
// genres: of each track's k nearest tracks by cosine, the share in its genre.
#pragma once

#include <unordered_set>
#include <vector>

#include "audiomodel/TrackVectors.h"
#include "catalog/Catalog.h"

namespace tl::audiomodel {

struct GenrePrecision {
    double precision = -1;  // -1: no ground truth (real data) or too few tracks
    double chance = -1;     // what random neighbours would score: sum over genres of share^2
    int tracks = 0;         // tracks with a known genre whose neighbourhoods were scored
};

// Every track with a known genre is a neighbour candidate. With `queries`, only those tracks'
// neighbourhoods are scored (held-out tracks the model never trained on, as the audio paper's
// table does); without, every track's.
GenrePrecision genrePrecision(const GroundTruth& truth, const std::vector<Id>& trackIds,
                              const RowMatrix& vectors, int k, int threads = 0,
                              const std::unordered_set<Id>* queries = nullptr);

}  // namespace tl::audiomodel
