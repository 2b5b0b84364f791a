// A track's nearest tracks in one source's vectors: "sounds like" for a music folder with no
// history (the analysed descriptors, or the audio model's embeddings when trained), and the
// CLI's `similar` for any source.
#pragma once

#include <QString>
#include <vector>

#include "catalog/Catalog.h"
#include "job/Result.h"
#include "maps/VectorSources.h"

namespace tl {

class ProjectStore;

struct NearTrack {
    Id trackId = 0;
    double distance = 0;  // the source's metric: 1 - cosine, or Euclidean
};

// The `k` tracks nearest `track` by the source's own metric, nearest first (ties by track id),
// the track itself left out; empty when the track has no vector (or a zero one, for cosine).
std::vector<NearTrack> nearestTracks(const SourceVectors& vectors, Id track, int k);

// The source that says what a track sounds like: the audio model's embeddings when it is
// trained, else the analysed descriptors ("sound"); an error (with its remedy) when neither.
Result<QString> soundsLikeSource(const ProjectStore& store);

}  // namespace tl
