// Test helpers for audio files: decoding through libsndfile and a few plain spectral features
// (centroid, flatness, band energies, onset rate) to check that sounds differ the way they should.
// Written independently of core's audio code so a test can catch mistakes there too.
#pragma once

#include <QString>
#include <array>
#include <vector>

namespace tl::test {

struct DecodedAudio {
    bool ok = false;
    QString error;
    int sampleRate = 0;
    int channels = 0;
    qint64 frames = 0;
    int format = 0;                                    // SF_FORMAT_* major format
    QString artist, title, album, genre, trackNumber;  // tags as libsndfile reads them
    std::vector<float> samples;                        // interleaved; only filled when asked for
};

DecodedAudio decodeAudio(const QString& path, bool readSamples = true);

// Mono features of a clip: [log2 centroid (Hz), spectral flatness, share of energy below
// 200 Hz, share above 4 kHz, onsets per second]. Frequencies are in Hz, so clips at 22.05 and
// 44.1 kHz are comparable.
constexpr int kClipFeatureCount = 5;
using ClipFeatures = std::array<double, kClipFeatureCount>;
ClipFeatures clipFeatures(const DecodedAudio& audio);

}  // namespace tl::test
