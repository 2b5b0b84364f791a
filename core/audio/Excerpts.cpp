#include "audio/Excerpts.h"

#include <algorithm>
#include <cmath>

namespace tl::audio {

std::vector<ExcerptWindow> planExcerpts(double trackSeconds, const FrontEndOptions& options) {
    if (!(trackSeconds > 0) || !std::isfinite(trackSeconds)) return {};
    const double length = options.excerptSeconds;
    if (options.excerptMode == ExcerptMode::Whole || !(length > 0) || !std::isfinite(length) ||
        trackSeconds <= length)
        return {ExcerptWindow{0.0, trackSeconds}};
    // In double until it is known to be small: trackSeconds / length can exceed any int.
    const double fit = std::floor(trackSeconds / length);
    const int count = int(std::clamp(std::min(double(options.excerptCount), fit), 1.0, fit));
    // Rounding can make the gap a hair below zero (D = 2, L = 0.1: -5e-18) or a sum a hair past
    // the end: each window is clamped inside [previous end, D] so none starts before 0,
    // overlaps the one before, or ends after the track.
    const double gap = std::max(0.0, (trackSeconds - count * length) / (count + 1));
    std::vector<ExcerptWindow> windows;
    windows.reserve(size_t(count));
    double previousEnd = 0;
    for (int i = 0; i < count; ++i) {
        const double start = std::clamp(gap + i * (length + gap), previousEnd, trackSeconds);
        const double seconds = std::min(length, trackSeconds - start);
        if (!(seconds > 0)) break;
        windows.push_back({start, seconds});
        previousEnd = start + seconds;
    }
    return windows;
}

}  // namespace tl::audio
