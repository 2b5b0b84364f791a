// Spotify "Extended streaming history": Streaming_History_Audio_<years>[_N].json (endsong_N.json
// before 2023). One JSON array of records whose fields drift between export versions, so every
// field is optional. ts is the end of the play in UTC; offline_timestamp (when an offline play
// began, in seconds or milliseconds depending on the year) is never preferred over it.
#include "importers/HistoryParsers.h"
#include "importers/JsonRecords.h"
#include "importers/Timestamps.h"

#include <algorithm>
#include <climits>

namespace tl {
namespace {

// A skip is the "skipped" flag, or a forward-button press before the track got going (older
// exports leave "skipped" null). 30 s is where Spotify itself starts counting a stream.
constexpr qint64 kShortPlayMs = 30000;

}  // namespace

void parseSpotifyExtended(TextSource& in, const ParseOptions& options, RowSink& sink) {
    forEachArrayRecord(in, options.maxRecordBytes, sink, [&](const JsonLite& json, qint64 line) {
        int ts = -1, user = -1, ms = -1, track = -1, artist = -1, album = -1, uri = -1;
        int reasonEnd = -1, skipped = -1, incognito = -1, episode = -1, audiobook = -1;
        // One pass over the members instead of a lookup per field: this is the hot loop of the
        // biggest exports.
        for (int m = json.firstChild(JsonLite::kRoot); m >= 0; m = json.nextSibling(m)) {
            const std::string_view k = json.key(m);
            if (k == "ts")
                ts = m;
            else if (k == "username")
                user = m;
            else if (k == "ms_played")
                ms = m;
            else if (k == "master_metadata_track_name")
                track = m;
            else if (k == "master_metadata_album_artist_name")
                artist = m;
            else if (k == "master_metadata_album_album_name")
                album = m;
            else if (k == "spotify_track_uri")
                uri = m;
            else if (k == "reason_end")
                reasonEnd = m;
            else if (k == "skipped")
                skipped = m;
            else if (k == "incognito_mode")
                incognito = m;
            else if (k == "episode_name")
                episode = m;
            else if (k == "audiobook_title")
                audiobook = m;
        }
        RawListen row;
        row.line = line;
        if (ts < 0 || json.type(ts) != JsonLite::Type::String) {
            sink.reject(line, QStringLiteral("no 'ts' timestamp"));
            return;
        }
        if (!timestamps::parseIso8601(json.raw(ts), &row.endedAt) ||
            !timestamps::plausible(row.endedAt)) {
            sink.reject(line, QStringLiteral("unrecognised timestamp '%1' (expected ISO 8601 "
                                             "like '2021-03-04T12:34:56Z')")
                                  .arg(json.string(ts).left(40)));
            return;
        }
        if (!json.isNull(episode)) {
            sink.skip(line, QStringLiteral("podcast episode"));
            return;
        }
        if (!json.isNull(audiobook)) {
            sink.skip(line, QStringLiteral("audiobook"));
            return;
        }
        row.title = json.string(track).trimmed();
        row.artist = json.string(artist).trimmed();
        if (row.title.isEmpty() || row.artist.isEmpty()) {
            sink.skip(line, QStringLiteral("no track or artist (episode, audiobook or video)"));
            return;
        }
        if (json.boolean(incognito) && !options.includeIncognito) {
            sink.skip(line, QStringLiteral("incognito session"));
            return;
        }
        row.user =
            options.overrideUser.isEmpty() ? json.string(user).trimmed() : options.overrideUser;
        if (row.user.isEmpty()) row.user = options.defaultUser;
        row.album = json.string(album).trimmed();
        const QString trackUri = json.string(uri).trimmed();
        if (trackUri.startsWith(QLatin1String("spotify:track:"))) row.spotifyUri = trackUri;
        qint64 played = 0;
        if (json.integer(ms, &played)) row.msPlayed = int(std::clamp<qint64>(played, 0, INT_MAX));
        row.skipped = json.boolean(skipped) ||
                      (json.raw(reasonEnd) == "fwdbtn" && row.msPlayed < kShortPlayMs);
        sink.listen(row);
    });
}

}  // namespace tl
