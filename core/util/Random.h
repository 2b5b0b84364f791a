#pragma once

#include <cmath>
#include <cstdint>

namespace tl {

// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, well-mixed generator whose output is the
// same on every platform and standard library, unlike std::*_distribution. Seed it from a
// (seed, stream) pair to give each row, track or thread its own reproducible stream.
class SplitMix64 {
public:
    explicit SplitMix64(uint64_t seed, uint64_t stream = 0)
        : state_(seed ^ (stream * 0xD1B54A32D192ED03ull + 0x8CB92BA72F3D8DD7ull)) {
        next();
    }
    uint64_t next() {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    // Standard normal by Box–Muller (one value per call; simplicity over speed).
    double normal() {
        const double u1 = 1.0 - uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    uint64_t below(uint64_t n) { return n ? next() % n : 0; }

private:
    uint64_t state_;
};

}  // namespace tl
