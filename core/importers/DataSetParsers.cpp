// The research data sets with many users, as their publishers distribute them: tab-separated
// lines, no header, no quoting (a quote is part of a name, never a delimiter), MBIDs often empty.
// - Last.fm-1K (Celma 2010): userid, timestamp (ISO-8601 UTC), artist MBID, artist, track MBID,
//   track; 19 M scrobbles of 992 users, each user's newest first.
// - Last.fm-360K: user sha1, artist MBID, artist, plays; play counts per artist, no times.
// - Echo Nest Taste Profile (train_triplets.txt): user, song ID, plays; names come from the MSD
//   track list (MsdTrackList) when the import includes it.
// Lines are read with TextSource::readLine, which never holds more than maxRecordBytes of one.
#include <algorithm>
#include <charconv>
#include <cstring>

#include "importers/HistoryParsers.h"
#include "importers/MsdTrackList.h"
#include "importers/Timestamps.h"

namespace tl {
namespace {

// Splits `line` at tabs into at most `max` fields (a further tab shows in the count only).
int splitTabs(const QByteArray& line, QByteArrayView* fields, int max) {
    const char* p = line.constData();
    const char* end = p + line.size();
    int n = 0;
    for (;;) {
        const char* tab = static_cast<const char*>(std::memchr(p, '\t', size_t(end - p)));
        const char* stop = tab ? tab : end;
        if (n < max) fields[n] = QByteArrayView(p, stop - p);
        ++n;
        if (!tab) return n;
        p = tab + 1;
    }
}

QString text(QByteArrayView field) {
    return QString::fromUtf8(field).trimmed();
}

bool parseCount(QByteArrayView field, qint64* out) {
    const char* b = field.data();
    const char* e = b + field.size();
    while (b < e && (*b == ' ' || *b == '\r')) ++b;
    while (e > b && (e[-1] == ' ' || e[-1] == '\r')) --e;
    const auto r = std::from_chars(b, e, *out);
    return r.ec == std::errc() && r.ptr == e && *out >= 0;
}

QString columns(int expected, int found, const char* names) {
    return QStringLiteral("expected %1 tab-separated columns (%2), found %3")
        .arg(expected)
        .arg(QLatin1String(names))
        .arg(found);
}

// Reads lines, handing each complete one to `row` and rejecting overlong ones. Cancellation
// (TextSource::stopped) ends the input like an end of file.
template <class Row>
void forEachLine(TextSource& in, const ParseOptions& options, RowSink& sink, Row row) {
    QByteArray line;
    for (;;) {
        const auto status = in.readLine(line, options.maxRecordBytes);
        if (status == TextSource::LineStatus::End) return;
        if (status == TextSource::LineStatus::TooLong) {
            sink.reject(in.lineNumber(), QStringLiteral("line longer than %1 KiB; skipped")
                                             .arg(options.maxRecordBytes / 1024));
            continue;
        }
        if (line.isEmpty() || (line.size() == 1 && line[0] == '\r')) continue;
        row(line, in.lineNumber());
    }
}

}  // namespace

void parseLastfm1k(TextSource& in, const ParseOptions& options, RowSink& sink) {
    QByteArrayView f[6];
    // Rows come in runs of one user: the user's name is converted once per run.
    QByteArray lastUser;
    QString userName;
    forEachLine(in, options, sink, [&](const QByteArray& line, qint64 lineNo) {
        const int n = splitTabs(line, f, 6);
        if (n != 6) {
            sink.reject(lineNo, columns(6, n,
                                        "user, time, artist MBID, artist, track MBID, "
                                        "track"));
            return;
        }
        RawListen row;
        row.line = lineNo;
        if (!timestamps::parseIso8601(std::string_view(f[1].data(), size_t(f[1].size())),
                                      &row.endedAt) ||
            !timestamps::plausible(row.endedAt)) {
            sink.reject(lineNo, QStringLiteral("unrecognised time '%1' (expected like "
                                               "'2009-05-04T23:08:57Z')")
                                    .arg(text(f[1].first(std::min<qsizetype>(40, f[1].size())))));
            return;
        }
        if (f[0] != QByteArrayView(lastUser)) {
            lastUser = f[0].toByteArray();
            userName = text(f[0]);
        }
        row.user = userName;
        row.artistMbid = text(f[2]);
        row.artist = text(f[3]);
        row.recordingMbid = text(f[4]);
        row.title = text(f[5]);
        if (row.user.isEmpty() || row.artist.isEmpty() || row.title.isEmpty()) {
            sink.reject(lineNo, QStringLiteral("no user, artist or track name"));
            return;
        }
        sink.listen(row);
    });
}

void parseLastfm360k(TextSource& in, const ParseOptions& options, RowSink& sink) {
    QByteArrayView f[4];
    QByteArray lastUser;
    QString userName;
    const QString wholeArtist = QString::fromLatin1(kWholeArtistTitle);
    forEachLine(in, options, sink, [&](const QByteArray& line, qint64 lineNo) {
        const int n = splitTabs(line, f, 4);
        if (n != 4) {
            sink.reject(lineNo, columns(4, n, "user, artist MBID, artist, plays"));
            return;
        }
        qint64 plays = 0;
        if (!parseCount(f[3], &plays)) {
            sink.reject(lineNo, QStringLiteral("plays '%1' is not a whole number")
                                    .arg(text(f[3].first(std::min<qsizetype>(40, f[3].size())))));
            return;
        }
        if (f[0] != QByteArrayView(lastUser)) {
            lastUser = f[0].toByteArray();
            userName = text(f[0]);
        }
        RawListen row;
        row.line = lineNo;
        row.user = userName;
        row.artistMbid = text(f[1]);
        row.artist = text(f[2]);
        row.title = wholeArtist;
        row.wholeArtist = true;
        if (row.user.isEmpty() || row.artist.isEmpty()) {
            sink.reject(lineNo, QStringLiteral("no user or artist name"));
            return;
        }
        if (plays == 0) {
            sink.skip(lineNo, QStringLiteral("zero plays"));
            return;
        }
        sink.playCount(row, plays);
    });
}

void parseTasteProfile(TextSource& in, const ParseOptions& options, RowSink& sink) {
    QByteArrayView f[3];
    QByteArray lastUser;
    QString userName;
    const QString unknownArtist = QString::fromLatin1(kUnknownArtistName);
    forEachLine(in, options, sink, [&](const QByteArray& line, qint64 lineNo) {
        const int n = splitTabs(line, f, 3);
        if (n != 3) {
            sink.reject(lineNo, columns(3, n, "user, song ID, plays"));
            return;
        }
        qint64 plays = 0;
        if (!parseCount(f[2], &plays)) {
            sink.reject(lineNo, QStringLiteral("plays '%1' is not a whole number")
                                    .arg(text(f[2].first(std::min<qsizetype>(40, f[2].size())))));
            return;
        }
        const QByteArrayView song = QByteArrayView(f[1]).trimmed();
        if (f[0].trimmed().isEmpty() || song.isEmpty()) {
            sink.reject(lineNo, QStringLiteral("no user or song ID"));
            return;
        }
        if (f[0] != QByteArrayView(lastUser)) {
            lastUser = f[0].toByteArray();
            userName = text(f[0]);
        }
        RawListen row;
        row.line = lineNo;
        row.user = userName;
        const MsdTrackList::Name* name =
            options.songNames ? options.songNames->find(song) : nullptr;
        if (name) {
            row.artist = name->artist;
            row.title = name->title;
        } else {
            // Without the track list a song is known by its ID alone: still a CF item.
            row.artist = unknownArtist;
            row.title = QString::fromLatin1(song);
        }
        if (plays == 0) {
            sink.skip(lineNo, QStringLiteral("zero plays"));
            return;
        }
        sink.playCount(row, plays);
    });
}

}  // namespace tl
