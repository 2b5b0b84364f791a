#pragma once

#include "nn/Layer.h"

namespace tl::nn {

// Max-pooling over time by non-overlapping windows of `pool` frames; a last partial window is
// dropped (frames out = frames in / pool). The gradient goes to the first maximum of a window.
class MaxPool1d : public Layer {
public:
    explicit MaxPool1d(int pool) : pool_(pool) {}
    std::unique_ptr<Layer> clone() const override { return std::make_unique<MaxPool1d>(*this); }
    QString kind() const override { return QStringLiteral("maxpool"); }
    Shape outputShape(Shape in) const override { return {in.channels, in.frames / pool_}; }

    void infer(const Tensor& x, Tensor& y) const override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

private:
    int pool_;
};

// Global temporal pooling (Dieleman 2014): per channel the mean, the maximum and the L2 pooling
// over all frames, side by side: output (batch, k * channels, 1) with the statistics in that
// order, each a block of `channels`. The L2 pool is the root mean square sqrt(mean(x^2) + 1e-8):
// the L2 norm scaled by 1/sqrt(frames), so that it stays on the scale of the other two whatever
// the excerpt length (the small constant keeps its gradient finite on an all-zero channel).
class GlobalPool : public Layer {
public:
    GlobalPool(bool mean, bool max, bool l2) : mean_(mean), max_(max), l2_(l2) {}
    std::unique_ptr<Layer> clone() const override { return std::make_unique<GlobalPool>(*this); }
    QString kind() const override { return QStringLiteral("globalpool"); }
    Shape outputShape(Shape in) const override { return {in.channels * statistics(), 1}; }
    int statistics() const { return int(mean_) + int(max_) + int(l2_); }

    void infer(const Tensor& x, Tensor& y) const override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

private:
    bool mean_, max_, l2_;
};

}  // namespace tl::nn
