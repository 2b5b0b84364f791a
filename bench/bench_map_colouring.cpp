// k-means for the map's cluster colouring at library scale: generated clustered vectors (C
// Gaussian centres N(0, 2.5^2) per dimension, points N(centre, 1)), clustered with k = C on 1
// thread and on all threads; prints seconds, iterations and purity (share of points in their
// cluster's majority true label), and checks both runs give the same labels.
//   bench_map_colouring [--points N] [--dims D] [--clusters C] [--seed S]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <cstring>
#include <map>

#include "job/Progress.h"
#include "maps/KMeans.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

using namespace tl;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    qint64 points = 100000;
    int dims = 64, clusters = 8;
    quint64 seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--points"))
            points = std::atoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--dims"))
            dims = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--clusters"))
            clusters = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seed"))
            seed = std::strtoull(argv[i + 1], nullptr, 10);
    }
    SplitMix64 rng(seed);
    VectorMatrix centres(clusters, dims);
    for (int c = 0; c < clusters; ++c)
        for (int d = 0; d < dims; ++d) centres(c, d) = float(2.5 * rng.normal());
    VectorMatrix x(points, dims);
    std::vector<int> truth(static_cast<size_t>(points), 0);
    for (qint64 i = 0; i < points; ++i) {
        truth[size_t(i)] = int(rng.below(uint64_t(clusters)));
        for (int d = 0; d < dims; ++d) x(i, d) = centres(truth[size_t(i)], d) + float(rng.normal());
    }
    QJsonObject report{{"points", points},
                       {"dims", dims},
                       {"k", clusters},
                       {"threads_available", defaultThreadCount()}};
    std::vector<int> labels[2];
    for (int run = 0; run < 2; ++run) {
        KMeansOptions options;
        options.k = clusters;
        options.seed = seed;
        options.metric = MapMetric::Euclidean;
        options.threads = run == 0 ? 1 : 0;
        QElapsedTimer timer;
        timer.start();
        const auto result = kMeans(x, options, Progress());
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        if (!result) {
            std::fprintf(stderr, "%s\n", qPrintable(result.status().message()));
            return 1;
        }
        std::vector<std::map<int, qint64>> counts(result->sizes.size());
        for (qint64 i = 0; i < points; ++i)
            ++counts[size_t(result->labels[size_t(i)])][truth[size_t(i)]];
        qint64 majority = 0;
        for (const auto& c : counts) {
            qint64 best = 0;
            for (const auto& [label, n] : c) best = std::max(best, n);
            majority += best;
        }
        const QString key = run == 0 ? QStringLiteral("one_thread") : QStringLiteral("all_threads");
        report[key] = QJsonObject{{"seconds", seconds},
                                  {"iterations", result->iterations},
                                  {"converged", result->converged},
                                  {"purity", double(majority) / double(points)}};
        labels[run] = result->labels;
    }
    report["same_labels"] = labels[0] == labels[1];
    std::printf("%s\n", QJsonDocument(report).toJson(QJsonDocument::Indented).constData());
    return labels[0] == labels[1] ? 0 : 1;
}
