#include "audio/Onsets.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "audio/Descriptors.h"
#include "audio/TrackSpectrogram.h"

namespace tl::audio {

std::vector<int> pickOnsets(const std::vector<float>& env, double framesPerSecond) {
    std::vector<int> onsets;
    const float top = env.empty() ? 0.0f : *std::max_element(env.begin(), env.end());
    if (!(top > 0)) return onsets;
    const int n = int(env.size());
    const int preMax = std::max(1, int(std::lround(0.03 * framesPerSecond)));
    const int avg = std::max(1, int(std::lround(0.10 * framesPerSecond)));
    const int wait = preMax;
    int last = -wait - 1;
    for (int t = 0; t < n; ++t) {
        const float v = env[size_t(t)] / top;
        bool isMax = true;
        for (int j = std::max(0, t - preMax); j <= std::min(n - 1, t + 1) && isMax; ++j)
            if (env[size_t(j)] / top > v) isMax = false;
        if (!isMax) continue;
        double mean = 0;
        const int lo = std::max(0, t - avg), hi = std::min(n - 1, t + avg);
        for (int j = lo; j <= hi; ++j) mean += env[size_t(j)] / top;
        mean /= (hi - lo + 1);
        if (v >= mean + 0.07 && t - last > wait) {
            onsets.push_back(t);
            last = t;
        }
    }
    return onsets;
}

double onsetFrameSeconds(double frame, const FrontEndOptions& o) {
    return (frame - 0.5 + double(o.nFft) / (2.0 * o.hop)) * o.hop / o.sampleRate;
}

Rhythm analyzeRhythm(const float* db, int frames, int bands, const FrontEndOptions& o) {
    Rhythm r;
    r.framesPerSecond = double(o.sampleRate) / o.hop;
    if (frames <= 0 || bands <= 0 || !db) return r;
    r.durationSeconds = frames / r.framesPerSecond;
    // Frame-major is a bands x frames column-major matrix: one column per frame.
    r.envelope = onsetStrength(Eigen::Map<const Eigen::MatrixXf>(db, bands, frames));
    for (int t : pickOnsets(r.envelope, r.framesPerSecond))
        r.onsetSeconds.push_back(onsetFrameSeconds(t, o));
    r.bpm = estimateTempo({r.envelope}, r.framesPerSecond);
    if (!(r.bpm > 0)) return r;
    const double period = 60.0 * r.framesPerSecond / r.bpm;  // in frames
    r.periodSeconds = 60.0 / r.bpm;

    // The phase: the envelope smoothed as the tempo's autocorrelation smooths it (onsets fall
    // between frames), its mean removed (so a phase that fits one more beat in is not favoured
    // for that), read between frames linearly.
    const int n = int(r.envelope.size());
    const double mean = std::accumulate(r.envelope.begin(), r.envelope.end(), 0.0) / n;
    std::vector<double> smooth(size_t(n), 0.0);
    constexpr double kTaps[5] = {1 / 9.0, 2 / 9.0, 3 / 9.0, 2 / 9.0, 1 / 9.0};
    for (int t = 0; t < n; ++t)
        for (int j = -2; j <= 2; ++j)
            if (t + j >= 0 && t + j < n)
                smooth[size_t(t)] += kTaps[j + 2] * (r.envelope[size_t(t + j)] - mean);
    auto at = [&](double x) {
        const int i = int(std::floor(x));
        if (i < 0 || i + 1 >= n) return i == n - 1 ? smooth[size_t(i)] : 0.0;
        return smooth[size_t(i)] + (x - i) * (smooth[size_t(i + 1)] - smooth[size_t(i)]);
    };
    double bestPhase = 0, bestScore = -1e300;
    const int steps = std::max(1, int(std::ceil(period * 10.0)));
    for (int s = 0; s < steps; ++s) {
        const double phase = s * period / steps;
        double score = 0;
        for (double x = phase; x <= n - 1; x += period) score += at(x);
        if (score > bestScore) {
            bestScore = score;
            bestPhase = phase;
        }
    }
    for (double x = bestPhase; x <= n - 1; x += period) {
        const double seconds = onsetFrameSeconds(x, o);
        if (seconds >= 0.0 && seconds <= r.durationSeconds) r.beatSeconds.push_back(seconds);
    }
    r.phaseSeconds = r.beatSeconds.empty() ? 0.0 : r.beatSeconds.front();
    return r;
}

Result<Rhythm> trackRhythm(const QString& path, const FrontEndOptions& options,
                           const Progress& progress) {
    SpectrogramRequest request;
    request.frontEnd = options;
    request.scale = SpectrogramScale::Mel;
    auto mel = computeTrackSpectrogram(path, request, progress);
    if (!mel) return mel.status();
    Rhythm r = analyzeRhythm(mel->db.data(), mel->frames, mel->bands, options);
    return r;
}

}  // namespace tl::audio
