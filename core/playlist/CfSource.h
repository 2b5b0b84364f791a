#pragma once

#include <memory>

#include "cf/CfModel.h"
#include "cf/Interactions.h"
#include "playlist/PlaylistSource.h"

namespace tl {

// Collaborative filtering as a playlist source: scores are x_u . y_i of an ALS model trained on
// listens before the week; evidence is the user's own tracks that contribute most to the score
// (ImplicitAls::explain, Hu et al. 2008 section 5) and how many of the user's nearest listeners
// (cosine of user vectors) play the track.
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

private:
    Eigen::VectorXf userVector(const TasteProfile& profile, int* row) const;

    ImplicitAls als_;
    Interactions train_;
    FactorMatrix unitItems_;  // rows of Y scaled to unit length
    int neighbours_;
};

}  // namespace tl
