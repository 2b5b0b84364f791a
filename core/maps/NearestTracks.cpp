#include "maps/NearestTracks.h"

#include <algorithm>
#include <cmath>

#include "store/ProjectStore.h"

namespace tl {

std::vector<NearTrack> nearestTracks(const SourceVectors& v, Id track, int k) {
    const auto at = std::find(v.trackIds.begin(), v.trackIds.end(), track);
    if (at == v.trackIds.end() || k <= 0) return {};
    const Eigen::Index q = Eigen::Index(at - v.trackIds.begin());
    const bool cosine = v.metric == MapMetric::Cosine;
    const double qNorm = double(v.vectors.row(q).norm());
    if (cosine && !(qNorm > 0.0)) return {};
    std::vector<NearTrack> all;
    all.reserve(v.trackIds.size());
    for (Eigen::Index r = 0; r < v.vectors.rows(); ++r) {
        if (r == q) continue;
        double d = 0;
        if (cosine) {
            const double norm = double(v.vectors.row(r).norm());
            if (!(norm > 0.0)) continue;  // no opinion about this track
            d = 1.0 - double(v.vectors.row(r).dot(v.vectors.row(q))) / (norm * qNorm);
        } else {
            d = double((v.vectors.row(r) - v.vectors.row(q)).norm());
        }
        if (std::isfinite(d)) all.push_back({v.trackIds[size_t(r)], d});
    }
    const size_t n = std::min(all.size(), size_t(k));
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(n), all.end(),
                      [](const NearTrack& a, const NearTrack& b) {
                          return a.distance != b.distance ? a.distance < b.distance
                                                          : a.trackId < b.trackId;
                      });
    all.resize(n);
    return all;
}

Result<QString> soundsLikeSource(const ProjectStore& store) {
    if (mapSourceTrained(store, QStringLiteral("audio")).isOk()) return QStringLiteral("audio");
    const Status sound = mapSourceTrained(store, QStringLiteral("sound"));
    if (sound.isOk()) return QStringLiteral("sound");
    return sound;
}

}  // namespace tl
