#pragma once

#include <QString>
#include <vector>

namespace tl {

// A spectrogram ready to draw: dB values per frame and band, with what the axes need. The view
// owns no signal processing; core/audio computes these values (log-mel or linear-frequency power
// in dB) and the panel converts its result into this.
struct SpectrogramData {
    enum class Scale { Mel, Linear };
    struct Excerpt {
        double start = 0.0;  // seconds from the start of the track
        double seconds = 0.0;
    };

    Scale scale = Scale::Mel;
    int bands = 0;
    int frames = 0;
    std::vector<float> db;          // frames × bands, frame-major: db[frame * bands + band]
    std::vector<float> bandHz;      // centre frequency of each band, ascending
    double secondsPerFrame = 0.0;   // the hop
    double startSeconds = 0.0;      // the time of frame 0 (an excerpt starts later)
    float topDb = 0.0f;             // the colour range: topDb is the brightest colour,
    float floorDb = -80.0f;         // floorDb the darkest (librosa's top_db of 80)
    std::vector<Excerpt> excerpts;  // the windows the audio model hears, if known
    QString title;
    int nFft = 0, hop = 0;  // the STFT this was computed with (0: not known)
    QString window;         // its window ("Hann", "Hamming", "Blackman-Harris", "Rectangular")

    bool isEmpty() const { return frames <= 0 || bands <= 0; }
    double durationSeconds() const { return frames * secondsPerFrame; }
    float at(int frame, int band) const { return db[size_t(frame) * size_t(bands) + size_t(band)]; }
};

}  // namespace tl
