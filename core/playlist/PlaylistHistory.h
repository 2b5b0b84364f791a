#pragma once

#include <vector>

#include "job/Result.h"
#include "playlist/WeeklyPlaylist.h"

namespace tl {

class ProjectStore;

// Saved weekly playlists, one per user, week and mode, in the project's results table (kind
// "playlist.weekly", key "<user id>/<ISO week>/<mode>", data = the playlist's JSON with its
// weights, seed, mode and explanations). Saving the same week again replaces it; earlier weeks
// stay as history.
Status savePlaylist(ProjectStore& store, const WeeklyPlaylist& playlist);
Result<WeeklyPlaylist> loadPlaylist(const ProjectStore& store, Id user, const QString& week,
                                    PlaylistMode mode);
// The saved weeks of a user, oldest first ("2026-W46/blend", …).
std::vector<QString> playlistHistory(ProjectStore& store, Id user);

}  // namespace tl
