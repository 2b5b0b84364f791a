// The blend as a week uses it: which weights a playlist was made with, compared with the
// weights the desktop app's sliders (the project's blend) say now.
#pragma once

#include <QString>
#include <map>

#include "playlist/WeeklyPlaylist.h"

namespace tl {

// The weights `playlist` would carry had it been made with `blend`: `blend` normalised over the
// week's sources that are present (a missing one at 0), as finishPlaylist does. Empty when the
// playlist takes no weights (the ListenBrainz modes, a popularity fallback) or `blend` gives
// the present sources nothing.
std::map<QString, double> blendAsUsed(const WeeklyPlaylist& playlist,
                                      const std::map<QString, double>& blend);

// True when the playlist was made with other weights than `blend` would give it: re-ranking it
// with the blend (or generating it again) would change what it says. False for a playlist that
// takes no weights.
bool madeWithOtherWeights(const WeeklyPlaylist& playlist, const std::map<QString, double>& blend);

}  // namespace tl
