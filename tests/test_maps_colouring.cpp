// What a map is coloured by, computed in core/maps/: k-means clusters (exact labels on
// separated blobs, seeded, spherical for cosine, k lowered for duplicate rows, bad input named),
// the text model's LSA track vectors as a map source, a user's CF scores (x_u . y_i exactly, and
// folded in for a user without a row), play counts, genres (tags before the demo's truth) and
// named map bookmarks stored in the project.
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

#include "cf/CfModel.h"
#include "demo/DemoWorld.h"
#include "job/Progress.h"
#include "maps/KMeans.h"
#include "maps/MapBookmarks.h"
#include "maps/MapColouring.h"
#include "maps/VectorSources.h"
#include "store/ProjectStore.h"
#include "text/TextTraining.h"
#include "util/Random.h"

using namespace tl;

class MapsColouringTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;

    // Three tight blobs around (10,0,0), (0,10,0), (0,0,10), 20 points each, interleaved.
    static VectorMatrix blobs() {
        VectorMatrix x(60, 3);
        SplitMix64 rng(3);
        for (int i = 0; i < 60; ++i) {
            x.row(i).setZero();
            x(i, i % 3) = 10.f;
            for (int d = 0; d < 3; ++d) x(i, d) += float(0.3 * rng.normal());
        }
        return x;
    }

private Q_SLOTS:
    void initTestCase() {
        DemoOptions o;
        o.outDir = dir_.filePath(QStringLiteral("world"));
        o.seed = 11;
        const auto demo = generateDemo(o, Progress());
        QVERIFY2(demo.ok(), qPrintable(demo.status().message()));
        project_ = demo->projectPath;
    }

    void kMeansFindsSeparatedBlobs() {
        for (MapMetric metric : {MapMetric::Euclidean, MapMetric::Cosine}) {
            KMeansOptions options;
            options.k = 3;
            options.seed = 5;
            options.metric = metric;
            const auto r = kMeans(blobs(), options, Progress());
            QVERIFY2(r.ok(), qPrintable(r.status().message()));
            QVERIFY(r->converged);
            // Numbered by first row: row i is in cluster i % 3.
            for (int i = 0; i < 60; ++i) QCOMPARE(r->labels[size_t(i)], i % 3);
            QCOMPARE(r->sizes, (std::vector<int>{20, 20, 20}));
            QCOMPARE(r->centroids.rows(), Eigen::Index(3));
            // Another seed, the same partition (well separated); the same seed, the same bytes.
            options.seed = 99;
            QCOMPARE(kMeans(blobs(), options, Progress())->labels, r->labels);
        }
        // Spherical: two points on one ray are one direction.
        VectorMatrix rays(4, 2);
        rays << 1, 0, 5, 0, 0, 1, 0, 7;
        KMeansOptions options;
        options.k = 2;
        const auto spherical = kMeans(rays, options, Progress());
        QCOMPARE(spherical->labels, (std::vector<int>{0, 0, 1, 1}));
        QVERIFY(std::abs(spherical->inertia) < 1e-9);
    }

    void kMeansBadInput() {
        VectorMatrix same(5, 2);
        same.setConstant(1.f);
        KMeansOptions options;
        options.k = 4;
        const auto one = kMeans(same, options, Progress());
        QVERIFY(one.ok());
        QCOMPARE(one->sizes, std::vector<int>{5});  // k lowered to the one distinct row
        VectorMatrix bad = blobs();
        bad(17, 1) = std::numeric_limits<float>::quiet_NaN();
        const auto nan = kMeans(bad, options, Progress());
        QVERIFY(!nan.ok());
        QVERIFY2(nan.status().message().contains(QStringLiteral("row 17")),
                 qPrintable(nan.status().message()));
        QVERIFY(!kMeans(VectorMatrix(0, 3), options, Progress()).ok());
        options.k = 0;
        QVERIFY(!kMeans(blobs(), options, Progress()).ok());
        Progress cancelled;
        cancelled.cancel();
        options.k = 3;
        QVERIFY(kMeans(blobs(), options, cancelled).status().isCancelled());
    }

    void textVectorsAreAMapSource() {
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        const auto before = loadSourceVectors(*store.value(), QStringLiteral("text"));
        QVERIFY(!before.ok());  // untrained: a reason, not a crash
        TextOptions options;
        options.sources = savedTextSources(*store.value());
        QVERIFY(trainText(*store.value(), options, Progress()).ok());
        const auto text = loadSourceVectors(*store.value(), QStringLiteral("text"));
        QVERIFY2(text.ok(), qPrintable(text.status().message()));
        const auto model = loadTextModel(*store.value());
        QCOMPARE(text->vectors.cols(), model->lsa.cols());
        QCOMPARE(text->vectors.rows(), Eigen::Index(model->size() - model->artistRows()));
        QCOMPARE(text->trackIds.size(), size_t(text->vectors.rows()));
        QVERIFY(text->vectors.rows() > 100);
        QCOMPARE(text->metric, MapMetric::Cosine);
        // Row r is the LSA row of track trackIds[r].
        const int last = model->size() - 1;
        QCOMPARE(text->trackIds.back(), model->entities[size_t(last)].id);
        QVERIFY(text->vectors.row(text->vectors.rows() - 1).isApprox(model->lsa.row(last)));
    }

    void cfScoresAreUserDotItem() {
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        const auto me = mapUser(*store.value());
        QVERIFY(me && me->isMe);
        QVERIFY(!cfUserScores(*store.value(), me->id).ok());  // no model yet
        AlsOptions als;
        als.factors = 16;
        QVERIFY(trainCf(*store.value(), als, InteractionOptions{}, Progress()).ok());
        const auto model = loadCfModel(*store.value());
        const auto scores = cfUserScores(*store.value(), me->id);
        QVERIFY2(scores.ok(), qPrintable(scores.status().message()));
        QCOMPARE(scores->size(), qsizetype(model->itemTrack.size()));
        if (!model->sessionRows) {
            Eigen::Index row = -1;
            for (size_t r = 0; r < model->rowUser.size(); ++r)
                if (model->rowUser[r] == me->id) row = Eigen::Index(r);
            QVERIFY(row >= 0);
            for (int i : {0, 7, int(model->itemTrack.size()) - 1}) {
                const float expected = model->userFactors.row(row).dot(model->itemFactors.row(i));
                QCOMPARE(scores->value(model->itemTrack[size_t(i)]), expected);
            }
        }
        // The tracks the user played most score above the median track.
        const QHash<Id, qint64> plays = userPlayCounts(*store.value(), me->id);
        QVERIFY(!plays.isEmpty());
        Id most = 0;
        for (auto it = plays.cbegin(); it != plays.cend(); ++it)
            if (!most || it.value() > plays.value(most)) most = it.key();
        std::vector<float> all;
        for (float s : *scores) all.push_back(s);
        std::nth_element(all.begin(), all.begin() + ptrdiff_t(all.size() / 2), all.end());
        QVERIFY(scores->value(most) > all[all.size() / 2]);
        qint64 listens = 0;
        store.value()->forEachListenOf(me->id, [&](const Listen&) {
            ++listens;
            return true;
        });
        qint64 summed = 0;
        for (qint64 p : plays) summed += p;
        QCOMPARE(summed, listens);
    }

    // Runs after the text and CF tests above trained both models (audio stays untrained).
    void blendIsTheWeightedCosineOfTheModels() {
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        const auto cf = loadSourceVectors(*store.value(), QStringLiteral("cf"));
        const auto text = loadSourceVectors(*store.value(), QStringLiteral("text"));
        QVERIFY(cf.ok() && text.ok());
        const auto blend = loadSourceVectors(*store.value(), QStringLiteral("blend"));
        QVERIFY2(blend.ok(), qPrintable(blend.status().message()));
        QCOMPARE(blend->metric, MapMetric::Cosine);
        // Audio has a weight but no model: cf and text share the blend by their default weights.
        const double wCf = defaultBlendWeights().at(QStringLiteral("cf"));
        const double wText = defaultBlendWeights().at(QStringLiteral("text"));
        QCOMPARE(blend->vectors.cols(), cf->vectors.cols() + text->vectors.cols());
        std::set<Id> tracks(cf->trackIds.begin(), cf->trackIds.end());
        tracks.insert(text->trackIds.begin(), text->trackIds.end());
        QCOMPARE(blend->trackIds.size(), tracks.size());
        const auto rowIn = [](const SourceVectors& v, Id track) {
            for (size_t r = 0; r < v.trackIds.size(); ++r)
                if (v.trackIds[r] == track) return Eigen::Index(r);
            return Eigen::Index(-1);
        };
        const auto cosine = [](const auto& a, const auto& b) {
            return double(a.dot(b)) / (double(a.norm()) * double(b.norm()));
        };
        int checked = 0;
        for (size_t i = 0; i + 1 < blend->trackIds.size() && checked < 20; i += 7) {
            const Id a = blend->trackIds[i], b = blend->trackIds[i + 1];
            const Eigen::Index ca = rowIn(*cf, a), cb = rowIn(*cf, b);
            const Eigen::Index ta = rowIn(*text, a), tb = rowIn(*text, b);
            if (ca < 0 || cb < 0 || ta < 0 || tb < 0) continue;
            const double expected =
                wCf / (wCf + wText) * cosine(cf->vectors.row(ca), cf->vectors.row(cb)) +
                wText / (wCf + wText) * cosine(text->vectors.row(ta), text->vectors.row(tb));
            const double got = double(
                blend->vectors.row(Eigen::Index(i)).dot(blend->vectors.row(Eigen::Index(i + 1))));
            QVERIFY2(std::abs(got - expected) < 1e-5, qPrintable(QString::number(got - expected)));
            QVERIFY(std::abs(blend->vectors.row(Eigen::Index(i)).squaredNorm() - 1.f) < 1e-5f);
            ++checked;
        }
        QVERIFY(checked >= 10);
        // Only untrained models weighted: a reason naming them.
        const auto audioOnly = blendSourceVectors(*store.value(), {{QStringLiteral("audio"), 1.0}});
        QVERIFY(!audioOnly.ok());
        QVERIFY(audioOnly.status().message().contains(QStringLiteral("audio")));
    }

    void genresFromTagsBeforeTruth() {
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        const GroundTruth truth = store.value()->groundTruth();
        QHash<Id, QString> genres = trackGenres(*store.value());
        QCOMPARE(genres.size(), qsizetype(truth.trackGenre.size()));
        const auto [track, genre] = truth.trackGenre.front();
        QCOMPARE(genres.value(track), truth.genreNames[size_t(genre)]);
        const std::vector<AudioFile> files = store.value()->files();
        const auto file = std::find_if(files.begin(), files.end(),
                                       [&](const AudioFile& f) { return f.trackId == track; });
        QVERIFY(file != files.end());
        QSqlQuery q(store.value()->database());
        QVERIFY(q.exec(QStringLiteral("INSERT OR REPLACE INTO file_tags(file_id, genre) VALUES "
                                      "(%1, 'Space Rock; Krautrock')")
                           .arg(file->id)));
        genres = trackGenres(*store.value());
        QCOMPARE(genres.value(track), QStringLiteral("Space Rock"));
    }

    void bookmarksRoundTrip() {
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        QVERIFY(mapBookmarkNames(*store.value()).isEmpty());
        const QJsonObject state{{QStringLiteral("source"), QStringLiteral("text")},
                                {QStringLiteral("scale"), 12.5},
                                {QStringLiteral("selected_track"), 42}};
        QVERIFY(saveMapBookmark(*store.value(), QStringLiteral(" Shoegaze corner "), state).isOk());
        QVERIFY(saveMapBookmark(*store.value(), QStringLiteral("All"), QJsonObject{}).isOk());
        QVERIFY(!saveMapBookmark(*store.value(), QStringLiteral("  "), state).isOk());
        QCOMPARE(mapBookmarkNames(*store.value()),
                 (QStringList{QStringLiteral("All"), QStringLiteral("Shoegaze corner")}));
        const auto loaded = loadMapBookmark(*store.value(), QStringLiteral("Shoegaze corner"));
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.value(), state);
        // Saving under the same name replaces it.
        QVERIFY(saveMapBookmark(*store.value(), QStringLiteral("All"), state).isOk());
        QCOMPARE(mapBookmarkNames(*store.value()).size(), 2);
        QCOMPARE(loadMapBookmark(*store.value(), QStringLiteral("All")).value(), state);
        const auto missing = loadMapBookmark(*store.value(), QStringLiteral("nope"));
        QVERIFY(!missing.ok());
        QVERIFY(missing.status().message().contains(QStringLiteral("'nope'")));
    }
};

QTEST_MAIN(MapsColouringTest)
#include "test_maps_colouring.moc"
