// Map speed and quality on generated clustered vectors, against a reference in the same run.
//   bench_maps [--method tsne|umap] [--points N] [--dims D] [--clusters C] [--seed S]
//              [--threads T] [--out DIR] [--reference PYTHON_SCRIPT] [--python /usr/bin/python3]
//              [--perplexity P] [--neighbours K] [--min-dist D] [--epochs E] [--tsne 0|1]
//              [--determinism 0|1]
// Writes DIR/vectors.npy (float32, N x D) and DIR/labels.npy (int32), maps them with our
// Barnes-Hut t-SNE (--method tsne) or with our UMAP and then our t-SNE on the same vectors
// (--method umap; --tsne 0 skips the t-SNE), then (with --reference) runs
// bench/maps_reference.py on the same .npy (scikit-learn's t-SNE, or umap-learn for --method
// umap) and scores every embedding with the same trustworthiness / kNN preservation / cluster
// accuracy code. --determinism 1 maps with UMAP again on one thread and compares the points.
// The clusters: C Gaussian centres N(0, 2.5^2) per dimension, points N(centre, s^2) with s drawn
// in [0.6, 1.4] per cluster, so clusters overlap a little and differ in spread.
#include <sys/resource.h>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <cstdio>
#include <cstring>

#include "maps/MapBuilder.h"
#include "maps/MapQuality.h"
#include "maps/Tsne.h"
#include "maps/Umap.h"
#include "util/NpyWriter.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

using namespace tl;

namespace {

// Reads a float32, C-order, 2-D .npy (what maps_reference.py writes).
bool readNpy2(const QString& path, MapPoints& out) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return false;
    const QByteArray all = file.readAll();
    if (all.size() < 10 || !all.startsWith("\x93NUMPY")) return false;
    const int length = quint8(all[8]) | (quint8(all[9]) << 8);
    const QString header = QString::fromLatin1(all.mid(10, length));
    if (!header.contains(QLatin1String("'<f4'")) || header.contains(QLatin1String("True")))
        return false;
    const int open = header.indexOf(QLatin1Char('(')), close = header.indexOf(QLatin1Char(')'));
    const QStringList shape = header.mid(open + 1, close - open - 1).split(QLatin1Char(','));
    const qint64 rows = shape.value(0).trimmed().toLongLong();
    if (shape.value(1).trimmed().toInt() != 2) return false;
    out.resize(rows, 2);
    if (all.size() - 10 - length < rows * 8) return false;
    std::memcpy(out.data(), all.constData() + 10 + length, size_t(rows) * 8);
    return true;
}

double cpuSeconds(int who) {
    rusage usage{};
    getrusage(who, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double peakMegabytes(int who) {
    rusage usage{};
    getrusage(who, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int points = 10000, dims = 64, clusters = 20, threads = 0, neighbours = 15, epochs = 0;
    uint64_t seed = 1;
    double perplexity = 30.0, minDist = 0.1;
    bool withTsne = true, determinism = false;
    QString method = QStringLiteral("tsne");
    QString outDir = QStringLiteral("bench-maps"), reference,
            python = QStringLiteral("/usr/bin/python3");
    const QStringList args = app.arguments();
    for (int a = 1; a + 1 < args.size(); a += 2) {
        const QString& key = args[a];
        const QString& value = args[a + 1];
        if (key == QLatin1String("--points"))
            points = value.toInt();
        else if (key == QLatin1String("--dims"))
            dims = value.toInt();
        else if (key == QLatin1String("--clusters"))
            clusters = value.toInt();
        else if (key == QLatin1String("--seed"))
            seed = value.toULongLong();
        else if (key == QLatin1String("--threads"))
            threads = value.toInt();
        else if (key == QLatin1String("--perplexity"))
            perplexity = value.toDouble();
        else if (key == QLatin1String("--method") &&
                 (value == QLatin1String("tsne") || value == QLatin1String("umap")))
            method = value;
        else if (key == QLatin1String("--neighbours"))
            neighbours = value.toInt();
        else if (key == QLatin1String("--min-dist"))
            minDist = value.toDouble();
        else if (key == QLatin1String("--epochs"))
            epochs = value.toInt();
        else if (key == QLatin1String("--tsne"))
            withTsne = value != QLatin1String("0");
        else if (key == QLatin1String("--determinism"))
            determinism = value != QLatin1String("0");
        else if (key == QLatin1String("--out"))
            outDir = value;
        else if (key == QLatin1String("--reference"))
            reference = value;
        else if (key == QLatin1String("--python"))
            python = value;
        else {
            std::fprintf(stderr, "bench_maps: unknown option %s\n", qPrintable(key));
            return 2;
        }
    }
    QDir().mkpath(outDir);

    SplitMix64 rng(seed);
    VectorMatrix centres(clusters, dims);
    std::vector<float> spread(static_cast<size_t>(clusters));
    for (int c = 0; c < clusters; ++c) {
        for (int d = 0; d < dims; ++d) centres(c, d) = float(2.5 * rng.normal());
        spread[size_t(c)] = float(0.6 + 0.8 * rng.uniform());
    }
    VectorMatrix x(points, dims);
    std::vector<int32_t> label(static_cast<size_t>(points));
    for (int i = 0; i < points; ++i) {
        const int c = int(rng.below(uint64_t(clusters)));
        label[size_t(i)] = c;
        for (int d = 0; d < dims; ++d)
            x(i, d) = centres(c, d) + spread[size_t(c)] * float(rng.normal());
    }
    const QString vectorsPath = QDir(outDir).filePath(QStringLiteral("vectors.npy"));
    (void)writeNpy(vectorsPath, "<f4", x.data(), qint64(x.size()) * 4, {points, dims});
    (void)writeNpy(QDir(outDir).filePath(QStringLiteral("labels.npy")), "<i4", label.data(),
                   qint64(label.size()) * 4, {points});
    std::vector<int> labels(label.begin(), label.end());

    MapQualityOptions q;
    q.threads = threads;
    q.maxPoints = 2000;
    q.seed = seed;
    const bool umap = method == QLatin1String("umap");
    std::printf("points %d, dims %d, clusters %d, threads %d, perplexity %g", points, dims,
                clusters, threads > 0 ? threads : defaultThreadCount(), perplexity);
    if (umap) std::printf(", n_neighbors %d, min_dist %g", neighbours, minDist);
    std::printf("\n%-14s %9s %9s %9s %15s %16s %15s %10s\n", "method", "seconds", "cpu_s",
                "prepare", "trustworthiness", "knn_preservation", "cluster_acc@10", "peak_MB");
    std::fflush(stdout);
    // One row: wall and CPU seconds of the run, the quality of its points.
    auto row = [&](const char* name, double seconds, double cpu, double prepare,
                   const MapPoints& map) {
        const auto quality = mapQuality(x, map, labels, q, Progress());
        std::printf("%-14s %9.2f %9.2f %9.2f %15.4f %16.4f %15.4f %10.0f\n", name, seconds, cpu,
                    prepare, quality->trustworthiness, quality->knnPreservation,
                    quality->labelAccuracy, peakMegabytes(RUSAGE_SELF));
        std::fflush(stdout);
        return quality.value();
    };

    UmapOptions umapOptions;
    umapOptions.neighbours = neighbours;
    umapOptions.minDist = minDist;
    umapOptions.epochs = epochs;
    umapOptions.seed = seed;
    umapOptions.threads = threads;
    MapPoints umapPoints;
    MapQuality ourQuality;
    double ourSeconds = 0;
    if (umap) {
        QElapsedTimer clock;
        clock.start();
        const double cpuBefore = cpuSeconds(RUSAGE_SELF);
        // The kNN graph is timed as part of the run (as the prepare column).
        KnnOptions knn;
        knn.k = neighbours - 1;
        knn.seed = seed;
        knn.threads = threads;
        auto graph = nearestNeighbours(x, knn, Progress());
        if (!graph) return 1;
        const double prepare = double(clock.elapsed()) / 1000.0;
        // Stage times from the progress messages: fuzzy graph, start, SGD.
        double graphAt = -1, sgdAt = -1;
        const Progress stages([&](double, const QString& message) {
            const double now = double(clock.nsecsElapsed()) / 1e9;
            if (graphAt < 0 && message.startsWith(QLatin1String("UMAP: fuzzy"))) graphAt = now;
            if (sgdAt < 0 && message.startsWith(QLatin1String("UMAP: optimising"))) sgdAt = now;
        });
        auto mapped = umapMap(x, umapOptions, stages, {}, 10, &graph.value());
        if (!mapped) {
            std::fprintf(stderr, "bench_maps: %s\n", qPrintable(mapped.status().message()));
            return 1;
        }
        ourSeconds = double(clock.elapsed()) / 1000.0;
        umapPoints = mapped->points;
        ourQuality = row("tastelab-umap", ourSeconds, cpuSeconds(RUSAGE_SELF) - cpuBefore, prepare,
                         umapPoints);
        std::printf("umap: %d epochs, %lld edges, a %.4f b %.4f, %s start%s%s\n", mapped->epochs,
                    static_cast<long long>(mapped->edges), mapped->curve.a, mapped->curve.b,
                    mapped->spectral ? "spectral" : "random",
                    mapped->initNote.isEmpty() ? "" : " — ", qPrintable(mapped->initNote));
        std::printf("umap stages (wall): kNN %.2f s, fuzzy graph + start %.2f s, SGD %.2f s\n",
                    prepare, sgdAt - graphAt, ourSeconds - sgdAt);
        if (determinism) {
            UmapOptions one = umapOptions;
            one.threads = 1;
            auto again = umapMap(x, one, Progress(), {}, 10, &graph.value());
            std::printf("umap determinism: 1 thread vs %d threads: %s\n",
                        threads > 0 ? threads : defaultThreadCount(),
                        again && again->points == umapPoints ? "identical points" : "DIFFERENT");
        }
        std::fflush(stdout);
    }
    if (!umap || withTsne) {
        TsneOptions options;
        options.perplexity = perplexity;
        options.seed = seed;
        options.threads = threads;
        QElapsedTimer clock;
        clock.start();
        const double cpuBefore = cpuSeconds(RUSAGE_SELF);
        auto prepared = Tsne::prepare(x, options, Progress());
        if (!prepared) {
            std::fprintf(stderr, "bench_maps: %s\n", qPrintable(prepared.status().message()));
            return 1;
        }
        const double prepareSeconds = double(clock.elapsed()) / 1000.0;
        Tsne& tsne = prepared.value();
        if (Status s = tsne.runToEnd(Progress()); !s.isOk()) return 1;
        const double seconds = double(clock.elapsed()) / 1000.0;
        const MapQuality quality =
            row(umap ? "tastelab-tsne" : "tastelab", seconds, cpuSeconds(RUSAGE_SELF) - cpuBefore,
                prepareSeconds, tsne.positions());
        if (!umap) ourSeconds = seconds, ourQuality = quality;
    }

    if (reference.isEmpty()) return 0;
    const QString embeddingPath = QDir(outDir).filePath(umap ? QStringLiteral("umap-learn.npy")
                                                             : QStringLiteral("sklearn.npy"));
    QStringList referenceArgs{reference,
                              vectorsPath,
                              embeddingPath,
                              QStringLiteral("--seed"),
                              QString::number(seed),
                              QStringLiteral("--threads"),
                              QString::number(threads > 0 ? threads : defaultThreadCount())};
    if (umap)
        referenceArgs << QStringLiteral("--method") << QStringLiteral("umap")
                      << QStringLiteral("--neighbours") << QString::number(neighbours)
                      << QStringLiteral("--min-dist") << QString::number(minDist)
                      << QStringLiteral("--epochs") << QString::number(epochs);
    else
        referenceArgs << QStringLiteral("--perplexity") << QString::number(perplexity);
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(python, referenceArgs);
    if (!process.waitForFinished(-1) || process.exitCode() != 0) {
        std::fprintf(stderr, "bench_maps: the reference script failed\n");
        return 1;
    }
    const QJsonObject result =
        QJsonDocument::fromJson(process.readAllStandardOutput().trimmed()).object();
    MapPoints theirs;
    if (!readNpy2(embeddingPath, theirs) || theirs.rows() != points) {
        std::fprintf(stderr, "bench_maps: cannot read %s\n", qPrintable(embeddingPath));
        return 1;
    }
    const auto theirQuality = mapQuality(x, theirs, labels, q, Progress());
    const double theirSeconds = result.value(QStringLiteral("seconds")).toDouble();
    const char* name = umap ? "umap-learn" : "sklearn";
    std::printf("%-14s %9.2f %9.2f %9s %15.4f %16.4f %15.4f %10.0f\n", name, theirSeconds,
                cpuSeconds(RUSAGE_CHILDREN), "-", theirQuality->trustworthiness,
                theirQuality->knnPreservation, theirQuality->labelAccuracy,
                peakMegabytes(RUSAGE_CHILDREN));
    std::printf("%s %s; speed-up %.2fx; trustworthiness difference %+.4f\n", name,
                qPrintable(result.value(QStringLiteral("version")).toString()),
                theirSeconds / ourSeconds,
                ourQuality.trustworthiness - theirQuality->trustworthiness);
    return 0;
}
