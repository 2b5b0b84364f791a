#include "playlist/CfSource.h"

#include <algorithm>
#include <unordered_map>

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

void CfSource::profileItems(const TasteProfile& profile, std::vector<int32_t>* items,
                            std::vector<float>* strengths) const {
    for (const auto& [track, played] : profile.played) {
        const int c = train_.columnOf(track);
        if (c < 0) continue;
        items->push_back(c);
        strengths->push_back(float(played.plays));
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
    profileItems(profile, &items, &strengths);
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
    const int others = int(near.size());
    near.resize(k);
    const SparseMatrix& m = train_.userItems;
    // The user's tracks and strengths r_uj: the model's row, or the profile for a folded-in user.
    std::vector<int32_t> items;
    std::vector<float> strengths;
    if (row >= 0) {
        for (int64_t a = m.rowStart[size_t(row)]; a < m.rowStart[size_t(row) + 1]; ++a) {
            items.push_back(m.colIndex[size_t(a)]);
            strengths.push_back(m.values[size_t(a)]);
        }
    } else {
        profileItems(profile, &items, &strengths);
    }
    std::unordered_map<int32_t, float> strengthOf;
    for (size_t a = 0; a < items.size(); ++a) strengthOf[items[a]] = strengths[a];

    // Per pick, the user's tracks worth citing, best first. Hu et al.'s term c_uj y_i^T A^-1 y_j
    // is dominated by the user's most played tracks whatever the pick, so each term is weighed
    // by how close the cited track is to the pick (squared cosine of item vectors, 0 when it
    // points away), and only tracks the user played in full (r_uj >= 1) count as evidence.
    std::vector<std::vector<std::pair<float, int32_t>>> ranked(tracks.size());
    std::vector<std::vector<int32_t>> plain(tracks.size());  // by Hu's term alone, positive
    for (size_t t = 0; t < tracks.size(); ++t) {
        const int col = train_.columnOf(tracks[t]);
        SourceEvidence& e = out[t];
        e.neighbours = int(k);
        e.otherListeners = others;
        if (col < 0) continue;
        int count = 0;
        for (const auto& [sim, r] : near) {
            const auto b = m.colIndex.begin() + m.rowStart[size_t(r)];
            const auto end = m.colIndex.begin() + m.rowStart[size_t(r) + 1];
            if (std::binary_search(b, end, col)) ++count;
        }
        e.similarListeners = count;
        const std::vector<ScoredItem> parts =
            row >= 0 ? als_.explain(row, col, int(items.size()))
                     : als_.explainFoldIn(items, strengths, col, int(items.size()));
        for (const ScoredItem& part : parts) {
            if (!(part.score > 0.f)) continue;
            plain[t].push_back(part.item);
            const auto r = strengthOf.find(part.item);
            if (r == strengthOf.end() || r->second < 1.f) continue;
            const float cosine = unitItems_.row(col).dot(unitItems_.row(part.item));
            if (!(cosine > 0.f)) continue;
            ranked[t].push_back({part.score * cosine * cosine, part.item});
        }
        std::sort(ranked[t].begin(), ranked[t].end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
    }
    // At most kMaxCitations picks cite any one track across the list, so the evidence is not
    // the user's favourite every time: the picks with the strongest evidence choose first.
    std::vector<size_t> order(tracks.size());
    for (size_t t = 0; t < order.size(); ++t) order[t] = t;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const float va = ranked[a].empty() ? 0.f : ranked[a].front().first;
        const float vb = ranked[b].empty() ? 0.f : ranked[b].front().first;
        return va != vb ? va > vb : tracks[a] < tracks[b];
    });
    // In rounds: every pick takes its first citation before any takes its second, so one pick's
    // third-best track never uses up another's best.
    std::unordered_map<int32_t, int> cited;
    std::vector<size_t> next(tracks.size(), 0);
    for (int round = 0; round < kBecause; ++round)
        for (size_t t : order) {
            std::vector<Id>& because = out[t].becauseOf;
            if (int(because.size()) != round) continue;  // ran out in an earlier round
            for (; next[t] < ranked[t].size(); ++next[t]) {
                int& n = cited[ranked[t][next[t]].second];
                if (n >= kMaxCitations) continue;
                ++n;
                because.push_back(train_.itemTrack[size_t(ranked[t][next[t]++].second)]);
                break;
            }
        }
    // A pick with nothing near it left: its largest plain contributor still under the cap.
    for (size_t t : order)
        for (size_t i = 0; out[t].becauseOf.empty() && i < plain[t].size(); ++i) {
            int& n = cited[plain[t][i]];
            if (n >= kMaxCitations) continue;
            ++n;
            out[t].becauseOf.push_back(train_.itemTrack[size_t(plain[t][i])]);
        }
    return out;
}

std::span<const float> CfSource::unitVector(Id track) const {
    const int col = train_.columnOf(track);
    if (col < 0) return {};
    return {unitItems_.row(col).data(), size_t(unitItems_.cols())};
}

}  // namespace tl
