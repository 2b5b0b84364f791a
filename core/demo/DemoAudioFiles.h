// Writes the demo's music folder: every WorldAudio entry synthesised (DemoSynth.h) and encoded
// through libsndfile as FLAC, Ogg Vorbis or WAV, tagged with artist, title, album, genre and track
// number. Clips are independent, so they are made in parallel on the global thread pool.
#pragma once

#include <QString>
#include <vector>

#include "demo/DemoModel.h"
#include "job/Progress.h"
#include "job/Status.h"

namespace tl::demo {

struct WrittenAudio {
    qint64 size = 0;
    qint64 mtime = 0;  // Unix seconds
};

// Writes world.audio as flat clips, root/clips/<index>.<ext>, and fills `written` (one entry per
// world.audio entry). Returns the first error (naming its file), or cancelled.
//
// Flat because removing folders is what makes a cancelled run slow to clean up (an rmdir costs
// milliseconds on some file systems, an unlink a tenth of that): a cancel must leave nothing
// behind within 200 ms, so the music/<Genre>/<Artist>/ tree is only built by arrangeMusic().
Status writeAudioFiles(const World& world, const QString& root, std::vector<WrittenAudio>& written,
                       const Progress& progress);

// Moves root/clips/<index>.<ext> to root/<relativePath> (music/<Genre>/<Artist>/<NN> -
// <Title>.<ext>), creating the folders, and removes root/clips. Renames only: fast, no cancellation
// point.
Status arrangeMusic(const World& world, const QString& root);

// One clip: synthesise and encode. Exposed for the benchmark and for tests of single files.
Status writeClip(const World& world, const WorldAudio& audio, const QString& path,
                 const Progress& progress);

QString formatName(AudioFormat format);  // "FLAC", "OGG", "WAV" (as AudioFile.format)

}  // namespace tl::demo
