// core/library/: the music folder — a recursive, symlink-loop-safe walk of the user's audio
// files, their tags (TagLib; libsndfile when TagLib cannot read a file; the file name when tags
// are missing), matching each file to a catalog track (or adding a cold-start track), and
// incremental rescans keyed by (path, size, mtime). Results go in the files, file_tags and
// file_matches tables; the folders scanned are remembered in the "music_folders" setting.
//
// This file: which files are audio, by name.
#pragma once

#include <QString>
#include <QStringView>

namespace tl {

// The format name stored in files.format ("WAV", "FLAC", "OGG", "OPUS", "MP3", "AIFF" for what
// libsndfile reads; "M4A", "AAC", "ALAC", "WMA", "MKA", "WEBM" for what FFmpeg reads) for an
// audio file name (case-insensitive suffix), or an empty string for any other file (cover art,
// playlists, cue sheets), which the scan ignores.
QString audioFormatForFileName(QStringView fileName);

}  // namespace tl
