#include "playlist/CfSource.h"

#include <algorithm>

namespace tl {

CfSource::CfSource(const CfModel& model, Interactions train, int neighbours)
    : als_(model.als), train_(std::move(train)), neighbours_(neighbours) {
    als_.setFactors(model.userFactors, model.itemFactors);
    als_.prepareForQueries();
    als_.setInteractions(train_.userItems);
    unitItems_ = model.itemFactors;
    for (Eigen::Index r = 0; r < unitItems_.rows(); ++r) {
        const float n = unitItems_.row(r).norm();
        if (n > 0.f) unitItems_.row(r) /= n;
    }
}

Eigen::VectorXf CfSource::userVector(const TasteProfile& profile, int* row) const {
    *row = train_.sessionRows ? -1 : train_.rowOf(profile.userId);
    if (*row >= 0 && *row < als_.userFactors().rows())
        return als_.userFactors().row(*row).transpose();
    *row = -1;
    // Not a row of the model (a session-rows model, or the user joined later): fold in.
    std::vector<int32_t> items;
    std::vector<float> strengths;
    for (const auto& [track, played] : profile.played) {
        const int c = train_.columnOf(track);
        if (c < 0) continue;
        items.push_back(c);
        strengths.push_back(float(played.plays));
    }
    return als_.foldIn(items, strengths);
}

std::vector<TrackScore> CfSource::score(const TasteProfile& profile) const {
    if (profile.empty()) return {};
    int row = -1;
    const Eigen::VectorXf x = userVector(profile, &row);
    const Eigen::VectorXf s = als_.itemFactors() * x;
    std::vector<TrackScore> out(size_t(s.size()));
    for (Eigen::Index i = 0; i < s.size(); ++i)
        out[size_t(i)] = {train_.itemTrack[size_t(i)], s(i)};
    return out;
}

std::vector<TrackScore> CfSource::top(const TasteProfile& profile, int n) const {
    std::vector<TrackScore> all = score(profile);
    const auto better = [](const TrackScore& a, const TrackScore& b) {
        return a.score != b.score ? a.score > b.score : a.track < b.track;
    };
    if (all.size() > size_t(n)) {
        std::partial_sort(all.begin(), all.begin() + n, all.end(), better);
        all.resize(size_t(n));
    } else {
        std::sort(all.begin(), all.end(), better);
    }
    return all;
}

std::vector<SourceEvidence> CfSource::evidence(const TasteProfile& profile,
                                               std::span<const Id> tracks) const {
    std::vector<SourceEvidence> out(tracks.size());
    if (profile.empty()) return out;
    int row = -1;
    const Eigen::VectorXf x = userVector(profile, &row);
    // The user's nearest listeners by cosine of user vectors (the user's own row left out).
    const FactorMatrix& X = als_.userFactors();
    std::vector<std::pair<float, int>> near;
    const float xn = std::max(x.norm(), 1e-12f);
    for (Eigen::Index r = 0; r < X.rows(); ++r) {
        if (int(r) == row || (row < 0 && train_.rowUser[size_t(r)] == profile.userId)) continue;
        near.push_back({X.row(r).dot(x) / (xn * std::max(X.row(r).norm(), 1e-12f)), int(r)});
    }
    const size_t k = std::min(near.size(), size_t(std::max(0, neighbours_)));
    std::partial_sort(near.begin(), near.begin() + ptrdiff_t(k), near.end(),
                      [](const auto& a, const auto& b) {
                          return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    near.resize(k);
    const SparseMatrix& m = train_.userItems;
    for (size_t t = 0; t < tracks.size(); ++t) {
        const int col = train_.columnOf(tracks[t]);
        SourceEvidence& e = out[t];
        e.neighbours = int(k);
        if (col < 0) continue;
        int count = 0;
        for (const auto& [sim, r] : near) {
            const auto b = m.colIndex.begin() + m.rowStart[size_t(r)];
            const auto end = m.colIndex.begin() + m.rowStart[size_t(r) + 1];
            if (std::binary_search(b, end, col)) ++count;
        }
        e.similarListeners = count;
        if (row >= 0) {
            for (const ScoredItem& part : als_.explain(row, col, 3))
                if (part.score > 0.f) e.becauseOf.push_back(train_.itemTrack[size_t(part.item)]);
        }
    }
    return out;
}

std::span<const float> CfSource::unitVector(Id track) const {
    const int col = train_.columnOf(track);
    if (col < 0) return {};
    return {unitItems_.row(col).data(), size_t(unitItems_.cols())};
}

}  // namespace tl
