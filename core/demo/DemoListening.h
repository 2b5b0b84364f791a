// The demo's listening model: who plays what, when, for how long.
//
// Each user listens in sessions (several tracks in a row, more than 30 minutes apart) spread over
// kWeeks weeks. A session keeps to a genre drawn from the user's taste, with occasional switches;
// tracks come from Zipf-popular artists weighted by the user's own affinity, with repeats of
// favourites and runs through one artist. Plays outside the user's taste are skipped more often.
// Some artists each user would like are held back until the last kDiscoveryWeeks, so back-tests
// have real "new to this user" finds to recover.
//
// What is recorded is what the exports can carry: "me" gets every play with its play time and
// skip flag (Spotify's extended history); community users get ListenBrainz scrobbles only
// (played at least half the track or 4 minutes), without play time.
#pragma once

#include "demo/DemoModel.h"
#include "job/Progress.h"
#include "job/Status.h"

namespace tl::demo {

// Fills world.listens (sorted) and each user's favouriteTracks and lateArtists.
Status simulateListening(World& world, const Progress& progress);

}  // namespace tl::demo
