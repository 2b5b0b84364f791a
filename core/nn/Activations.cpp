#include "nn/Activations.h"

#include "util/Random.h"

namespace tl::nn {

void Relu::infer(const Tensor& x, Tensor& y) const {
    y.resize(x.batch, x.channels, x.frames);
    for (size_t i = 0; i < x.size(); ++i) y.data[i] = x.data[i] > 0.0f ? x.data[i] : 0.0f;
}

void Relu::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    if (!dx) return;
    dx->resize(x.batch, x.channels, x.frames);
    for (size_t i = 0; i < x.size(); ++i) dx->data[i] = y.data[i] > 0.0f ? dy.data[i] : 0.0f;
}

void Dropout::forwardTrain(const Tensor& x, Tensor& y) {
    y.resize(x.batch, x.channels, x.frames);
    mask_.resize(x.size());
    if (rate_ <= 0.0f) {
        std::fill(mask_.begin(), mask_.end(), 1.0f);
        y = x;
        return;
    }
    SplitMix64 rng(seed_, calls_++);
    const float keep = 1.0f / (1.0f - rate_);
    for (size_t i = 0; i < x.size(); ++i) {
        mask_[i] = rng.uniform() >= rate_ ? keep : 0.0f;
        y.data[i] = x.data[i] * mask_[i];
    }
}

void Dropout::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    if (!dx) return;
    dx->resize(x.batch, x.channels, x.frames);
    for (size_t i = 0; i < x.size(); ++i) dx->data[i] = dy.data[i] * mask_[i];
}

}  // namespace tl::nn
