// Implicit ALS speed at research-data-set scale, on generated power-law matrices.
//   bench_als [lfm1k|lfm360k|both] [--iterations N] [--factors K] [--threads T] [--solver
//   cg|cholesky]
// lfm1k:   1,000 users x 1,000,000 items, 4 M non-zeros (Last.fm-1K scale)
// lfm360k: 360,000 users x 160,000 items, 17.5 M non-zeros (Last.fm-360K scale)
// Users' activity and items' popularity follow Zipf laws (exponents 0.8 and 1.0), as listening
// data does; counts are 1 + a geometric number of repeats. Same seed, same matrix.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "cf/ImplicitAls.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

using namespace tl;

namespace {

// Draws from a Zipf-like law over n ranks by inverting the continuous power-law CDF.
int zipfRank(SplitMix64& rng, int n, double exponent) {
    const double u = rng.uniform();
    if (std::abs(exponent - 1.0) < 1e-9)
        return std::min(n - 1, int(std::exp(u * std::log(n + 1.0)) - 1.0));
    const double a = 1.0 - exponent;
    const double x = std::pow(u * (std::pow(n + 1.0, a) - 1.0) + 1.0, 1.0 / a) - 1.0;
    return std::clamp(int(x), 0, n - 1);
}

SparseMatrix powerLawMatrix(int users, int items, int64_t nnz, uint64_t seed) {
    SplitMix64 rng(seed);
    // A fixed random permutation so popular items are spread over the index range, not packed
    // at the front (which would flatter cache behaviour).
    std::vector<int32_t> itemOf(static_cast<size_t>(items));
    for (int i = 0; i < items; ++i) itemOf[size_t(i)] = i;
    for (int i = items - 1; i > 0; --i)
        std::swap(itemOf[size_t(i)], itemOf[rng.below(uint64_t(i) + 1)]);
    // Repeated (user, item) draws merge into one entry, so draw until the matrix holds the
    // asked-for number of distinct non-zeros.
    std::vector<SparseMatrix::Entry> entries;
    entries.reserve(size_t(nnz) * 2);
    SparseMatrix m;
    for (int64_t draws = nnz; draws > 0;) {
        for (int64_t e = 0; e < draws; ++e) {
            const int u = zipfRank(rng, users, 0.8);
            const int i = itemOf[size_t(zipfRank(rng, items, 1.0))];
            float count = 1.f;
            while (rng.uniform() < 0.5 && count < 50) count += 1.f;
            entries.push_back({u, i, count});
        }
        m = SparseMatrix::fromEntries(users, items, entries);
        draws = std::min<int64_t>(nnz - m.nonZeros(), int64_t(double(nnz - m.nonZeros()) * 1.2));
        if (nnz - m.nonZeros() < nnz / 1000) break;  // within 0.1%
    }
    return m;
}

long peakRssMb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) / 1024;
    return -1;
}

void run(const char* name, int users, int items, int64_t nnz, int iterations, AlsOptions o) {
    QElapsedTimer clock;
    clock.start();
    const SparseMatrix m = powerLawMatrix(users, items, nnz, 2026);
    const double genSeconds = double(clock.elapsed()) / 1000.0;
    std::printf("%s: %d users x %d items, %lld non-zeros (generated in %.1f s)\n", name, users,
                items, static_cast<long long>(m.nonZeros()), genSeconds);
    o.iterations = iterations;
    ImplicitAls als(o);
    clock.restart();
    const Status s = als.fit(m, Progress([&](double, const QString&) {}));
    const double seconds = double(clock.elapsed()) / 1000.0;
    if (!s.isOk()) {
        std::printf("  failed: %s\n", qPrintable(s.message()));
        return;
    }
    std::printf("  %d factors, %d iterations, solver %s (cg steps %d), %d threads\n", o.factors,
                iterations, o.solver == AlsOptions::Solver::Cholesky ? "cholesky" : "cg", o.cgSteps,
                o.threads ? o.threads : defaultThreadCount());
    std::printf("  fit: %.2f s total, %.3f s per iteration, %.1f M non-zeros/s per iteration\n",
                seconds, seconds / iterations, double(m.nonZeros()) * iterations / seconds / 1e6);
    std::printf("  time in user half-sweeps %.2f s, item half-sweeps %.2f s\n",
                als.timing().userSeconds, als.timing().itemSeconds);
    // Interactive queries on the fitted model.
    const int queries = 50;
    clock.restart();
    for (int q = 0; q < queries; ++q) (void)als.recommend(q % users, 30, &m);
    const double recMs = double(clock.elapsed()) / queries;
    clock.restart();
    for (int q = 0; q < queries; ++q) (void)als.similarItems((q * 7919) % items, 10);
    const double simMs = double(clock.elapsed()) / queries;
    std::printf("  recommend(user, 30): %.2f ms; similar_items(item, 10): %.2f ms\n", recMs, simMs);
    std::printf("  peak RSS so far: %ld MB\n", peakRssMb());
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    std::string which = "both";
    int iterations = 15;
    AlsOptions o;
    o.factors = 64;
    for (int a = 1; a < argc; ++a) {
        const std::string arg = argv[a];
        auto next = [&] { return a + 1 < argc ? std::string(argv[++a]) : std::string(); };
        if (arg == "--iterations")
            iterations = std::stoi(next());
        else if (arg == "--factors")
            o.factors = std::stoi(next());
        else if (arg == "--threads")
            o.threads = std::stoi(next());
        else if (arg == "--cg-steps")
            o.cgSteps = std::stoi(next());
        else if (arg == "--no-low-rank")
            o.lowRankShortcut = false;
        else if (arg == "--solver")
            o.solver = next() == "cholesky" ? AlsOptions::Solver::Cholesky
                                            : AlsOptions::Solver::ConjugateGradient;
        else
            which = arg;
    }
    if (which == "lfm1k" || which == "both")
        run("LFM-1K scale", 1000, 1000000, 4000000, iterations, o);
    if (which == "lfm360k" || which == "both")
        run("LFM-360K scale", 360000, 160000, 17500000, which == "both" ? 3 : iterations, o);
    return 0;
}
