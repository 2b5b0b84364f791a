// The map projections on data whose answer is known: Gaussian clusters must stay apart in 2-D,
// trustworthiness must match scikit-learn's formula to the digit, PCA must agree with an SVD,
// the same seed must give the same map, and bad input must get a clear outcome.
#include <Eigen/SVD>
#include <QtTest>
#include <cmath>

#include "maps/Knn.h"
#include "maps/MapBuilder.h"
#include "maps/MapCsv.h"
#include "maps/MapQuality.h"
#include "maps/Pca.h"
#include "maps/Tsne.h"
#include "util/Random.h"

using namespace tl;

namespace {

// `clusters` Gaussian blobs: centres N(0, separation^2) per dimension, unit spread.
VectorMatrix blobs(int clusters, int perCluster, int dims, double separation, uint64_t seed,
                   std::vector<int>& labels) {
    SplitMix64 rng(seed);
    VectorMatrix centres(clusters, dims);
    for (int c = 0; c < clusters; ++c)
        for (int d = 0; d < dims; ++d) centres(c, d) = float(separation * rng.normal());
    VectorMatrix x(clusters * perCluster, dims);
    labels.clear();
    for (int i = 0; i < x.rows(); ++i) {
        const int c = i % clusters;
        labels.push_back(c);
        for (int d = 0; d < dims; ++d) x(i, d) = centres(c, d) + float(rng.normal());
    }
    return x;
}

}  // namespace

class MapsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tsneKeepsGaussianClustersApart() {
        std::vector<int> labels;
        const VectorMatrix x = blobs(6, 100, 32, 3.0, 11, labels);
        MapOptions options;
        options.tsne.seed = 5;
        const auto map = computeMap(x, options, Progress(), labels);
        QVERIFY2(map.ok(), qPrintable(map.status().message()));
        QCOMPARE(map->points.rows(), qint64(600));
        QCOMPARE(map->iterations, 1000);
        QVERIFY(map->points.allFinite());
        QVERIFY2(map->quality.labelAccuracy > 0.95,
                 qPrintable(QString::number(map->quality.labelAccuracy)));
        QVERIFY2(map->quality.trustworthiness > 0.9,
                 qPrintable(QString::number(map->quality.trustworthiness)));
        // PCA of the same blobs is worse at keeping neighbourhoods than t-SNE.
        options.method = MapMethod::Pca;
        const auto flat = computeMap(x, options, Progress(), labels);
        QVERIFY(flat.ok());
        QVERIFY(flat->quality.trustworthiness < map->quality.trustworthiness);
    }

    void trustworthinessMatchesScikitLearnOnAHandCase() {
        // 1-D input 0,1,3,6,10,15; a map that swaps neighbourhoods. k = 2. With rank_input
        // counted from 1, the penalties max(0, rank - 2) of each point's map neighbours are
        // 0:{2,4} 0+2, 1:{4,3} 2+1, 2:{0,4} 0+2, 3:{1,5} 1+3, 4:{1,2} 2+1, 5:{3,1} 0+2 = 16, so
        // T = 1 - 16 * 2 / (6 * 2 * (12 - 6 - 1)) = 1 - 32/60 = 0.4666..., which is what
        // sklearn.manifold.trustworthiness(X, Y, n_neighbors=2) prints (1.2.1).
        VectorMatrix x(6, 1);
        x << 0, 1, 3, 6, 10, 15;
        MapPoints y(6, 2);
        y << 0, 0, 4, 0, 1, 0, 6, 0, 2.5, 0, 9, 0;
        MapQualityOptions o;
        o.k = 2;
        const auto q = mapQuality(x, y, {}, o, Progress());
        QVERIFY(q.ok());
        QCOMPARE(q->trustworthiness, 1.0 - 32.0 / 60.0);
        // Shared neighbours: 0:{2}, 2:{0}, 5:{3}: 3 of 12.
        QCOMPARE(q->knnPreservation, 0.25);
        QCOMPARE(q->pointsScored, 6);
        // The map of the input itself is perfectly trustworthy.
        MapPoints same = MapPoints::Zero(6, 2);
        same.col(0) = x.col(0);
        QCOMPARE(mapQuality(x, same, {}, o, Progress())->trustworthiness, 1.0);
        QCOMPARE(mapQuality(x, same, {}, o, Progress())->knnPreservation, 1.0);
    }

    void pcaMatchesAnSvd() {
        std::vector<int> labels;
        const VectorMatrix x = blobs(3, 40, 8, 2.0, 3, labels);
        const PcaResult p = pca(x, 2);
        const Eigen::MatrixXd centred =
            x.cast<double>().rowwise() - x.cast<double>().colwise().mean();
        const Eigen::JacobiSVD<Eigen::MatrixXd> svd(centred,
                                                    Eigen::ComputeThinU | Eigen::ComputeThinV);
        for (int c = 0; c < 2; ++c) {
            const Eigen::VectorXd expected = svd.matrixU().col(c) * svd.singularValues()[c];
            const Eigen::VectorXd got = p.projected.col(c).cast<double>();
            const double sign = expected.dot(got) < 0 ? -1.0 : 1.0;
            QVERIFY2((got - sign * expected).norm() < 1e-4 * expected.norm(),
                     qPrintable(QString::number((got - sign * expected).norm())));
            QVERIFY(std::abs(p.explainedVariance[c] -
                             svd.singularValues()[c] * svd.singularValues()[c] / 119.0) <
                    1e-6 * p.explainedVariance[c]);
        }
        // A hand case: points on the line y = 2x have one axis, (1, 2) / sqrt 5, and no variance
        // across it.
        VectorMatrix line(4, 2);
        line << 0, 0, 1, 2, 2, 4, 3, 6;
        const PcaResult l = pca(line, 2);
        QVERIFY(std::abs(l.axes(0, 0) - 1.0 / std::sqrt(5.0)) < 1e-12);
        QVERIFY(std::abs(l.axes(1, 0) - 2.0 / std::sqrt(5.0)) < 1e-12);
        QVERIFY(std::abs(l.explainedVariance[0] - 5.0 * 5.0 / 3.0) <
                1e-9);  // var of 0..3 is 5/3, x5
        QVERIFY(std::abs(l.explainedRatio[0] - 1.0) < 1e-12);
        QVERIFY(std::abs(l.explainedVariance[1]) < 1e-12);
    }

    void sameSeedSameMapWhateverTheThreads() {
        std::vector<int> labels;
        const VectorMatrix x = blobs(4, 60, 16, 2.0, 21, labels);
        TsneOptions o;
        o.iterations = 300;
        o.seed = 9;
        o.threads = 1;
        auto a = Tsne::prepare(x, o, Progress());
        QVERIFY(a.ok());
        QVERIFY(a->runToEnd(Progress()).isOk());
        o.threads = 2;
        auto b = Tsne::prepare(x, o, Progress());
        QVERIFY(b->runToEnd(Progress()).isOk());
        QVERIFY(a->positions() == b->positions());
        // Paused after 100 iterations and resumed: the same path as one run.
        auto c = Tsne::prepare(x, o, Progress());
        QVERIFY(c->run(100, Progress()).isOk());
        QCOMPARE(c->iteration(), 100);
        QVERIFY(!c->finished());
        QVERIFY(c->run(1000, Progress()).isOk());  // stops at the planned 300
        QCOMPARE(c->iteration(), 300);
        QVERIFY(c->positions() == a->positions());
        QVERIFY(a->klDivergence() > 0.0 && a->klDivergence() < 3.0);
    }

    void approximateNeighboursFindMostExactOnes() {
        std::vector<int> labels;
        const VectorMatrix x = blobs(10, 200, 24, 1.5, 4, labels);
        const auto exact = exactKnn(x, 15, MapMetric::Euclidean, 0, Progress());
        KnnOptions o;
        o.k = 15;
        o.exactUpTo = 0;
        o.seed = 3;
        const auto approx = approximateKnn(x, o, Progress());
        QVERIFY(exact.ok() && approx.ok());
        int found = 0;
        for (int i = 0; i < 2000; ++i)
            for (int a = 0; a < 15; ++a)
                found += std::count(approx->neighbours(i), approx->neighbours(i) + 15,
                                    exact->neighbours(i)[a]) > 0;
        const double recall = found / (2000.0 * 15.0);
        QVERIFY2(recall > 0.9, qPrintable(QString::number(recall)));
        for (int i = 0; i < 2000; ++i) {
            QVERIFY(approx->distances(i)[0] <= approx->distances(i)[14]);
            QVERIFY(std::find(approx->neighbours(i), approx->neighbours(i) + 15, i) ==
                    approx->neighbours(i) + 15);
        }
        const auto again = approximateKnn(x, o, Progress());
        QVERIFY(again->index == approx->index);  // seeded trees: the same graph
        // Exact cosine distance: 1 - cos.
        VectorMatrix v(3, 2);
        v << 1, 0, 0, 2, 1, 1;
        const auto c = exactKnn(v, 1, MapMetric::Cosine, 1, Progress());
        QCOMPARE(c->neighbours(0)[0], 2);
        QVERIFY(std::abs(c->distances(0)[0] - (1.0 - std::sqrt(0.5))) < 1e-6);
    }

    void cancelStopsAndTheStateGoesOn() {
        std::vector<int> labels;
        const VectorMatrix x = blobs(3, 50, 8, 2.0, 8, labels);
        TsneOptions o;
        o.iterations = 400;
        auto t = Tsne::prepare(x, o, Progress());
        QVERIFY(t.ok());
        Progress progress;
        int seen = 0;
        const Status s = t->run(400, progress, [&](int iteration, const MapPoints& p) {
            QCOMPARE(p.rows(), qint64(150));
            seen = iteration;
            if (iteration == 50) progress.cancel();
        });
        QVERIFY(s.isCancelled());
        QCOMPARE(seen, 50);
        QCOMPARE(t->iteration(), 50);
        QVERIFY(t->runToEnd(Progress()).isOk());
        QCOMPARE(t->iteration(), 400);
    }

    void badInputGetsAClearOutcome() {
        std::vector<int> labels;
        VectorMatrix x = blobs(2, 20, 4, 8.0, 2, labels);
        MapOptions options;
        options.tsne.iterations = 500;

        // NaN: refused, the row named.
        VectorMatrix nan = x;
        nan(7, 2) = std::nanf("");
        nan(9, 0) = std::nanf("");
        const auto refused =
            computeMap(nan, options, Progress(), {}, std::vector<QString>(40, QStringLiteral("t")));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.status().message().contains(QLatin1String("row 8 (t)")) &&
                     refused.status().message().contains(QLatin1String("dimension 3")) &&
                     refused.status().message().contains(QLatin1String("2 row(s) of 40")),
                 qPrintable(refused.status().message()));

        // 40 points cannot carry perplexity 30: lowered to 13 with a warning.
        const auto small = computeMap(x, options, Progress(), labels);
        QVERIFY2(small.ok(), qPrintable(small.status().message()));
        QCOMPARE(small->perplexity, 13.0);
        QCOMPARE(small->warnings.size(), qsizetype(1));
        QVERIFY(small->warnings[0].contains(QLatin1String("lowered")));
        QCOMPARE(small->quality.labelAccuracy, 1.0);

        // Zero vectors under cosine: left out and counted; Euclidean maps them.
        VectorMatrix zeros = x;
        zeros.row(3).setZero();
        zeros.row(30).setZero();
        options.tsne.metric = MapMetric::Cosine;
        const auto cosine = computeMap(zeros, options, Progress());
        QVERIFY(cosine.ok());
        QCOMPARE(cosine->skipped, 2);
        QCOMPARE(cosine->points.rows(), qint64(38));
        QVERIFY(std::find(cosine->rows.begin(), cosine->rows.end(), 3) == cosine->rows.end());
        QVERIFY(cosine->warnings.join(QLatin1Char(' ')).contains(QLatin1String("row 4")));
        options.tsne.metric = MapMetric::Euclidean;
        QCOMPARE(computeMap(zeros, options, Progress())->points.rows(), qint64(40));

        // Duplicates land together.
        VectorMatrix dup = x;
        dup.row(5) = dup.row(4);
        dup.row(6) = dup.row(4);
        const auto together = computeMap(dup, options, Progress());
        QVERIFY(together.ok());
        QVERIFY(together->points.allFinite());
        QVERIFY((together->points.row(5) - together->points.row(4)).norm() < 1e-3);
        // All points alike: no crash, a finite map.
        VectorMatrix same = VectorMatrix::Ones(12, 3);
        const auto flat = computeMap(same, options, Progress());
        QVERIFY2(flat.ok(), qPrintable(flat.status().message()));
        QVERIFY(flat->points.allFinite());

        // One, two and three points: PCA, with a warning; one point sits at the origin.
        const auto one = computeMap(x.topRows(1), options, Progress());
        QVERIFY(one.ok());
        QCOMPARE(one->method, MapMethod::Pca);
        QVERIFY(one->points.isZero());
        const auto two = computeMap(x.topRows(2), options, Progress());
        QVERIFY(two.ok());
        QCOMPARE(two->points.rows(), qint64(2));
        QVERIFY(two->warnings[0].contains(QLatin1String("too few for t-SNE")));
        const double apart = (two->points.row(0) - two->points.row(1)).norm();
        QVERIFY(std::abs(apart - (x.row(0) - x.row(1)).norm()) < 1e-4);  // PCA keeps the distance
        QVERIFY(!computeMap(VectorMatrix(0, 4), options, Progress()).ok());
        // Already 2-D: shown as they are.
        VectorMatrix planar(5, 2);
        planar << 0, 1, 2, 3, 4, 5, 6, 7, 8, 9;
        const auto asIs = computeMap(planar, options, Progress());
        QVERIFY(asIs.ok());
        QVERIFY(asIs->points == planar);
        QVERIFY(asIs->warnings[0].contains(QLatin1String("already 2-D")));
    }

    void csvFieldsAreQuoted() {
        QCOMPARE(csvField(QStringLiteral("Blue")), QStringLiteral("Blue"));
        QCOMPARE(csvField(QStringLiteral("Hello, Goodbye")), QStringLiteral("\"Hello, Goodbye\""));
        QCOMPARE(csvField(QStringLiteral("12\" single")), QStringLiteral("\"12\"\" single\""));
        QCOMPARE(csvField(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));
    }
};

QTEST_GUILESS_MAIN(MapsTest)
#include "test_maps.moc"
