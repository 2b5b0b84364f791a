// Maps of the demo world, where every track's genre is known: a t-SNE map of the CF vectors
// must keep genres together (kNN genre accuracy in 2-D above 80%), be stored per source and
// reused until the vectors change; `tastelab-cli map` writes the documented CSV and JSON.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>

#include "TestSupport.h"
#include "audio/ProjectAnalysis.h"
#include "audiomodel/GenrePrecision.h"
#include "cf/CfModel.h"
#include "demo/DemoWorld.h"
#include "maps/NearestTracks.h"
#include "maps/ProjectMaps.h"
#include "maps/VectorSources.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

using Run = tl::test::CliRun;
Run cli(const QStringList& args, int timeoutMs = 300000) {
    return tl::test::runCli(args, timeoutMs);
}

}  // namespace

class MapsDemoTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;

private Q_SLOTS:
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

    void cfMapKeepsGenresTogetherAndIsStored() {
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        MapOptions options;
        options.tsne.metric = MapMetric::Cosine;
        int frames = 0;
        const auto map = buildProjectMap(*store.value(), QStringLiteral("cf"), options, Progress(),
                                         [&](int, const MapPoints& p) {
                                             QVERIFY(p.allFinite());
                                             ++frames;
                                         });
        QVERIFY2(map.ok(), qPrintable(map.status().message()));
        QVERIFY(!map->reused);
        QCOMPARE(frames, 100);  // every 10th of 1000 iterations, for an animated view
        const auto cf = loadCfModel(*store.value());
        QCOMPARE(map->points.rows(), cf->itemFactors.rows());
        QVERIFY(map->trackIds == cf->itemTrack);
        const double genre = map->meta.value(QStringLiteral("genre_accuracy")).toDouble();
        QVERIFY2(genre > 0.8, qPrintable(QString::number(genre)));  // chance: about 1/8
        QVERIFY(map->meta.value(QStringLiteral("trustworthiness")).toDouble() > 0.9);
        QVERIFY(map->meta.value(QStringLiteral("knn_preservation")).toDouble() > 0.4);

        // Stored under map.cf / tsne and reused while the CF vectors stay the same.
        QVERIFY(store.value()->resultMeta(QStringLiteral("map.cf"), QStringLiteral("tsne")));
        const auto again =
            buildProjectMap(*store.value(), QStringLiteral("cf"), options, Progress());
        QVERIFY(again.ok());
        QVERIFY(again->reused);
        QVERIFY(again->points == map->points);
        // New settings, new map; new vectors (CF retrained with other factors), new map.
        options.tsne.perplexity = 10;
        QVERIFY(
            !buildProjectMap(*store.value(), QStringLiteral("cf"), options, Progress())->reused);
        QVERIFY(buildProjectMap(*store.value(), QStringLiteral("cf"), options, Progress())->reused);
        AlsOptions other;
        other.factors = 32;
        QVERIFY(trainCf(*store.value(), other, InteractionOptions{}, Progress()).ok());
        QVERIFY(
            !buildProjectMap(*store.value(), QStringLiteral("cf"), options, Progress())->reused);

        // A cancelled map leaves the stored one as it was.
        const QByteArray before =
            *store.value()->resultFingerprint(QStringLiteral("map.cf"), QStringLiteral("tsne"));
        Progress cancelled;
        cancelled.cancel();
        options.tsne.perplexity = 20;
        const auto stopped =
            buildProjectMap(*store.value(), QStringLiteral("cf"), options, cancelled);
        QVERIFY(stopped.status().isCancelled());
        QCOMPARE(
            *store.value()->resultFingerprint(QStringLiteral("map.cf"), QStringLiteral("tsne")),
            before);
    }

    void cliWritesCsvAndJson() {
        const QString csv = dir_.filePath(QStringLiteral("cf.csv"));
        const Run r =
            cli({QStringLiteral("map"), QStringLiteral("--project"), project_,
                 QStringLiteral("--source"), QStringLiteral("cf"), QStringLiteral("--out"), csv,
                 QStringLiteral("--seed"), QStringLiteral("4"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(r.out).object();
        const int points = json.value(QStringLiteral("points")).toInt();
        QVERIFY(points > 100);
        for (const char* key : {"seconds", "trustworthiness", "knn_preservation", "genre_accuracy"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QVERIFY(json.value(QStringLiteral("genre_accuracy")).toDouble() > 0.8);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.first(), QByteArray("track_id,artist,title,x,y"));
        QCOMPARE(lines.size(), points + 2);  // header, rows, the empty piece after the last \n
        QVERIFY(lines[1].count(',') >= 4);

        const Run pca =
            cli({QStringLiteral("map"), QStringLiteral("--project"), project_,
                 QStringLiteral("--source"), QStringLiteral("cf"), QStringLiteral("--out"), csv,
                 QStringLiteral("--method"), QStringLiteral("pca"), QStringLiteral("--json")});
        QCOMPARE(pca.exitCode, 0);
        QCOMPARE(
            QJsonDocument::fromJson(pca.out).object().value(QStringLiteral("method")).toString(),
            QStringLiteral("pca"));

        const Run text =
            cli({QStringLiteral("map"), QStringLiteral("--project"), project_,
                 QStringLiteral("--source"), QStringLiteral("text"), QStringLiteral("--out"), csv});
        QCOMPARE(text.exitCode, 1);
        QVERIFY(text.err.contains("not trained yet"));
        const Run wrong = cli({QStringLiteral("map"), QStringLiteral("--project"), project_,
                               QStringLiteral("--source"), QStringLiteral("lyrics"),
                               QStringLiteral("--out"), csv});
        QCOMPARE(wrong.exitCode, 2);
        const Run noOut = cli({QStringLiteral("map"), QStringLiteral("--project"), project_,
                               QStringLiteral("--source"), QStringLiteral("cf")});
        QCOMPARE(noOut.exitCode, 2);
    }

    // After an import the CF model no longer covers the listens: `map --source cf` says so
    // (as the GUI header does) instead of silently mapping the old model's tracks.
    void cfMapOfAnOutOfDateModelSaysSo() {
        const QString csv = dir_.filePath(QStringLiteral("stale.csv"));
        const QStringList map{QStringLiteral("map"),
                              QStringLiteral("--project"),
                              project_,
                              QStringLiteral("--source"),
                              QStringLiteral("cf"),
                              QStringLiteral("--out"),
                              csv,
                              QStringLiteral("--json")};
        const Run fresh = cli(map);
        QVERIFY2(fresh.exitCode == 0, fresh.err.constData());
        QVERIFY(!fresh.out.contains("out of date"));
        const Run imported = cli({QStringLiteral("import"), QStringLiteral("--project"), project_,
                                  QStringLiteral("--me"), QStringLiteral("someone"),
                                  QFINDTESTDATA("data/import/lastfm/lastfm-header.csv")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const Run stale = cli(map);
        QVERIFY2(stale.exitCode == 0, stale.err.constData());
        const QJsonArray warnings =
            QJsonDocument::fromJson(stale.out).object().value(QStringLiteral("warnings")).toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().toString().startsWith(
                     QLatin1String("the CF model is out of date: the listens changed")),
                 qPrintable(warnings.first().toString()));
        QVERIFY(stale.err.contains("warning: the CF model is out of date"));
    }

    // Issue 18: a music folder with no history still gets a map by sound, from the stored
    // descriptors (no model, no listens), standardised, and the map says it is the weaker guide.
    void soundMapNeedsOnlyAnalysedAudio() {
        const QString path = dir_.filePath(QStringLiteral("sound.tastelab"));
        QVERIFY(QFile::copy(project_, path));
        auto store = ProjectStore::open(path);
        QVERIFY(store.ok());
        ProjectStore& s = *store.value();
        const Status before = mapSourceTrained(s, QStringLiteral("sound"));
        QVERIFY(before.isError());
        QCOMPARE(before.remedy(), Remedy::AnalyzeAudio);
        QVERIFY(mapSourceNames().contains(QStringLiteral("sound")));

        auto analysed = audio::analyzeProject(s, {}, Progress());
        QVERIFY2(analysed.ok(), qPrintable(analysed.status().message()));
        QVERIFY(mapSourceTrained(s, QStringLiteral("sound")).isOk());
        auto sound = loadSourceVectors(s, QStringLiteral("sound"));
        QVERIFY2(sound.ok(), qPrintable(sound.status().message()));
        QCOMPARE(int(sound->trackIds.size()), analysed->analysed);
        QCOMPARE(sound->metric, MapMetric::Euclidean);
        QCOMPARE(int(sound->vectors.cols()), audio::TrackDescriptors::kValues);
        // Every column standardised: mean 0, variance 1 (or all 0 when constant).
        for (int c = 0; c < sound->vectors.cols(); ++c) {
            const Eigen::ArrayXd col = sound->vectors.col(c).cast<double>().array();
            QVERIFY(std::abs(col.mean()) < 1e-4);
            const double var = (col - col.mean()).square().mean();
            QVERIFY2(std::abs(var - 1.0) < 1e-3 || var < 1e-9, qPrintable(QString::number(var)));
        }
        QCOMPARE(sound->warnings.size(), 1);
        QVERIFY(
            sound->warnings.first().startsWith(QLatin1String("mapped by sound descriptors alone")));
        // The demo's genres differ in sound: neighbours by descriptors share the genre well
        // above chance, if below what the models that learn from plays reach.
        const auto precision =
            audiomodel::genrePrecision(s.groundTruth(), sound->trackIds, sound->vectors, 10);
        QVERIFY2(
            precision.precision > 2 * precision.chance,
            qPrintable(
                QStringLiteral("%1 vs chance %2").arg(precision.precision).arg(precision.chance)));
        std::fprintf(stderr, "sound descriptors: genre precision@10 %.3f (chance %.3f)\n",
                     precision.precision, precision.chance);
        // A track's nearest by sound: itself left out, nearest first, mostly its own genre.
        QCOMPARE(soundsLikeSource(s).value(), QStringLiteral("sound"));  // no audio model here
        const GroundTruth truth = s.groundTruth();
        std::map<Id, int> genreOf(truth.trackGenre.begin(), truth.trackGenre.end());
        int same = 0, asked = 0;
        for (size_t i = 0; i < sound->trackIds.size(); i += 10) {
            const Id track = sound->trackIds[i];
            const auto near = nearestTracks(sound.value(), track, 5);
            QCOMPARE(int(near.size()), 5);
            for (size_t j = 0; j < near.size(); ++j) {
                QVERIFY(near[j].trackId != track);
                if (j > 0) QVERIFY(near[j - 1].distance <= near[j].distance);
                same += genreOf.count(track) && genreOf[near[j].trackId] == genreOf[track];
                ++asked;
            }
        }
        QVERIFY2(same * 2 > asked, qPrintable(QStringLiteral("%1 of %2").arg(same).arg(asked)));
        QVERIFY(nearestTracks(sound.value(), Id(999999), 5).empty());
        const auto map = buildProjectMap(s, QStringLiteral("sound"), MapOptions{}, Progress());
        QVERIFY2(map.ok(), qPrintable(map.status().message()));
        QCOMPARE(int(map->trackIds.size()), int(sound->trackIds.size()));
    }
};

QTEST_GUILESS_MAIN(MapsDemoTest)
#include "test_maps_demo.moc"
