// How big each demo size is and when its listening happens. Every figure the generator scales
// lives here, so "how large is medium" has one answer.
#pragma once

#include <QtGlobal>

#include "demo/DemoWorld.h"

namespace tl::demo {

struct DemoPlan {
    int genres = 8;
    int artistsPerGenre = 6;
    int minTracksPerArtist = 3;
    int maxTracksPerArtist = 7;
    int audioTracks = 100;     // tracks with a file in the music folder, cold start included
    int coldStartTracks = 10;  // files nobody has played: new releases
    int communityUsers = 39;   // plus "me"

    // Listening: sessions per week (community users vary around the mean), tracks per session.
    double communitySessionsPerWeek = 3.0;
    double meSessionsPerWeek = 8.0;
    double meanSessionTracks = 7.0;

    // Audio: clip length and the share of files in each format / rate / channel layout. Vorbis
    // encodes ~7x slower than FLAC here, so it stays a minority.
    double clipSeconds = 10.0;
    double oggShare = 0.08;
    double wavShare = 0.06;
    double rate44kShare = 0.08;
    double stereoShare = 0.06;

    double textCoverage = 0.9;  // share of artists with a text document
};

DemoPlan demoPlan(DemoSize size);

// The listening window: kWeeks whole weeks ending at a fixed Monday, chosen from nothing
// time-dependent so the same seed gives the same timestamps whenever it runs. The last
// kDiscoveryWeeks hold the "new to the user" artists that back-tests should find.
inline constexpr int kWeeks = 16;
inline constexpr int kDiscoveryWeeks = 4;
qint64 windowEnd();  // 2026-11-23T00:00:00Z, Unix seconds
inline qint64 windowStart() {
    return windowEnd() - qint64(kWeeks) * 7 * 86400;
}
inline qint64 discoveryStart() {
    return windowEnd() - qint64(kDiscoveryWeeks) * 7 * 86400;
}

}  // namespace tl::demo
