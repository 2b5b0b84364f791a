// The catalog as tables for a view: users, artists, tracks and files with what the listening
// history says about each (plays, listeners, first and last listen). Built from one sequential
// pass over the listens in primary-key order (user, track, time), which counts a run of equal
// (user, track) keys as one listener; a GROUP BY with count(DISTINCT) over the same rows is
// several times slower. Timestamp-less play counts (play_counts, schema v2) are merged into
// the same pass: a user who has both listens and a play count of a track is one listener.
#pragma once

#include "catalog/CatalogTable.h"
#include "job/Progress.h"
#include "job/Result.h"

namespace tl {

class ProjectStore;

namespace catalog_columns {
enum UserColumn { UserName, UserIsMe, UserPlays, UserTracks, UserFirstListen, UserLastListen };
enum ArtistColumn { ArtistName, ArtistTracks, ArtistPlays, ArtistListeners };
enum TrackColumn {
    TrackArtist,
    TrackTitle,
    TrackAlbum,
    TrackLength,  // catalog/TrackLength.h: the audio file's length where the track has a file
    TrackPlays,
    TrackListeners,
    TrackHasAudio
};
enum FileColumn { FilePath, FileFormat, FileDuration, FileSampleRate, FileTrack };
}  // namespace catalog_columns

struct CatalogTables {
    CatalogTablePtr users;
    CatalogTablePtr artists;
    CatalogTablePtr tracks;
    CatalogTablePtr files;
};

enum CatalogPart { CatalogUsers = 1, CatalogArtists = 2, CatalogTracks = 4, CatalogFiles = 8 };
constexpr int kAllCatalogParts = CatalogUsers | CatalogArtists | CatalogTracks | CatalogFiles;

// An empty track table with the library's columns (catalog_columns::TrackColumn).
std::shared_ptr<CatalogTable> newTrackTable();
// The same table from summaries already in memory (fixtures, callers of the old API).
CatalogTablePtr trackTableFrom(const std::vector<TrackSummary>& tracks);

// Reads the tables named by `parts` (CatalogPart flags); the others stay null. Rows are in id
// order. Cancelling returns Status::cancelled() within a few milliseconds.
Result<CatalogTables> loadCatalogTables(ProjectStore& store, int parts, const Progress& progress);

}  // namespace tl
