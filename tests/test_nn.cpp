// The neural-network library: every layer's backward pass against central finite differences
// (and the whole network's, for each normalisation), AdamW's update to the digit, the trainer
// learning a synthetic spectrogram task, determinism for a seed, the model file round trip, and
// clear errors for corrupt files and non-finite inputs.
#include <QtTest>
#include <cmath>
#include <functional>
#include <thread>

#include "nn/Activations.h"
#include "nn/Adam.h"
#include "nn/Conv1d.h"
#include "nn/Dense.h"
#include "nn/Losses.h"
#include "nn/Network.h"
#include "nn/Normalization.h"
#include "nn/Pooling.h"
#include "nn/Trainer.h"
#include "util/Random.h"

using namespace tl;
using namespace tl::nn;

namespace {

Tensor randomTensor(int b, int c, int t, uint64_t seed, double scale = 1.0) {
    Tensor x;
    x.resize(b, c, t);
    SplitMix64 rng(seed);
    for (float& v : x.data) v = float(scale * rng.normal());
    return x;
}

// Values at least 0.1 away from 0 (ReLU's kink) and from each other by more than 2 * epsilon
// (so a finite difference never changes which element is a maximum): a shuffled ramp.
Tensor kinkFreeTensor(int b, int c, int t, uint64_t seed) {
    Tensor x;
    x.resize(b, c, t);
    SplitMix64 rng(seed);
    const int n = int(x.size());
    for (int i = 0; i < n; ++i) {
        const float v = -1.5f + 3.0f * float(i) / float(n - 1);
        x.data[size_t(i)] =
            std::abs(v) < 0.1f ? (v < 0 ? -0.1f - 0.0001f * i : 0.1f + 0.0001f * i) : v;
    }
    for (int i = n - 1; i > 0; --i)
        std::swap(x.data[size_t(i)], x.data[rng.below(uint64_t(i) + 1)]);
    return x;
}

// L = sum(r .* y) for a fixed random r, accumulated in double: dL/dy = r.
double projection(const Tensor& y, const Tensor& r) {
    double s = 0.0;
    for (size_t i = 0; i < y.size(); ++i) s += double(y.data[i]) * r.data[i];
    return s;
}

// Relative error of an analytic gradient against central differences over `count` coordinates
// of `values` (all when count <= 0), evaluated with loss(). The vector-level relative error
// ||fd - analytic|| / max(||fd||, ||analytic||) and the worst element's |fd - a| / (|fd| + |a| +
// floor) are both returned; the floor keeps tiny gradients from dominating.
struct CheckResult {
    double vectorError = 0.0, worstElement = 0.0;
    int checked = 0;
};

CheckResult finiteDifferences(float* values, const float* analytic, int size, double epsilon,
                              const std::function<double()>& loss, int count = 0,
                              double floor = 1e-3) {
    CheckResult r;
    std::vector<int> idx;
    if (count <= 0 || count >= size) {
        for (int i = 0; i < size; ++i) idx.push_back(i);
    } else {
        SplitMix64 rng(4242);
        for (int i = 0; i < count; ++i) idx.push_back(int(rng.below(uint64_t(size))));
    }
    double diff2 = 0.0, fd2 = 0.0, an2 = 0.0;
    for (int i : idx) {
        const float saved = values[i];
        values[i] = float(saved + epsilon);
        const double plus = loss();
        values[i] = float(saved - epsilon);
        const double minus = loss();
        values[i] = saved;
        const double h = double(float(saved + epsilon)) - double(float(saved - epsilon));
        const double fd = (plus - minus) / h;
        const double a = analytic[i];
        diff2 += (fd - a) * (fd - a);
        fd2 += fd * fd;
        an2 += a * a;
        r.worstElement =
            std::max(r.worstElement, std::abs(fd - a) / (std::abs(fd) + std::abs(a) + floor));
        ++r.checked;
    }
    r.vectorError = std::sqrt(diff2) / std::max(1e-12, std::sqrt(std::max(fd2, an2)));
    return r;
}

// Checks dL/dx and dL/dparameters of one layer in training mode. `reset` runs before every
// forward (dropout rewinds its mask stream there).
void checkLayer(Layer& layer, Tensor x, double epsilon, double tolerance,
                const std::function<void()>& reset = {}) {
    Tensor y, dx;
    if (reset) reset();
    layer.forwardTrain(x, y);
    const Tensor r = randomTensor(y.batch, y.channels, y.frames, 99);
    for (Parameter* p : layer.parameters()) p->grad.setZero();
    layer.backward(x, y, r, &dx);
    QVERIFY(dx.sameShape(x));
    auto loss = [&] {
        Tensor out;
        if (reset) reset();
        layer.forwardTrain(x, out);
        return projection(out, r);
    };
    const CheckResult in =
        finiteDifferences(x.data.data(), dx.data.data(), int(x.size()), epsilon, loss);
    QVERIFY2(in.vectorError < tolerance && in.worstElement < 10 * tolerance,
             qPrintable(QStringLiteral("%1 input gradient: vector error %2, worst element %3")
                            .arg(layer.kind())
                            .arg(in.vectorError)
                            .arg(in.worstElement)));
    for (Parameter* p : layer.parameters()) {
        const Eigen::VectorXf analytic = p->grad;
        const CheckResult pr = finiteDifferences(p->value.data(), analytic.data(),
                                                 int(p->value.size()), epsilon, loss);
        QVERIFY2(pr.vectorError < tolerance && pr.worstElement < 10 * tolerance,
                 qPrintable(QStringLiteral("%1 %2 gradient: vector error %3, worst element %4")
                                .arg(layer.kind(), p->name)
                                .arg(pr.vectorError)
                                .arg(pr.worstElement)));
    }
}

void randomise(Layer& layer, uint64_t seed) {
    uint64_t stream = 0;
    for (Parameter* p : layer.parameters()) {
        SplitMix64 rng(seed, stream++);
        for (Eigen::Index i = 0; i < p->value.size(); ++i)
            p->value[i] = float(0.5 * rng.normal() + (p->name == "gamma" ? 1.0 : 0.0));
    }
}

Architecture tinyArchitecture(Norm norm) {
    Architecture a;
    a.inputBands = 6;
    a.inputFrames = 20;
    a.conv = {{4, 3, 2}, {5, 3, 1}};
    a.norm = norm;
    a.dense = {7};
    a.dropout = 0.0f;
    a.outputs = 3;
    return a;
}

// A spectrogram-like task with a known answer: 8 bands x 32 frames of noise, and at a random
// time a 4-frame burst in band 2k of class k (of 4); the target is class k's fixed unit vector.
// Training crops 24 frames at random (the burst always stays inside), validation the centre.
class BurstSource : public BatchSource {
public:
    static constexpr int kBands = 8, kFrames = 32, kCrop = 24, kClasses = 4;
    BurstSource(int examples, uint64_t seed, int nanExample = -1) {
        SplitMix64 rng(seed);
        targets_ = Eigen::MatrixXf::Zero(kClasses, kClasses);
        SplitMix64 classes(7);  // the same class vectors in every source
        for (int k = 0; k < kClasses; ++k) {
            for (int d = 0; d < kClasses; ++d) targets_(k, d) = float(classes.normal());
            targets_.row(k).normalize();
        }
        for (int i = 0; i < examples; ++i) {
            std::vector<float> x(size_t(kBands) * kFrames);
            for (float& v : x) v = float(0.3 * rng.normal());
            const int k = int(rng.below(kClasses));
            const int t0 = 8 + int(rng.below(kCrop - 8 - 4 + 1 - 4));  // inside every crop
            for (int t = t0; t < t0 + 4; ++t) x[size_t(2 * k) * kFrames + t] += 2.0f;
            if (i == nanExample) x[5] = std::nanf("");
            inputs_.push_back(std::move(x));
            labels_.push_back(k);
        }
    }
    int size() const override { return int(inputs_.size()); }
    int outputs() const override { return kClasses; }
    void fill(std::span<const int> indices, bool augment, std::mt19937_64& rng, Tensor& x,
              Eigen::MatrixXf& y, Eigen::VectorXf& w) const override {
        const int n = int(indices.size());
        x.resize(n, kBands, kCrop);
        y.resize(n, kClasses);
        w = Eigen::VectorXf::Ones(n);
        for (int b = 0; b < n; ++b) {
            const int i = indices[size_t(b)];
            const int offset =
                augment ? int(rng() % uint64_t(kFrames - kCrop + 1)) : (kFrames - kCrop) / 2;
            for (int c = 0; c < kBands; ++c)
                std::copy_n(inputs_[size_t(i)].data() + size_t(c) * kFrames + offset, kCrop,
                            x.sample(b) + size_t(c) * kCrop);
            y.row(b) = targets_.row(labels_[size_t(i)]);
        }
    }

private:
    std::vector<std::vector<float>> inputs_;
    std::vector<int> labels_;
    Eigen::MatrixXf targets_;
};

Architecture burstArchitecture() {
    Architecture a;
    a.inputBands = BurstSource::kBands;
    a.inputFrames = BurstSource::kCrop;
    a.conv = {{8, 3, 2}, {8, 3, 1}};
    a.dense = {16};
    a.dropout = 0.1f;
    a.outputs = BurstSource::kClasses;
    return a;
}

TrainOptions burstOptions() {
    TrainOptions o;
    o.epochs = 30;
    o.batchSize = 16;
    o.adam.learningRate = 1e-2f;
    o.patience = 30;
    o.seed = 3;
    return o;
}

bool sameWeights(const Network& a, const Network& b) {
    const auto pa = a.parameters(), pb = b.parameters();
    if (pa.size() != pb.size()) return false;
    for (size_t i = 0; i < pa.size(); ++i)
        if (pa[i]->value != pb[i]->value) return false;
    return true;
}

}  // namespace

class NnTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Float32 with epsilon 1e-2: round-off in L is ~1e-7 relative, so central differences are
    // good to ~1e-5; the layers below are linear or smooth at this scale, so 1e-3 can fail only
    // on a wrong gradient.
    void conv1dGradients() {
        for (bool bias : {true, false}) {
            Conv1d conv(5, 3, 4, bias);
            randomise(conv, 1);
            checkLayer(conv, randomTensor(3, 5, 11, 2), 1e-2, 1e-3);
        }
        // A gradient split over several chunks of samples (kChunk = 4) and both threads.
        Conv1d conv(3, 2, 2, true);
        conv.setThreads(2);
        randomise(conv, 3);
        checkLayer(conv, randomTensor(9, 3, 6, 4), 1e-2, 1e-3);
    }
    void conv1dMatchesDirectConvolution() {
        Conv1d conv(3, 2, 3, true);
        randomise(conv, 5);
        const Tensor x = randomTensor(2, 3, 7, 6);
        Tensor y;
        conv.infer(x, y);
        QCOMPARE(y.frames, 5);
        for (int b = 0; b < 2; ++b)
            for (int o = 0; o < 2; ++o)
                for (int t = 0; t < 5; ++t) {
                    double s = conv.bias().value[o];
                    for (int c = 0; c < 3; ++c)
                        for (int k = 0; k < 3; ++k)
                            s += double(conv.weight().value[(o * 3 + c) * 3 + k]) *
                                 x.sample(b)[c * 7 + t + k];
                    QVERIFY(std::abs(y.sample(b)[o * 5 + t] - s) < 1e-5);
                }
    }
    void batchNormGradients() {
        BatchNorm bn(4);
        randomise(bn, 7);
        checkLayer(bn, randomTensor(3, 4, 5, 8, 2.0), 1e-2, 2e-3);
        BatchNorm dense(6);  // frames == 1: normalisation over the batch alone
        randomise(dense, 9);
        checkLayer(dense, randomTensor(5, 6, 1, 10), 1e-2, 2e-3);
    }
    void batchNormRunningStatistics() {
        BatchNorm bn(1, 0.5f);
        Tensor x;
        x.resize(2, 1, 2);
        x.data = {1, 2, 3, 6};  // mean 3, biased variance 3.5, unbiased 14/3
        Tensor y;
        bn.forwardTrain(x, y);
        QVERIFY(std::abs(y.data[0] - (1 - 3) / std::sqrt(3.5f + 1e-5f)) < 1e-6);
        const auto buffers = bn.buffers();
        QCOMPARE(buffers[0]->value[0], 0.5f * 0 + 0.5f * 3);
        QVERIFY(std::abs(buffers[1]->value[0] - (0.5f * 1 + 0.5f * 14.0f / 3)) < 1e-6);
        bn.infer(x, y);  // running statistics now: mean 1.5, var 2.8333
        QVERIFY(std::abs(y.data[3] - (6 - 1.5f) / std::sqrt(2.8333333f + 1e-5f)) < 1e-5);
    }
    void layerNormGradients() {
        LayerNorm ln(4);
        randomise(ln, 11);
        checkLayer(ln, randomTensor(3, 4, 5, 12, 2.0), 1e-2, 2e-3);
    }
    void reluGradients() {
        Relu relu;
        checkLayer(relu, kinkFreeTensor(2, 3, 5, 13), 1e-2, 1e-4);
    }
    void maxPoolGradients() {
        MaxPool1d pool(3);
        checkLayer(pool, kinkFreeTensor(2, 3, 10, 14), 1e-2, 1e-4);  // 10 / 3: last frame dropped
        Tensor y;
        pool.infer(kinkFreeTensor(2, 3, 10, 14), y);
        QCOMPARE(y.frames, 3);
    }
    void globalPoolGradients() {
        GlobalPool all(true, true, true);
        checkLayer(all, kinkFreeTensor(3, 4, 6, 15), 1e-2, 1e-3);
        GlobalPool l2Only(false, false, true);
        checkLayer(l2Only, kinkFreeTensor(2, 3, 5, 16), 1e-2, 1e-3);
    }
    void globalPoolValues() {
        GlobalPool all(true, true, true);
        Tensor x;
        x.resize(1, 2, 4);
        x.data = {1, -2, 3, 2, 0, 0, 0, 4};
        Tensor y;
        all.infer(x, y);
        QCOMPARE(y.channels, 6);
        QCOMPARE(y.data[0], 1.0f);                                   // mean channel 0
        QCOMPARE(y.data[1], 1.0f);                                   // mean channel 1
        QCOMPARE(y.data[2], 3.0f);                                   // max channel 0
        QCOMPARE(y.data[3], 4.0f);                                   // max channel 1
        QVERIFY(std::abs(y.data[4] - std::sqrt(18.0f / 4)) < 1e-6);  // RMS channel 0
        QVERIFY(std::abs(y.data[5] - 2.0f) < 1e-6);                  // RMS channel 1
    }
    void denseGradients() {
        Dense dense(6, 4);
        randomise(dense, 17);
        checkLayer(dense, randomTensor(3, 6, 1, 18), 1e-2, 1e-3);
        Dense flatten(6, 2);  // (channels x frames) flattened per example
        randomise(flatten, 19);
        checkLayer(flatten, randomTensor(2, 3, 2, 20), 1e-2, 1e-3);
    }
    void dropoutGradientsAndRate() {
        Dropout dropout(0.25f, 21);
        checkLayer(dropout, randomTensor(4, 5, 6, 22), 1e-2, 1e-4, [&] { dropout.setCalls(0); });
        Tensor x;
        x.resize(1, 1, 100000);
        std::fill(x.data.begin(), x.data.end(), 1.0f);
        Tensor y;
        dropout.forwardTrain(x, y);
        const long kept = std::count(y.data.begin(), y.data.end(), 1.0f / 0.75f);
        const long dropped = std::count(y.data.begin(), y.data.end(), 0.0f);
        QCOMPARE(kept + dropped, 100000L);
        QVERIFY(std::abs(dropped / 100000.0 - 0.25) < 0.005);
        dropout.infer(x, y);
        QCOMPARE(y.data, x.data);
    }
    void weightedMseValuesAndGradient() {
        Eigen::MatrixXf pred(2, 2), y(2, 2), grad;
        pred << 1, 2, 3, 4;
        y << 0, 2, 3, 6;
        Eigen::VectorXf w(2);
        w << 1, 3;
        // (1 * 1 + 3 * 4) / 4
        QCOMPARE(weightedMse(pred, y, w, &grad), 13.0 / 4);
        QCOMPARE(grad(0, 0), 2.0f * 1 * 1 / 4);
        QCOMPARE(grad(1, 1), 2.0f * 3 * -2 / 4);
        QCOMPARE(grad(0, 1), 0.0f);
    }

    // The whole network, every parameter, loss = weighted MSE. ReLUs and maxima inside can sit
    // near a kink for some coordinate, so epsilon is smaller (1e-3) and the bound is on the
    // vector-level error only (still far below the ~1 a wrong gradient gives).
    void networkGradients_data() {
        QTest::addColumn<int>("norm");
        QTest::newRow("none") << int(Norm::None);
        QTest::newRow("batch") << int(Norm::Batch);
        QTest::newRow("layer") << int(Norm::Layer);
    }
    void networkGradients() {
        QFETCH(int, norm);
        auto created = Network::create(tinyArchitecture(Norm(norm)), 23);
        QVERIFY(created.ok());
        Network net = std::move(created).value();
        const Tensor x = randomTensor(4, 6, 20, 24);
        const Eigen::MatrixXf y = Eigen::MatrixXf::Random(4, 3);
        const Eigen::VectorXf w = Eigen::VectorXf::LinSpaced(4, 0.5f, 2.0f);
        Eigen::MatrixXf grad;
        net.zeroGrad();
        weightedMse(net.forward(x, true), y, w, &grad);
        net.backward(grad);
        auto loss = [&] { return weightedMse(net.forward(x, true), y, w, nullptr); };
        for (Parameter* p : net.parameters()) {
            const Eigen::VectorXf analytic = p->grad;
            const CheckResult r = finiteDifferences(p->value.data(), analytic.data(),
                                                    int(p->value.size()), 1e-3, loss, 0, 1e-2);
            QVERIFY2(r.vectorError < 1e-2,
                     qPrintable(QStringLiteral("%1: vector error %2, worst %3")
                                    .arg(p->name)
                                    .arg(r.vectorError)
                                    .arg(r.worstElement)));
        }
    }

    // AdamW by hand: bias-corrected moments, decoupled decay on weights only.
    void adamwStepsToTheDigit() {
        Parameter weight, bias;
        weight.init("w", 2, true);
        bias.init("b", 1, false);
        weight.value << 1.0f, -2.0f;
        bias.value << 0.5f;
        AdamOptions o;
        o.weightDecay = 0.01f;
        Adam adam({&weight, &bias}, o);
        const double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double w0 = 1.0, m = 0, v = 0, b0 = 0.5, mb = 0, vb = 0;
        const double grads[2][2] = {{0.5, 0.25}, {-1.0, 0.75}};
        for (int t = 1; t <= 2; ++t) {
            const double g = grads[t - 1][0], gb = grads[t - 1][1];
            weight.grad << float(g), 0.1f;
            bias.grad << float(gb);
            adam.step(float(lr));
            w0 *= 1 - lr * 0.01;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            w0 -= lr * (m / (1 - std::pow(b1, t))) / (std::sqrt(v / (1 - std::pow(b2, t))) + eps);
            mb = b1 * mb + (1 - b1) * gb;
            vb = b2 * vb + (1 - b2) * gb * gb;
            b0 -= lr * (mb / (1 - std::pow(b1, t))) / (std::sqrt(vb / (1 - std::pow(b2, t))) + eps);
        }
        QVERIFY(std::abs(weight.value[0] - w0) < 1e-6);
        QVERIFY(std::abs(bias.value[0] - b0) < 1e-6);
        // A constant gradient moves a coordinate by lr a step, whatever its scale (after decay).
        QVERIFY(std::abs(weight.value[1] - ((-2.0 * 0.999 - 0.1) * 0.999 - 0.1)) < 1e-6);
    }
    void learningRateSchedule() {
        QCOMPARE(scheduledLearningRate(1.0f, 0, 4, 20), 0.25f);
        QCOMPARE(scheduledLearningRate(1.0f, 3, 4, 20), 1.0f);
        QCOMPARE(scheduledLearningRate(1.0f, 4, 4, 20), 1.0f);
        QVERIFY(std::abs(scheduledLearningRate(1.0f, 12, 4, 20) - 0.5f) < 1e-6);
        QVERIFY(scheduledLearningRate(1.0f, 19, 4, 20) < 0.01f);
        QCOMPARE(scheduledLearningRate(2.0f, 0, 0, 10), 2.0f);
    }

    // The network must find which band carries the burst, wherever it is: the validation loss
    // (MSE to unit vectors; predicting the mean vector gives ~0.75) must fall below 0.05.
    void learnsSyntheticSpectrogramTask() {
        const BurstSource trainSet(256, 1), validationSet(64, 2);
        auto net = Network::create(burstArchitecture(), 5);
        QVERIFY(net.ok());
        const double before = *evaluate(*net, validationSet, 32, Progress());
        std::vector<EpochStats> seen;
        auto report = train(*net, trainSet, validationSet, burstOptions(), Progress(),
                            [&](const EpochStats& e) { seen.push_back(e); });
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        QCOMPARE(int(seen.size()), int(report->epochs.size()));
        QVERIFY(before > 0.5);
        QVERIFY2(report->bestValidationLoss < 0.05,
                 qPrintable(QString::number(report->bestValidationLoss)));
        QVERIFY(report->epochs.back().trainLoss < report->epochs.front().trainLoss / 4);
        // The network keeps the best epoch's weights.
        QCOMPARE(*evaluate(*net, validationSet, 32, Progress()), report->bestValidationLoss);
        qInfo("synthetic task: validation loss %.4f -> %.4f (epoch %d of %d)", before,
              report->bestValidationLoss, report->bestEpoch, int(report->epochs.size()));
    }
    void sameSeedSameNetworkWhateverTheThreads() {
        const BurstSource trainSet(64, 1), validationSet(16, 2);
        TrainOptions o = burstOptions();
        o.epochs = 3;
        auto a = Network::create(burstArchitecture(), 9);
        auto b = Network::create(burstArchitecture(), 9);
        auto c = Network::create(burstArchitecture(), 10);
        QVERIFY(sameWeights(*a, *b));
        QVERIFY(!sameWeights(*a, *c));
        o.threads = 1;
        auto ra = train(*a, trainSet, validationSet, o, Progress());
        o.threads = 2;
        auto rb = train(*b, trainSet, validationSet, o, Progress());
        QVERIFY(ra.ok() && rb.ok());
        QVERIFY(sameWeights(*a, *b));
        QCOMPARE(ra->bestValidationLoss, rb->bestValidationLoss);
        o.seed = 4;  // another shuffle and other crops
        // The progress bar only moves forward, validation passes included, and ends full.
        std::vector<double> fractions;
        const Progress watched(
            [&](double fraction, const QString&) { fractions.push_back(fraction); });
        auto rc = train(*c, trainSet, validationSet, o, watched);
        QVERIFY(fractions.size() > 3);
        for (size_t i = 1; i < fractions.size(); ++i)
            QVERIFY2(
                fractions[i] >= fractions[i - 1] - 1e-12,
                qPrintable(QStringLiteral("%1 after %2").arg(fractions[i]).arg(fractions[i - 1])));
        QVERIFY(std::abs(fractions.back() - 1.0) < 1e-9);
        QVERIFY(rc.ok());
        QVERIFY(ra->epochs[0].trainLoss != rc->epochs[0].trainLoss);
    }
    void earlyStoppingKeepsTheBestEpoch() {
        const BurstSource trainSet(32, 1), validationSet(16, 2);
        TrainOptions o = burstOptions();
        o.adam.learningRate = 0.5f;  // far too high: validation gets worse soon
        o.warmupEpochs = 0;
        o.patience = 2;
        o.epochs = 40;
        auto net = Network::create(burstArchitecture(), 11);
        auto report = train(*net, trainSet, validationSet, o, Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        QVERIFY(report->stoppedEarly);
        QCOMPARE(int(report->epochs.size()), report->bestEpoch + 2);
        QCOMPARE(*evaluate(*net, validationSet, 16, Progress()), report->bestValidationLoss);
    }
    void cancelLeavesTheNetworkUnchanged() {
        const BurstSource trainSet(64, 1), validationSet(16, 2);
        auto net = Network::create(burstArchitecture(), 12);
        const Network before = *net;
        Progress progress;
        auto report = train(*net, trainSet, validationSet, burstOptions(), progress,
                            [&](const EpochStats&) { progress.cancel(); });
        QVERIFY(report.status().isCancelled());
        QVERIFY(sameWeights(*net, before));
        QCOMPARE(net->serialise(), before.serialise());  // running statistics too
    }
    // The default network on full-size excerpts: a cancel from another thread must take effect
    // within about a training step (~0.1 s on 2 cores; 1 s allowed for a loaded machine).
    void cancelTakesEffectWithinAStep() {
        class Noise : public BatchSource {
        public:
            int size() const override { return 4096; }
            int outputs() const override { return 32; }
            void fill(std::span<const int> indices, bool, std::mt19937_64&, Tensor& x,
                      Eigen::MatrixXf& y, Eigen::VectorXf& w) const override {
                x = randomTensor(int(indices.size()), 128, 216, uint64_t(indices[0]));
                y = Eigen::MatrixXf::Zero(x.batch, 32);
                w = Eigen::VectorXf::Ones(x.batch);
            }
        };
        auto net = Network::create(Architecture(), 1);
        const Network before = *net;
        Progress progress;
        TrainOptions o;
        o.batchSize = 16;
        QElapsedTimer sinceCancel;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            sinceCancel.start();
            progress.cancel();
        });
        auto report = train(*net, Noise(), Noise(), o, progress);
        const qint64 latency = sinceCancel.elapsed();
        canceller.join();
        QVERIFY(report.status().isCancelled());
        QVERIFY(sameWeights(*net, before));
        qInfo("cancel took effect after %lld ms", latency);
        QVERIFY(latency < 1000);
    }
    void nonFiniteInputIsRejected() {
        const BurstSource trainSet(40, 1, 17), validationSet(16, 2);
        auto net = Network::create(burstArchitecture(), 13);
        const Network before = *net;
        auto report = train(*net, trainSet, validationSet, burstOptions(), Progress());
        QVERIFY(report.status().isError());
        QVERIFY2(report.status().message().contains(
                     "example 17 has a non-finite input value (band 0, frame"),
                 qPrintable(report.status().message()));
        QVERIFY(sameWeights(*net, before));
        const BurstSource bad(4, 3, 2);
        std::mt19937_64 rng(1);
        Tensor x;
        Eigen::MatrixXf y;
        Eigen::VectorXf w;
        const std::vector<int> all{0, 1, 2, 3};
        bad.fill(all, false, rng, x, y, w);
        QVERIFY(net->checkInput(x).contains("example 2"));
        Eigen::MatrixXf embedding;
        QCOMPARE(net->predict(x, &embedding).rows(), 0);
        QCOMPARE(embedding.rows(), 0);
        QVERIFY(!evaluate(*net, bad, 4, Progress()).ok());
        QVERIFY(train(*net, BurstSource(0, 1), validationSet, burstOptions(), Progress())
                    .status()
                    .message()
                    .contains("no training examples"));
    }
    void predictMatchesInferenceForwardAndGivesTheEmbedding() {
        auto net = Network::create(burstArchitecture(), 14);
        const BurstSource trainSet(32, 1), validationSet(16, 2);
        TrainOptions o = burstOptions();
        o.epochs = 2;
        QVERIFY(train(*net, trainSet, validationSet, o, Progress()).ok());  // non-trivial BN stats
        const Tensor x = randomTensor(5, 8, 24, 15);
        Eigen::MatrixXf e1, e2;
        const Eigen::MatrixXf p1 = net->predict(x, &e1);
        const Eigen::MatrixXf p2 = net->forward(x, false, &e2);
        QCOMPARE(p1.rows(), 5);
        QCOMPARE(p1.cols(), 4);
        QCOMPARE(e1.cols(), 16);
        QVERIFY(p1 == p2 && e1 == e2);
        QVERIFY((e1.array() >= 0).all());  // after the ReLU
        // Longer excerpts go through too (global pooling), shorter ones are refused.
        QCOMPARE(net->predict(randomTensor(2, 8, 40, 16)).rows(), 2);
        QVERIFY(net->checkInput(randomTensor(2, 8, 6, 16)).contains("too few"));
        QVERIFY(net->checkInput(randomTensor(2, 7, 24, 16)).contains("7 bands"));
    }
    // predict() touches no state: two threads at once give what one gives alone.
    void predictIsThreadSafe() {
        auto net = Network::create(burstArchitecture(), 21);
        const BurstSource trainSet(32, 1), validationSet(16, 2);
        TrainOptions o = burstOptions();
        o.epochs = 1;
        QVERIFY(train(*net, trainSet, validationSet, o, Progress()).ok());
        net->setThreads(2);
        std::vector<Tensor> inputs;
        std::vector<Eigen::MatrixXf> alone;
        for (int i = 0; i < 8; ++i) {
            inputs.push_back(randomTensor(7, 8, 24, 100 + uint64_t(i)));
            alone.push_back(net->predict(inputs.back()));
        }
        std::vector<Eigen::MatrixXf> together(8);
        std::vector<std::thread> threads;
        for (int t = 0; t < 2; ++t)
            threads.emplace_back([&, t] {
                for (int rep = 0; rep < 20; ++rep)
                    for (int i = t; i < 8; i += 2)
                        together[size_t(i)] = net->predict(inputs[size_t(i)]);
            });
        for (auto& t : threads) t.join();
        for (int i = 0; i < 8; ++i) QVERIFY(together[size_t(i)] == alone[size_t(i)]);
    }
    void modelFileRoundTrip() {
        auto net = Network::create(burstArchitecture(), 18);
        const BurstSource trainSet(32, 1), validationSet(16, 2);
        TrainOptions o = burstOptions();
        o.epochs = 2;
        QVERIFY(train(*net, trainSet, validationSet, o, Progress()).ok());
        net->setMetadata({{"front_end", QJsonObject{{"n_mels", 8}}}, {"fingerprint", "abc"}});
        const QByteArray bytes = net->serialise();
        auto back = Network::deserialise(bytes);
        QVERIFY2(back.ok(), qPrintable(back.status().message()));
        QCOMPARE(back->metadata(), net->metadata());
        QVERIFY(back->architecture() == net->architecture());
        const Tensor x = randomTensor(6, 8, 24, 19);
        Eigen::MatrixXf e1, e2;
        QVERIFY(net->predict(x, &e1) == back->predict(x, &e2));
        QVERIFY(e1 == e2);
        QCOMPARE(back->serialise(), bytes);
    }
    void corruptModelFilesGiveClearErrors() {
        auto net = Network::create(burstArchitecture(), 20);
        const QByteArray bytes = net->serialise();
        auto message = [](const QByteArray& b) {
            return Network::deserialise(b).status().message();
        };
        QVERIFY(message({}).contains("too short"));
        QVERIFY(message(QByteArray("not a network at all, just some text"))
                    .contains("not a Tastelab network"));
        QVERIFY(message(bytes.left(bytes.size() - 10)).contains("truncated"));
        QVERIFY(message(bytes + "x").contains("truncated or padded"));
        QByteArray flipped = bytes;
        flipped[bytes.size() / 2] = char(flipped[bytes.size() / 2] ^ 0x10);
        QVERIFY(message(flipped).contains("checksum"));
        QByteArray otherVersion = bytes;
        otherVersion[4] = 9;
        QVERIFY(message(otherVersion).contains("version 9"));
        // Every truncation and single-byte corruption is refused without a crash.
        for (int cut = 0; cut < bytes.size(); cut += 97)
            QVERIFY(!Network::deserialise(bytes.left(cut)).ok());
        for (int at = 0; at < bytes.size(); at += 89) {
            QByteArray b = bytes;
            b[at] = char(~b[at]);
            QVERIFY(!Network::deserialise(b).ok());
        }
    }

    void defaultArchitectureSize() {
        const Architecture a;
        QCOMPARE(a.validate(), QString());
        QCOMPARE(a.framesPerBlock(), (std::vector<int>{53, 25, 22}));
        // conv 64*128*4 + 64*64*4 + 128*64*4, BN 2*(64+64+128), dense 384*256+256, output 256*32+32
        QCOMPARE(a.parameterCount(), qint64(32768 + 16384 + 32768 + 512 + 98560 + 8224));
        auto net = Network::create(a, 1);
        QVERIFY(net.ok());
        QCOMPARE(net->parameterCount(), a.parameterCount());
        QCOMPARE(a.embeddingSize(), 256);
        auto back = Architecture::fromJson(a.toJson());
        QVERIFY(back.ok());
        QVERIFY(*back == a);
    }
    void architectureErrors() {
        Architecture a;
        a.inputFrames = 20;
        QVERIFY(a.validate().contains("too few"));
        QVERIFY(!Network::create(a, 1).ok());
        QJsonObject json = Architecture().toJson();
        json["norm"] = "group";
        QVERIFY(Architecture::fromJson(json).status().message().contains("group"));
        json.remove("norm");
        QVERIFY(!Architecture::fromJson(json).ok());
        Architecture huge;
        huge.conv[0].filters = 2'000'000'000;
        QVERIFY(huge.validate().contains("out of range"));
        Architecture heavy;
        heavy.dense = {65536, 65536};
        QVERIFY(heavy.validate().contains("2e8 parameters"));
    }
};

QTEST_GUILESS_MAIN(NnTest)
#include "test_nn.moc"
