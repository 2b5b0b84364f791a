// Names and identifiers for the demo world: artist, track, album and user names that are safe as
// file names, and deterministic MusicBrainz-, ListenBrainz- and Spotify-shaped ids.
#pragma once

#include <QString>
#include <set>

#include "demo/DemoRandom.h"

namespace tl::demo {

// Each returns a name not yet in `taken` and adds it there. Names use ASCII letters, digits and
// spaces only, so they are valid file names everywhere.
QString makeArtistName(Rng& rng, std::set<QString>& taken);
QString makeTrackTitle(Rng& rng, std::set<QString>& taken);
QString makeAlbumTitle(Rng& rng, std::set<QString>& taken);
QString makeUserName(Rng& rng, std::set<QString>& taken);

// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (a version-4 UUID shape) from the world seed, a kind
// ("artist", "recording", …) and an index.
QString makeUuid(quint64 worldSeed, std::string_view kind, quint64 index);
// "spotify:track:" + 22 base-62 characters.
QString makeSpotifyTrackUri(quint64 worldSeed, quint64 trackIndex);

}  // namespace tl::demo
