// The neural-network library: every layer's backward pass against central finite differences
// (and the whole network's, for each normalisation), AdamW's update to the digit, the trainer
// learning a synthetic spectrogram task, determinism for a seed, the model file round trip, and
// clear errors for corrupt files and non-finite inputs.
#include <QtTest>
#include <cmath>
#include <functional>

#include "nn/Activations.h"
#include "nn/Adam.h"
#include "nn/Conv1d.h"
#include "nn/Dense.h"
#include "nn/Losses.h"
#include "nn/Network.h"
#include "nn/Normalization.h"
#include "nn/Pooling.h"
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
    }
};

QTEST_GUILESS_MAIN(NnTest)
#include "test_nn.moc"
