#include "demo/DemoPlan.h"

#include <QDateTime>

namespace tl::demo {

DemoPlan demoPlan(DemoSize size) {
    DemoPlan plan;  // the defaults are "small": the tests' world, a few seconds to generate
    switch (size) {
        case DemoSize::Small:
            break;
        case DemoSize::Medium:
            plan.genres = 10;
            plan.artistsPerGenre = 30;
            plan.minTracksPerArtist = 6;
            plan.maxTracksPerArtist = 14;
            plan.audioTracks = 1000;
            plan.coldStartTracks = 60;
            plan.communityUsers = 299;
            break;
        case DemoSize::Large:
            plan.genres = 12;
            plan.artistsPerGenre = 70;
            plan.minTracksPerArtist = 6;
            plan.maxTracksPerArtist = 18;
            plan.audioTracks = 3000;
            plan.coldStartTracks = 150;
            plan.communityUsers = 999;
            break;
    }
    return plan;
}

qint64 windowEnd() {
    return QDateTime(QDate(2026, 11, 23), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
}

}  // namespace tl::demo
