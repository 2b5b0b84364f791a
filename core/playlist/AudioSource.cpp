#include "playlist/AudioSource.h"

#include <Eigen/Cholesky>

namespace tl {

AudioCfSource::AudioCfSource(const FactorMatrix& predicted, const std::vector<Id>& tracks,
                             std::unordered_set<Id> played, float alpha, float lambda)
    : VectorSource(QStringLiteral("audio"), predicted, tracks, std::move(played)),
      vectors_(predicted),
      trackIds_(tracks),
      alpha_(alpha),
      lambda_(lambda) {
    for (size_t r = 0; r < trackIds_.size() && Eigen::Index(r) < vectors_.rows(); ++r)
        rowOf_.emplace(trackIds_[r], int(r));
    gram_ = vectors_.transpose() * vectors_;
}

Eigen::VectorXf AudioCfSource::userVector(const TasteProfile& profile) const {
    const Eigen::Index f = vectors_.cols();
    Eigen::MatrixXf a = gram_;
    a.diagonal().array() += lambda_;
    Eigen::VectorXf b = Eigen::VectorXf::Zero(f);
    bool any = false;
    for (const auto& [track, weight] : profile.profileTracks) {
        const auto it = rowOf_.find(track);
        if (it == rowOf_.end() || !(weight > 0.f)) continue;
        const Eigen::VectorXf v = vectors_.row(it->second).transpose();
        const float extra = alpha_ * weight;  // c - 1
        a.noalias() += extra * v * v.transpose();
        b += (1.0f + extra) * v;
        any = true;
    }
    if (!any) return Eigen::VectorXf::Zero(f);
    return a.ldlt().solve(b);
}

std::vector<TrackScore> AudioCfSource::score(const TasteProfile& profile) const {
    const Eigen::VectorXf x = userVector(profile);
    if (x.isZero() || !x.allFinite()) return {};
    const Eigen::VectorXf s = vectors_ * x;
    std::vector<TrackScore> out(size_t(s.size()));
    for (Eigen::Index r = 0; r < s.size(); ++r) out[size_t(r)] = {trackIds_[size_t(r)], s(r)};
    return out;
}

}  // namespace tl
