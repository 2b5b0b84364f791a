// What an interactive view keeps between slider moves: one user's week prepared once (catalog,
// the week's CF model, the normalised candidate table), so that re-ranking with new weights is
// a finishPlaylist() call of a few milliseconds and never touches a model or the store.
#pragma once

#include <memory>

#include "playlist/WeekSources.h"
#include "playlist/WeeklyPlaylist.h"

namespace tl {

class ProjectStore;

struct PlaylistSession {
    Id user = 0;
    qint64 weekStart = 0;
    PlaylistSettings settings;
    PlaylistCatalog catalog;
    std::unique_ptr<WeekModel> model;  // the sources point into it: it must not move
    PreparedWeek week;                 // Blend mode
    WeeklyPlaylist fixed;              // Exploration and Jams: generated once, no weights
    bool modelTrained = false;         // false when a stored model was reused

    // The sources by name with why a missing one is missing (empty reason: available).
    std::map<QString, QString> sources() const;
    // The playlist for `weights` (Blend), or the fixed one of the ListenBrainz modes.
    WeeklyPlaylist playlist(const std::map<QString, double>& weights) const;
};

// Loads the catalog and listens, finds or trains the week's CF model, and prepares the week.
// Writes to the store only a newly trained week model (as trainCf and cfModelBefore do).
Result<std::shared_ptr<PlaylistSession>> openPlaylistSession(ProjectStore& store, Id user,
                                                             qint64 weekStart,
                                                             const PlaylistSettings& settings,
                                                             const Progress& progress);

}  // namespace tl
