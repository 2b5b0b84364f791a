#include "maps/MapBuilder.h"

#include <QElapsedTimer>
#include <cmath>

#include "maps/Pca.h"

namespace tl {
namespace {

QString rowLabel(int row, const std::vector<QString>& rowNames) {
    if (size_t(row) < rowNames.size() && !rowNames[size_t(row)].isEmpty())
        return QStringLiteral("row %1 (%2)").arg(row + 1).arg(rowNames[size_t(row)]);
    return QStringLiteral("row %1").arg(row + 1);
}

}  // namespace

QString methodName(MapMethod method) {
    switch (method) {
        case MapMethod::Pca:
            return QStringLiteral("pca");
        case MapMethod::Umap:
            return QStringLiteral("umap");
        case MapMethod::Tsne:
            break;
    }
    return QStringLiteral("tsne");
}

bool parseMethod(const QString& name, MapMethod* method) {
    if (name == QLatin1String("tsne") || name == QLatin1String("t-sne"))
        *method = MapMethod::Tsne;
    else if (name == QLatin1String("pca"))
        *method = MapMethod::Pca;
    else if (name == QLatin1String("umap"))
        *method = MapMethod::Umap;
    else
        return false;
    return true;
}

Result<MapOutcome> computeMap(const VectorMatrix& vectors, const MapOptions& options,
                              const Progress& progress, const std::vector<int>& labels,
                              const std::vector<QString>& rowNames, const TsneObserver& observer) {
    QElapsedTimer clock;
    clock.start();
    MapOutcome out;
    out.method = options.method;
    const MapMetric metric = options.tsne.metric;

    // Non-finite values: refuse the whole map and say where, rather than map garbage.
    int badRows = 0, firstBad = -1, badDim = -1;
    for (Eigen::Index r = 0; r < vectors.rows(); ++r)
        for (Eigen::Index c = 0; c < vectors.cols(); ++c)
            if (!std::isfinite(vectors(r, c))) {
                if (firstBad < 0) firstBad = int(r), badDim = int(c);
                ++badRows;
                break;
            }
    if (badRows > 0)
        return Status::error(
            QStringLiteral("%1 has a non-finite value (%2) in dimension %3; %4 row(s) of %5 "
                           "have one. Nothing was mapped: retrain or fix the source vectors")
                .arg(rowLabel(firstBad, rowNames))
                .arg(double(vectors(firstBad, badDim)))
                .arg(badDim + 1)
                .arg(badRows)
                .arg(vectors.rows()));

    QStringList zeroNames;
    for (Eigen::Index r = 0; r < vectors.rows(); ++r) {
        if (metric == MapMetric::Cosine && vectors.row(r).squaredNorm() == 0.0f) {
            if (zeroNames.size() < 3) zeroNames << rowLabel(int(r), rowNames);
            ++out.skipped;
            continue;
        }
        out.rows.push_back(int(r));
    }
    if (out.skipped > 0)
        out.warnings << QStringLiteral(
                            "%1 zero vector(s) left out: cosine distance has no "
                            "meaning for them (%2%3)")
                            .arg(out.skipped)
                            .arg(zeroNames.join(QStringLiteral(", ")))
                            .arg(out.skipped > 3 ? QStringLiteral(", …") : QString());
    const int n = int(out.rows.size());
    if (n == 0) return Status::error(QStringLiteral("no vectors to map"));
    VectorMatrix x(n, vectors.cols());
    std::vector<int> keptLabels;
    for (int i = 0; i < n; ++i) {
        x.row(i) = vectors.row(out.rows[size_t(i)]);
        if (!labels.empty()) keptLabels.push_back(labels[size_t(out.rows[size_t(i)])]);
    }

    if (out.method != MapMethod::Pca && n < 4 && x.cols() > 2) {
        out.warnings << QStringLiteral("%1 point(s) are too few for %2: mapped by PCA")
                            .arg(n)
                            .arg(out.method == MapMethod::Umap ? QStringLiteral("UMAP")
                                                               : QStringLiteral("t-SNE"));
        out.method = MapMethod::Pca;
    }
    if (x.cols() <= 2) {  // already a map: projecting would only distort it
        out.warnings
            << QStringLiteral("the vectors are already %1-D: shown as they are").arg(x.cols());
        out.points = MapPoints::Zero(n, 2);
        out.points.leftCols(x.cols()) = x;
    } else if (out.method == MapMethod::Pca) {
        out.points = pcaMap(metric == MapMetric::Cosine ? unitRows(x) : x);
        progress.report(0.9);
    } else if (out.method == MapMethod::Umap) {
        UmapOptions umap = options.umap;
        umap.metric = metric;
        umap.seed = options.tsne.seed;
        umap.threads = options.tsne.threads;
        umap.exactKnnUpTo = options.tsne.exactKnnUpTo;
        if (umap.neighbours > n) {
            out.warnings << QStringLiteral("n_neighbors %1 needs as many points; lowered to %2")
                                .arg(umap.neighbours)
                                .arg(n);
            umap.neighbours = n;
        }
        auto mapped = umapMap(x, umap, progress.sub(0.0, 0.9), observer);
        if (!mapped) return mapped.status();
        out.iterations = mapped->epochs;
        out.neighbours = mapped->neighbours;
        out.spectral = mapped->spectral;
        if (!mapped->spectral && umap.spectralInit)
            out.warnings
                << QStringLiteral("UMAP started from random positions: %1").arg(mapped->initNote);
        out.points = mapped->points;
    } else {
        TsneOptions tsne = options.tsne;
        const double most = double(n - 1) / 3.0;
        if (tsne.perplexity > most) {
            out.warnings << QStringLiteral("perplexity %1 needs %2 points; lowered to %3 for %4")
                                .arg(tsne.perplexity)
                                .arg(int(std::ceil(3.0 * tsne.perplexity)) + 1)
                                .arg(most, 0, 'f', 2)
                                .arg(n);
            tsne.perplexity = most;
        }
        out.perplexity = tsne.perplexity;
        auto prepared = Tsne::prepare(x, tsne, progress.sub(0.0, 0.2));
        if (!prepared) return prepared.status();
        Tsne& run = prepared.value();
        if (Status s = run.runToEnd(progress.sub(0.2, 0.9), observer); !s.isOk()) return s;
        out.iterations = run.iteration();
        out.points = run.positions();
    }
    MapQualityOptions quality = options.quality;
    quality.metric = metric;
    quality.threads = options.tsne.threads;
    auto scored = mapQuality(x, out.points, keptLabels, quality, progress.sub(0.9, 1.0));
    if (!scored) return scored.status();
    out.quality = scored.value();
    out.seconds = double(clock.elapsed()) / 1000.0;
    progress.report(1.0, QStringLiteral("map ready"));
    return out;
}

}  // namespace tl
