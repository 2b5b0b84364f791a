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
    const double gap = (trackSeconds - count * length) / (count + 1);
    std::vector<ExcerptWindow> windows;
    windows.reserve(size_t(count));
    for (int i = 0; i < count; ++i) windows.push_back({gap + i * (length + gap), length});
    return windows;
}

}  // namespace tl::audio
