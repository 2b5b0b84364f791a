// Classic per-track descriptors, the baseline the audio CNN must beat: MFCC mean and variance
// (DCT-II, orthonormal, of the log-mel, as librosa.feature.mfcc), spectral centroid, bandwidth
// and flatness (librosa.feature.spectral_*), onset strength (spectral flux on the log-mel, as
// librosa.onset.onset_strength) and a tempo estimate from the onset strength's autocorrelation
// weighted by a log-normal prior around 120 BPM (librosa.feature.tempo's method).
#pragma once

#include <Eigen/Core>
#include <QByteArray>
#include <QJsonObject>
#include <array>
#include <vector>

namespace tl::audio {

constexpr int kMfccCount = 20;

struct TrackDescriptors {
    std::array<float, kMfccCount> mfccMean{};
    std::array<float, kMfccCount> mfccVar{};
    float centroidHz = 0;     // mean over frames
    float bandwidthHz = 0;    // mean over frames (p = 2)
    float flatness = 0;       // mean over frames
    float onsetStrength = 0;  // mean of the onset envelope (dB per frame)
    float onsetRate = 0;      // onsets (peaks of the envelope) per second
    float tempoBpm = 0;       // 0 when no periodicity was found (silence)

    static constexpr int kValues = 2 * kMfccCount + 6;
    std::array<float, kValues> toVector() const;
    static TrackDescriptors fromVector(const float* v);
    QJsonObject toJson() const;
};

// DCT-II with orthonormal scaling (scipy.fftpack.dct(type=2, norm='ortho')): rows are the first
// `count` coefficients of an n-point transform.
Eigen::MatrixXf dctMatrix(int count, int n);

// librosa.onset.onset_strength on a log-mel (dB) excerpt, lag 1: the mean over bands of the
// positive first difference; frame 0 is 0. (librosa also shifts it by n_fft/(2 hop) frames to
// centre it; rates and tempo do not depend on that shift.)
std::vector<float> onsetStrength(const Eigen::MatrixXf& logMelDb);

// Tempo (BPM) from onset envelopes (one per excerpt): the autocorrelations summed, times the
// log-normal prior exp(-0.5 (log2(bpm / 120))^2), maximised over 30..300 BPM.
float estimateTempo(const std::vector<std::vector<float>>& envelopes, double framesPerSecond);

// Accumulates an excerpt at a time, then summarises the track.
class DescriptorAccumulator {
public:
    DescriptorAccumulator(int sampleRate, int nFft, int hop, int nMels);
    // One excerpt: its log-mel (dB) and its power spectrogram, frames as columns.
    void add(const Eigen::MatrixXf& logMelDb, const Eigen::MatrixXf& power);
    // The same in two halves, so the STFT can hand over its power a block of frames at a time
    // while the block is still in cache (centroid, bandwidth, flatness), and the excerpt's
    // finished log-mel (MFCC, onsets, tempo) once.
    void addSpectra(const Eigen::Ref<const Eigen::MatrixXf>& power);
    void addLogMel(const Eigen::MatrixXf& logMelDb);
    TrackDescriptors finish() const;

private:
    int sampleRate_, hop_;
    Eigen::MatrixXf dct_;
    Eigen::VectorXf binHz_, binHz2_;  // bin frequencies and their squares
    Eigen::VectorXd mfccSum_, mfccSumSq_;
    double centroidSum_ = 0, bandwidthSum_ = 0, flatnessSum_ = 0, onsetSum_ = 0;
    qint64 frames_ = 0, spectralFrames_ = 0, onsetFrames_ = 0, onsets_ = 0;
    std::vector<std::vector<float>> envelopes_;
};

}  // namespace tl::audio
