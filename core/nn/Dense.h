#pragma once

#include "nn/Layer.h"

namespace tl::nn {

// A fully connected layer y = W x + b on the flattened (channels x frames) input of each
// example; output (batch, out, 1). Weight layout [out][in] as PyTorch's Linear.
class Dense : public Layer {
public:
    Dense(int inputs, int outputs);
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Dense>(*this); }
    QString kind() const override { return QStringLiteral("dense"); }
    Shape outputShape(Shape) const override { return {out_, 1}; }

    void infer(const Tensor& x, Tensor& y) const override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;
    std::vector<Parameter*> parameters() override { return {&weight_, &bias_}; }

    Parameter& weight() { return weight_; }
    Parameter& bias() { return bias_; }
    int inputs() const { return in_; }
    int outputs() const { return out_; }

private:
    int in_, out_;
    Parameter weight_, bias_;
};

}  // namespace tl::nn
