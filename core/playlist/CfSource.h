#pragma once

#include <memory>

#include "cf/CfModel.h"
#include "cf/Interactions.h"
#include "playlist/PlaylistSource.h"

namespace tl {

// Collaborative filtering as a playlist source: scores are x_u . y_i of an ALS model trained on
// listens before the week; evidence is the user's own tracks that contribute most to the score
// (ImplicitAls::explain, Hu et al. 2008 section 5) weighed by how near they are to the pick and
// capped per playlist (evidence()), and how many of the user's nearest listeners (cosine of user
// vectors) play the track.
class CfSource : public PlaylistSource {
public:
    // `train` is the matrix the model was fitted on (same rows and columns).
    CfSource(const CfModel& model, Interactions train, int neighbours = 50);

    QString name() const override { return QStringLiteral("cf"); }
    std::vector<TrackScore> score(const TasteProfile& profile) const override;
    std::vector<SourceEvidence> evidence(const TasteProfile& profile,
                                         std::span<const Id> tracks) const override;
    std::span<const float> unitVector(Id track) const override;

    // The top `n` tracks by raw CF score (ListenBrainz's "top 1,000 recommendations").
    std::vector<TrackScore> top(const TasteProfile& profile, int n) const;
    int items() const { return int(train_.itemTrack.size()); }

    // "Because you played": at most this many of the user's tracks per pick, and one track
    // cited by at most kMaxCitations picks of one call (one playlist).
    static constexpr int kBecause = 3;
    static constexpr int kMaxCitations = 5;

private:
    Eigen::VectorXf userVector(const TasteProfile& profile, int* row) const;
    void profileItems(const TasteProfile& profile, std::vector<int32_t>* items,
                      std::vector<float>* strengths) const;

    ImplicitAls als_;
    Interactions train_;
    FactorMatrix unitItems_;  // rows of Y scaled to unit length
    int neighbours_;
};

}  // namespace tl
