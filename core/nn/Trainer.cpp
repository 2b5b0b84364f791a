#include "nn/Trainer.h"

#include <QElapsedTimer>
#include <cmath>
#include <numeric>

#include "nn/Losses.h"

namespace tl::nn {

namespace {

// Checks one filled batch; `indices` maps its rows back to the source's examples for the message.
QString checkBatch(const Network& net, std::span<const int> indices, const Tensor& x,
                   const Eigen::MatrixXf& y, const Eigen::VectorXf& w) {
    if (x.batch != int(indices.size()) || y.rows() != x.batch || w.size() != x.batch)
        return QStringLiteral("the data set filled a batch of the wrong size");
    if (y.cols() != net.architecture().outputs)
        return QStringLiteral("targets have %1 values; the network predicts %2")
            .arg(y.cols())
            .arg(net.architecture().outputs);
    if (const QString problem = net.checkInput(x); !problem.isEmpty()) {
        // Name the data set's example rather than the batch row.
        for (int b = 0; b < x.batch; ++b) {
            const float* s = x.sample(b);
            for (int i = 0; i < x.sampleSize(); ++i)
                if (!std::isfinite(s[i]))
                    return QStringLiteral(
                               "example %1 has a non-finite input value (band %2, frame %3)")
                        .arg(indices[size_t(b)])
                        .arg(i / x.frames)
                        .arg(i % x.frames);
        }
        return problem;
    }
    for (int b = 0; b < x.batch; ++b) {
        if (!y.row(b).allFinite())
            return QStringLiteral("example %1 has a non-finite target").arg(indices[size_t(b)]);
        if (!std::isfinite(w[b]) || w[b] < 0)
            return QStringLiteral("example %1 has a negative or non-finite weight")
                .arg(indices[size_t(b)]);
    }
    return {};
}

}  // namespace

float scheduledLearningRate(float base, long long step, long long warmupSteps,
                            long long totalSteps) {
    if (step < warmupSteps) return base * float(step + 1) / float(warmupSteps);
    const long long decaySteps = std::max(1LL, totalSteps - warmupSteps);
    const double progress = std::min(1.0, double(step - warmupSteps) / double(decaySteps));
    return float(base * 0.5 * (1.0 + std::cos(M_PI * progress)));
}

Result<double> evaluate(const Network& net, const BatchSource& source, int batchSize,
                        const Progress& progress) {
    const int n = source.size();
    if (n < 1) return Status::error(QStringLiteral("no examples to evaluate"));
    batchSize = std::max(1, batchSize);
    std::mt19937_64 rng(0);  // centre crops take no random numbers; the interface wants one
    std::vector<int> indices;
    Tensor x;
    Eigen::MatrixXf y;
    Eigen::VectorXf w;
    double weighted = 0.0, totalWeight = 0.0;
    for (int start = 0; start < n; start += batchSize) {
        if (progress.cancelled()) return Status::cancelled();
        indices.resize(size_t(std::min(batchSize, n - start)));
        std::iota(indices.begin(), indices.end(), start);
        source.fill(indices, false, rng, x, y, w);
        if (const QString problem = checkBatch(net, indices, x, y, w); !problem.isEmpty())
            return Status::error(problem);
        const double sumW = w.cast<double>().sum();
        weighted += weightedMse(net.predict(x), y, w, nullptr) * sumW;
        totalWeight += sumW;
        progress.report(double(start + int(indices.size())) / n);
    }
    if (totalWeight <= 0) return Status::error(QStringLiteral("every example has weight 0"));
    return weighted / totalWeight;
}

Result<TrainReport> train(Network& net, const BatchSource& train, const BatchSource& validation,
                          const TrainOptions& options, const Progress& progress,
                          const std::function<void(const EpochStats&)>& onEpoch) {
    if (train.size() < 1) return Status::error(QStringLiteral("no training examples"));
    if (validation.size() < 1) return Status::error(QStringLiteral("no validation examples"));
    const int outputs = net.architecture().outputs;
    if (train.outputs() != outputs || validation.outputs() != outputs)
        return Status::error(QStringLiteral("targets have %1 values; the network predicts %2")
                                 .arg(train.outputs())
                                 .arg(outputs));
    if (options.epochs < 1 || options.batchSize < 1)
        return Status::error(QStringLiteral("epochs and batch size must be at least 1"));

    const Network original = net;  // restored on cancel or error
    const int originalThreads = net.threads();
    net.setThreads(options.threads);
    auto fail = [&](Status status) {
        net = original;
        net.setThreads(originalThreads);
        return status;
    };

    const int n = train.size();
    const long long batchesPerEpoch = (n + options.batchSize - 1) / options.batchSize;
    const long long totalSteps = batchesPerEpoch * options.epochs;
    const long long warmupSteps = std::min(
        totalSteps, std::max(0LL, std::llround(double(options.warmupEpochs) * batchesPerEpoch)));
    std::mt19937_64 rng(options.seed);
    Adam adam(net.parameters(), options.adam);
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);

    TrainReport report;
    Network best = net;
    Tensor x;
    Eigen::MatrixXf y, grad;
    Eigen::VectorXf w;
    long long step = 0;
    float learningRate = 0;
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        QElapsedTimer clock;
        clock.start();
        // Fisher–Yates with the raw engine output: the same order on every standard library.
        for (int i = n - 1; i > 0; --i)
            std::swap(order[size_t(i)], order[size_t(rng() % uint64_t(i + 1))]);
        double weighted = 0.0, totalWeight = 0.0;
        for (long long b = 0; b < batchesPerEpoch; ++b, ++step) {
            if (progress.cancelled()) return fail(Status::cancelled());
            const int start = int(b * options.batchSize);
            const std::span<const int> indices(order.data() + start,
                                               size_t(std::min(options.batchSize, n - start)));
            train.fill(indices, true, rng, x, y, w);
            if (const QString problem = checkBatch(net, indices, x, y, w); !problem.isEmpty())
                return fail(Status::error(QStringLiteral("training data: ") + problem));
            const double loss = weightedMse(net.forward(x, true), y, w, &grad);
            if (!std::isfinite(loss))
                return fail(
                    Status::error(QStringLiteral("training diverged: non-finite loss at epoch %1, "
                                                 "batch %2")
                                      .arg(epoch)
                                      .arg(b + 1),
                                  Remedy::LowerLearningRate));
            if (progress.cancelled()) return fail(Status::cancelled());  // a step is ~0.1 s
            net.zeroGrad();
            net.backward(grad);
            learningRate =
                scheduledLearningRate(options.adam.learningRate, step, warmupSteps, totalSteps);
            adam.step(learningRate);
            const double sumW = w.cast<double>().sum();
            weighted += loss * sumW;
            totalWeight += sumW;
            // Each epoch is its batches plus one unit for its validation pass.
            progress.report(double(step + 1 + (epoch - 1)) / double(totalSteps + options.epochs),
                            QStringLiteral("Epoch %1/%2, batch %3/%4, loss %5")
                                .arg(epoch)
                                .arg(options.epochs)
                                .arg(b + 1)
                                .arg(batchesPerEpoch)
                                .arg(loss, 0, 'g', 4));
        }
        if (net.hasNonFinite())
            return fail(Status::error(
                QStringLiteral("training diverged: non-finite weights after epoch %1").arg(epoch)));
        // The validation pass reports within its own unit, so the bar never runs backwards.
        const double units = double(totalSteps + options.epochs);
        const double validated = double(step + (epoch - 1));
        Result<double> validationLoss =
            evaluate(net, validation, options.batchSize,
                     progress.sub(validated / units, (validated + 1.0) / units));
        if (!validationLoss.ok()) {
            if (validationLoss.status().isCancelled()) return fail(Status::cancelled());
            return fail(validationLoss.status().withContext(QStringLiteral("validation data")));
        }
        const EpochStats stats{epoch, totalWeight > 0 ? weighted / totalWeight : 0.0,
                               *validationLoss, clock.nsecsElapsed() / 1e9, learningRate};
        report.epochs.push_back(stats);
        if (report.bestEpoch < 0 || stats.validationLoss < report.bestValidationLoss) {
            report.bestEpoch = epoch;
            report.bestValidationLoss = stats.validationLoss;
            best = net;
        }
        if (onEpoch) onEpoch(stats);
        if (epoch - report.bestEpoch >= options.patience && epoch < options.epochs) {
            report.stoppedEarly = true;
            break;
        }
    }
    net = std::move(best);
    net.setThreads(originalThreads);
    return report;
}

}  // namespace tl::nn
