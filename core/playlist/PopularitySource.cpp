#include "playlist/PopularitySource.h"

#include <cmath>
#include <unordered_set>

namespace tl {

PopularitySource::PopularitySource(const Interactions& train) {
    const SparseMatrix& m = train.userItems;
    std::vector<std::unordered_set<Id>> users(size_t(m.cols));
    for (int r = 0; r < m.rows; ++r)
        for (int64_t e = m.rowStart[size_t(r)]; e < m.rowStart[size_t(r) + 1]; ++e)
            users[size_t(m.colIndex[size_t(e)])].insert(train.rowUser[size_t(r)]);
    std::unordered_set<Id> everyone(train.rowUser.begin(), train.rowUser.end());
    users_ = int(everyone.size());
    for (int c = 0; c < m.cols; ++c)
        listeners_[train.itemTrack[size_t(c)]] = int(users[size_t(c)].size());
}

int PopularitySource::listeners(Id track) const {
    const auto it = listeners_.find(track);
    return it == listeners_.end() ? 0 : it->second;
}

std::vector<TrackScore> PopularitySource::score(const TasteProfile&) const {
    std::vector<TrackScore> out;
    out.reserve(listeners_.size());
    for (const auto& [track, n] : listeners_) out.push_back({track, std::log1p(float(n))});
    return out;
}

std::vector<SourceEvidence> PopularitySource::evidence(const TasteProfile&,
                                                       std::span<const Id> tracks) const {
    std::vector<SourceEvidence> out(tracks.size());
    for (size_t t = 0; t < tracks.size(); ++t) out[t].listeners = listeners(tracks[t]);
    return out;
}

}  // namespace tl
