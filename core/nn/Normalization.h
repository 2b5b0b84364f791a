#pragma once

#include "nn/Layer.h"

namespace tl::nn {

// Batch normalisation (Ioffe & Szegedy 2015) per channel over batch x frames. Training uses the
// batch's statistics and updates running ones (momentum 0.1, unbiased variance, as PyTorch);
// inference uses the running ones. Learned gain and shift per channel.
class BatchNorm : public Layer {
public:
    explicit BatchNorm(int channels, float momentum = 0.1f, float epsilon = 1e-5f);
    std::unique_ptr<Layer> clone() const override { return std::make_unique<BatchNorm>(*this); }
    QString kind() const override { return QStringLiteral("batchnorm"); }

    void infer(const Tensor& x, Tensor& y) const override;
    void forwardTrain(const Tensor& x, Tensor& y) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;
    std::vector<Parameter*> parameters() override { return {&gamma_, &beta_}; }
    std::vector<Buffer*> buffers() override { return {&runningMean_, &runningVar_}; }

private:
    void normalise(const Tensor& x, Tensor& y, const Eigen::VectorXf& mean,
                   const Eigen::VectorXf& invStd) const;
    int channels_;
    float momentum_, epsilon_;
    Parameter gamma_, beta_;
    Buffer runningMean_, runningVar_;
    Eigen::VectorXf batchMean_, batchInvStd_;  // from the last forwardTrain, for backward
};

// Layer normalisation (Ba, Kiros & Hinton 2016) per example over all channels and frames, with
// a learned gain and shift per channel; the same in training and inference.
class LayerNorm : public Layer {
public:
    explicit LayerNorm(int channels, float epsilon = 1e-5f);
    std::unique_ptr<Layer> clone() const override { return std::make_unique<LayerNorm>(*this); }
    QString kind() const override { return QStringLiteral("layernorm"); }

    void infer(const Tensor& x, Tensor& y) const override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;
    std::vector<Parameter*> parameters() override { return {&gamma_, &beta_}; }

private:
    int channels_;
    float epsilon_;
    Parameter gamma_, beta_;
};

}  // namespace tl::nn
