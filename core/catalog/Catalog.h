// core/catalog/: the plain records Tastelab knows about — users, artists, tracks, listens,
// audio files — and the demo world's ground truth. Storage lives in core/store/.
#pragma once

#include <QString>
#include <QtGlobal>
#include <vector>

namespace tl {

using Id = qint64;  // SQLite rowid; 0 means "not stored yet"

struct User {
    Id id = 0;
    QString name;
    bool isMe = false;  // the person the weekly playlist is for
};

struct Artist {
    Id id = 0;
    QString name;
    QString mbid;  // MusicBrainz artist ID, empty when unknown
};

struct Track {
    Id id = 0;
    Id artistId = 0;
    QString title;
    QString album;
    QString mbid;        // MusicBrainz recording ID, empty when unknown
    QString spotifyUri;  // spotify:track:…, empty when unknown
    int durationMs = 0;  // 0 when unknown
};

// One play. Timestamps are Unix seconds, UTC, at the end of the play (as Spotify and
// ListenBrainz record them).
struct Listen {
    Id userId = 0;
    Id trackId = 0;
    qint64 endedAt = 0;
    int msPlayed = 0;  // 0 when the source does not say (e.g. Last.fm scrobbles)
    bool skipped = false;
    // How many plays this record stands for: 1 for a listen; a research data set's play count
    // (store table play_counts, no timestamp: endedAt 0) when read for CF by loadListens().
    int count = 1;
};

// A play count without timestamps (Last.fm-360K, the Echo Nest Taste Profile): how often a user
// played a track in the data set's whole period.
struct PlayCount {
    Id userId = 0;
    Id trackId = 0;
    qint64 plays = 0;
};

struct AudioFile {
    Id id = 0;
    Id trackId = 0;  // 0 when not matched to a track
    QString path;    // absolute path
    qint64 size = 0;
    qint64 mtime = 0;  // Unix seconds
    int sampleRate = 0;
    int channels = 0;
    int durationMs = 0;
    QString format;  // "FLAC", "OGG", "WAV", …
};

struct CatalogCounts {
    qint64 users = 0;
    qint64 artists = 0;
    qint64 tracks = 0;
    qint64 listens = 0;
    qint64 files = 0;
    qint64 playCounts = 0;  // rows of the play_counts table
};

// One row of the library table: a track with what is known about its listening and audio.
struct TrackSummary {
    Id trackId = 0;
    QString artist;
    QString title;
    QString album;
    qint64 plays = 0;
    qint64 listeners = 0;
    bool hasAudio = false;
    int lengthMs = 0;  // catalog/TrackLength.h: the file's length when there is a file
};

// Known structure of a generated demo world (empty for real data): what tests and the demo's
// "how well did each model recover the truth" read-outs compare against.
struct GroundTruth {
    std::vector<QString> genreNames;              // index = genre id
    std::vector<std::pair<Id, int>> artistGenre;  // artist id -> genre
    std::vector<std::pair<Id, int>> trackGenre;   // track id -> genre
    struct Taste {
        Id userId = 0;
        std::vector<float> weights;  // one per genre, sums to 1
    };
    std::vector<Taste> userTaste;
    bool empty() const { return genreNames.empty(); }
};

}  // namespace tl
