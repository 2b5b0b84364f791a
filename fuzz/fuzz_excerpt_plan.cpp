// libFuzzer target: planExcerpts with any duration and options — NaN, infinities, huge, tiny,
// negative and denormal values, as a damaged header's length or a hand-edited setting gives.
// The windows must be finite, at most excerptCount of them (one for ExcerptMode::Whole and for a
// track shorter than a window), in order, non-overlapping and inside [0, duration] (up to
// rounding, see below); a duration that is not a positive finite number gives none.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "audio/Excerpts.h"

namespace {

// Reads the input front to back; past its end every value is 0.
class Bytes {
public:
    Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
    template <class T>
    T take() {
        unsigned char raw[sizeof(T)] = {};
        const size_t n = std::min(sizeof(T), size_ - pos_);
        if (n) std::memcpy(raw, data_ + pos_, n);
        pos_ += n;
        T value;
        std::memcpy(&value, raw, sizeof(T));
        return value;
    }

private:
    const uint8_t* data_;
    size_t size_, pos_ = 0;
};

// Half of the values come from a list of edge cases, the rest are raw bit patterns.
double interestingDouble(Bytes& in) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    static const double special[] = {0.0,
                                     -0.0,
                                     std::numeric_limits<double>::quiet_NaN(),
                                     inf,
                                     -inf,
                                     std::numeric_limits<double>::max(),
                                     -std::numeric_limits<double>::max(),
                                     std::numeric_limits<double>::min(),
                                     std::numeric_limits<double>::denorm_min(),
                                     std::numeric_limits<double>::epsilon(),
                                     1.0,
                                     -1.0,
                                     2.0,
                                     10.0,
                                     30.0,
                                     0.1,
                                     1e9,
                                     9.2233720368547758e18,  // 2^63
                                     2147483647.0,
                                     2147483648.0,
                                     86400.0};
    const auto selector = in.take<uint8_t>();
    const double raw = in.take<double>();
    if (selector & 1) return raw;
    const double base = special[(selector >> 1) % (sizeof(special) / sizeof(special[0]))];
    // A nearby value too: just above and below the edges is where rounding goes wrong.
    switch (selector >> 6) {
        case 1:
            return std::nextafter(base, inf);
        case 2:
            return std::nextafter(base, -inf);
        default:
            return base;
    }
}

void fail(const char* what, double duration, const tl::audio::FrontEndOptions& o, size_t index,
          const tl::audio::ExcerptWindow& w) {
    std::fprintf(stderr,
                 "fuzz_excerpt_plan: %s\n  duration %.17g, mode %s, count %d, length %.17g\n"
                 "  window %zu: start %.17g, seconds %.17g\n",
                 what, duration,
                 o.excerptMode == tl::audio::ExcerptMode::Whole ? "whole" : "windows",
                 o.excerptCount, o.excerptSeconds, index, w.startSeconds, w.seconds);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Bytes in(data, size);
    const double duration = interestingDouble(in);
    tl::audio::FrontEndOptions o;
    o.excerptSeconds = interestingDouble(in);
    const auto flags = in.take<uint8_t>();
    o.excerptMode = (flags & 1) ? tl::audio::ExcerptMode::Whole : tl::audio::ExcerptMode::Windows;
    // Negative, zero and large counts, but below 2^16: more only asks for gigabytes of windows,
    // which the settings' range (1..20, store/ModelSettings.h) is there to prevent.
    o.excerptCount = int(in.take<int32_t>() % 65536);

    const std::vector<tl::audio::ExcerptWindow> windows = tl::audio::planExcerpts(duration, o);
    const tl::audio::ExcerptWindow none;
    if (!(duration > 0) || !std::isfinite(duration)) {
        if (!windows.empty())
            fail("windows for a duration that is not positive", duration, o, 0, windows.front());
        return 0;
    }
    if (windows.empty()) fail("no window for a positive finite duration", duration, o, 0, none);
    const size_t most = (o.excerptMode == tl::audio::ExcerptMode::Whole || o.excerptCount < 1)
                            ? 1
                            : size_t(o.excerptCount);
    if (windows.size() > most) fail("more windows than asked for", duration, o, 0, none);
    // Rounding is not a failure: when duration / length is a whole number in floating point but
    // not exactly (2 s of 0.1 s windows), the planned gap is -5e-18 s, and each window's start
    // is a sum that can be off by an ulp per window (denormal durations have few significant
    // bits, so that is a large fraction of them). The decoder clamps every window into the
    // track, so that much, and at least a billionth of the duration (a nanosecond in a 15-minute
    // track), is allowed; anything more is a planning error.
    const double ulp = std::nextafter(duration, std::numeric_limits<double>::infinity()) - duration;
    const double slack = std::max(duration * 1e-9, 4.0 * double(windows.size() + 2) * ulp);
    double previousEnd = 0;
    for (size_t i = 0; i < windows.size(); ++i) {
        const tl::audio::ExcerptWindow& w = windows[i];
        if (!std::isfinite(w.startSeconds) || !std::isfinite(w.seconds))
            fail("a window that is not finite", duration, o, i, w);
        if (!(w.seconds > 0)) fail("an empty window", duration, o, i, w);
        if (!(w.startSeconds >= previousEnd - slack))
            fail("windows overlap, go back or start before 0", duration, o, i, w);
        const double end = w.startSeconds + w.seconds;
        if (!(end <= duration + slack))
            fail("a window past the end of the track", duration, o, i, w);
        previousEnd = end;
    }
    return 0;
}
