// bench_nn: the audio CNN's speed on this machine. (1) Eigen's own float GEMM peak, measured in
// the same run as the reference (a 2048^3 product on 1 thread, and on 2 threads both by Eigen's
// OpenMP threading and as two column halves on two threads, the way the layers split a batch);
// (2) forward and backward throughput of the default first convolution (128 bands -> 64 filters,
// width 4, 216 frames) at batch 32, in GFLOP/s, on 1 and 2 threads; (3) inference excerpts/s of
// the default network; (4) seconds per training epoch on 3,000 excerpts of 128 x 216 through
// nn::train (one epoch plus a small validation pass, random data generated in fill()).
//
//   bench_nn [--batch 32] [--excerpts 3000] [--skip-epoch]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>
#include <cstdio>
#include <ctime>
#include <thread>

#include "nn/Conv1d.h"
#include "nn/Network.h"
#include "nn/Trainer.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

using namespace tl;
using namespace tl::nn;

namespace {

// Best of `repeats` timings of f() after one warm-up call: wall seconds, and process CPU
// seconds (all threads). On a loaded machine the wall time depends on what the scheduler
// grants; GFLOP per CPU-second is the steady per-core figure.
struct Timing {
    double wall = 1e30, cpu = 1e30;
};

double cpuNow() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

template <class F>
Timing bestTiming(int repeats, F f) {
    f();
    Timing best;
    for (int r = 0; r < repeats; ++r) {
        QElapsedTimer clock;
        clock.start();
        const double cpu0 = cpuNow();
        f();
        best.cpu = std::min(best.cpu, cpuNow() - cpu0);
        best.wall = std::min(best.wall, clock.nsecsElapsed() / 1e9);
    }
    return best;
}

template <class F>
double bestSeconds(int repeats, F f) {
    return bestTiming(repeats, f).wall;
}

Tensor randomTensor(int b, int c, int t, uint64_t seed) {
    Tensor x;
    x.resize(b, c, t);
    SplitMix64 rng(seed);
    for (float& v : x.data) v = float(rng.normal());
    return x;
}

// Eigen's GEMM on a 2048^3 product. ownThreads: Eigen's own OpenMP threading (this program
// alone is built with OpenMP); otherwise `threads` column halves on our threads, the way the
// layers split a batch.
struct Rate {
    double wall = 0, perCpu = 0;  // GFLOP per wall second, per CPU second
};

Rate rate(double flops, Timing t) {
    return {flops / t.wall / 1e9, flops / t.cpu / 1e9};
}

Rate gemmPeak(int threads, bool ownThreads) {
    const int n = 2048;
    const Eigen::MatrixXf a = Eigen::MatrixXf::Random(n, n), b = Eigen::MatrixXf::Random(n, n);
    Eigen::MatrixXf c(n, n);
    const double flops = 2.0 * n * n * n;
    if (ownThreads) {
        Eigen::setNbThreads(threads);
        const Timing t = bestTiming(5, [&] { c.noalias() = a * b; });
        Eigen::setNbThreads(1);
        return rate(flops, t);
    }
    return rate(flops, bestTiming(5, [&] {
                    parallelFor(threads, 1, threads, [&](int64_t begin, int64_t end) {
                        for (int64_t part = begin; part < end; ++part) {
                            const int cols = n / threads;
                            c.middleCols(part * cols, cols).noalias() =
                                a * b.middleCols(part * cols, cols);
                        }
                    });
                }));
}

// Random log-mel-like excerpts made on the fly (the data set's cost is not what is measured).
class RandomExcerpts : public BatchSource {
public:
    RandomExcerpts(int n, int outputs) : n_(n), outputs_(outputs) {}
    int size() const override { return n_; }
    int outputs() const override { return outputs_; }
    void fill(std::span<const int> indices, bool, std::mt19937_64&, Tensor& x, Eigen::MatrixXf& y,
              Eigen::VectorXf& w) const override {
        const int b = int(indices.size());
        x.resize(b, 128, 216);
        y.resize(b, outputs_);
        w = Eigen::VectorXf::Ones(b);
        for (int i = 0; i < b; ++i) {
            SplitMix64 rng(uint64_t(indices[size_t(i)]));
            float* s = x.sample(i);
            for (int j = 0; j < x.sampleSize(); ++j) s[j] = float(rng.uniform() * 2 - 1);
            for (int o = 0; o < outputs_; ++o) y(i, o) = float(rng.normal() * 0.2);
        }
    }

private:
    int n_, outputs_;
};

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto option = [&](const QString& name, int fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args[i + 1].toInt() : fallback;
    };
    const int batch = option("--batch", 32);
    const int excerpts = option("--excerpts", 3000);

    std::printf("Eigen %d.%d.%d, %u hardware threads\n", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION,
                EIGEN_MINOR_VERSION, std::thread::hardware_concurrency());
    Eigen::setNbThreads(1);
    const Rate peak1 = gemmPeak(1, false);
    const Rate peak2Eigen = gemmPeak(2, true);
    const Rate peak2Halves = gemmPeak(2, false);
    const double peak2 = std::max(peak2Eigen.wall, peak2Halves.wall);
    std::printf(
        "Eigen float GEMM 2048^3: 1 thread %.1f GFLOP/s (%.1f per CPU-second); 2 threads %.1f "
        "(Eigen's OpenMP%s), %.1f (two column halves); the larger is the 2-thread peak\n",
        peak1.wall, peak1.perCpu, peak2Eigen.wall,
#ifdef _OPENMP
        "",
#else
        ": not built with OpenMP, single-threaded",
#endif
        peak2Halves.wall);

    Conv1d conv(128, 64, 4, false);
    SplitMix64 rng(1);
    for (Eigen::Index i = 0; i < conv.weight().value.size(); ++i)
        conv.weight().value[i] = float(rng.normal() * 0.06);
    const Tensor x = randomTensor(batch, 128, 216, 2);
    Tensor y, dx;
    conv.infer(x, y);
    const Tensor dy = randomTensor(batch, 64, y.frames, 3);
    const double flops = 2.0 * batch * y.frames * (128 * 4) * 64;  // one GEMM's worth
    for (int threads : {1, 2}) {
        conv.setThreads(threads);
        const double peak = threads == 1 ? peak1.wall : peak2;
        const Rate f = rate(flops, bestTiming(10, [&] { conv.infer(x, y); }));
        const Rate bw = rate(flops, bestTiming(10, [&] { conv.backward(x, y, dy, nullptr); }));
        const Rate bwx = rate(2 * flops, bestTiming(10, [&] { conv.backward(x, y, dy, &dx); }));
        std::printf(
            "conv1 128->64 w4 x 216 frames, batch %d, %d thread(s), GFLOP/s (%% of GEMM peak):"
            " forward %.1f (%.0f%%), backward weights %.1f (%.0f%%), backward weights+input %.1f "
            "(%.0f%%)\n",
            batch, threads, f.wall, 100 * f.wall / peak, bw.wall, 100 * bw.wall / peak, bwx.wall,
            100 * bwx.wall / peak);
        std::printf(
            "    per CPU-second (%% of GEMM's %.1f): forward %.1f (%.0f%%), backward weights %.1f "
            "(%.0f%%), backward weights+input %.1f (%.0f%%)\n",
            peak1.perCpu, f.perCpu, 100 * f.perCpu / peak1.perCpu, bw.perCpu,
            100 * bw.perCpu / peak1.perCpu, bwx.perCpu, 100 * bwx.perCpu / peak1.perCpu);
    }

    Architecture arch;
    auto created = Network::create(arch, 1);
    Network net = std::move(created).value();
    std::printf("default architecture: %lld parameters, embedding %d\n",
                (long long)arch.parameterCount(), arch.embeddingSize());
    const Tensor input = randomTensor(batch, 128, 216, 4);
    for (int threads : {1, 2}) {
        net.setThreads(threads);
        const Timing t = bestTiming(5, [&] { net.predict(input); });
        std::printf(
            "inference, %d thread(s): %.0f excerpts/s (batch %d: %.1f ms; %.0f per CPU-second)\n",
            threads, batch / t.wall, batch, t.wall * 1e3, batch / t.cpu);
    }
    net.setThreads(2);
    Eigen::MatrixXf grad = Eigen::MatrixXf::Constant(batch, arch.outputs, 0.01f);
    const Timing step = bestTiming(5, [&] {
        net.forward(input, true);
        net.zeroGrad();
        net.backward(grad);
    });
    std::printf(
        "training step (forward+backward), batch %d, 2 threads: %.1f ms wall, %.1f ms CPU\n", batch,
        step.wall * 1e3, step.cpu * 1e3);

    if (!args.contains("--skip-epoch")) {
        const RandomExcerpts trainSet(excerpts, arch.outputs), validationSet(batch, arch.outputs);
        TrainOptions o;
        o.epochs = 1;
        o.batchSize = batch;
        o.threads = 2;
        const double cpu0 = cpuNow();
        auto report = train(net, trainSet, validationSet, o, Progress());
        const double epochCpu = cpuNow() - cpu0;
        if (!report.ok()) {
            std::fprintf(stderr, "%s\n", qPrintable(report.status().message()));
            return 1;
        }
        QElapsedTimer gen;
        gen.start();
        Tensor gx;
        Eigen::MatrixXf gy;
        Eigen::VectorXf gw;
        std::mt19937_64 r(1);
        std::vector<int> idx(static_cast<size_t>(batch));
        for (int i = 0; i < excerpts; i += batch) trainSet.fill(idx, true, r, gx, gy, gw);
        std::printf(
            "training epoch, %d excerpts of 128 x 216, batch %d, 2 threads: %.1f s wall, %.1f s "
            "CPU "
            "(of which generating the random excerpts %.1f s), train loss %.4f\n",
            excerpts, batch, report->epochs[0].seconds, epochCpu, gen.nsecsElapsed() / 1e9,
            report->epochs[0].trainLoss);
    }
    return 0;
}
