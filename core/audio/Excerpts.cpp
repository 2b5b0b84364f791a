#include "audio/Excerpts.h"

#include <algorithm>
#include <cmath>

namespace tl::audio {

std::vector<ExcerptWindow> planExcerpts(double trackSeconds, const FrontEndOptions& options) {
    if (!(trackSeconds > 0)) return {};
    const double length = options.excerptSeconds;
    if (options.excerptMode == ExcerptMode::Whole || !(length > 0) || trackSeconds <= length)
        return {ExcerptWindow{0.0, trackSeconds}};
    const int fit = int(std::floor(trackSeconds / length));
    const int count = std::clamp(std::min(options.excerptCount, fit), 1, fit);
    const double gap = (trackSeconds - count * length) / (count + 1);
    std::vector<ExcerptWindow> windows;
    windows.reserve(size_t(count));
    for (int i = 0; i < count; ++i) windows.push_back({gap + i * (length + gap), length});
    return windows;
}

}  // namespace tl::audio
