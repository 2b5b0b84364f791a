#pragma once

#include <unordered_map>
#include <vector>

#include "catalog/Catalog.h"

namespace tl {

struct PlayedTrack {
    int plays = 0;
    qint64 lastPlayed = 0;
};

struct ProfileOptions {
    int recentWeeks = 12;        // the profile is the user's listening in these weeks before W
    double halfLifeDays = 28.0;  // a play this old counts half
    int maxTracks = 300;         // the heaviest tracks kept in the profile
};

// What user U had listened to before week W: everything the playlist may use about U.
struct TasteProfile {
    Id userId = 0;
    qint64 weekStart = 0;
    std::unordered_map<Id, PlayedTrack> played;  // every track played before W
    // Recent tracks weighted by recency and play count (sum over plays of 0.5^(age/half-life)),
    // heaviest first: the profile vector sources average.
    std::vector<std::pair<Id, float>> profileTracks;
    std::unordered_map<Id, double> artistPlays;  // plays per artist before W
    double topArtistPlays = 0.0;
    bool empty() const { return played.empty(); }
};

TasteProfile buildTasteProfile(const std::vector<Listen>& listens, Id user, qint64 weekStart,
                               const std::unordered_map<Id, Id>& trackArtist,
                               const ProfileOptions& options = {});

}  // namespace tl
