#include "nn/Network.h"

#include <QtGlobal>
#include <cmath>

#include "nn/Activations.h"
#include "nn/Conv1d.h"
#include "nn/Dense.h"
#include "nn/Normalization.h"
#include "nn/Pooling.h"
#include "util/Random.h"

namespace tl::nn {

namespace {

// He et al. (2015): N(0, 2 / fan_in) for weights followed by a ReLU. The linear output layer
// gets a tenth of LeCun's N(0, 1 / fan_in): the targets are unit-length CF vectors (~0.2 per
// value at 32 dimensions), and full-scale initial predictions (~1 per value) would spend the
// first epoch only shrinking the output.
void initNormal(Parameter& p, double stddev, quint64 seed, quint64 stream) {
    SplitMix64 rng(seed, stream);
    for (Eigen::Index i = 0; i < p.value.size(); ++i) p.value[i] = float(stddev * rng.normal());
}

Eigen::MatrixXf toMatrix(const Tensor& t) {
    return asMatrix(t);
}

}  // namespace

Network::~Network() = default;

Network::Network(const Network& other)
    : arch_(other.arch_),
      metadata_(other.metadata_),
      names_(other.names_),
      embeddingLayer_(other.embeddingLayer_),
      threads_(other.threads_) {
    layers_.reserve(other.layers_.size());
    for (const auto& l : other.layers_) layers_.push_back(l->clone());
}

Network& Network::operator=(const Network& other) {
    if (this != &other) *this = Network(other);
    return *this;
}

void Network::add(QString name, std::unique_ptr<Layer> layer) {
    for (Parameter* p : layer->parameters()) p->name = name + QLatin1Char('.') + p->name;
    for (Buffer* b : layer->buffers()) b->name = name + QLatin1Char('.') + b->name;
    names_.push_back(std::move(name));
    layers_.push_back(std::move(layer));
}

Result<Network> Network::create(const Architecture& arch, quint64 seed) {
    if (const QString problem = arch.validate(); !problem.isEmpty())
        return Status::error(QStringLiteral("architecture: ") + problem);
    Network net;
    net.arch_ = arch;
    quint64 stream = 0;
    int channels = arch.inputBands;
    for (size_t i = 0; i < arch.conv.size(); ++i) {
        const ConvBlock& b = arch.conv[i];
        const QString name = QStringLiteral("conv%1").arg(i + 1);
        auto conv = std::make_unique<Conv1d>(channels, b.filters, b.width, arch.norm == Norm::None);
        initNormal(conv->weight(), std::sqrt(2.0 / (channels * b.width)), seed, stream++);
        net.add(name, std::move(conv));
        if (arch.norm == Norm::Batch)
            net.add(name + QStringLiteral(".norm"), std::make_unique<BatchNorm>(b.filters));
        if (arch.norm == Norm::Layer)
            net.add(name + QStringLiteral(".norm"), std::make_unique<LayerNorm>(b.filters));
        net.add(name + QStringLiteral(".relu"), std::make_unique<Relu>());
        if (b.pool > 1)
            net.add(name + QStringLiteral(".pool"), std::make_unique<MaxPool1d>(b.pool));
        channels = b.filters;
    }
    net.add(QStringLiteral("globalpool"),
            std::make_unique<GlobalPool>(arch.poolMean, arch.poolMax, arch.poolL2));
    net.embeddingLayer_ = net.layerCount() - 1;
    int width = arch.pooledFeatures();
    auto dropout = [&](const QString& name) {
        if (arch.dropout > 0.0f)
            net.add(
                name + QStringLiteral(".dropout"),
                std::make_unique<Dropout>(arch.dropout, SplitMix64(seed, 1000 + stream++).next()));
    };
    for (size_t i = 0; i < arch.dense.size(); ++i) {
        const QString name = QStringLiteral("dense%1").arg(i + 1);
        dropout(name);
        auto dense = std::make_unique<Dense>(width, arch.dense[i]);
        initNormal(dense->weight(), std::sqrt(2.0 / width), seed, stream++);
        net.add(name, std::move(dense));
        net.add(name + QStringLiteral(".relu"), std::make_unique<Relu>());
        net.embeddingLayer_ = net.layerCount() - 1;
        width = arch.dense[i];
    }
    dropout(QStringLiteral("output"));
    auto output = std::make_unique<Dense>(width, arch.outputs);
    initNormal(output->weight(), 0.1 * std::sqrt(1.0 / width), seed, stream++);
    net.add(QStringLiteral("output"), std::move(output));
    return net;
}

void Network::setThreads(int threads) {
    threads_ = threads;
    for (auto& l : layers_) l->setThreads(threads);
}

QString Network::checkInput(const Tensor& input) const {
    if (input.batch < 1) return QStringLiteral("the input batch is empty");
    if (input.channels != arch_.inputBands)
        return QStringLiteral("the input has %1 bands; the network takes %2")
            .arg(input.channels)
            .arg(arch_.inputBands);
    if (input.size() != size_t(input.batch) * input.channels * input.frames)
        return QStringLiteral("the input's data does not match its shape");
    Shape s{input.channels, input.frames};
    for (const auto& l : layers_) {
        s = l->outputShape(s);
        if (s.frames < 1)
            return QStringLiteral(
                       "%1 input frames are too few for the network's convolutions and pools")
                .arg(input.frames);
    }
    if (!input.allFinite()) {
        for (int b = 0; b < input.batch; ++b) {
            const float* x = input.sample(b);
            for (int i = 0; i < input.sampleSize(); ++i)
                if (!std::isfinite(x[i]))
                    return QStringLiteral(
                               "example %1 of the input has a non-finite value (band %2, frame %3)")
                        .arg(b)
                        .arg(i / input.frames)
                        .arg(i % input.frames);
        }
    }
    return {};
}

Eigen::MatrixXf Network::forward(const Tensor& input, bool training, Eigen::MatrixXf* embedding) {
    const QString problem = checkInput(input);
    if (!problem.isEmpty()) {
        qWarning("nn::Network::forward: %s", qPrintable(problem));
        trained_ = false;
        if (embedding) *embedding = Eigen::MatrixXf(0, arch_.embeddingSize());
        return Eigen::MatrixXf(0, arch_.outputs);
    }
    activations_.resize(layers_.size() + 1);
    activations_[0] = input;
    for (size_t i = 0; i < layers_.size(); ++i) {
        if (training)
            layers_[i]->forwardTrain(activations_[i], activations_[i + 1]);
        else
            layers_[i]->infer(activations_[i], activations_[i + 1]);
    }
    trained_ = training;
    if (embedding) *embedding = toMatrix(activations_[size_t(embeddingLayer_) + 1]);
    return toMatrix(activations_.back());
}

void Network::backward(const Eigen::MatrixXf& gradOutput) {
    if (!trained_ || activations_.empty() || gradOutput.rows() != activations_.back().batch ||
        gradOutput.cols() != arch_.outputs) {
        qWarning(
            "nn::Network::backward: needs a training forward() and a (batch x outputs) gradient");
        return;
    }
    Tensor dy, dx;
    dy.resize(int(gradOutput.rows()), int(gradOutput.cols()), 1);
    asMatrix(dy) = gradOutput;
    for (size_t i = layers_.size(); i-- > 0;) {
        layers_[i]->backward(activations_[i], activations_[i + 1], dy, i > 0 ? &dx : nullptr);
        std::swap(dy, dx);
    }
}

void Network::zeroGrad() {
    for (Parameter* p : parameters()) p->grad.setZero();
}

std::vector<Parameter*> Network::parameters() {
    std::vector<Parameter*> all;
    for (size_t i = 0; i < layers_.size(); ++i)
        for (Parameter* p : layers_[i]->parameters()) all.push_back(p);
    return all;
}

std::vector<const Parameter*> Network::parameters() const {
    std::vector<const Parameter*> all;
    for (const auto& l : layers_)
        for (const Parameter* p : std::as_const(*l).parameters()) all.push_back(p);
    return all;
}

std::vector<Buffer*> Network::buffers() {
    std::vector<Buffer*> all;
    for (size_t i = 0; i < layers_.size(); ++i)
        for (Buffer* b : layers_[i]->buffers()) all.push_back(b);
    return all;
}

Eigen::MatrixXf Network::predict(const Tensor& input, Eigen::MatrixXf* embedding) const {
    if (!checkInput(input).isEmpty()) {
        if (embedding) *embedding = Eigen::MatrixXf(0, arch_.embeddingSize());
        return Eigen::MatrixXf(0, arch_.outputs);
    }
    Tensor a = input, b;
    for (size_t i = 0; i < layers_.size(); ++i) {
        layers_[i]->infer(a, b);
        std::swap(a, b);
        if (embedding && int(i) == embeddingLayer_) *embedding = toMatrix(a);
    }
    return toMatrix(a);
}

bool Network::hasNonFinite() const {
    for (const auto& l : layers_) {
        for (const Parameter* p : l->parameters())
            if (!p->value.allFinite()) return true;
        for (const Buffer* b : l->buffers())
            if (!b->value.allFinite()) return true;
    }
    return false;
}

qint64 Network::parameterCount() const {
    qint64 n = 0;
    for (const Parameter* p : parameters()) n += p->value.size();
    return n;
}

}  // namespace tl::nn
