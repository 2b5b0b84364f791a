#pragma once

#include <unordered_map>
#include <vector>

#include "catalog/Catalog.h"
#include "cf/SparseMatrix.h"
#include "job/Progress.h"
#include "job/Result.h"

namespace tl {

class ProjectStore;

// How listens become the implicit-feedback strengths r_ui that CF models learn from.
struct InteractionOptions {
    enum class Strength { PlayCount, PlayMinutes };
    enum class ShortPlays { Drop, Weak };
    enum class Rows { Auto, Users, Sessions };

    Strength strength = Strength::PlayCount;
    int shortPlayMs =
        30000;  // a play shorter than this is "short" (Spotify counts a stream at 30 s)
    ShortPlays shortPlays = ShortPlays::Weak;
    float weakWeight = 0.2f;    // what a short play counts for when ShortPlays::Weak
    bool skipsAreShort = true;  // a play marked skipped counts like a short one
    // Sessions as pseudo-users: with one person's history there is no one to collaborate with,
    // but tracks played in the same session co-occur the way tracks in a playlist do. Auto
    // picks sessions when the history holds a single user.
    Rows rows = Rows::Auto;
    int sessionGapMinutes = 30;
    qint64 before = 0;  // only listens that ended before this Unix time; 0 = all
};

// The user x item matrix with the ids behind its rows and columns. Columns are the tracks with
// at least one counted listen; rows are users (or sessions).
struct Interactions {
    SparseMatrix userItems;
    std::vector<Id> rowUser;    // row -> user id (for session rows, the session's user)
    std::vector<Id> itemTrack;  // column -> track id
    bool sessionRows = false;
    qint64 listensCounted = 0;
    qint64 listensDropped = 0;  // short plays or skips dropped by the options

    int columnOf(Id track) const;  // -1 when the track has no column
    int rowOf(Id user) const;      // the user's row (user rows only); -1 when absent

    std::unordered_map<Id, int> trackColumn;
    std::unordered_map<Id, int> userRow;
};

// Pure: builds the matrix from listens (any order).
Interactions buildInteractions(const std::vector<Listen>& listens,
                               const InteractionOptions& options);

// The matrix buildInteractions(loadListens(store).value(), options) gives, equal entry for entry,
// read without holding the listens: SQLite hands them over in its primary-key order (user,
// track, time), so each (user, track) pair's plays arrive together and become one entry as they
// are read, straight into the rows of the matrix (int32 columns, float32 strengths). The play
// counts are merged in the same order. Session rows need each user's listens in time order
// across tracks, so for them (Rows::Sessions, or Auto on a one-user history) this falls back to
// buildInteractions(loadListens()). Cancellable.
Result<Interactions> loadInteractions(const ProjectStore& store, const InteractionOptions& options,
                                      const Progress& progress);

// Reads the project's listens, then its play counts (as Listens with endedAt 0 and `count`
// plays, so CF trains on research data sets without timestamps); cancellable.
Result<std::vector<Listen>> loadListens(const ProjectStore& store, const Progress& progress);

}  // namespace tl
