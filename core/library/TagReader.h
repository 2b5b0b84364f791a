// Reads one audio file's tags and audio properties: TagLib first (tags, MusicBrainz IDs, length,
// sample rate, channels without decoding), libsndfile when TagLib cannot parse the file or finds
// no audio in it (TagLib picks a parser by the file name; libsndfile looks at the content), and
// FFmpeg instead of libsndfile for the M4A, AAC, ALAC, WMA and Matroska/WebM that libsndfile
// never reads (raw AAC and Matroska have no TagLib parser here at all).
// Safe to call from several threads at once: every call uses its own TagLib, libsndfile and
// FFmpeg objects.
#pragma once

#include <QString>

#include "job/Result.h"
#include "library/FileTags.h"

namespace tl {

// Tags as the file has them (no file-name fallback: see FileNameTags.h), or an error whose
// message says why the file cannot be read, in plain words ("empty file (0 bytes)", "cannot
// open: Permission denied", "a folder, not a file", "not an MP3 file TagLib or libsndfile can
// read"). `format` is the name-derived format ("FLAC", …) used in messages; `size` the size of
// the regular file the caller listed (-1: the file is checked and its size looked up).
Result<FileTags> readFileTags(const QString& path, const QString& format, qint64 size = -1);

}  // namespace tl
