#pragma once

#include <cstdint>

#include "nn/Layer.h"

namespace tl::nn {

// Rectified linear unit; the gradient at exactly zero is taken as 0.
class Relu : public Layer {
public:
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Relu>(*this); }
    QString kind() const override { return QStringLiteral("relu"); }
    void infer(const Tensor& x, Tensor& y) const override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;
};

// Inverted dropout (Srivastava et al. 2014): in training each value is kept with probability
// 1 - rate and scaled by 1 / (1 - rate); inference is the identity. The masks come from a
// SplitMix64 stream of (seed, call number): the same seed gives the same masks in order.
class Dropout : public Layer {
public:
    Dropout(float rate, uint64_t seed) : rate_(rate), seed_(seed) {}
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Dropout>(*this); }
    QString kind() const override { return QStringLiteral("dropout"); }
    void infer(const Tensor& x, Tensor& y) const override { y = x; }
    void forwardTrain(const Tensor& x, Tensor& y) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    uint64_t calls() const { return calls_; }
    void setCalls(uint64_t calls) { calls_ = calls; }

private:
    float rate_;
    uint64_t seed_;
    uint64_t calls_ = 0;
    std::vector<float> mask_;  // 0 or 1 / (1 - rate), from the last forwardTrain
};

}  // namespace tl::nn
