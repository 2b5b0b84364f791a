#include "audiomodel/LogMelBatches.h"

#include <cmath>

namespace tl::audiomodel {

LogMelBatches::LogMelBatches(const AudioDataSet& data, const std::vector<int>& tracks, int frames,
                             float inputMean, float inputScale)
    : data_(data), frames_(frames), mean_(inputMean), scale_(inputScale) {
    for (int t : tracks)
        for (size_t e = 0; e < data.tracks[size_t(t)].excerpts.size(); ++e)
            samples_.emplace_back(t, int(e));
}

void LogMelBatches::fill(std::span<const int> indices, bool augment, std::mt19937_64& rng,
                         nn::Tensor& x, Eigen::MatrixXf& y, Eigen::VectorXf& w) const {
    const int n = int(indices.size());
    x.resize(n, data_.nMels, frames_);
    y.resize(n, data_.factors());
    w.resize(n);
    const float inverse = 1.0f / scale_;
    for (int b = 0; b < n; ++b) {
        const auto [track, excerpt] = samples_[size_t(indices[size_t(b)])];
        const Eigen::MatrixXf& e = data_.tracks[size_t(track)].excerpts[size_t(excerpt)];
        const int spare = int(e.cols()) - frames_;
        int start = centreStart(int(e.cols()), frames_);
        if (augment && spare > 0)
            start = int(rng() % quint64(spare + 1));  // the same on every standard library
        float* out = x.sample(b);
        cropExcerpt(e, start, frames_, out);
        for (int i = 0; i < x.sampleSize(); ++i) out[i] = (out[i] - mean_) * inverse;
        y.row(b) = data_.targets.row(track);
        w[b] = data_.weights[track];
    }
}

std::pair<float, float> inputScaling(const AudioDataSet& data, const std::vector<int>& tracks) {
    double sum = 0, sumSq = 0, count = 0;
    for (int t : tracks)
        for (const Eigen::MatrixXf& e : data.tracks[size_t(t)].excerpts) {
            sum += e.cast<double>().sum();
            sumSq += e.cast<double>().squaredNorm();
            count += double(e.size());
        }
    if (count == 0) return {0.f, 1.f};
    const double mean = sum / count;
    const double var = std::max(0.0, sumSq / count - mean * mean);
    const double sd = std::sqrt(var);
    return {float(mean), sd > 1e-6 ? float(sd) : 1.f};
}

}  // namespace tl::audiomodel
