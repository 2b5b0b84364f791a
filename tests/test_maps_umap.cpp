// UMAP (core/maps/Umap) beside t-SNE and PCA: umap-learn's a/b curve fit and fuzzy graph to
// its own numbers, a spectral start that matches a dense eigensolve, the same map for the same
// seed on any thread count, cancellation within half a second, quality beside t-SNE's on the
// same vectors (generated clusters and the demo world's CF vectors), and `tastelab-cli map
// --method umap` storing and reusing the map.
#include <Eigen/Dense>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <thread>

#include "TestSupport.h"
#include "cf/CfModel.h"
#include "demo/DemoWorld.h"
#include "maps/Knn.h"
#include "maps/MapBuilder.h"
#include "maps/ProjectMaps.h"
#include "maps/Umap.h"
#include "store/ProjectStore.h"
#include "util/Random.h"

using namespace tl;

namespace {

// C Gaussian clusters in D dimensions (centres N(0, 2.5^2), spread 0.6-1.4), as bench_maps.
// `bridge` > 0 puts that share of points on segments between consecutive centres, so the
// neighbour graph is connected and the spectral start is used.
VectorMatrix clusters(int n, int dims, int count, uint64_t seed, std::vector<int>* labels,
                      double bridge = 0.0) {
    SplitMix64 rng(seed);
    VectorMatrix centres(count, dims);
    std::vector<float> spread(static_cast<size_t>(count));
    for (int c = 0; c < count; ++c) {
        for (int d = 0; d < dims; ++d) centres(c, d) = float(2.5 * rng.normal());
        spread[size_t(c)] = float(0.6 + 0.8 * rng.uniform());
    }
    VectorMatrix x(n, dims);
    labels->assign(size_t(n), 0);
    for (int i = 0; i < n; ++i) {
        const int c = int(rng.below(uint64_t(count)));
        (*labels)[size_t(i)] = c;
        if (rng.uniform() < bridge) {
            const float t = float(rng.uniform());
            const int next = (c + 1) % count;
            for (int d = 0; d < dims; ++d)
                x(i, d) =
                    (1 - t) * centres(c, d) + t * centres(next, d) + 0.3f * float(rng.normal());
            continue;
        }
        for (int d = 0; d < dims; ++d)
            x(i, d) = centres(c, d) + spread[size_t(c)] * float(rng.normal());
    }
    return x;
}

using Run = tl::test::CliRun;

}  // namespace

class MapsUmapTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;

private Q_SLOTS:
    // umap-learn 0.5.3's find_ab_params (scipy curve_fit), printed by Debian's umap-learn:
    //   (spread 1, min_dist 0.1): 1.5769434601962196, 0.8950608779914887
    //   (1, 0.5): 0.583030020479462, 1.3341669929263487; (2, 0): 0.646046672809973, 0.79049449...
    void curveFitMatchesUmapLearn() {
        const UmapCurve c = fitUmapCurve(0.1, 1.0);
        QVERIFY2(std::abs(c.a - 1.5769434601962196) < 1e-6,
                 qPrintable(QString::number(c.a, 'g', 17)));
        QVERIFY2(std::abs(c.b - 0.8950608779914887) < 1e-6,
                 qPrintable(QString::number(c.b, 'g', 17)));
        const UmapCurve half = fitUmapCurve(0.5, 1.0);
        QVERIFY(std::abs(half.a - 0.583030020479462) < 1e-5);
        QVERIFY(std::abs(half.b - 1.3341669929263487) < 1e-5);
        const UmapCurve wide = fitUmapCurve(0.0, 2.0);
        QVERIFY(std::abs(wide.a - 0.646046672809973) < 1e-5);
        QVERIFY(std::abs(wide.b - 0.7904944901548902) < 1e-5);
    }

    // 12 points (sin 1.3i, cos 0.7i, 0.1i), n_neighbors 4: umap-learn's fuzzy_simplicial_set on
    // the same exact kNN gives these rows (46 entries, total weight 33.4932022).
    void fuzzyGraphMatchesUmapLearn() {
        VectorMatrix x(12, 3);
        for (int i = 0; i < 12; ++i)
            x.row(i) << float(std::sin(i * 1.3)), float(std::cos(i * 0.7)), float(i * 0.1);
        const auto knn = exactKnn(x, 3, MapMetric::Euclidean, 1, Progress());
        QVERIFY(knn.ok());
        const auto graph = fuzzySimplicialSet(knn.value(), 4, 1, Progress());
        QVERIFY(graph.ok());
        QCOMPARE(graph->edges(), int64_t(46));
        double total = 0;
        for (float w : graph->weight) total += w;
        QVERIFY2(std::abs(total - 33.493202209472656) < 1e-4, qPrintable(QString::number(total)));
        auto row = [&](int i) {
            QList<QPair<int, double>> out;
            for (int64_t e = graph->rowStart[size_t(i)]; e < graph->rowStart[size_t(i) + 1]; ++e)
                out.append({graph->column[size_t(e)], graph->weight[size_t(e)]});
            return out;
        };
        const QList<QList<QPair<int, double>>> expected{
            {{1, 1.0},
             {2, 0.9832209348678589},
             {8, 0.5164017677307129},
             {9, 0.5059597492218018},
             {10, 0.016781101003289223}},
            {{0, 1.0}, {2, 0.9999999403953552}, {10, 0.4652957320213318}},
            {{0, 0.9832209348678589},
             {1, 0.9999999403953552},
             {6, 0.6984817981719971},
             {7, 1.0},
             {10, 0.39061832427978516}}};
        for (int i = 0; i < 3; ++i) {
            const auto got = row(i);
            QCOMPARE(got.size(), expected[i].size());
            for (int e = 0; e < got.size(); ++e) {
                QCOMPARE(got[e].first, expected[i][e].first);
                QVERIFY2(std::abs(got[e].second - expected[i][e].second) < 1e-4,
                         qPrintable(QStringLiteral("row %1 column %2: %3")
                                        .arg(i)
                                        .arg(got[e].first)
                                        .arg(got[e].second)));
            }
        }
        // Symmetric.
        for (int i = 0; i < 12; ++i)
            for (const auto& [j, w] : row(i)) {
                bool found = false;
                for (const auto& [k, v] : row(j))
                    if (k == i) found = std::abs(v - w) < 1e-7;
                QVERIFY(found);
            }
    }

    // The block power iteration finds the same two Laplacian eigenvectors as a dense solver.
    void spectralStartMatchesDenseEigenvectors() {
        std::vector<int> labels;
        const VectorMatrix x = clusters(400, 8, 3, 5, &labels, 0.3);
        const auto knn = exactKnn(x, 14, MapMetric::Euclidean, 2, Progress());
        const auto graph = fuzzySimplicialSet(knn.value(), 15, 2, Progress());
        QCOMPARE(connectedComponents(graph.value()), 1);
        const auto layout = spectralLayout(graph.value(), 1, 2, Progress());
        QVERIFY2(layout.ok(), qPrintable(layout.status().message()));
        QVERIFY(std::abs(layout->cwiseAbs().maxCoeff() - 10.0f) < 1e-4f);

        const int n = 400;
        Eigen::MatrixXd w = Eigen::MatrixXd::Zero(n, n);
        for (int i = 0; i < n; ++i)
            for (int64_t e = graph->rowStart[size_t(i)]; e < graph->rowStart[size_t(i) + 1]; ++e)
                w(i, graph->column[size_t(e)]) = graph->weight[size_t(e)];
        const Eigen::VectorXd s = w.rowwise().sum().cwiseSqrt().cwiseInverse();
        const Eigen::MatrixXd laplacian =
            Eigen::MatrixXd::Identity(n, n) - s.asDiagonal() * w * s.asDiagonal();
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(laplacian);
        for (int c = 0; c < 2; ++c) {
            const Eigen::VectorXd exact = eig.eigenvectors().col(c + 1);
            const Eigen::VectorXd ours = layout->col(c).cast<double>().normalized();
            const double cosine = std::abs(exact.dot(ours));
            QVERIFY2(cosine > 0.999,
                     qPrintable(QStringLiteral("vector %1: |cos| %2").arg(c).arg(cosine)));
        }

        // Separate clusters: a graph in 4 parts, each laid out on its own, placed apart on the
        // axes (umap-learn's multi-component layout).
        const VectorMatrix apart = clusters(400, 32, 4, 5, &labels);
        const auto apartKnn = exactKnn(apart, 14, MapMetric::Euclidean, 2, Progress());
        const auto parts = fuzzySimplicialSet(apartKnn.value(), 15, 2, Progress());
        QCOMPARE(connectedComponents(parts.value()), 4);
        QVERIFY(spectralLayout(parts.value(), 1, 2, Progress())
                    .status()
                    .message()
                    .contains(QLatin1String("4 separate parts")));
        const auto placed = multiComponentLayout(parts.value(), apart, 1, 2, Progress());
        QVERIFY(placed.ok());
        QVERIFY(std::abs(placed->cwiseAbs().maxCoeff() - 10.0f) < 1e-4f);
        Eigen::Matrix<double, 4, 2> centre = Eigen::Matrix<double, 4, 2>::Zero();
        Eigen::Vector4d count = Eigen::Vector4d::Zero();
        for (int i = 0; i < 400; ++i) {
            centre.row(labels[size_t(i)]) += placed->row(i).cast<double>();
            ++count[labels[size_t(i)]];
        }
        for (int c = 0; c < 4; ++c) centre.row(c) /= count[c];
        for (int a = 0; a < 4; ++a)
            for (int b = a + 1; b < 4; ++b)
                QVERIFY2((centre.row(a) - centre.row(b)).norm() > 5.0,
                         qPrintable(QStringLiteral("parts %1 and %2: %3 apart")
                                        .arg(a)
                                        .arg(b)
                                        .arg((centre.row(a) - centre.row(b)).norm())));
        // Nearly every point of a part is nearer its own part's centre than any other's (a
        // part's layout fills a square around its place, whose corners may reach past).
        int own = 0;
        for (int i = 0; i < 400; ++i) {
            int nearest = 0;
            for (int c = 1; c < 4; ++c)
                if ((centre.row(c) - placed->row(i).cast<double>()).norm() <
                    (centre.row(nearest) - placed->row(i).cast<double>()).norm())
                    nearest = c;
            own += nearest == labels[size_t(i)];
        }
        QVERIFY2(own >= 380, qPrintable(QString::number(own)));
        UmapOptions o;
        o.epochs = 20;
        const auto map = umapMap(apart, o, Progress());
        QVERIFY(map.ok());
        QVERIFY(map->spectral);
        QVERIFY(map->initNote.isEmpty());
        o.spectralInit = false;
        const auto random = umapMap(x, o, Progress());
        QVERIFY(!random->spectral);
        QCOMPARE(random->initNote, QStringLiteral("random start asked for"));
    }

    // The same seed gives the same points, whatever the thread count (9,000 points: two SGD
    // blocks, so the cross-block schedule is exercised); another seed gives another map.
    void sameSeedSamePointsOnAnyThreadCount() {
        std::vector<int> labels;
        const VectorMatrix x = clusters(9000, 16, 6, 3, &labels, 0.2);
        UmapOptions o;
        o.epochs = 40;
        o.seed = 11;
        o.threads = 1;
        const auto one = umapMap(x, o, Progress());
        QVERIFY2(one.ok(), qPrintable(one.status().message()));
        QVERIFY(one->points.allFinite());
        o.threads = 2;
        const auto two = umapMap(x, o, Progress());
        QVERIFY(two->points == one->points);
        o.threads = 3;
        QVERIFY(umapMap(x, o, Progress())->points == one->points);
        o.seed = 12;
        QVERIFY(umapMap(x, o, Progress())->points != one->points);
    }

    // Cancelled during the neighbour search and during the SGD: back within 0.5 s each time.
    void cancellationReturnsWithinHalfASecond() {
        std::vector<int> labels;
        const VectorMatrix x = clusters(30000, 32, 10, 2, &labels);
        for (const bool inSgd : {false, true}) {
            std::atomic<bool> sgd{false};
            Progress progress([&](double, const QString& message) {
                if (message.startsWith(QLatin1String("UMAP epoch"))) sgd = true;
            });
            UmapOptions o;
            o.threads = 2;
            Status status;
            std::atomic<bool> done{false};
            std::thread worker([&] {
                status = umapMap(x, o, progress).status();
                done = true;
            });
            QElapsedTimer wait;
            wait.start();
            if (inSgd)
                while (!sgd && !done && wait.elapsed() < 120000) QThread::msleep(5);
            else
                QThread::msleep(150);
            QVERIFY(!done);
            QElapsedTimer clock;
            clock.start();
            progress.cancel();
            worker.join();
            const qint64 ms = clock.elapsed();
            QVERIFY(status.isCancelled());
            QVERIFY2(ms < 500, qPrintable(QStringLiteral("%1 ms (in SGD: %2)").arg(ms).arg(inSgd)));
        }
    }

    // Generated clusters with ground truth: UMAP beside t-SNE on the same vectors.
    void qualityBesideTsneOnClusters() {
        std::vector<int> labels;
        const VectorMatrix x = clusters(3000, 32, 10, 9, &labels, 0.1);
        MapOptions options;
        options.method = MapMethod::Umap;
        options.tsne.threads = 2;
        const auto umap = computeMap(x, options, Progress(), labels);
        QVERIFY2(umap.ok(), qPrintable(umap.status().message()));
        options.method = MapMethod::Tsne;
        const auto tsne = computeMap(x, options, Progress(), labels);
        QVERIFY(tsne.ok());
        qInfo(
            "clusters 3000 x 32: UMAP trust %.4f knn %.4f acc %.4f (%.1f s); t-SNE trust %.4f "
            "knn %.4f acc %.4f (%.1f s)",
            umap->quality.trustworthiness, umap->quality.knnPreservation,
            umap->quality.labelAccuracy, umap->seconds, tsne->quality.trustworthiness,
            tsne->quality.knnPreservation, tsne->quality.labelAccuracy, tsne->seconds);
        QCOMPARE(umap->method, MapMethod::Umap);
        QCOMPARE(umap->iterations, 500);
        QCOMPARE(umap->neighbours, 15);
        QVERIFY(umap->quality.trustworthiness > 0.95);
        QVERIFY(umap->quality.trustworthiness > tsne->quality.trustworthiness - 0.02);
        QVERIFY(umap->quality.labelAccuracy > 0.97);
        QVERIFY(umap->quality.labelAccuracy > tsne->quality.labelAccuracy - 0.02);
        QVERIFY(umap->quality.knnPreservation > 0.1);
    }

    // Too few points: n_neighbors lowered with a warning; under 4 points, PCA.
    void smallSetsLowerNeighbours() {
        std::vector<int> labels;
        const VectorMatrix x = clusters(9, 5, 2, 1, &labels);
        MapOptions options;
        options.method = MapMethod::Umap;
        const auto map = computeMap(x, options, Progress());
        QVERIFY2(map.ok(), qPrintable(map.status().message()));
        QCOMPARE(map->neighbours, 9);
        QVERIFY(map->warnings.join(QLatin1Char('\n')).contains(QLatin1String("lowered to 9")));
        QVERIFY(map->points.allFinite());
        const auto three = computeMap(x.topRows(3), options, Progress());
        QCOMPARE(three->method, MapMethod::Pca);
    }

    void initTestCase() {
        DemoOptions o;
        o.outDir = dir_.filePath(QStringLiteral("world"));
        o.seed = 7;
        const auto demo = generateDemo(o, Progress());
        QVERIFY2(demo.ok(), qPrintable(demo.status().message()));
        project_ = demo->projectPath;
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        const auto trained =
            trainCf(*store.value(), AlsOptions{}, InteractionOptions{}, Progress());
        QVERIFY2(trained.ok(), qPrintable(trained.status().message()));
    }

    // The demo world's CF vectors (cosine), where genres are known: UMAP keeps genres as well
    // as t-SNE does, and its neighbourhoods nearly as faithfully.
    void demoQualityBesideTsne() {
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        MapOptions options;
        options.tsne.metric = MapMetric::Cosine;
        options.method = MapMethod::Umap;
        int frames = 0;
        const auto umap = buildProjectMap(*store.value(), QStringLiteral("cf"), options, Progress(),
                                          [&](int, const MapPoints& p) {
                                              QVERIFY(p.allFinite());
                                              ++frames;
                                          });
        QVERIFY2(umap.ok(), qPrintable(umap.status().message()));
        QCOMPARE(frames, 50);  // every 10th of 500 epochs
        options.method = MapMethod::Tsne;
        const auto tsne =
            buildProjectMap(*store.value(), QStringLiteral("cf"), options, Progress());
        QVERIFY(tsne.ok());
        const QJsonObject& u = umap->meta;
        const QJsonObject& t = tsne->meta;
        auto f = [](const QJsonObject& m, const char* key) {
            return m.value(QLatin1String(key)).toDouble();
        };
        qInfo(
            "demo CF: UMAP trust %.4f knn %.4f genre %.4f init %s; t-SNE trust %.4f knn %.4f "
            "genre %.4f",
            f(u, "trustworthiness"), f(u, "knn_preservation"), f(u, "genre_accuracy"),
            qPrintable(u.value(QStringLiteral("init")).toString()), f(t, "trustworthiness"),
            f(t, "knn_preservation"), f(t, "genre_accuracy"));
        QCOMPARE(u.value(QStringLiteral("method")).toString(), QStringLiteral("umap"));
        QCOMPARE(u.value(QStringLiteral("n_neighbors")).toInt(), 15);
        QVERIFY(f(u, "genre_accuracy") > 0.8);
        QVERIFY(f(u, "genre_accuracy") > f(t, "genre_accuracy") - 0.03);
        QVERIFY(f(u, "trustworthiness") > 0.9);
        QVERIFY(f(u, "trustworthiness") > f(t, "trustworthiness") - 0.03);
        QVERIFY(f(u, "knn_preservation") > 0.3);
        // Stored beside the t-SNE map, under its own key.
        QVERIFY(store.value()->resultMeta(QStringLiteral("map.cf"), QStringLiteral("umap")));
        QVERIFY(store.value()->resultMeta(QStringLiteral("map.cf"), QStringLiteral("tsne")));
        const auto loaded = loadProjectMap(*store.value(), QStringLiteral("cf"), MapMethod::Umap);
        QVERIFY(loaded.ok());
        QVERIFY(loaded->points == umap->points);
    }

    void cliStoresAndReusesUmap() {
        const QString csv = dir_.filePath(QStringLiteral("umap.csv"));
        const QStringList args{QStringLiteral("map"),
                               QStringLiteral("--project"),
                               project_,
                               QStringLiteral("--source"),
                               QStringLiteral("cf"),
                               QStringLiteral("--out"),
                               csv,
                               QStringLiteral("--method"),
                               QStringLiteral("umap"),
                               QStringLiteral("--neighbors"),
                               QStringLiteral("10"),
                               QStringLiteral("--min-dist"),
                               QStringLiteral("0.25"),
                               QStringLiteral("--json")};
        const Run first = tl::test::runCli(args);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(first.out).object();
        QCOMPARE(json.value(QStringLiteral("method")).toString(), QStringLiteral("umap"));
        QCOMPARE(json.value(QStringLiteral("n_neighbors")).toInt(), 10);
        QCOMPARE(json.value(QStringLiteral("min_dist")).toDouble(), 0.25);
        QCOMPARE(json.value(QStringLiteral("epochs")).toInt(), 500);
        QCOMPARE(json.value(QStringLiteral("reused")).toBool(), false);
        QVERIFY(json.value(QStringLiteral("genre_accuracy")).toDouble() > 0.8);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        file.close();

        const Run again = tl::test::runCli(args);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(
            QJsonDocument::fromJson(again.out).object().value(QStringLiteral("reused")).toBool(),
            true);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), written);
        file.close();

        QStringList other = args;
        other[other.indexOf(QStringLiteral("0.25"))] = QStringLiteral("0.5");
        const Run changed = tl::test::runCli(other);
        QVERIFY2(changed.exitCode == 0, changed.err.constData());
        QCOMPARE(
            QJsonDocument::fromJson(changed.out).object().value(QStringLiteral("reused")).toBool(),
            false);

        QStringList text = args;
        text.removeLast();  // no --json: the settings are in the text
        const Run plain = tl::test::runCli(text);
        QVERIFY(plain.out.startsWith("umap map of"));
        QVERIFY2(plain.out.contains("n_neighbors 10, min_dist 0.25, 500 epochs"),
                 plain.out.constData());

        QStringList bad = args;
        bad[bad.indexOf(QStringLiteral("0.25"))] = QStringLiteral("2");
        QCOMPARE(tl::test::runCli(bad).exitCode, 2);
        bad = args;
        bad[bad.indexOf(QStringLiteral("10"))] = QStringLiteral("1");
        QCOMPARE(tl::test::runCli(bad).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(MapsUmapTest)
#include "test_maps_umap.moc"
