#pragma once

#include <unordered_map>
#include <unordered_set>

#include "cf/ImplicitAls.h"
#include "playlist/PlaylistSource.h"

namespace tl {

// Any model that gives tracks dense vectors: the text model's LSA vectors, audio embeddings,
// CF vectors the audio network predicted for cold-start tracks. The user's profile vector is the
// recency- and play-count-weighted mean of the unit vectors of their recent tracks
// (TasteProfile::profileTracks); a track's score is its cosine to it, and the evidence is the
// user's track it is most similar to (at most kMaxCitations picks a track per playlist).
class VectorSource : public PlaylistSource {
public:
    // `vectors` row r belongs to `tracks[r]`. `played`: tracks with listens before the week;
    // the others are flagged cold start (their vector came from content alone).
    VectorSource(QString name, const FactorMatrix& vectors, const std::vector<Id>& tracks,
                 std::unordered_set<Id> played = {});

    QString name() const override { return name_; }
    std::vector<TrackScore> score(const TasteProfile& profile) const override;
    std::vector<SourceEvidence> evidence(const TasteProfile& profile,
                                         std::span<const Id> tracks) const override;
    std::span<const float> unitVector(Id track) const override;
    bool contentSource() const override { return true; }
    // One user's track is the evidence of at most this many picks of one evidence() call.
    static constexpr int kMaxCitations = 5;

private:
    Eigen::VectorXf profileVector(const TasteProfile& profile) const;

    QString name_;
    FactorMatrix unit_;
    std::vector<Id> tracks_;
    std::unordered_map<Id, int> row_;
    std::unordered_set<Id> played_;
};

}  // namespace tl
