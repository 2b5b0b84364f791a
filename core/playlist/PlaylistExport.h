#pragma once

#include <QByteArray>
#include <QString>

#include "job/Status.h"
#include "playlist/WeeklyPlaylist.h"

namespace tl {

enum class PlaylistFormat { M3U8, XSPF, JSPF };

// By file name: .m3u8/.m3u, .xspf, .jspf/.json; false for anything else.
bool playlistFormatFor(const QString& fileName, PlaylistFormat* format);

// Extended M3U in UTF-8: #EXTM3U, #PLAYLIST, and per track #EXTINF:<seconds>,<artist> - <title>
// followed by the local file path where a file exists (tracks without a file are written as a
// comment line, since a player cannot open them).
QByteArray toM3u8(const WeeklyPlaylist& playlist);
// XSPF version 1 (xspf.org/spec): playlist title, creator, date, trackList with per track
// location (file:// URL), identifier (MusicBrainz recording URL), title, creator, album,
// duration and annotation (the explanation summary).
QByteArray toXspf(const WeeklyPlaylist& playlist);
// JSPF as ListenBrainz reads it: {"playlist": {"title", "creator", "date", "identifier",
// "annotation", "track": [{"title", "creator", "album", "duration", "identifier":
// ["https://musicbrainz.org/recording/<mbid>"], "location": [file URL]}]}}.
QByteArray toJspf(const WeeklyPlaylist& playlist);

QByteArray exportPlaylist(const WeeklyPlaylist& playlist, PlaylistFormat format);
// Writes atomically (QSaveFile): a failed write leaves any earlier file as it was.
Status writePlaylistFile(const WeeklyPlaylist& playlist, const QString& path);

}  // namespace tl
