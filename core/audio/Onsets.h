// Onset times and a beat grid, for the spectrogram's layers: the onset envelope of the
// descriptors (spectral flux on the log-mel, Descriptors.h), its peaks (librosa.onset.
// onset_detect's peak picking) and the tempo estimate (estimateTempo) laid over the track as
// beats: the tempo's period, with the phase that puts the beats on the strongest onsets.
#pragma once

#include <QString>
#include <vector>

#include "audio/FrontEndOptions.h"
#include "job/Progress.h"
#include "job/Result.h"

namespace tl::audio {

// librosa.onset.onset_detect's peak picking on an envelope scaled to [0, 1]: frame t is an
// onset when it is the maximum of the ~30 ms before it and the frame after, exceeds the mean
// of the ~100 ms around it by 0.07, and comes more than ~30 ms after the previous onset.
std::vector<int> pickOnsets(const std::vector<float>& envelope, double framesPerSecond);

// When the onset that envelope frame `frame` (fractional for beats) detected happened. The
// envelope's frame t is the rise from STFT frame t-1 to frame t; with centred frames (n_fft
// long, hop apart) a sound starting at sample s first shows in the frame whose window's far end
// has just passed s, t hop + n_fft / 2 > s. So the onset lies between the two windows' far
// ends: its best estimate is their midpoint, (t - 1/2 + n_fft / (2 hop)) hops. (librosa moves
// the envelope by n_fft / (2 hop) frames for the same reason and reports the far end.)
double onsetFrameSeconds(double frame, const FrontEndOptions& options);

struct Rhythm {
    double framesPerSecond = 0;
    double durationSeconds = 0;        // frames / framesPerSecond
    std::vector<float> envelope;       // onset strength per frame (onsetStrength())
    std::vector<double> onsetSeconds;  // ascending
    float bpm = 0;                     // estimateTempo(); 0 when nothing repeats (silence)
    double periodSeconds = 0;          // 60 / bpm
    double phaseSeconds = 0;           // the first beat; the others follow every period
    std::vector<double> beatSeconds;   // phase + k period, to the end of the track
};

// From a log-mel in dB stored frame-major (db[frame * bands + band], as TrackSpectrogram holds
// it) made with `options`' rate, n_fft and hop. The beats' phase maximises the (smoothed,
// mean-removed) envelope summed at the beat times, searched in tenths of a frame.
Rhythm analyzeRhythm(const float* db, int frames, int bands, const FrontEndOptions& options);

// The track's whole log-mel (computeTrackSpectrogram), then the above. Cancellable.
Result<Rhythm> trackRhythm(const QString& path, const FrontEndOptions& options,
                           const Progress& progress);

}  // namespace tl::audio
