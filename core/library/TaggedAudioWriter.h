// Writes short, tagged audio files: a quiet tone encoded by libsndfile, then tags (artist,
// title, album, genre, comment, description, mood, grouping, MusicBrainz IDs) set through
// TagLib as a tagger such as Picard would. The scan's tests and benchmark make their music
// folders with it.
#pragma once

#include <QString>

#include "job/Status.h"
#include "library/FileTags.h"

namespace tl {

struct ToneSpec {
    QString format = QStringLiteral("WAV");  // "WAV", "FLAC", "OGG", "OPUS", "MP3", "AIFF"
    int sampleRate = 8000;
    int channels = 1;
    int frames = 800;
    double frequency = 440.0;
};

// Writes the tone to `path` (replacing it). No tags.
Status writeTone(const QString& path, const ToneSpec& spec);

// Sets the non-empty text fields and MusicBrainz IDs of `tags` in the file's own tag format.
Status writeFileTags(const QString& path, const FileTags& tags);

}  // namespace tl
