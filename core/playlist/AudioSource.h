#pragma once

#include "playlist/VectorSource.h"

namespace tl {

// The audio model as a playlist source, scored the CF way (van den Oord et al. 2013): a track's
// score is x_u . v_i, v_i the CF vector the network predicted from its sound. x_u is the user's
// CF vector in the predicted vectors' own space, solved like an implicit-ALS user row (Hu et al.
// 2008) against them: min sum_i c_i (p_i - x . v_i)^2 + lambda |x|^2 over every track with
// audio, p_i = 1 and c_i = 1 + alpha w_i for the profile's tracks (recency-weighted plays before
// the week). Solving it here rather than taking the week's CF row keeps both sides in one basis
// (each ALS fit has its own) and uses nothing from after the week. Every track with audio can be
// scored, so cold-start tracks (no listens before the week) become recommendable; evidence and
// unit vectors are VectorSource's (cosine of predicted vectors).
class AudioCfSource : public VectorSource {
public:
    AudioCfSource(const FactorMatrix& predicted, const std::vector<Id>& tracks,
                  std::unordered_set<Id> played, float alpha = 1.0f, float lambda = 1.0f);
    std::vector<TrackScore> score(const TasteProfile& profile) const override;
    // The user vector score() uses; zero when no profile track has audio.
    Eigen::VectorXf userVector(const TasteProfile& profile) const;

private:
    FactorMatrix vectors_;
    std::vector<Id> trackIds_;
    std::unordered_map<Id, int> rowOf_;
    Eigen::MatrixXf gram_;  // V^T V
    float alpha_, lambda_;
};

}  // namespace tl
