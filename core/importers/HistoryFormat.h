// Which export a file is, decided by its content (and, for an empty list, its name).
#pragma once

#include <QByteArray>
#include <QString>

namespace tl {

enum class HistoryFormat {
    Unknown,                // not a listening history
    Empty,                  // nothing in it
    SpotifyAccount,         // StreamingHistory_music_N.json / StreamingHistoryN.json
    SpotifyAccountPodcast,  // StreamingHistory_podcast_N.json: recognised, rows skipped
    SpotifyExtended,        // Streaming_History_Audio_<years>.json / endsong_N.json
    SpotifyVideo,           // Streaming_History_Video_<years>.json: ignored
    ListenBrainzJsonl,      // one listen per line (export listens/<YYYY>/<M>.jsonl, dumps)
    ListenBrainzJson,       // the older export: one JSON array of listens
    ListenBrainzUser,       // user.json of a ListenBrainz export: names the user
    LastfmCsv,              // lastfm-to-csv: artist,album,name,date (header optional)
    LastfmGhan,             // lastfm.ghan.nl: uts,utc_time,artist,artist_mbid,…
    // Research data sets (tab-separated, no header, no quoting; many users each):
    Lastfm1k,      // Last.fm-1K: userid, timestamp, artist MBID, artist, track MBID, track
    Lastfm360k,    // Last.fm-360K: user sha1, artist MBID, artist, plays (no timestamps)
    TasteProfile,  // Echo Nest Taste Profile train_triplets.txt: user, song id, plays
    MsdTrackList,  // Million Song Dataset unique_tracks.txt: track<SEP>song<SEP>artist<SEP>title
};

QString formatName(HistoryFormat format);   // "spotify-extended", for JSON and the store
QString formatTitle(HistoryFormat format);  // "Spotify extended streaming history"
// The format a formatName() names; Unknown for any other text.
HistoryFormat formatFromName(const QString& name);
bool isListenFormat(HistoryFormat format);  // a format whose rows can become listens
// Formats whose rows do not name their user, so --me NAME must.
bool needsUserName(HistoryFormat format);
// Formats whose rows are play counts without timestamps (stored in play_counts).
bool isPlayCountFormat(HistoryFormat format);
// Formats that write whole minutes (see RawListen::minutePrecision).
bool isMinutePrecision(HistoryFormat format);

struct Detection {
    HistoryFormat format = HistoryFormat::Unknown;
    QString reason;  // for Unknown: why it is not a history
};

// `head` is the start of the file, decoded to UTF-8 (a complete file if shorter than the sniff
// size); `fileName` breaks ties only (an empty list, Spotify's video history).
Detection detectFormat(const QString& fileName, const QByteArray& head);

}  // namespace tl
