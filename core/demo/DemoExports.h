// The demo's listening history written as the files people actually export:
// - history/listenbrainz/community.jsonl — one ListenBrainz listen per line, every community user;
// - history/Spotify Extended Streaming History/Streaming_History_Audio_<years>.json — "me"'s
//   Spotify extended streaming history, a JSON array with Spotify's field set and order.
// Track ids (recording MBIDs, Spotify URIs) are the ones the project store holds, so importers
// can be tested against the store.
#pragma once

#include <QString>

#include "demo/DemoModel.h"
#include "job/Progress.h"
#include "job/Status.h"

namespace tl::demo {

inline constexpr const char* kListenBrainzFile = "history/listenbrainz/community.jsonl";
inline constexpr const char* kSpotifyDir = "history/Spotify Extended Streaming History";

Status writeListenBrainz(const World& world, const QString& path, const Progress& progress);

// Writes into `dir`; the file name follows Spotify's ("…_2026.json", "…_2025-2026.json").
Status writeSpotifyHistory(const World& world, const QString& dir, const Progress& progress);

}  // namespace tl::demo
