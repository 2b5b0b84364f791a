// Log-mel spectrograms as librosa computes them: melspectrogram(power=2) = mel_basis . |STFT|^2,
// then power_to_db: 10 log10(max(amin, S)) - 10 log10(max(amin, ref)), floored at max - top_db.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "audio/Descriptors.h"
#include "audio/FrontEndOptions.h"
#include "audio/MelFilterbank.h"
#include "job/Status.h"

namespace tl {
class Progress;
}

namespace tl::audio {

// librosa.power_to_db in place; the top_db floor is relative to the maximum of `s` (pass one
// excerpt at a time to floor each on its own).
void powerToDb(Eigen::MatrixXf& s, double amin, double ref, double topDb);

// The front-end's fixed parts (filterbank), made once and shared read-only by every thread.
class LogMelFrontEnd {
public:
    explicit LogMelFrontEnd(const FrontEndOptions& options);
    const FrontEndOptions& options() const { return options_; }
    const Eigen::MatrixXf& filterbank() const { return dense_; }

    // Log-mel (dB) of a mono signal at options().sampleRate: nMels rows by frames columns.
    // `power` (optional) receives the power spectrogram the descriptors also read.
    Status logMel(const float* signal, qint64 samples, Eigen::MatrixXf& logMelDb,
                  Eigen::MatrixXf* power = nullptr, const Progress* progress = nullptr) const;
    // The same, with the descriptors' spectral sums taken from the power spectrogram a block of
    // frames at a time (the whole power matrix of an excerpt, 1.8 MB, never exists) and the
    // finished log-mel handed to `descriptors` (optional) too. What analyseFile runs.
    Status logMel(const float* signal, qint64 samples, Eigen::MatrixXf& logMelDb,
                  DescriptorAccumulator* descriptors, const Progress* progress = nullptr) const;
    // mel_basis . power, in power units (before the dB step).
    Eigen::MatrixXf melPower(const Eigen::MatrixXf& power) const;

private:
    void melPowerInto(const Eigen::MatrixXf& power, Eigen::Ref<Eigen::MatrixXf> out) const;

    FrontEndOptions options_;
    Eigen::MatrixXf dense_;
    std::vector<FilterbankBlock> blocks_;
};

}  // namespace tl::audio
