// Implicit ALS speed at research-data-set scale, on generated power-law matrices.
//   bench_als [lfm1k|lfm360k|both] [--iterations N] [--factors K] [--threads T] [--solver
//   cg|cholesky] [--gather auto|f32|f16] [--loss] [--write-matrix DIR] [--read-matrix DIR]
//   [--write-start DIR]
//   [--fit-repeats N]
// --write-matrix DIR writes the generated matrix as CSR in NumPy's .npy format (indptr.npy int64,
// indices.npy int32, counts.npy float32 raw counts, shape.npy int64), so a reference library
// (implicit, driven from Python; BENCHMARKS.md) trains on exactly the same matrix.
// --write-start DIR writes the seeded starting factors (user_factors.npy, item_factors.npy).
// --loss prints the objective after every iteration (timed fits run without it).
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
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

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

// A minimal .npy (version 1.0, C order, little-endian) writer for the reference driver.
bool writeNpy(const std::string& path, const char* descr, const void* data, size_t itemSize,
              const std::vector<int64_t>& shape) {
    std::string dims;
    size_t count = 1;
    for (int64_t d : shape) {
        dims += std::to_string(d) + ",";
        count *= size_t(d);
    }
    if (shape.size() > 1) dims.pop_back();
    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, " +
                         "'shape': (" + dims + "), }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const uint16_t len = uint16_t(header.size());
    out.write(reinterpret_cast<const char*>(&len), 2);
    out.write(header.data(), std::streamsize(header.size()));
    out.write(static_cast<const char*>(data), std::streamsize(count * itemSize));
    return bool(out);
}

// Reads back one array written by writeNpy (the same header layout), for --read-matrix.
template <class T>
bool readNpy(const std::string& path, std::vector<T>& out) {
    std::ifstream in(path, std::ios::binary);
    char magic[8];
    uint16_t len = 0;
    if (!in.read(magic, 8) || !in.read(reinterpret_cast<char*>(&len), 2)) return false;
    std::string header(len, ' ');
    in.read(header.data(), len);
    const size_t open = header.find("'shape': (");
    if (open == std::string::npos) return false;
    const size_t count = std::stoull(header.substr(open + 10));
    out.resize(count);
    return bool(in.read(reinterpret_cast<char*>(out.data()), std::streamsize(count * sizeof(T))));
}

long peakRssMb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) / 1024;
    return -1;
}

struct RunFlags {
    bool loss = false;
    std::string writeMatrix;
    std::string writeStart;
    std::string readMatrix;
    int fitRepeats = 1;
};

void run(const char* name, int users, int items, int64_t nnz, int iterations, AlsOptions o,
         const RunFlags& flags) {
    QElapsedTimer clock;
    clock.start();
    SparseMatrix m;
    if (!flags.readMatrix.empty()) {
        const std::string d = flags.readMatrix + "/";
        std::vector<int64_t> shape;
        if (!readNpy(d + "shape.npy", shape) || shape.size() != 2 ||
            !readNpy(d + "indptr.npy", m.rowStart) || !readNpy(d + "indices.npy", m.colIndex) ||
            !readNpy(d + "counts.npy", m.values) || m.rowStart.size() != size_t(shape[0]) + 1) {
            std::printf("cannot read the matrix in %s\n", d.c_str());
            return;
        }
        m.rows = int(shape[0]);
        m.cols = int(shape[1]);
        users = m.rows;
        items = m.cols;
    } else {
        m = powerLawMatrix(users, items, nnz, 2026);
    }
    const double genSeconds = double(clock.elapsed()) / 1000.0;
    std::printf("%s: %d users x %d items, %lld non-zeros (generated in %.1f s)\n", name, users,
                items, static_cast<long long>(m.nonZeros()), genSeconds);
    if (!flags.writeMatrix.empty()) {
        const std::string d = flags.writeMatrix + "/";
        const int64_t shape[2] = {m.rows, m.cols};
        const bool ok =
            writeNpy(d + "indptr.npy", "<i8", m.rowStart.data(), 8, {int64_t(m.rowStart.size())}) &&
            writeNpy(d + "indices.npy", "<i4", m.colIndex.data(), 4, {m.nonZeros()}) &&
            writeNpy(d + "counts.npy", "<f4", m.values.data(), 4, {m.nonZeros()}) &&
            writeNpy(d + "shape.npy", "<i8", shape, 8, {2});
        std::printf("  matrix written to %s: %s\n", d.c_str(), ok ? "ok" : "FAILED");
    }
    o.iterations = iterations;
    if (!flags.writeStart.empty()) {
        AlsOptions none = o;
        none.iterations = 0;
        ImplicitAls start(none);
        (void)start.fit(m, Progress());
        const std::string d = flags.writeStart + "/";
        const bool ok = writeNpy(d + "user_factors.npy", "<f4", start.userFactors().data(), 4,
                                 {start.userFactors().rows(), start.userFactors().cols()}) &&
                        writeNpy(d + "item_factors.npy", "<f4", start.itemFactors().data(), 4,
                                 {start.itemFactors().rows(), start.itemFactors().cols()});
        std::printf("  starting factors written to %s: %s\n", d.c_str(), ok ? "ok" : "FAILED");
    }
    ImplicitAls als(o);
    if (flags.loss) {
        als.setIterationCallback([](int it, double l) {
            std::printf("  loss after iteration %2d: %.6e\n", it, l);
            std::fflush(stdout);
        });
    }
    double seconds = 0.0;
    double cpuSeconds = 0.0;
    auto cpuNow = [] {
        timespec t{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
    };
    for (int rep = 0; rep < flags.fitRepeats; ++rep) {
        const double cpu0 = cpuNow();
        clock.restart();
        const Status s = als.fit(m, Progress([&](double, const QString&) {}));
        seconds = double(clock.elapsed()) / 1000.0;
        cpuSeconds = cpuNow() - cpu0;
        if (!s.isOk()) {
            std::printf("  failed: %s\n", qPrintable(s.message()));
            return;
        }
        if (flags.fitRepeats > 1)
            std::printf("  fit %d: %.3f s per iteration (CPU %.3f s)%s\n", rep + 1,
                        seconds / iterations, cpuSeconds / iterations,
                        flags.loss ? " (with loss)" : "");
        std::fflush(stdout);
    }
    std::printf("  %d factors, %d iterations, solver %s (cg steps %d), %d threads\n", o.factors,
                iterations, o.solver == AlsOptions::Solver::Cholesky ? "cholesky" : "cg", o.cgSteps,
                o.threads ? o.threads : defaultThreadCount());
    std::printf(
        "  fit: %.2f s total, %.3f s per iteration, %.1f M non-zeros/s per iteration "
        "(CPU time %.3f s per iteration)\n",
        seconds, seconds / iterations, double(m.nonZeros()) * iterations / seconds / 1e6,
        cpuSeconds / iterations);
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
    bool iterationsGiven = false;
    RunFlags flags;
    AlsOptions o;
    o.factors = 64;
    for (int a = 1; a < argc; ++a) {
        const std::string arg = argv[a];
        auto next = [&] { return a + 1 < argc ? std::string(argv[++a]) : std::string(); };
        if (arg == "--iterations") {
            iterations = std::stoi(next());
            iterationsGiven = true;
        } else if (arg == "--loss")
            flags.loss = true;
        else if (arg == "--write-matrix")
            flags.writeMatrix = next();
        else if (arg == "--gather") {
            const std::string g = next();
            o.gatherPrecision = g == "f16"   ? AlsOptions::GatherPrecision::Float16
                                : g == "f32" ? AlsOptions::GatherPrecision::Float32
                                             : AlsOptions::GatherPrecision::Auto;
        } else if (arg == "--read-matrix")
            flags.readMatrix = next();
        else if (arg == "--write-start")
            flags.writeStart = next();
        else if (arg == "--fit-repeats")
            flags.fitRepeats = std::max(1, std::stoi(next()));
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
        run("LFM-1K scale", 1000, 1000000, 4000000, iterations, o, flags);
    if (which == "lfm360k" || which == "both")
        run("LFM-360K scale", 360000, 160000, 17500000,
            which == "both" && !iterationsGiven ? 3 : iterations, o, flags);
    return 0;
}
