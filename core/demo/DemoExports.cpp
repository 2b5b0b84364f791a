#include "demo/DemoExports.h"

#include <QDateTime>
#include <QDir>

#include "demo/DemoOutput.h"

namespace tl::demo {
namespace {

constexpr int kCancelCheckEvery = 2048;  // rows between cancellation checks (well under 200 ms)

const char* reasonStartName(ReasonStart reason) {
    switch (reason) {
        case ReasonStart::ClickRow:
            return "clickrow";
        case ReasonStart::PlayButton:
            return "playbtn";
        case ReasonStart::AppLoad:
            return "appload";
        case ReasonStart::TrackDone:
            return "trackdone";
        case ReasonStart::ForwardButton:
            return "fwdbtn";
    }
    return "unknown";
}

const char* reasonEndName(ReasonEnd reason) {
    switch (reason) {
        case ReasonEnd::TrackDone:
            return "trackdone";
        case ReasonEnd::ForwardButton:
            return "fwdbtn";
        case ReasonEnd::EndPlay:
            return "endplay";
        case ReasonEnd::Logout:
            return "logout";
    }
    return "unknown";
}

const char* platformName(quint8 platform) {
    return platform == 0 ? "android" : "windows";
}

QString isoUtc(qint64 seconds) {
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate);
}

void appendListenBrainzLine(QByteArray& out, const World& world, const WorldListen& listen) {
    const WorldTrack& track = world.tracks[size_t(listen.track)];
    const WorldArtist& artist = world.artists[size_t(track.artist)];
    out += '{';
    appendJsonKey(out, "user_name");
    appendJsonString(out, world.users[size_t(listen.user)].name);
    out += ',';
    appendJsonKey(out, "listened_at");
    out += QByteArray::number(listen.endedAt);
    out += ',';
    appendJsonKey(out, "track_metadata");
    out += '{';
    appendJsonKey(out, "artist_name");
    appendJsonString(out, artist.name);
    out += ',';
    appendJsonKey(out, "track_name");
    appendJsonString(out, track.title);
    out += ',';
    appendJsonKey(out, "release_name");
    appendJsonString(out, track.album);
    out += ',';
    appendJsonKey(out, "additional_info");
    out += '{';
    appendJsonKey(out, "duration_ms");
    out += QByteArray::number(track.durationMs);
    out += ',';
    appendJsonKey(out, "recording_msid");
    appendJsonString(out, track.msid);
    out += ',';
    appendJsonKey(out, "submission_client");
    out += "\"tastelab-demo\"},";
    appendJsonKey(out, "mbid_mapping");
    if (track.mbid.isEmpty()) {
        out += "null";  // ListenBrainz could not map this recording to MusicBrainz
    } else {
        out += '{';
        appendJsonKey(out, "recording_mbid");
        appendJsonString(out, track.mbid);
        out += ',';
        appendJsonKey(out, "artist_mbids");
        out += '[';
        appendJsonString(out, artist.mbid);
        out += "],";
        appendJsonKey(out, "release_mbid");
        appendJsonString(out, track.releaseMbid);
        out += '}';
    }
    out += "}}\n";
}

void appendField(QByteArray& out, const char* key, const QByteArray& value, bool last = false) {
    out += "    ";
    appendJsonKey(out, key);
    out += ' ';
    out += value;
    out += last ? "\n" : ",\n";
}

QByteArray jsonString(const QString& text) {
    QByteArray out;
    appendJsonString(out, text);
    return out;
}

QByteArray jsonBool(bool value) {
    return value ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
}

// One entry in Spotify's layout: pretty-printed, fields in the order Spotify writes them.
void appendSpotifyEntry(QByteArray& out, const World& world, const WorldListen& listen) {
    const WorldTrack& track = world.tracks[size_t(listen.track)];
    const WorldArtist& artist = world.artists[size_t(track.artist)];
    static const QByteArray null = QByteArrayLiteral("null");
    out += "  {\n";
    appendField(out, "ts", jsonString(isoUtc(listen.endedAt)));
    appendField(out, "username", jsonString(world.users[size_t(listen.user)].name));
    appendField(out, "platform", jsonString(QString::fromLatin1(platformName(listen.platform))));
    appendField(out, "ms_played", QByteArray::number(listen.msPlayed));
    appendField(out, "conn_country", "\"DE\"");
    // TEST-NET-1 (RFC 5737): an address that is documentation by definition.
    appendField(out, "ip_addr", "\"192.0.2." + QByteArray::number(listen.ipHost) + '"');
    appendField(out, "master_metadata_track_name", jsonString(track.title));
    appendField(out, "master_metadata_album_artist_name", jsonString(artist.name));
    appendField(out, "master_metadata_album_album_name", jsonString(track.album));
    appendField(out, "spotify_track_uri", jsonString(track.spotifyUri));
    appendField(out, "episode_name", null);
    appendField(out, "episode_show_name", null);
    appendField(out, "spotify_episode_uri", null);
    appendField(out, "audiobook_title", null);
    appendField(out, "audiobook_uri", null);
    appendField(out, "audiobook_chapter_uri", null);
    appendField(out, "audiobook_chapter_title", null);
    appendField(out, "reason_start",
                jsonString(QString::fromLatin1(reasonStartName(listen.reasonStart))));
    appendField(out, "reason_end",
                jsonString(QString::fromLatin1(reasonEndName(listen.reasonEnd))));
    appendField(out, "shuffle", jsonBool(listen.shuffle));
    appendField(out, "skipped", jsonBool(listen.skipped));
    appendField(out, "offline", jsonBool(listen.offline));
    // Spotify gives the start of an offline play, in seconds; 0 when online.
    const qint64 started = listen.endedAt - listen.msPlayed / 1000;
    appendField(out, "offline_timestamp", QByteArray::number(listen.offline ? started : 0));
    appendField(out, "incognito_mode", "false", true);
    out += "  }";
}

}  // namespace

Status writeListenBrainz(const World& world, const QString& path, const Progress& progress) {
    OutputFile file(path);
    if (Status s = file.open(); !s.isOk()) return s;
    const size_t total = world.listens.size();
    for (size_t i = 0; i < total; ++i) {
        const WorldListen& listen = world.listens[i];
        if (world.users[size_t(listen.user)].isMe) continue;  // "me" exports from Spotify
        appendListenBrainzLine(file.buffer(), world, listen);
        if (Status s = file.flushIfFull(); !s.isOk()) return s;
        if (i % kCancelCheckEvery == 0) {
            if (progress.cancelled()) return Status::cancelled();
            progress.report(double(i) / double(total),
                            QStringLiteral("Writing ListenBrainz history"));
        }
    }
    return file.close();
}

Status writeSpotifyHistory(const World& world, const QString& dir, const Progress& progress) {
    std::vector<const WorldListen*> mine;
    for (const auto& listen : world.listens)
        if (world.users[size_t(listen.user)].isMe) mine.push_back(&listen);
    int firstYear = 0;
    int lastYear = 0;
    if (!mine.empty()) {
        firstYear = QDateTime::fromSecsSinceEpoch(mine.front()->endedAt, Qt::UTC).date().year();
        lastYear = QDateTime::fromSecsSinceEpoch(mine.back()->endedAt, Qt::UTC).date().year();
    }
    const QString years = firstYear == lastYear
                              ? QString::number(lastYear)
                              : QStringLiteral("%1-%2").arg(firstYear).arg(lastYear);
    OutputFile file(
        QDir(dir).filePath(QStringLiteral("Streaming_History_Audio_%1.json").arg(years)));
    if (Status s = file.open(); !s.isOk()) return s;
    file.buffer() += "[\n";
    for (size_t i = 0; i < mine.size(); ++i) {
        if (i > 0) file.buffer() += ",\n";
        appendSpotifyEntry(file.buffer(), world, *mine[i]);
        if (Status s = file.flushIfFull(); !s.isOk()) return s;
        if (i % kCancelCheckEvery == 0) {
            if (progress.cancelled()) return Status::cancelled();
            progress.report(double(i) / double(mine.size()),
                            QStringLiteral("Writing Spotify history"));
        }
    }
    file.buffer() += "\n]\n";
    return file.close();
}

}  // namespace tl::demo
