// float <-> IEEE 754 half (binary16) for stored spectrograms: a log-mel in dB needs ~0.05 dB
// resolution at most (half keeps 11 significant bits: 0.03 dB at -60 dB), and half the bytes
// of float32 is what makes 10,000 tracks x 3 excerpts fit in a few hundred MB per 1,000 tracks.
// Eigen::half rounds to nearest even and uses F16C instructions where the CPU has them.
#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace tl::audio {

inline void floatsToHalf(const float* in, std::size_t n, std::uint16_t* out) {
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = Eigen::numext::bit_cast<std::uint16_t>(Eigen::half(in[i]));
    }
}

inline void halfToFloats(const std::uint16_t* in, std::size_t n, float* out) {
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = float(Eigen::numext::bit_cast<Eigen::half>(in[i]));
    }
}

}  // namespace tl::audio
