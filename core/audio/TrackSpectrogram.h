// Whole-track spectrograms for the spectrogram view (ui/ draws them; no maths there): one file's
// log-mel or linear-frequency power spectrogram in dB as a plain float matrix, its time step and
// band frequencies, and the excerpt windows the analysis uses, so the view can mark them.
// Decoding and the STFT are spread over every core; a 10-minute track takes well under 1 s.
#pragma once

#include <QString>
#include <vector>

#include "audio/Excerpts.h"
#include "audio/FrontEndOptions.h"
#include "audio/Stft.h"
#include "job/Progress.h"
#include "job/Result.h"

namespace tl::audio {

enum class SpectrogramScale { Mel, Linear };

struct SpectrogramRequest {
    // rate, n_fft, hop, mel bands, dB floor, excerpt plan. The view may ask for another n_fft
    // and hop than the analysis: the excerpts marked stay the analysis's (they depend on the
    // rate and the excerpt plan only).
    FrontEndOptions frontEnd;
    StftWindow window = StftWindow::Hann;  // the analysis always uses Hann
    SpectrogramScale scale = SpectrogramScale::Mel;
    int threads = 0;  // 0: every core
};

struct TrackSpectrogram {
    int frames = 0;
    int bands = 0;
    // dB, frame after frame: db[frame * bands + band], band 0 the lowest frequency. Floored at
    // maxDb - top_db over the whole track (librosa.power_to_db with ref 1.0).
    std::vector<float> db;
    double secondsPerFrame = 0;  // hop / rate; frame t is centred at t * secondsPerFrame
    std::vector<float> bandHz;   // centre frequency of each band (mel centres or bin frequencies)
    float minDb = 0, maxDb = 0;
    double durationSeconds = 0;
    int sampleRate = 0;     // analysis rate
    int nFft = 0, hop = 0;  // what the STFT used
    StftWindow window = StftWindow::Hann;
    std::vector<ExcerptWindow> excerpts;  // the windows analyzeProject() uses for this file
    float at(int frame, int band) const { return db[size_t(frame) * size_t(bands) + size_t(band)]; }
};

// Cancellable (returns Status::cancelled within milliseconds); errors name the file.
Result<TrackSpectrogram> computeTrackSpectrogram(const QString& path,
                                                 const SpectrogramRequest& request,
                                                 const Progress& progress);

}  // namespace tl::audio
