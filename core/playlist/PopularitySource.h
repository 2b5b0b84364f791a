#pragma once

#include <unordered_map>

#include "cf/Interactions.h"
#include "playlist/PlaylistSource.h"

namespace tl {

// What most listeners played before the week: the baseline, the second source the back-test
// blends with CF while text and audio are not there yet, and the fallback for a user with no
// history (log(1 + listeners), so a hit does not drown everything else).
class PopularitySource : public PlaylistSource {
public:
    explicit PopularitySource(const Interactions& train);
    QString name() const override { return QStringLiteral("popularity"); }
    std::vector<TrackScore> score(const TasteProfile& profile) const override;
    std::vector<SourceEvidence> evidence(const TasteProfile& profile,
                                         std::span<const Id> tracks) const override;
    int listeners(Id track) const;
    int totalListeners() const { return users_; }

private:
    std::unordered_map<Id, int> listeners_;
    int users_ = 0;
};

}  // namespace tl
