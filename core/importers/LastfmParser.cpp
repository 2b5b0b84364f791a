// Last.fm scrobbles as the two common export tools write them: lastfm-to-csv
// (artist,album,name,date with "20 Oct 2020 10:03", header optional) and lastfm.ghan.nl
// (uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid, all quoted, CRLF). Both are
// UTC. Last.fm stores when a scrobble happened, not how long it played, so msPlayed stays 0.
#include <QHash>

#include "importers/CsvReader.h"
#include "importers/HistoryParsers.h"
#include "importers/Timestamps.h"

namespace tl {
namespace {

std::string utf8(QByteArrayView field) {
    return std::string(field.data(), size_t(field.size()));
}

bool parseAnyDate(const std::string& text, qint64* out) {
    return timestamps::parseLastfmDate(text, out) || timestamps::parseIso8601(text, out);
}

QString tooLong(const ParseOptions& options) {
    return QStringLiteral(
               "record longer than %1 KiB (an unbalanced quote?); skipped to the next "
               "line")
        .arg(options.maxRecordBytes / 1024);
}

}  // namespace

void parseLastfmCsv(TextSource& in, const ParseOptions& options, RowSink& sink) {
    CsvReader csv(in, options.maxRecordBytes);
    bool first = true;
    for (;;) {
        const auto next = csv.next();
        if (next == CsvReader::Next::End) return;
        if (next == CsvReader::Next::TooLong) {
            sink.reject(csv.line(), tooLong(options));
            continue;
        }
        if (csv.blank()) continue;
        if (first) {
            first = false;
            if (csv.size() == 4 &&
                csv.text(0).compare(QLatin1String("artist"), Qt::CaseInsensitive) == 0 &&
                csv.text(3).compare(QLatin1String("date"), Qt::CaseInsensitive) == 0)
                continue;  // the header
        }
        if (csv.unterminated()) {
            sink.reject(csv.line(), QStringLiteral("the file ends inside a quoted field"));
            continue;
        }
        if (csv.size() < 4) {
            sink.reject(csv.line(), QStringLiteral("expected 4 columns (artist, album, track, "
                                                   "date), found %1")
                                        .arg(csv.size()));
            continue;
        }
        RawListen row;
        row.line = csv.line();
        row.user = options.defaultUser;
        row.artist = csv.text(0);
        row.album = csv.text(1);
        row.title = csv.text(2);
        const QString date = csv.text(3);
        if (date.isEmpty()) {
            sink.reject(csv.line(), QStringLiteral("no date (a track playing while the export "
                                                   "ran)"));
            continue;
        }
        if (!parseAnyDate(utf8(csv.field(3)), &row.endedAt) ||
            !timestamps::plausible(row.endedAt)) {
            sink.reject(csv.line(), QStringLiteral("unrecognised date '%1' (expected like "
                                                   "'20 Oct 2020 10:03')")
                                        .arg(date.left(40)));
            continue;
        }
        if (row.artist.isEmpty() || row.title.isEmpty()) {
            sink.reject(csv.line(), QStringLiteral("no artist or track name"));
            continue;
        }
        row.minutePrecision = true;
        sink.listen(row);
    }
}

void parseLastfmGhan(TextSource& in, const ParseOptions& options, RowSink& sink) {
    CsvReader csv(in, options.maxRecordBytes);
    // Columns by header name, so a reordered or extended export still reads.
    QHash<QString, qsizetype> column;
    const auto at = [&](const char* name) { return column.value(QLatin1String(name), -1); };
    for (;;) {
        const auto next = csv.next();
        if (next == CsvReader::Next::End) return;
        if (next == CsvReader::Next::TooLong) {
            sink.reject(csv.line(), tooLong(options));
            continue;
        }
        if (csv.blank()) continue;
        if (column.isEmpty()) {
            for (qsizetype i = 0; i < csv.size(); ++i) column.insert(csv.text(i).toLower(), i);
            if (at("artist") < 0 || at("track") < 0 || (at("uts") < 0 && at("utc_time") < 0)) {
                sink.reject(csv.line(), QStringLiteral("the header lacks artist, track or uts"));
                return;
            }
            continue;
        }
        if (csv.unterminated()) {
            sink.reject(csv.line(), QStringLiteral("the file ends inside a quoted field"));
            continue;
        }
        const qsizetype needed =
            std::max({at("uts"), at("utc_time"), at("artist"), at("track")}) + 1;
        if (csv.size() < needed) {
            sink.reject(
                csv.line(),
                QStringLiteral("expected %1 columns, found %2").arg(column.size()).arg(csv.size()));
            continue;
        }
        RawListen row;
        row.line = csv.line();
        row.user = options.defaultUser;
        row.artist = csv.text(at("artist"));
        row.title = csv.text(at("track"));
        row.album = csv.text(at("album"));
        row.artistMbid = csv.text(at("artist_mbid"));
        row.recordingMbid = csv.text(at("track_mbid"));
        const bool fromUts =
            at("uts") >= 0 && timestamps::parseEpochText(utf8(csv.field(at("uts"))), &row.endedAt);
        if (!fromUts &&
            !(at("utc_time") >= 0 && parseAnyDate(utf8(csv.field(at("utc_time"))), &row.endedAt))) {
            sink.reject(csv.line(),
                        QStringLiteral("unrecognised time '%1' / '%2'")
                            .arg(csv.text(at("uts")).left(20), csv.text(at("utc_time")).left(40)));
            continue;
        }
        if (!timestamps::plausible(row.endedAt)) {
            sink.reject(csv.line(), QStringLiteral("time %1 is not a plausible listen (Last.fm "
                                                   "writes 1970 for lost times)")
                                        .arg(row.endedAt));
            continue;
        }
        if (row.artist.isEmpty() || row.title.isEmpty()) {
            sink.reject(csv.line(), QStringLiteral("no artist or track name"));
            continue;
        }
        sink.listen(row);
    }
}

}  // namespace tl
