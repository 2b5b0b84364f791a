#pragma once

#include <Eigen/Core>
#include <QByteArray>
#include <QJsonObject>
#include <memory>
#include <vector>

#include "job/Result.h"
#include "nn/Architecture.h"
#include "nn/Layer.h"

namespace tl::nn {

// The audio CNN built from an Architecture: per conv block Conv1d -> norm -> ReLU -> MaxPool1d,
// then GlobalPool, then per hidden dense layer Dropout -> Dense -> ReLU, then Dropout -> Dense
// (linear output). Parameters are named "<layer>.<array>", e.g. "conv1.weight", "dense1.bias",
// "output.weight". Copies are deep: a copy is a snapshot of the weights and running statistics
// (not of the last forward's activations, so backward() needs a new forward() on a copy).
class Network {
public:
    static Result<Network> create(const Architecture& arch, quint64 seed);  // He init, seeded
    Network(const Network& other);
    Network& operator=(const Network& other);
    Network(Network&&) noexcept = default;
    Network& operator=(Network&&) noexcept = default;
    ~Network();

    const Architecture& architecture() const { return arch_; }

    // Empty when `input` can go through the network: batch >= 1, channels == inputBands,
    // frames long enough for the convolutions and pools (any length: the global pooling takes
    // longer excerpts too), every value finite. Otherwise what is wrong.
    QString checkInput(const Tensor& input) const;

    // input: (batch, inputBands, frames). Returns (batch x outputs). training: dropout on and
    // batch-norm uses batch statistics (and updates running ones); false: running statistics.
    // If embedding != nullptr it receives the last hidden layer (batch x embeddingSize).
    // An input checkInput() rejects gives a 0-row result.
    Eigen::MatrixXf forward(const Tensor& input, bool training,
                            Eigen::MatrixXf* embedding = nullptr);
    void backward(const Eigen::MatrixXf& gradOutput);  // dLoss/dOutput; ACCUMULATES parameter grads
    void zeroGrad();
    std::vector<Parameter*> parameters();  // in layer order, named
    std::vector<const Parameter*> parameters() const;
    std::vector<Buffer*> buffers();  // batch-norm running statistics, named like parameters

    // Thread-safe inference (no state touched): for parallel embedding of a library.
    Eigen::MatrixXf predict(const Tensor& input, Eigen::MatrixXf* embedding = nullptr) const;

    // Free-form facts saved with the weights (e.g. the front-end settings and the training
    // data's fingerprint, for the loader to check they still match). Copied with the network.
    const QJsonObject& metadata() const { return metadata_; }
    void setMetadata(const QJsonObject& metadata) { metadata_ = metadata; }

    // Architecture JSON + metadata JSON + all weights + batch-norm running stats, versioned,
    // checksummed.
    QByteArray serialise() const;
    // Corrupt, truncated or another version: a clear error, never a crash.
    static Result<Network> deserialise(const QByteArray& bytes);

    bool hasNonFinite() const;  // any weight or running statistic NaN or infinite
    qint64 parameterCount() const;

    // Threads each layer's batch loops use (0: all cores). Results do not depend on it.
    void setThreads(int threads);
    int threads() const { return threads_; }

    int layerCount() const { return int(layers_.size()); }
    const Layer& layer(int i) const { return *layers_[size_t(i)]; }
    const QString& layerName(int i) const { return names_[size_t(i)]; }

private:
    Network() = default;
    void add(QString name, std::unique_ptr<Layer> layer);

    Architecture arch_;
    QJsonObject metadata_;
    std::vector<std::unique_ptr<Layer>> layers_;
    std::vector<QString> names_;
    int embeddingLayer_ = -1;  // the layer whose output is the embedding
    int threads_ = 0;
    std::vector<Tensor> activations_;  // input and every layer's output of the last forward
    bool trained_ = false;             // the last forward was a training one (backward allowed)
};

}  // namespace tl::nn
