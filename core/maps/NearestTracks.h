// A track's nearest tracks in one source's vectors, by exact search in the model's own space:
// "sounds like" for a music folder with no history (the analysed descriptors, or the audio
// model's embeddings when trained), the CLI's `similar` for any source, and the map's list of a
// selected track's neighbours for each source.
#pragma once

#include <QString>
#include <memory>
#include <unordered_map>
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

// How the list names a source's metric in its header: "cosine distance", "Euclidean distance".
QString distanceName(MapMetric metric);

// One source's vectors prepared for repeated exact queries: the row of each track and each
// row's norm are computed once, so a query is one pass over the rows (a dot product each, in
// double precision). Exhaustive on purpose: the list a curator reads is the true one, and one
// query over 100,000 x 64 takes a few milliseconds (BENCHMARKS.md, "Neighbour list").
class NeighbourSearch {
public:
    explicit NeighbourSearch(std::shared_ptr<const SourceVectors> vectors);

    const SourceVectors& vectors() const { return *vectors_; }
    const QString& source() const { return vectors_->source; }
    MapMetric metric() const { return vectors_->metric; }
    int size() const { return int(vectors_->trackIds.size()); }
    int rowOf(Id track) const;  // -1 when the source has no vector for it
    // Whether the track can be asked about: it has a row, and (cosine) a direction.
    bool hasVector(Id track) const;

    // The `k` tracks nearest `track` by the source's own metric, nearest first (ties by track
    // id), the track itself left out; tracks with a zero vector under cosine have no distance
    // and are left out too. With `allowedRows` (one flag per row), only those rows compete.
    // Empty when the track has no vector.
    std::vector<NearTrack> nearest(Id track, int k,
                                   const std::vector<char>* allowedRows = nullptr) const;

private:
    std::shared_ptr<const SourceVectors> vectors_;
    std::unordered_map<Id, int> rowOf_;
    std::vector<double> norms_;
};

// The `k` tracks nearest `track` by the source's own metric, as NeighbourSearch::nearest (one
// query: the preparation is not kept).
std::vector<NearTrack> nearestTracks(const SourceVectors& vectors, Id track, int k);

// Why `source` has no vector for `track`, in one sentence a person can act on, e.g. "No CF
// vector: nobody has played it." Asks the project what the model needs (listens, a linked and
// analysed audio file, text); `vectors` is what the source has (null when it could not be
// loaded, `loadError` then says why).
QString missingVectorReason(const ProjectStore& store, const QString& source, Id track,
                            const SourceVectors* vectors, const QString& loadError = {});

// The source that says what a track sounds like: the audio model's embeddings when it is
// trained, else the analysed descriptors ("sound"); an error (with its remedy) when neither.
Result<QString> soundsLikeSource(const ProjectStore& store);

}  // namespace tl
