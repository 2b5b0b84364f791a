// File paths whose bytes are not UTF-8, carried in a QString without loss.
//
// Qt 6 decodes every file name as UTF-8 and turns an invalid byte into U+FFFD, so a name such as
// "caf\xe9.flac" (from a Latin-1 system or an old Windows copy) encodes back to other bytes: a
// file that does not exist. Here each byte that is not part of valid UTF-8 becomes one code point
// of a private-use block, U+10FD80 + (byte - 0x80), which UTF-8 text (SQLite, JSON) stores
// unchanged; nativePath() turns it back into the byte. A name that already holds one of those
// code points has that code point's own bytes escaped the same way, so every byte string maps to
// one QString and back: the mapping is a bijection onto the strings it makes.
//
// Every place that hands a track's path to the operating system (stat, open, libsndfile, TagLib)
// goes through nativePath(); every place that shows a path to a person through displayPath().
#pragma once

#include <QByteArray>
#include <QString>
#include <vector>

class QFile;

namespace tl {

// The QString a file name's bytes stand for. Valid UTF-8 decodes as usual.
QString pathFromNative(const QByteArray& bytes);

// The bytes of `path`: UTF-8, with each escaped byte turned back. For a path with no escapes
// this is QFile::encodeName(path).
QByteArray nativePath(const QString& path);

// Whether `path` holds bytes that are not UTF-8 (escaped by pathFromNative).
bool hasRawBytes(const QString& path);

// `path` as a person can read, find and type it: escaped bytes as \xNN ("caf\xe9.flac").
QString displayPath(const QString& path);

// `name` with escaped bytes read as Windows-1252 ("café"): a best guess at what the name meant,
// for titles taken from file names.
QString guessedText(const QString& name);

// A file: URL that names exactly these bytes (each escaped byte percent-encoded as itself).
QString nativeFileUrl(const QString& path);

struct NativeFileInfo {
    bool exists = false;
    bool isFile = false;
    bool isDir = false;
    qint64 size = 0;
    qint64 mtime = 0;  // Unix seconds
};

// stat(2) by the path's own bytes (following links).
NativeFileInfo statNative(const QString& path);

// The regular files directly in `folder` (links followed), hidden ones left out, by name.
struct NativeEntry {
    QString path;  // pathFromNative()
    NativeFileInfo info;
};
std::vector<NativeEntry> filesInFolder(const QString& folder);

// Opens `path` read-only by its own bytes and hands the descriptor to `file` (which closes it).
// On failure, returns false with the reason in `*error` when given.
bool openNativeForReading(QFile& file, const QString& path, QString* error = nullptr);

}  // namespace tl
