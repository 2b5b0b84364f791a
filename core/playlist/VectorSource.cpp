#include "playlist/VectorSource.h"

#include <algorithm>

namespace tl {

VectorSource::VectorSource(QString name, const FactorMatrix& vectors, const std::vector<Id>& tracks,
                           std::unordered_set<Id> played)
    : name_(std::move(name)), unit_(vectors), tracks_(tracks), played_(std::move(played)) {
    for (Eigen::Index r = 0; r < unit_.rows(); ++r) {
        const float n = unit_.row(r).norm();
        if (n > 0.f) unit_.row(r) /= n;
    }
    for (size_t r = 0; r < tracks_.size() && Eigen::Index(r) < unit_.rows(); ++r)
        row_.emplace(tracks_[r], int(r));
}

Eigen::VectorXf VectorSource::profileVector(const TasteProfile& profile) const {
    Eigen::VectorXf v = Eigen::VectorXf::Zero(unit_.cols());
    for (const auto& [track, weight] : profile.profileTracks)
        if (const auto it = row_.find(track); it != row_.end())
            v += weight * unit_.row(it->second).transpose();
    const float n = v.norm();
    return n > 0.f ? Eigen::VectorXf(v / n) : v;
}

std::vector<TrackScore> VectorSource::score(const TasteProfile& profile) const {
    const Eigen::VectorXf p = profileVector(profile);
    if (p.isZero()) return {};
    const Eigen::VectorXf s = unit_ * p;
    std::vector<TrackScore> out(size_t(s.size()));
    for (Eigen::Index r = 0; r < s.size(); ++r) out[size_t(r)] = {tracks_[size_t(r)], s(r)};
    return out;
}

std::vector<SourceEvidence> VectorSource::evidence(const TasteProfile& profile,
                                                   std::span<const Id> tracks) const {
    // Per pick, the user's track it is most similar to; no track is the evidence of more than
    // kMaxCitations picks of one call (one playlist): the closest pairs choose first, and a pick
    // whose nearest track is used up names its next nearest.
    std::vector<SourceEvidence> out(tracks.size());
    std::vector<std::vector<std::pair<float, Id>>> near(tracks.size());
    for (size_t t = 0; t < tracks.size(); ++t) {
        const auto it = row_.find(tracks[t]);
        if (it == row_.end()) continue;
        out[t].coldStart = !played_.empty() && !played_.count(tracks[t]);
        for (const auto& [track, weight] : profile.profileTracks) {
            const auto p = row_.find(track);
            if (p == row_.end() || track == tracks[t]) continue;
            near[t].push_back({unit_.row(p->second).dot(unit_.row(it->second)), track});
        }
        std::sort(near[t].begin(), near[t].end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
    }
    std::vector<size_t> order(tracks.size());
    for (size_t t = 0; t < order.size(); ++t) order[t] = t;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const float va = near[a].empty() ? -2.f : near[a].front().first;
        const float vb = near[b].empty() ? -2.f : near[b].front().first;
        return va != vb ? va > vb : tracks[a] < tracks[b];
    });
    std::unordered_map<Id, int> cited;
    for (size_t t : order)
        for (const auto& [sim, track] : near[t]) {
            int& n = cited[track];
            if (n >= kMaxCitations) continue;
            ++n;
            out[t].becauseOf.push_back(track);
            break;
        }
    return out;
}

std::span<const float> VectorSource::unitVector(Id track) const {
    const auto it = row_.find(track);
    if (it == row_.end()) return {};
    return {unit_.row(it->second).data(), size_t(unit_.cols())};
}

}  // namespace tl
