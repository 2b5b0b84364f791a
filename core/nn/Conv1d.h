#pragma once

#include "nn/Layer.h"

namespace tl::nn {

// 1-D convolution over time, the mel bands being the input channels (Dieleman 2014): valid
// padding, stride 1, frames out = frames in - width + 1. Weight layout [out][in][tap] as PyTorch's
// Conv1d. Implemented as im2col + one Eigen GEMM per sample: the im2col matrix is built
// transposed (frames x in*width) so that each of its columns is one contiguous run of an input
// channel (a memcpy), and the GEMM writes the (channels x frames) output in place.
class Conv1d : public Layer {
public:
    Conv1d(int inChannels, int outChannels, int width, bool bias);
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Conv1d>(*this); }
    QString kind() const override { return QStringLiteral("conv1d"); }
    Shape outputShape(Shape in) const override { return {out_, in.frames - width_ + 1}; }

    void infer(const Tensor& x, Tensor& y) const override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;
    std::vector<Parameter*> parameters() override;

    Parameter& weight() { return weight_; }
    Parameter& bias() { return bias_; }
    int inChannels() const { return in_; }
    int outChannels() const { return out_; }
    int width() const { return width_; }

    // Samples per gradient partial sum: partials are added in a fixed order, so gradients do
    // not depend on the thread count.
    static constexpr int kChunk = 4;

private:
    int in_, out_, width_;
    bool hasBias_;
    Parameter weight_, bias_;
};

}  // namespace tl::nn
