// The audio data set as mini-batches for the trainer (nn::BatchSource): one sample per excerpt
// of the chosen tracks; a random crop of inputFrames (augmentation, as Dieleman trained on
// random windows) or the centre crop; inputs scaled by the training set's dB mean and spread.
#pragma once

#include <utility>
#include <vector>

#include "audiomodel/AudioDataSet.h"
#include "nn/Trainer.h"

namespace tl::audiomodel {

class LogMelBatches : public nn::BatchSource {
public:
    LogMelBatches(const AudioDataSet& data, const std::vector<int>& tracks, int frames,
                  float inputMean, float inputScale);
    int size() const override { return int(samples_.size()); }
    int outputs() const override { return data_.factors(); }
    void fill(std::span<const int> indices, bool augment, std::mt19937_64& rng, nn::Tensor& x,
              Eigen::MatrixXf& y, Eigen::VectorXf& w) const override;

private:
    const AudioDataSet& data_;
    std::vector<std::pair<int, int>> samples_;  // (track, excerpt)
    int frames_;
    float mean_, scale_;
};

// The mean and standard deviation of every log-mel value of `tracks`' excerpts.
std::pair<float, float> inputScaling(const AudioDataSet& data, const std::vector<int>& tracks);

}  // namespace tl::audiomodel
