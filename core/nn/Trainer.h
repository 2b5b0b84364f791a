#pragma once

#include <QtGlobal>
#include <functional>
#include <random>
#include <span>
#include <vector>

#include "job/Progress.h"
#include "job/Result.h"
#include "nn/Adam.h"
#include "nn/Network.h"

namespace tl::nn {

// Examples for training: implemented by the audio data set and by the tests.
class BatchSource {
public:
    virtual ~BatchSource() = default;
    virtual int size() const = 0;  // examples
    virtual int outputs() const = 0;
    // Fills x (indices.size(), bands, frames) and y (indices.size() x outputs) and per-example
    // loss weights w; `augment` = random crop positions from `rng` (training), false = a fixed
    // centre crop.
    virtual void fill(std::span<const int> indices, bool augment, std::mt19937_64& rng, Tensor& x,
                      Eigen::MatrixXf& y, Eigen::VectorXf& w) const = 0;
};

struct TrainOptions {
    int epochs = 40;
    int batchSize = 32;
    AdamOptions adam;
    float warmupEpochs = 1;  // linear warm-up from 0; cosine decay to 0 after it
    int patience = 6;        // stop after this many epochs without a better validation loss
    quint64 seed = 1;        // shuffling and crops
    int threads = 0;         // 0: all cores
};

struct EpochStats {
    int epoch;  // 1-based
    double trainLoss, validationLoss, seconds;
    float learningRate;  // at the epoch's last step
};

struct TrainReport {
    std::vector<EpochStats> epochs;
    int bestEpoch = -1;  // 1-based; its weights are the ones the network keeps
    double bestValidationLoss = 0;
    bool stoppedEarly = false;
};

// The learning rate of `step` (0-based) of `totalSteps`: linear warm-up over `warmupSteps`, then
// half a cosine down to 0 (Loshchilov & Hutter's SGDR schedule without restarts).
float scheduledLearningRate(float base, long long step, long long warmupSteps,
                            long long totalSteps);

// Mini-batch training of `net` on weighted MSE (weightedMse) with AdamW and the schedule above;
// the training examples are shuffled each epoch (seeded) and cropped at random, the validation
// ones centre-cropped and scored in inference mode after each epoch. Keeps the weights of the
// best validation epoch. Progress per batch; cancelled -> Status::cancelled, net unchanged; a
// non-finite input, target or weight, or a diverging loss -> an error naming it, net unchanged.
// onEpoch (may be empty) is called after each epoch from the training thread.
Result<TrainReport> train(Network& net, const BatchSource& train, const BatchSource& validation,
                          const TrainOptions& options, const Progress& progress,
                          const std::function<void(const EpochStats&)>& onEpoch = {});

// Weighted MSE of `net` over all of `source` (centre crops, inference mode), in batches.
// Fails on non-finite input; cancelled -> Status::cancelled.
Result<double> evaluate(const Network& net, const BatchSource& source, int batchSize,
                        const Progress& progress);

}  // namespace tl::nn
