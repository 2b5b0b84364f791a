#include "audio/PeakFrequency.h"

#include <algorithm>

namespace tl::audio {

SpectralPeak peakFrequency(const float* db, int bands, const float* bandHz) {
    SpectralPeak peak;
    if (bands <= 0 || !db || !bandHz) return peak;
    const auto [low, high] = std::minmax_element(db, db + bands);
    if (!(*high > *low)) return peak;  // silence floored flat: no peak to speak of
    const int k = int(high - db);
    peak.valid = true;
    peak.band = k;
    peak.hz = bandHz[k];
    peak.db = db[k];
    if (k == 0 || k == bands - 1) return peak;
    const double a = db[k - 1], b = db[k], c = db[k + 1];
    const double curvature = a - 2.0 * b + c;  // < 0 at a strict maximum
    if (!(curvature < 0.0)) return peak;
    peak.offset = std::clamp(0.5 * (a - c) / curvature, -0.5, 0.5);
    peak.db = b - 0.25 * (a - c) * peak.offset;
    const int next = peak.offset >= 0.0 ? k + 1 : k - 1;
    peak.hz = bandHz[k] + std::abs(peak.offset) * (double(bandHz[next]) - bandHz[k]);
    return peak;
}

}  // namespace tl::audio
