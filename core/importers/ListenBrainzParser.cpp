// ListenBrainz listens: the export's listens/<YYYY>/<M>.jsonl (one listen per line, the user
// named by the export's user.json), multi-user JSONL dumps with user_name on every line, and the
// older export that was one JSON array. listened_at is Unix seconds (sometimes a decimal).
// recording_msid sits inside additional_info in older files and beside it in newer ones; it names
// the text as submitted, so it is not used as an identity: MusicBrainz IDs are.
#include "importers/HistoryParsers.h"
#include "importers/JsonRecords.h"
#include "importers/Timestamps.h"

#include <climits>

namespace tl {
namespace {

// The artist's MBID only when the credit names exactly one artist: for "A & B" the first MBID is
// A's, and merging the duo into A would be wrong.
QString soleArtistMbid(const JsonLite& json, int array) {
    if (array < 0 || json.type(array) != JsonLite::Type::Array) return {};
    const int first = json.firstChild(array);
    if (first < 0 || json.nextSibling(first) >= 0) return {};
    return json.string(first).trimmed();
}

bool readListenedAt(const JsonLite& json, int node, qint64* out) {
    if (node < 0) return false;
    if (json.type(node) == JsonLite::Type::Number) return json.integer(node, out);
    if (json.type(node) == JsonLite::Type::String)
        return timestamps::parseEpochText(json.raw(node), out);
    return false;
}

void readListen(const JsonLite& json, qint64 line, const ParseOptions& options, RowSink& sink) {
    constexpr int root = JsonLite::kRoot;
    RawListen row;
    row.line = line;
    const int at = json.member(root, "listened_at");
    if (at < 0) {
        sink.reject(line, QStringLiteral("no listened_at"));
        return;
    }
    if (!readListenedAt(json, at, &row.endedAt) || !timestamps::plausible(row.endedAt)) {
        const std::string_view raw = json.raw(at);
        sink.reject(line, QStringLiteral("unrecognised listened_at '%1' (expected Unix seconds)")
                              .arg(QString::fromUtf8(raw.data(), qsizetype(raw.size())).left(40)));
        return;
    }
    const int meta = json.member(root, "track_metadata");
    if (meta < 0 || json.type(meta) != JsonLite::Type::Object) {
        sink.reject(line, QStringLiteral("no track_metadata"));
        return;
    }
    row.artist = memberText(json, meta, "artist_name");
    row.title = memberText(json, meta, "track_name");
    if (row.artist.isEmpty() || row.title.isEmpty()) {
        sink.reject(line, QStringLiteral("no artist_name or track_name"));
        return;
    }
    row.album = memberText(json, meta, "release_name");
    row.user = memberText(json, root, "user_name");
    if (row.user.isEmpty()) row.user = options.defaultUser;

    const int info = json.member(meta, "additional_info");
    qint64 duration = 0;
    if (json.integer(json.member(info, "duration_ms"), &duration) && duration > 0)
        row.durationMs = int(qMin<qint64>(duration, INT_MAX));
    else if (json.integer(json.member(info, "duration"), &duration) && duration > 0)
        row.durationMs = int(qMin<qint64>(duration * 1000, INT_MAX));
    const int mapping = json.member(meta, "mbid_mapping");  // null when not mapped
    row.recordingMbid = memberText(json, mapping, "recording_mbid");
    if (row.recordingMbid.isEmpty()) row.recordingMbid = memberText(json, info, "recording_mbid");
    row.artistMbid = soleArtistMbid(json, json.member(mapping, "artist_mbids"));
    if (row.artistMbid.isEmpty())
        row.artistMbid = soleArtistMbid(json, json.member(info, "artist_mbids"));
    // Listens submitted by Spotify's ListenBrainz connector carry the track's web link.
    const QString spotify = memberText(json, info, "spotify_id");
    const qsizetype slash = spotify.lastIndexOf(QLatin1Char('/'));
    if (spotify.contains(QLatin1String("open.spotify.com/track/")) && slash >= 0)
        row.spotifyUri = QStringLiteral("spotify:track:") +
                         spotify.mid(slash + 1).section(QLatin1Char('?'), 0, 0);
    sink.listen(row);
}

}  // namespace

void parseListenBrainzJsonl(TextSource& in, const ParseOptions& options, RowSink& sink) {
    forEachLineRecord(in, options.maxRecordBytes, sink, [&](const JsonLite& json, qint64 line) {
        readListen(json, line, options, sink);
    });
}

void parseListenBrainzJson(TextSource& in, const ParseOptions& options, RowSink& sink) {
    forEachArrayRecord(in, options.maxRecordBytes, sink, [&](const JsonLite& json, qint64 line) {
        readListen(json, line, options, sink);
    });
}

}  // namespace tl
