// What the scan knows about one audio file's content: its tags and its audio properties.
#pragma once

#include <QString>
#include <QStringList>

namespace tl {

struct FileTags {
    // A field may hold several values (a Vorbis comment repeats TITLE or ARTIST; ID3v2.4
    // separates values with a NUL): artist, title, album and genre are each the first non-empty
    // value, never the values joined.
    QString artist;
    QString title;
    // The other values of ARTIST and TITLE, in the file's order, without repeats (an artist's
    // other spelling, a title in another language). The scan matches by them when the first
    // names match no catalog track.
    QStringList artistAliases;
    QStringList titleAliases;
    QString album;
    QString genre;
    QString comment;
    // Free text the text model reads as well: DESCRIPTION (Vorbis comment, ID3v2
    // TXXX:DESCRIPTION), MOOD (ID3v2 TMOO) and GROUPING (ID3v2 GRP1, MP4 \251grp; older
    // taggers' CONTENTGROUP, and ID3v2 TIT1 which TagLib 1.13 calls WORK).
    QString description;
    QString mood;
    QString grouping;
    QString trackMbid;   // MusicBrainz recording ID (MUSICBRAINZ_TRACKID, ID3 UFID)
    QString artistMbid;  // only when the tag names exactly one artist
    QString albumMbid;   // MusicBrainz release ID
    // The release year: the first four digits of DATE (Vorbis), TDRC/TYER (ID3v2), \251day
    // (MP4), ICRD (RIFF INFO), FFmpeg's "date"; 0 when none or outside 1000-2999. The map colours
    // by it.
    int year = 0;
    int durationMs = 0;
    int sampleRate = 0;
    int channels = 0;
    // Where artist and title came from: "tags", "file-name", or "tags+file-name" (one of them
    // missing from the tags).
    QString source;
    // Which library read the file: "taglib", "libsndfile" (TagLib could not), or
    // "taglib+libsndfile" (TagLib's tags, libsndfile's audio properties); for what libsndfile
    // never reads (M4A, AAC, WMA, Matroska/WebM) "ffmpeg" and "taglib+ffmpeg" instead.
    QString reader;
};

}  // namespace tl
