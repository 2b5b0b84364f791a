// Test helpers that make sounds and write them as real audio files through libsndfile, for the
// audio front-end's tests (tones, noise, click trains at any rate and channel count).
#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace tl::test {

// amplitude * sin(2 pi hz t + phase), `seconds` long at `rate`.
std::vector<float> sine(double hz, double seconds, int rate, double amplitude = 0.5,
                        double phase = 0.0);
// Uniform white noise in [-amplitude, amplitude], from a seeded generator.
std::vector<float> whiteNoise(double seconds, int rate, double amplitude, std::uint64_t seed);
// Single-sample clicks of amplitude 1 every `period` seconds, starting at `period` / 2.
std::vector<float> clickTrain(double period, double seconds, int rate);

// Writes interleaved samples (frames * channels) as `sfFormat` (SF_FORMAT_WAV | SF_FORMAT_PCM_16
// etc.); returns an empty string on success, else the error.
QString writeSound(const QString& path, const std::vector<float>& interleaved, int channels,
                   int rate, int sfFormat);
// Channels of equal length, one vector each, as one interleaved buffer.
std::vector<float> interleave(const std::vector<std::vector<float>>& channels);

}  // namespace tl::test
