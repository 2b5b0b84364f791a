#include "audio/LogMel.h"

#include <algorithm>
#include <cmath>

#include "audio/Stft.h"

namespace tl::audio {

void powerToDb(Eigen::MatrixXf& s, double amin, double ref, double topDb) {
    if (s.size() == 0) return;
    const float offset = float(10.0 * std::log10(std::max(amin, std::abs(ref))));
    // 10 log10(x) = (10 / ln 10) ln(x), in Eigen's vectorised log. max() also maps a NaN (never
    // expected) to the floor rather than propagating it.
    const float scale = float(10.0 / std::log(10.0));
    s = (s.array().max(float(amin)).log() * scale - offset).matrix();
    if (topDb > 0) s = s.array().max(s.maxCoeff() - float(topDb)).matrix();
}

LogMelFrontEnd::LogMelFrontEnd(const FrontEndOptions& options)
    : options_(options), dense_(melFilterbank(options)), sparse_(sparseFilterbank(dense_)) {}

Eigen::MatrixXf LogMelFrontEnd::melPower(const Eigen::MatrixXf& power) const {
    // Frame by frame: a row-major sparse matrix times one contiguous column is a few short dot
    // products; Eigen's sparse x dense-matrix product would walk the power matrix row-wise,
    // striding through memory.
    Eigen::MatrixXf out(sparse_.rows(), power.cols());
    for (Eigen::Index t = 0; t < power.cols(); ++t) out.col(t).noalias() = sparse_ * power.col(t);
    return out;
}

Status LogMelFrontEnd::logMel(const float* signal, qint64 samples, Eigen::MatrixXf& logMelDb,
                              Eigen::MatrixXf* power, const Progress* progress) const {
    Eigen::MatrixXf local;
    Eigen::MatrixXf& p = power ? *power : local;
    if (Status s = powerSpectrogram(signal, samples, options_.nFft, options_.hop, p, progress);
        !s.isOk())
        return s;
    logMelDb = melPower(p);
    powerToDb(logMelDb, options_.amin, options_.ref, options_.topDb);
    return Status::ok();
}

}  // namespace tl::audio
