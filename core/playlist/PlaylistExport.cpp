#include "playlist/PlaylistExport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUrl>
#include <QXmlStreamWriter>

#include "util/NativePath.h"

namespace tl {
namespace {

const QString kRecordingUrl = QStringLiteral("https://musicbrainz.org/recording/");
const QString kCreator = QStringLiteral("Tastelab");

QString weekDate(const WeeklyPlaylist& p) {
    return QDateTime::fromSecsSinceEpoch(p.weekStart, Qt::UTC).toString(Qt::ISODate);
}

QString fileUrl(const QString& path) {
    if (path.isEmpty()) return {};
    // A name that is not UTF-8 is named by its bytes, percent-encoded (util/NativePath.h).
    return hasRawBytes(path) ? nativeFileUrl(path)
                             : QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded);
}

// M3U8 is UTF-8 text: a path whose bytes are not UTF-8 cannot be written as it is, and is
// written as the file: URL naming those bytes, which players accept in its place.
QString m3uLocation(const QString& path) {
    return hasRawBytes(path) ? nativeFileUrl(path) : path;
}

// One line in M3U: no line breaks inside a title.
QString oneLine(QString s) {
    s.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));
    return s;
}

}  // namespace

bool playlistFormatFor(const QString& fileName, PlaylistFormat* format) {
    const QString lower = fileName.toLower();
    if (lower.endsWith(QLatin1String(".m3u8")) || lower.endsWith(QLatin1String(".m3u")))
        *format = PlaylistFormat::M3U8;
    else if (lower.endsWith(QLatin1String(".xspf")))
        *format = PlaylistFormat::XSPF;
    else if (lower.endsWith(QLatin1String(".jspf")) || lower.endsWith(QLatin1String(".json")))
        *format = PlaylistFormat::JSPF;
    else
        return false;
    return true;
}

QByteArray toM3u8(const WeeklyPlaylist& p) {
    QString out = QStringLiteral("#EXTM3U\n#PLAYLIST:%1\n").arg(oneLine(p.title()));
    for (const PlaylistEntry& e : p.entries) {
        const int seconds = e.durationMs > 0 ? (e.durationMs + 500) / 1000 : -1;
        out += QStringLiteral("#EXTINF:%1,%2 - %3\n")
                   .arg(seconds)
                   .arg(oneLine(e.artist), oneLine(e.title));
        out += e.filePath.isEmpty() ? QStringLiteral("# no local file: %1 - %2\n")
                                          .arg(oneLine(e.artist), oneLine(e.title))
                                    : m3uLocation(e.filePath) + QLatin1Char('\n');
    }
    return out.toUtf8();
}

QByteArray toXspf(const WeeklyPlaylist& p) {
    QByteArray bytes;
    QXmlStreamWriter xml(&bytes);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeDefaultNamespace(QStringLiteral("http://xspf.org/ns/0/"));
    xml.writeStartElement(QStringLiteral("playlist"));
    xml.writeAttribute(QStringLiteral("version"), QStringLiteral("1"));
    xml.writeTextElement(QStringLiteral("title"), p.title());
    xml.writeTextElement(QStringLiteral("creator"), kCreator);
    xml.writeTextElement(QStringLiteral("date"), weekDate(p));
    xml.writeStartElement(QStringLiteral("trackList"));
    for (const PlaylistEntry& e : p.entries) {
        // XSPF fixes the order of a track's children: location, identifier, title, creator,
        // annotation, …, album, trackNum, duration.
        xml.writeStartElement(QStringLiteral("track"));
        if (!e.filePath.isEmpty())
            xml.writeTextElement(QStringLiteral("location"), fileUrl(e.filePath));
        if (!e.mbid.isEmpty())
            xml.writeTextElement(QStringLiteral("identifier"), kRecordingUrl + e.mbid);
        xml.writeTextElement(QStringLiteral("title"), e.title);
        xml.writeTextElement(QStringLiteral("creator"), e.artist);
        if (!e.summary.isEmpty()) xml.writeTextElement(QStringLiteral("annotation"), e.summary);
        if (!e.album.isEmpty()) xml.writeTextElement(QStringLiteral("album"), e.album);
        xml.writeTextElement(QStringLiteral("trackNum"), QString::number(e.position));
        if (e.durationMs > 0)
            xml.writeTextElement(QStringLiteral("duration"), QString::number(e.durationMs));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    return bytes;
}

QByteArray toJspf(const WeeklyPlaylist& p) {
    QJsonArray tracks;
    for (const PlaylistEntry& e : p.entries) {
        QJsonObject t{{QStringLiteral("title"), e.title},
                      {QStringLiteral("creator"), e.artist},
                      {QStringLiteral("album"), e.album},
                      {QStringLiteral("annotation"), e.summary}};
        t[QStringLiteral("identifier")] =
            e.mbid.isEmpty() ? QJsonArray() : QJsonArray{kRecordingUrl + e.mbid};
        if (!e.filePath.isEmpty()) t[QStringLiteral("location")] = QJsonArray{fileUrl(e.filePath)};
        if (e.durationMs > 0) t[QStringLiteral("duration")] = e.durationMs;
        tracks.append(t);
    }
    const QJsonObject playlist{
        {QStringLiteral("title"), p.title()},
        {QStringLiteral("creator"), kCreator},
        {QStringLiteral("date"), weekDate(p)},
        {QStringLiteral("annotation"),
         QStringLiteral("mode %1, seed %2").arg(playlistModeName(p.mode)).arg(p.seed)},
        {QStringLiteral("track"), tracks}};
    return QJsonDocument(QJsonObject{{QStringLiteral("playlist"), playlist}})
        .toJson(QJsonDocument::Indented);
}

QByteArray exportPlaylist(const WeeklyPlaylist& p, PlaylistFormat format) {
    switch (format) {
        case PlaylistFormat::M3U8:
            return toM3u8(p);
        case PlaylistFormat::XSPF:
            return toXspf(p);
        case PlaylistFormat::JSPF:
            return toJspf(p);
    }
    return {};
}

Status writePlaylistFile(const WeeklyPlaylist& p, const QString& path) {
    PlaylistFormat format;
    if (!playlistFormatFor(path, &format))
        return Status::error(
            QStringLiteral("%1: unknown playlist format (use .m3u8, .xspf or .jspf)").arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::error(QStringLiteral("%1: %2").arg(path, file.errorString()));
    const QByteArray bytes = exportPlaylist(p, format);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Status::error(QStringLiteral("%1: %2").arg(path, file.errorString()));
    return Status::ok();
}

}  // namespace tl
