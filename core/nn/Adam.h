#pragma once

#include <vector>

#include "nn/Parameter.h"

namespace tl::nn {

struct AdamOptions {
    float learningRate = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f, weightDecay = 1e-4f;
};

// AdamW (Kingma & Ba 2015 with Loshchilov & Hutter's decoupled weight decay, 2019): the decay
// shrinks the weights directly, value -= lr * weightDecay * value, instead of entering the
// gradient, and skips parameters with decay == false (biases, normalisation gains and shifts).
// Bias-corrected moments. step() takes the scheduled learning rate of this step.
class Adam {
public:
    Adam(std::vector<Parameter*> params, AdamOptions o);
    void step(float learningRate);
    long long steps() const { return t_; }

private:
    std::vector<Parameter*> params_;
    AdamOptions options_;
    std::vector<Eigen::VectorXf> m_, v_;
    long long t_ = 0;
};

}  // namespace tl::nn
