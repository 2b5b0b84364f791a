#include "playlist/TasteProfile.h"

#include <algorithm>
#include <cmath>

namespace tl {

TasteProfile buildTasteProfile(const std::vector<Listen>& listens, Id user, qint64 weekStart,
                               const std::unordered_map<Id, Id>& trackArtist,
                               const ProfileOptions& options) {
    TasteProfile p;
    p.userId = user;
    p.weekStart = weekStart;
    const qint64 recentFrom = weekStart - qint64(options.recentWeeks) * 7 * 86400;
    const double halfLife = std::max(1.0, options.halfLifeDays) * 86400.0;
    std::unordered_map<Id, double> weight;
    for (const Listen& l : listens) {
        if (l.userId != user || l.endedAt >= weekStart) continue;
        PlayedTrack& t = p.played[l.trackId];
        ++t.plays;
        t.lastPlayed = std::max(t.lastPlayed, l.endedAt);
        if (const auto a = trackArtist.find(l.trackId); a != trackArtist.end())
            p.artistPlays[a->second] += 1.0;
        if (l.endedAt >= recentFrom && !l.skipped)
            weight[l.trackId] += std::exp2(-double(weekStart - l.endedAt) / halfLife);
    }
    for (const auto& [artist, plays] : p.artistPlays)
        p.topArtistPlays = std::max(p.topArtistPlays, plays);
    p.profileTracks.reserve(weight.size());
    for (const auto& [track, w] : weight) p.profileTracks.push_back({track, float(w)});
    std::sort(p.profileTracks.begin(), p.profileTracks.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (p.profileTracks.size() > size_t(options.maxTracks))
        p.profileTracks.resize(size_t(options.maxTracks));
    return p;
}

}  // namespace tl
