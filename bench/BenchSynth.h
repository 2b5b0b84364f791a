// What the audio benchmarks share: the process's CPU time, and a seeded music-like track (a
// chord per bar, a kick and hi-hat pattern, some noise) to encode in each codec.
#pragma once

#include <time.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace tl::bench {

inline double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

// `seconds` of interleaved float samples at `rate`, channel c at (1 - 0.2 c) of the first.
inline std::vector<float> synthTrack(double seconds, int rate, int channels, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uni(-1.0, 1.0);
    const double bpm = 80 + (seed % 80);
    const double beat = 60.0 / bpm;
    const double root = 110.0 * std::pow(2.0, (seed % 12) / 12.0);
    const auto frames = size_t(seconds * rate);
    std::vector<float> out(frames * size_t(channels));
    const double pi = std::numbers::pi;
    for (size_t i = 0; i < frames; ++i) {
        const double t = double(i) / rate;
        const int bar = int(t / (4 * beat));
        const double f = root * std::pow(2.0, ((bar * 5) % 12) / 12.0);
        double x = 0.15 * (std::sin(2 * pi * f * t) + std::sin(2 * pi * f * 1.26 * t) +
                           std::sin(2 * pi * f * 1.5 * t));
        const double inBeat = std::fmod(t, beat);
        x += 0.5 * std::exp(-inBeat * 30) * std::sin(2 * pi * 55 * inBeat);  // kick
        const double inHalf = std::fmod(t, beat / 2);
        x += 0.1 * std::exp(-inHalf * 80) * uni(rng);  // hi-hat
        x += 0.01 * uni(rng);
        for (int c = 0; c < channels; ++c)
            out[i * size_t(channels) + size_t(c)] = float(x * (1 - 0.2 * c));
    }
    return out;
}

}  // namespace tl::bench
