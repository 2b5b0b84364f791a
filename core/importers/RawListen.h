// What a history parser hands on: one listen as the file wrote it, before entity resolution,
// and the sink that receives listens, rejected rows and skipped rows.
#pragma once

#include <QString>

namespace tl {

struct RawListen {
    qint64 line = 0;  // where it came from, for problem reports
    QString user;     // empty: ParseOptions::defaultUser
    QString artist;
    QString title;
    QString album;
    QString artistMbid;     // MusicBrainz artist ID, only when the credit names one artist
    QString recordingMbid;  // MusicBrainz recording ID
    QString spotifyUri;     // spotify:track:…
    qint64 endedAt = 0;     // Unix seconds, UTC
    int msPlayed = 0;
    int durationMs = 0;  // the track's length, when the source says
    bool skipped = false;
    // Spotify account data and lastfm-to-csv write whole minutes, so the same play from a
    // second-precision export must be matched within a minute, not to the second.
    bool minutePrecision = false;
    // Last.fm-360K counts plays per artist: the row stands for the artist as a whole (title
    // kWholeArtistTitle), a catalog track listed in whole_artist_tracks.
    bool wholeArtist = false;
};

// The title of the one catalog track that stands for an artist as a whole.
inline constexpr char kWholeArtistTitle[] = "[whole artist]";
// The artist of Taste Profile songs whose names no MSD track list gave.
inline constexpr char kUnknownArtistName[] = "[unknown artist]";

class MsdTrackList;

struct ParseOptions {
    QString defaultUser;  // the ListenBrainz export's user.json, or --me
    // Spotify extended history: --me NAME replaces the account name in every row (a Spotify
    // export is always one person's); ListenBrainz rows keep their own user_name.
    QString overrideUser;
    bool includeIncognito = false;
    qsizetype maxRecordBytes = 1 << 20;
    // Names of Taste Profile songs, when the import includes the MSD track list.
    const MsdTrackList* songNames = nullptr;
};

class RowSink {
public:
    virtual ~RowSink() = default;
    virtual void listen(RawListen& row) = 0;
    // A malformed row (or file-level damage such as truncation), counted in rows_rejected.
    virtual void reject(qint64 line, const QString& reason) = 0;
    // A well-formed row that is not a music listen (podcast, audiobook, incognito), counted in
    // rows_skipped by reason.
    virtual void skip(qint64 line, const QString& reason) = 0;
    // A play count without timestamps (research data sets): `plays` plays of row's track (or,
    // with row.wholeArtist, of the artist) by row's user over the data set's whole period.
    virtual void playCount(RawListen& row, qint64 plays) = 0;
};

}  // namespace tl
