// Spotify "Account data" export: StreamingHistory_music_N.json (and StreamingHistoryN.json
// before 2023), one JSON array of {endTime, artistName, trackName, msPlayed}. endTime is the end
// of the play to the minute, with no time zone; Spotify writes it in UTC, and so do we.
#include "importers/HistoryParsers.h"
#include "importers/JsonRecords.h"
#include "importers/Timestamps.h"

#include <algorithm>
#include <climits>

namespace tl {

void parseSpotifyAccount(TextSource& in, const ParseOptions& options, RowSink& sink) {
    forEachArrayRecord(in, options.maxRecordBytes, sink, [&](const JsonLite& json, qint64 line) {
        constexpr int root = JsonLite::kRoot;
        if (json.member(root, "podcastName") >= 0 || json.member(root, "episodeName") >= 0) {
            sink.skip(line, QStringLiteral("podcast episode"));
            return;
        }
        RawListen row;
        row.line = line;
        row.user = options.defaultUser;
        row.artist = memberText(json, root, "artistName");
        row.title = memberText(json, root, "trackName");
        const int end = json.member(root, "endTime");
        if (end < 0 || json.type(end) != JsonLite::Type::String) {
            sink.reject(line, QStringLiteral("no endTime"));
            return;
        }
        const std::string_view endText = json.raw(end);
        if (!timestamps::parseSpotifyMinute(endText, &row.endedAt) ||
            !timestamps::plausible(row.endedAt)) {
            sink.reject(line, QStringLiteral("unrecognised endTime '%1' (expected like "
                                             "'2021-03-04 12:34')")
                                  .arg(json.string(end).left(40)));
            return;
        }
        if (row.artist.isEmpty() || row.title.isEmpty()) {
            sink.reject(line, QStringLiteral("no artistName or trackName"));
            return;
        }
        // Spotify's placeholder for plays it could not name (local files, removed tracks).
        if (row.artist == QLatin1String("Unknown Artist") &&
            row.title == QLatin1String("Unknown Track")) {
            sink.skip(line, QStringLiteral("unknown track"));
            return;
        }
        qint64 ms = 0;
        if (json.integer(json.member(root, "msPlayed"), &ms))
            row.msPlayed = int(std::clamp<qint64>(ms, 0, INT_MAX));
        row.minutePrecision = true;
        sink.listen(row);
    });
}

void parseSpotifyPodcasts(TextSource& in, const ParseOptions& options, RowSink& sink) {
    // Recognised so a whole export folder imports cleanly, but episodes are not music.
    forEachArrayRecord(in, options.maxRecordBytes, sink, [&](const JsonLite&, qint64 line) {
        sink.skip(line, QStringLiteral("podcast episode"));
    });
}

}  // namespace tl
