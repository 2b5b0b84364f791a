// The frequency of one spectrogram frame's loudest band, finer than the band spacing: a parabola
// through the loudest band's level and its two neighbours' (in dB, i.e. on log magnitude, where a
// windowed sinusoid's main lobe is close to a parabola), its vertex taken as the peak. For the
// spectrogram view's per-frame peak read-out (Sonic Visualiser's "peak frequency"); ui/ only
// shows what this computes.
#pragma once

namespace tl::audio {

struct SpectralPeak {
    bool valid = false;  // false for a silent (flat) frame or no bands
    int band = -1;       // the loudest band
    double offset = 0;   // the vertex, in bands from `band`, in [-0.5, 0.5]
    double hz = 0;       // the vertex's frequency
    double db = 0;       // the vertex's level
};

// `db`: one frame's levels, `bands` values, band 0 the lowest; `bandHz` the bands' centre
// frequencies, ascending. On an STFT's evenly spaced bins this is the textbook quadratic
// interpolation, p = (a - c) / (2 (a - 2b + c)); on mel bands the vertex's frequency is
// interpolated between the neighbouring centres. The loudest band at either edge gets no
// parabola (offset 0).
SpectralPeak peakFrequency(const float* db, int bands, const float* bandHz);

}  // namespace tl::audio
