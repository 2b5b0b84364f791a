#include "audio/MelFilterbank.h"

#include <algorithm>
#include <cmath>

namespace tl::audio {
namespace {

// Slaney's Auditory Toolbox scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above
// (27 mels per factor 6.4), as librosa.hz_to_mel(htk=False).
constexpr double kFSp = 200.0 / 3.0;
constexpr double kMinLogHz = 1000.0;
constexpr double kMinLogMel = kMinLogHz / kFSp;  // 15
const double kLogStep = std::log(6.4) / 27.0;

}  // namespace

double hzToMel(double hz, MelScale scale) {
    if (scale == MelScale::Htk) return 2595.0 * std::log10(1.0 + hz / 700.0);
    if (hz >= kMinLogHz) return kMinLogMel + std::log(hz / kMinLogHz) / kLogStep;
    return hz / kFSp;
}

double melToHz(double mel, MelScale scale) {
    if (scale == MelScale::Htk) return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
    if (mel >= kMinLogMel) return kMinLogHz * std::exp(kLogStep * (mel - kMinLogMel));
    return kFSp * mel;
}

std::vector<double> melFrequencies(int n, double fmin, double fmax, MelScale scale) {
    std::vector<double> hz(static_cast<size_t>(std::max(n, 0)));
    const double lo = hzToMel(fmin, scale), hi = hzToMel(fmax, scale);
    for (int i = 0; i < n; ++i) {
        // numpy.linspace: start + i * step, with the last point exactly `hi`
        const double mel = n == 1 ? lo : (i == n - 1 ? hi : lo + i * (hi - lo) / (n - 1));
        hz[size_t(i)] = melToHz(mel, scale);
    }
    return hz;
}

Eigen::MatrixXf melFilterbank(int sampleRate, int nFft, int nMels, double fmin, double fmax,
                              MelScale scale, bool slaneyNorm) {
    const int bins = 1 + nFft / 2;
    std::vector<double> fftFreqs(static_cast<size_t>(bins));
    for (int k = 0; k < bins; ++k)
        fftFreqs[size_t(k)] =
            k == bins - 1 ? sampleRate / 2.0 : k * (sampleRate / 2.0) / (bins - 1);
    const std::vector<double> melF = melFrequencies(nMels + 2, fmin, fmax, scale);
    Eigen::MatrixXf weights = Eigen::MatrixXf::Zero(nMels, bins);
    for (int m = 0; m < nMels; ++m) {
        const double fdiffLow = melF[size_t(m) + 1] - melF[size_t(m)];
        const double fdiffHigh = melF[size_t(m) + 2] - melF[size_t(m) + 1];
        const double enorm = slaneyNorm ? 2.0 / (melF[size_t(m) + 2] - melF[size_t(m)]) : 1.0;
        for (int k = 0; k < bins; ++k) {
            const double lower = -(melF[size_t(m)] - fftFreqs[size_t(k)]) / fdiffLow;
            const double upper = (melF[size_t(m) + 2] - fftFreqs[size_t(k)]) / fdiffHigh;
            const double w = std::max(0.0, std::min(lower, upper));
            weights(m, k) = float(w * enorm);
        }
    }
    return weights;
}

std::vector<FilterbankBlock> filterbankBlocks(const Eigen::MatrixXf& dense, int bandsPerBlock) {
    std::vector<FilterbankBlock> blocks;
    const int bands = int(dense.rows()), bins = int(dense.cols());
    for (int first = 0; first < bands; first += bandsPerBlock) {
        FilterbankBlock b{first, std::min(bandsPerBlock, bands - first), bins, 0};
        int end = 0;
        for (int m = first; m < first + b.bandCount; ++m)
            for (int k = 0; k < bins; ++k)
                if (dense(m, k) != 0.0f) {
                    b.firstBin = std::min(b.firstBin, k);
                    end = std::max(end, k + 1);
                }
        if (end == 0) b.firstBin = 0;
        b.binCount = end - b.firstBin;
        blocks.push_back(b);
    }
    return blocks;
}

std::vector<float> melBandCentres(const FrontEndOptions& o) {
    const auto f = melFrequencies(o.nMels + 2, o.fmin, o.effectiveFmax(), o.melScale);
    return std::vector<float>(f.begin() + 1, f.end() - 1);
}

}  // namespace tl::audio
