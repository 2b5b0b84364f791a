#include "audio/LogMel.h"

#include <algorithm>
#include <cmath>

#include "audio/Stft.h"

namespace tl::audio {

void powerToDb(Eigen::MatrixXf& s, double amin, double ref, double topDb) {
    const float famin = float(amin);
    const float offset = float(10.0 * std::log10(std::max(amin, std::abs(ref))));
    float* d = s.data();
    const Eigen::Index n = s.size();
    float top = -std::numeric_limits<float>::infinity();
    for (Eigen::Index i = 0; i < n; ++i) {
        // NaN (never expected) is mapped to the floor rather than propagated.
        const float v = d[i] > famin ? d[i] : famin;
        d[i] = 10.0f * std::log10(v) - offset;
        top = std::max(top, d[i]);
    }
    if (topDb > 0 && n > 0) {
        const float floor = top - float(topDb);
        for (Eigen::Index i = 0; i < n; ++i) d[i] = std::max(d[i], floor);
    }
}

LogMelFrontEnd::LogMelFrontEnd(const FrontEndOptions& options)
    : options_(options), dense_(melFilterbank(options)), sparse_(sparseFilterbank(dense_)) {}

Eigen::MatrixXf LogMelFrontEnd::melPower(const Eigen::MatrixXf& power) const {
    return sparse_ * power;
}

Status LogMelFrontEnd::logMel(const float* signal, qint64 samples, Eigen::MatrixXf& logMelDb,
                              Eigen::MatrixXf* power, const Progress* progress) const {
    Eigen::MatrixXf local;
    Eigen::MatrixXf& p = power ? *power : local;
    if (Status s = powerSpectrogram(signal, samples, options_.nFft, options_.hop, p, progress);
        !s.isOk())
        return s;
    logMelDb.noalias() = sparse_ * p;
    powerToDb(logMelDb, options_.amin, options_.ref, options_.topDb);
    return Status::ok();
}

}  // namespace tl::audio
