// When a length read from a file's header can be believed. A header's frame count is a claim,
// not a measurement: libsndfile reports SF_COUNT_MAX frames when it cannot find the end of a
// damaged Ogg stream, a FLAC STREAMINFO or WAV header can say anything, and TagLib's int
// milliseconds of such a count come out negative. One rule for the decoder (which then decodes
// to the real end) and the folder scan's tag reader (which then reports the length unknown).
#pragma once

#include <QtGlobal>
#include <limits>

namespace tl::audio {

// No music file is longer than this.
inline constexpr double kMaxTrackSeconds = 24.0 * 3600.0;
// Decoded frames one byte of file can hold. Real codecs stay far below it (Opus at 6 kb/s is
// 64 frames a byte; FLAC's constant subframes for digital silence a few hundred).
inline constexpr double kMaxFramesPerByte = 2048.0;

// Positive, not libsndfile's "unknown" (the largest count), at most kMaxTrackSeconds, and no
// more than `fileBytes` can hold (a size <= 0 is not checked against).
inline bool plausibleFrameCount(qint64 frames, int sampleRate, qint64 fileBytes) {
    if (sampleRate <= 0 || frames <= 0 || frames == std::numeric_limits<qint64>::max())
        return false;
    const double f = double(frames);
    return f / sampleRate <= kMaxTrackSeconds &&
           (fileBytes <= 0 || f <= double(fileBytes) * kMaxFramesPerByte);
}

}  // namespace tl::audio
