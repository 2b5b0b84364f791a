#include "importers/HistoryFormat.h"

#include <QFileInfo>
#include <vector>

#include "importers/CsvReader.h"
#include "importers/JsonArrayStream.h"
#include "importers/JsonLite.h"
#include "importers/TextSource.h"
#include "importers/Timestamps.h"

namespace tl {
namespace {

bool nameStarts(const QString& name, const char* prefix) {
    return name.startsWith(QLatin1String(prefix), Qt::CaseInsensitive);
}

// The first record of a JSON array, if it fits in the sniffed bytes.
QByteArray firstArrayElement(const QByteArray& head) {
    TextSource source;
    source.openBytes(head);
    JsonArrayStream stream(source, head.size() + 1);
    return stream.next() == JsonArrayStream::Next::Element ? stream.element() : QByteArray();
}

bool hasMember(const JsonLite& json, const char* key) {
    return json.member(JsonLite::kRoot, key) >= 0;
}

Detection detectJsonObject(const JsonLite& json, const QString& name, bool arrayElement) {
    if (hasMember(json, "endTime")) {
        if (hasMember(json, "podcastName") || hasMember(json, "episodeName"))
            return {HistoryFormat::SpotifyAccountPodcast, {}};
        if (hasMember(json, "trackName") || hasMember(json, "artistName"))
            return {HistoryFormat::SpotifyAccount, {}};
    }
    if (hasMember(json, "ts") &&
        (hasMember(json, "ms_played") || hasMember(json, "master_metadata_track_name") ||
         hasMember(json, "spotify_track_uri") || hasMember(json, "episode_name")))
        return {nameStarts(name, "Streaming_History_Video") ? HistoryFormat::SpotifyVideo
                                                            : HistoryFormat::SpotifyExtended,
                {}};
    if (hasMember(json, "listened_at") || hasMember(json, "track_metadata"))
        return {arrayElement ? HistoryFormat::ListenBrainzJson : HistoryFormat::ListenBrainzJsonl,
                {}};
    if (!arrayElement && (hasMember(json, "username") || hasMember(json, "user_name")) &&
        (hasMember(json, "user_id") ||
         name.compare(QLatin1String("user.json"), Qt::CaseInsensitive) == 0))
        return {HistoryFormat::ListenBrainzUser, {}};
    return {HistoryFormat::Unknown,
            QStringLiteral("JSON, but not a listening history (no endTime, ts or listened_at "
                           "fields)")};
}

Detection detectJsonArray(const QByteArray& head, const QString& name) {
    const QByteArray first = firstArrayElement(head);
    if (first.isEmpty()) {
        QByteArray compact = head.simplified();
        if (compact == "[]" || compact == "[ ]") {
            // Nothing to read, but the name says which export it is; an empty year is fine.
            if (nameStarts(name, "StreamingHistory_podcast"))
                return {HistoryFormat::SpotifyAccountPodcast, {}};
            if (nameStarts(name, "StreamingHistory")) return {HistoryFormat::SpotifyAccount, {}};
            if (nameStarts(name, "Streaming_History_Video"))
                return {HistoryFormat::SpotifyVideo, {}};
            if (nameStarts(name, "Streaming_History_Audio") || nameStarts(name, "endsong"))
                return {HistoryFormat::SpotifyExtended, {}};
            return {HistoryFormat::Empty, {}};
        }
        // The first record is damaged or longer than the sniffed bytes: look for the keys.
        const auto has = [&](const char* key) { return head.contains(key); };
        if (has("\"endTime\"") && has("\"podcastName\""))
            return {HistoryFormat::SpotifyAccountPodcast, {}};
        if (has("\"endTime\"") && has("\"trackName\"")) return {HistoryFormat::SpotifyAccount, {}};
        if (has("\"ts\"") && has("\"ms_played\""))
            return {nameStarts(name, "Streaming_History_Video") ? HistoryFormat::SpotifyVideo
                                                                : HistoryFormat::SpotifyExtended,
                    {}};
        if (has("\"listened_at\"")) return {HistoryFormat::ListenBrainzJson, {}};
        return {HistoryFormat::Unknown,
                QStringLiteral("a JSON array, but not of listening-history records")};
    }
    JsonLite json;
    if (!json.parse(first) || json.type(JsonLite::kRoot) != JsonLite::Type::Object)
        return {HistoryFormat::Unknown,
                QStringLiteral("a JSON array, but its first record is not a JSON object")};
    return detectJsonObject(json, name, true);
}

Detection detectCsv(const QByteArray& head) {
    TextSource source;
    source.openBytes(head);
    CsvReader csv(source, head.size() + 1);
    // Any record of the sniffed start that reads as a scrobble decides: a file may begin with
    // damaged rows, which the parser then rejects one by one.
    int records = 0;
    while (csv.next() == CsvReader::Next::Record) {
        if (csv.blank()) continue;
        ++records;
        if (records == 1) {
            QStringList header;
            for (qsizetype i = 0; i < csv.size(); ++i) header << csv.text(i).toLower();
            if (header.value(0) == QLatin1String("uts") &&
                header.contains(QLatin1String("artist")) && header.contains(QLatin1String("track")))
                return {HistoryFormat::LastfmGhan, {}};
            if (header == QStringList{QStringLiteral("artist"), QStringLiteral("album"),
                                      QStringLiteral("name"), QStringLiteral("date")})
                return {HistoryFormat::LastfmCsv, {}};
        }
        qint64 t = 0;
        if (csv.size() == 4 &&
            timestamps::parseLastfmDate(csv.field(3).toByteArray().toStdString(), &t))
            return {HistoryFormat::LastfmCsv, {}};
    }
    return {HistoryFormat::Unknown,
            QStringLiteral("not a recognised listening history (expected a Spotify or "
                           "ListenBrainz JSON export, a Last.fm CSV, or a Last.fm-1K, "
                           "Last.fm-360K or Taste Profile data set)")};
}

bool isCount(QByteArrayView field) {
    if (field.isEmpty() || field.size() > 12) return false;
    for (const char c : field)
        if (c < '0' || c > '9') return false;
    return true;
}

std::vector<QByteArrayView> splitOn(QByteArrayView line, QByteArrayView separator) {
    std::vector<QByteArrayView> parts;
    for (;;) {
        const qsizetype at = line.indexOf(separator);
        if (at < 0) break;
        parts.push_back(line.first(at));
        line = line.sliced(at + separator.size());
    }
    parts.push_back(line);
    return parts;
}

// The research data sets: tab-separated (or <SEP>-separated) lines without a header. Any of the
// first lines that reads as one decides, as for CSV: a file may begin with a damaged row.
Detection detectDataSet(const QByteArray& head) {
    QByteArrayView rest(head);
    for (int lines = 0; lines < 20 && !rest.isEmpty(); ++lines) {
        const qsizetype newline = rest.indexOf('\n');
        if (newline < 0 && head.size() >= 64 * 1024) break;  // cut off by the sniff size
        QByteArrayView line = newline < 0 ? rest : rest.first(newline);
        rest = newline < 0 ? QByteArrayView() : rest.sliced(newline + 1);
        if (line.endsWith('\r')) line.chop(1);
        if (line.contains(QByteArrayView("<SEP>"))) {
            const auto f = splitOn(line, "<SEP>");
            if (f.size() == 4 && f[0].startsWith("TR") && f[1].startsWith("SO"))
                return {HistoryFormat::MsdTrackList, {}};
            continue;
        }
        if (!line.contains('\t')) continue;
        const auto f = splitOn(line, "\t");
        qint64 t = 0;
        if (f.size() == 6 &&
            timestamps::parseIso8601(std::string_view(f[1].data(), size_t(f[1].size())), &t))
            return {HistoryFormat::Lastfm1k, {}};
        if (f.size() == 4 && isCount(f[3]) && !f[0].isEmpty())
            return {HistoryFormat::Lastfm360k, {}};
        if (f.size() == 3 && isCount(f[2]) && !f[0].isEmpty() && !f[1].isEmpty())
            return {HistoryFormat::TasteProfile, {}};
    }
    return {HistoryFormat::Unknown, {}};
}

}  // namespace

HistoryFormat formatFromName(const QString& name) {
    for (int f = int(HistoryFormat::Unknown); f <= int(HistoryFormat::MsdTrackList); ++f)
        if (formatName(HistoryFormat(f)) == name) return HistoryFormat(f);
    return HistoryFormat::Unknown;
}

QString formatName(HistoryFormat format) {
    switch (format) {
        case HistoryFormat::Unknown:
            return QStringLiteral("unknown");
        case HistoryFormat::Empty:
            return QStringLiteral("empty");
        case HistoryFormat::SpotifyAccount:
            return QStringLiteral("spotify-account");
        case HistoryFormat::SpotifyAccountPodcast:
            return QStringLiteral("spotify-account-podcast");
        case HistoryFormat::SpotifyExtended:
            return QStringLiteral("spotify-extended");
        case HistoryFormat::SpotifyVideo:
            return QStringLiteral("spotify-video");
        case HistoryFormat::ListenBrainzJsonl:
            return QStringLiteral("listenbrainz-jsonl");
        case HistoryFormat::ListenBrainzJson:
            return QStringLiteral("listenbrainz-json");
        case HistoryFormat::ListenBrainzUser:
            return QStringLiteral("listenbrainz-user");
        case HistoryFormat::LastfmCsv:
            return QStringLiteral("lastfm-csv");
        case HistoryFormat::LastfmGhan:
            return QStringLiteral("lastfm-ghan-csv");
        case HistoryFormat::Lastfm1k:
            return QStringLiteral("lastfm-1k-tsv");
        case HistoryFormat::Lastfm360k:
            return QStringLiteral("lastfm-360k-tsv");
        case HistoryFormat::TasteProfile:
            return QStringLiteral("echonest-taste-profile");
        case HistoryFormat::MsdTrackList:
            return QStringLiteral("msd-track-list");
    }
    return {};
}

QString formatTitle(HistoryFormat format) {
    switch (format) {
        case HistoryFormat::Unknown:
            return QStringLiteral("not a listening history");
        case HistoryFormat::Empty:
            return QStringLiteral("empty");
        case HistoryFormat::SpotifyAccount:
            return QStringLiteral("Spotify account data");
        case HistoryFormat::SpotifyAccountPodcast:
            return QStringLiteral("Spotify account data (podcasts)");
        case HistoryFormat::SpotifyExtended:
            return QStringLiteral("Spotify extended streaming history");
        case HistoryFormat::SpotifyVideo:
            return QStringLiteral("Spotify video history");
        case HistoryFormat::ListenBrainzJsonl:
            return QStringLiteral("ListenBrainz listens (JSONL)");
        case HistoryFormat::ListenBrainzJson:
            return QStringLiteral("ListenBrainz listens (JSON)");
        case HistoryFormat::ListenBrainzUser:
            return QStringLiteral("ListenBrainz user.json");
        case HistoryFormat::LastfmCsv:
            return QStringLiteral("Last.fm CSV (lastfm-to-csv)");
        case HistoryFormat::LastfmGhan:
            return QStringLiteral("Last.fm CSV (lastfm.ghan.nl)");
        case HistoryFormat::Lastfm1k:
            return QStringLiteral("Last.fm-1K data set");
        case HistoryFormat::Lastfm360k:
            return QStringLiteral("Last.fm-360K data set (play counts)");
        case HistoryFormat::TasteProfile:
            return QStringLiteral("Echo Nest Taste Profile (play counts)");
        case HistoryFormat::MsdTrackList:
            return QStringLiteral("Million Song Dataset track list");
    }
    return {};
}

bool isListenFormat(HistoryFormat format) {
    switch (format) {
        case HistoryFormat::SpotifyAccount:
        case HistoryFormat::SpotifyAccountPodcast:
        case HistoryFormat::SpotifyExtended:
        case HistoryFormat::ListenBrainzJsonl:
        case HistoryFormat::ListenBrainzJson:
        case HistoryFormat::LastfmCsv:
        case HistoryFormat::LastfmGhan:
        case HistoryFormat::Lastfm1k:
        case HistoryFormat::Lastfm360k:
        case HistoryFormat::TasteProfile:
            return true;
        default:
            return false;
    }
}

bool isPlayCountFormat(HistoryFormat format) {
    return format == HistoryFormat::Lastfm360k || format == HistoryFormat::TasteProfile;
}

bool needsUserName(HistoryFormat format) {
    return format == HistoryFormat::SpotifyAccount || format == HistoryFormat::LastfmCsv ||
           format == HistoryFormat::LastfmGhan;
}

bool isMinutePrecision(HistoryFormat format) {
    return format == HistoryFormat::SpotifyAccount || format == HistoryFormat::LastfmCsv;
}

Detection detectFormat(const QString& fileName, const QByteArray& head) {
    const QString name = QFileInfo(fileName).fileName();
    if (head.contains('\0'))
        return {HistoryFormat::Unknown, QStringLiteral("a binary file, not a listening history")};
    const QByteArray trimmed = head.trimmed();
    if (trimmed.isEmpty()) return {HistoryFormat::Empty, {}};
    if (trimmed.startsWith('[')) return detectJsonArray(head, name);
    if (trimmed.startsWith('{')) {
        const qsizetype newline = trimmed.indexOf('\n');
        const QByteArray firstLine = newline < 0 ? trimmed : trimmed.left(newline);
        JsonLite json;
        if (json.parse(firstLine) && json.type(JsonLite::kRoot) == JsonLite::Type::Object)
            return detectJsonObject(json, name, false);
        if (trimmed.contains("\"listened_at\"")) return {HistoryFormat::ListenBrainzJsonl, {}};
        if (json.parse(trimmed))
            return detectJsonObject(json, name, false);  // a pretty-printed object
        return {HistoryFormat::Unknown,
                QStringLiteral("a JSON object, but not a listening history")};
    }
    if (const Detection dataSet = detectDataSet(head); dataSet.format != HistoryFormat::Unknown)
        return dataSet;
    return detectCsv(head);
}

}  // namespace tl
