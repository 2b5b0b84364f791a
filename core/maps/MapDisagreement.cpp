#include "maps/MapDisagreement.h"

#include <algorithm>
#include <unordered_set>

namespace tl {

Result<MapDisagreement> neighbourOverlap(const NeighbourSearch& left, const NeighbourSearch& right,
                                         const std::vector<Id>& group, int k,
                                         const Progress& progress) {
    MapDisagreement out;
    out.left = left.source();
    out.right = right.source();
    out.k = std::max(0, k);
    // Each side's rows that the other side has: the only candidates either search considers.
    const auto commonRows = [](const NeighbourSearch& self, const NeighbourSearch& other) {
        std::vector<char> allowed(size_t(self.size()), 0);
        for (int r = 0; r < self.size(); ++r)
            allowed[size_t(r)] = other.hasVector(self.vectors().trackIds[size_t(r)]) ? 1 : 0;
        return allowed;
    };
    const std::vector<char> leftAllowed = commonRows(left, right);
    const std::vector<char> rightAllowed = commonRows(right, left);
    out.commonTracks = int(std::count(leftAllowed.begin(), leftAllowed.end(), char(1)));

    std::unordered_set<Id> seen;
    for (size_t g = 0; g < group.size(); ++g) {
        if (progress.cancelled()) return Status::cancelled();
        const Id track = group[g];
        if (!seen.insert(track).second) continue;  // a group lists each track once
        if (!left.hasVector(track) || !right.hasVector(track)) {
            out.missing.push_back(track);
            continue;
        }
        const std::vector<NearTrack> a = left.nearest(track, out.k, &leftAllowed);
        const std::vector<NearTrack> b = right.nearest(track, out.k, &rightAllowed);
        std::unordered_set<Id> inB;
        for (const NearTrack& n : b) inB.insert(n.trackId);
        TrackOverlap t;
        t.trackId = track;
        t.k = int(std::min(a.size(), b.size()));
        for (const NearTrack& n : a) t.shared += int(inB.count(n.trackId));
        out.tracks.push_back(t);
        progress.report(double(g + 1) / double(group.size()));
    }
    std::sort(
        out.tracks.begin(), out.tracks.end(), [](const TrackOverlap& x, const TrackOverlap& y) {
            return x.overlap() != y.overlap() ? x.overlap() < y.overlap() : x.trackId < y.trackId;
        });
    if (!out.tracks.empty()) {
        for (const TrackOverlap& t : out.tracks) {
            out.meanShared += t.shared;
            out.meanOverlap += t.overlap();
        }
        out.meanShared /= double(out.tracks.size());
        out.meanOverlap /= double(out.tracks.size());
    }
    return out;
}

}  // namespace tl
