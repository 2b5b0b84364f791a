// Decoding for the front-end: any file libsndfile reads (WAV, FLAC, Ogg Vorbis/Opus, MP3 and
// the rest), and through FFmpeg (audio/FfmpegReader.h) what it cannot: AAC and ALAC in .m4a, raw
// AAC, WMA, Matroska/WebM (by suffix, or when libsndfile cannot open a file). Any channel count
// is averaged to mono (librosa.to_mono), any rate resampled to the analysis rate with libsoxr at
// SOXR_HQ (librosa's default res_type 'soxr_hq'); both readers share those steps and every check.
// Excerpts are read by seeking (sf_seek; FFmpeg's by timestamp in MP4, by decoding forward in
// Matroska and ASF, whose millisecond timestamps are not sample-exact), so a long track costs no
// more than a short one.
#pragma once

#include <QString>
#include <vector>

#include "audio/Excerpts.h"
#include "job/Result.h"

namespace tl {
class Progress;
}

namespace tl::audio {

struct DecodedExcerpt {
    ExcerptWindow window;
    std::vector<float> mono;  // at the analysis rate
};

struct DecodedTrack {
    int sourceRate = 0;
    int sourceChannels = 0;
    qint64 sourceFrames = 0;
    bool lengthCounted = false;  // the header's length was unusable: decoded to the real end
    double seconds = 0;          // the track's whole duration
    std::vector<DecodedExcerpt> excerpts;
};

// Reads the windows planExcerpts() chooses for this file. Errors name the file and say what was
// wrong: missing, not audio libsndfile (or FFmpeg) reads, empty, truncated (fewer frames than its
// header claims), or a decode error at a given time. A header's length is never trusted as it is:
// one that is unknown (damaged Ogg), absurd, or more than the file's bytes can hold is replaced by
// the length found by decoding to the real end, and the windows are planned inside that.
Result<DecodedTrack> decodeExcerpts(const QString& path, const FrontEndOptions& options,
                                    const Progress* progress = nullptr);

// The same for explicit windows (the whole track: {{0, trackSeconds}}); windows past the end are
// cut to it. `sampleRate` is the output rate.
Result<DecodedTrack> decodeWindows(const QString& path, int sampleRate,
                                   const std::vector<ExcerptWindow>* windows,
                                   const Progress* progress = nullptr);

// Streams `samples` mono samples from `fromRate` to `toRate` through libsoxr (SOXR_HQ, one
// thread: the front-end parallelises across files). Appends to `out`.
Status resampleMono(const float* in, qint64 samples, int fromRate, int toRate,
                    std::vector<float>& out, const Progress* progress = nullptr);

}  // namespace tl::audio
