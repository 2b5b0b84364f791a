// The neighbour list and the map disagreement figures (core/maps/NearestTracks,
// core/maps/MapDisagreement): on the demo world the list is the exhaustive search's, ids and
// distances, for a cosine source (CF) and a Euclidean one (the sound descriptors); on a
// constructed pair of sources the neighbour overlap is the hand-counted one; a track a source
// has no vector for says why.
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "audio/ProjectAnalysis.h"
#include "cf/CfModel.h"
#include "demo/DemoWorld.h"
#include "maps/MapDisagreement.h"
#include "maps/NearestTracks.h"
#include "maps/VectorSources.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

// Every other track's distance to `track`, computed the plain way (double, row by row, the
// full list sorted by distance then id): the reference the list must equal.
std::vector<NearTrack> exhaustive(const SourceVectors& v, Id track, int k) {
    const auto at = std::find(v.trackIds.begin(), v.trackIds.end(), track);
    const Eigen::Index q = Eigen::Index(at - v.trackIds.begin());
    std::vector<NearTrack> all;
    for (Eigen::Index r = 0; r < v.vectors.rows(); ++r) {
        if (r == q) continue;
        double d = 0.0;
        if (v.metric == MapMetric::Cosine) {
            double dot = 0.0, a = 0.0, b = 0.0;
            for (Eigen::Index c = 0; c < v.vectors.cols(); ++c) {
                dot += double(v.vectors(q, c)) * double(v.vectors(r, c));
                a += double(v.vectors(q, c)) * double(v.vectors(q, c));
                b += double(v.vectors(r, c)) * double(v.vectors(r, c));
            }
            if (b == 0.0) continue;
            d = 1.0 - dot / (std::sqrt(a) * std::sqrt(b));
        } else {
            for (Eigen::Index c = 0; c < v.vectors.cols(); ++c) {
                const double diff = double(v.vectors(q, c)) - double(v.vectors(r, c));
                d += diff * diff;
            }
            d = std::sqrt(d);
        }
        all.push_back({v.trackIds[size_t(r)], d});
    }
    std::sort(all.begin(), all.end(), [](const NearTrack& x, const NearTrack& y) {
        return x.distance != y.distance ? x.distance < y.distance : x.trackId < y.trackId;
    });
    all.resize(std::min(all.size(), size_t(k)));
    return all;
}

std::shared_ptr<const SourceVectors> line(const QString& source,
                                          const std::vector<std::pair<Id, float>>& points) {
    auto v = std::make_shared<SourceVectors>();
    v->source = source;
    v->metric = MapMetric::Euclidean;
    v->vectors.resize(Eigen::Index(points.size()), 1);
    for (size_t i = 0; i < points.size(); ++i) {
        v->trackIds.push_back(points[i].first);
        v->vectors(Eigen::Index(i), 0) = points[i].second;
    }
    return v;
}

}  // namespace

class MapsNeighboursTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;

    void compareWithExhaustive(const SourceVectors& v, MapMetric metric) {
        QCOMPARE(v.metric, metric);
        const NeighbourSearch search(std::make_shared<const SourceVectors>(v));
        const int k = 10;
        int checked = 0;
        const size_t step = std::max<size_t>(1, v.trackIds.size() / 25);
        for (size_t i = 0; i < v.trackIds.size(); i += step) {
            const Id track = v.trackIds[i];
            const std::vector<NearTrack> got = search.nearest(track, k);
            const std::vector<NearTrack> want = exhaustive(v, track, k);
            QCOMPARE(int(got.size()), k);
            QCOMPARE(got.size(), want.size());
            for (size_t j = 0; j < want.size(); ++j) {
                QCOMPARE(got[j].trackId, want[j].trackId);
                QVERIFY2(std::abs(got[j].distance - want[j].distance) < 1e-12,
                         qPrintable(QStringLiteral("%1 vs %2")
                                        .arg(got[j].distance, 0, 'g', 17)
                                        .arg(want[j].distance, 0, 'g', 17)));
                if (j > 0) QVERIFY(got[j - 1].distance <= got[j].distance);
            }
            // The one-off function answers the same.
            const std::vector<NearTrack> once = nearestTracks(v, track, k);
            QCOMPARE(once.size(), got.size());
            for (size_t j = 0; j < got.size(); ++j) {
                QCOMPARE(once[j].trackId, got[j].trackId);
                QCOMPARE(once[j].distance, got[j].distance);
            }
            ++checked;
        }
        QVERIFY2(checked >= 25, qPrintable(QString::number(checked)));
        std::fprintf(stderr, "%s: %d queries of %zu tracks equal the exhaustive search\n",
                     qPrintable(v.source), checked, v.trackIds.size());
    }

private Q_SLOTS:
    void initTestCase() {
        DemoOptions o;
        o.outDir = dir_.filePath(QStringLiteral("world"));
        o.seed = 11;
        o.size = DemoSize::Small;
        const auto demo = generateDemo(o, Progress());
        QVERIFY2(demo.ok(), qPrintable(demo.status().message()));
        project_ = demo->projectPath;
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        const auto trained =
            trainCf(*store.value(), AlsOptions{}, InteractionOptions{}, Progress());
        QVERIFY2(trained.ok(), qPrintable(trained.status().message()));
        const auto analysed = audio::analyzeProject(
            *store.value(), analyzeOptions(readModelSettings(*store.value())), Progress());
        QVERIFY2(analysed.ok(), qPrintable(analysed.status().message()));
    }

    void listIsTheExhaustiveSearchCosine() {
        auto store = ProjectStore::open(project_);
        const auto cf = loadSourceVectors(*store.value(), QStringLiteral("cf"));
        QVERIFY2(cf.ok(), qPrintable(cf.status().message()));
        compareWithExhaustive(cf.value(), MapMetric::Cosine);
        QCOMPARE(distanceName(cf->metric), QStringLiteral("cosine distance"));
    }

    void listIsTheExhaustiveSearchEuclidean() {
        auto store = ProjectStore::open(project_);
        const auto sound = loadSourceVectors(*store.value(), QStringLiteral("sound"));
        QVERIFY2(sound.ok(), qPrintable(sound.status().message()));
        compareWithExhaustive(sound.value(), MapMetric::Euclidean);
        QCOMPARE(distanceName(sound->metric), QStringLiteral("Euclidean distance"));
    }

    void missingVectorsSayWhy() {
        auto store = ProjectStore::open(project_);
        ProjectStore& s = *store.value();
        const auto cf = loadSourceVectors(s, QStringLiteral("cf"));
        QVERIFY(cf.ok());
        // A track nobody played (the demo has some: its cold-start tracks).
        QSqlQuery q(s.database());
        QVERIFY(q.exec(QStringLiteral(
            "SELECT t.id FROM tracks t WHERE NOT EXISTS (SELECT 1 FROM listens l WHERE "
            "l.track_id = t.id) AND NOT EXISTS (SELECT 1 FROM play_counts p WHERE p.track_id = "
            "t.id) ORDER BY t.id LIMIT 1")));
        QVERIFY(q.next());
        const Id unplayed = q.value(0).toLongLong();
        const NeighbourSearch search(std::make_shared<const SourceVectors>(cf.value()));
        QVERIFY(!search.hasVector(unplayed));
        QVERIFY(search.nearest(unplayed, 5).empty());
        QCOMPARE(missingVectorReason(s, QStringLiteral("cf"), unplayed, &cf.value()),
                 QStringLiteral("No CF vector: nobody has played it."));
        // A source that is not trained says so, in the same form.
        const auto text = loadSourceVectors(s, QStringLiteral("text"));
        QVERIFY(!text.ok());
        QCOMPARE(missingVectorReason(s, QStringLiteral("text"), unplayed, nullptr,
                                     QStringLiteral("the text model is not trained yet")),
                 QStringLiteral("No text vector: the text model is not trained yet."));
    }

    void overlapOnAConstructedCase() {
        // Six tracks both sources have; 3 and 4 swap places between them. Track 7 only the
        // left has (at 1.9, beside 3), track 8 only the right (at 11.6, beside 5): neither may
        // take a neighbour's place, or track 5 would share none instead of one.
        const NeighbourSearch left(
            line(QStringLiteral("cf"),
                 {{1, 0.f}, {2, 1.f}, {3, 2.f}, {4, 10.f}, {5, 11.f}, {6, 12.f}, {7, 1.9f}}));
        const NeighbourSearch right(
            line(QStringLiteral("audio"),
                 {{1, 0.f}, {2, 1.f}, {4, 2.f}, {3, 10.f}, {5, 11.f}, {6, 12.f}, {8, 11.6f}}));
        const auto d = neighbourOverlap(left, right, {1, 2, 3, 4, 5, 6, 7, 8, 3}, 2);
        QVERIFY(d.ok());
        QCOMPARE(d->left, QStringLiteral("cf"));
        QCOMPARE(d->right, QStringLiteral("audio"));
        QCOMPARE(d->k, 2);
        QCOMPARE(d->commonTracks, 6);
        QCOMPARE(d->missing, (std::vector<Id>{7, 8}));
        // By hand (k = 2, common tracks only):
        //   1: left {2,3} right {2,4} -> 1    2: {1,3} {1,4} -> 1    3: {2,1} {5,6} -> 0
        //   4: {5,6} {2,1} -> 0              5: {4,6} {3,6} -> 1    6: {5,4} {5,3} -> 1
        const std::vector<std::pair<Id, int>> want{{3, 0}, {4, 0}, {1, 1}, {2, 1}, {5, 1}, {6, 1}};
        QCOMPARE(d->tracks.size(), want.size());
        for (size_t i = 0; i < want.size(); ++i) {
            QCOMPARE(d->tracks[i].trackId, want[i].first);
            QCOMPARE(d->tracks[i].shared, want[i].second);
            QCOMPARE(d->tracks[i].k, 2);
            QCOMPARE(d->tracks[i].overlap(), want[i].second / 2.0);
        }
        QCOMPARE(d->meanShared, 4.0 / 6.0);
        QCOMPARE(d->meanOverlap, 1.0 / 3.0);
        // k beyond the common tracks: every other common track is a neighbour on both sides.
        const auto all = neighbourOverlap(left, right, {1, 5}, 10);
        QVERIFY(all.ok());
        QCOMPARE(all->tracks.size(), size_t(2));
        for (const TrackOverlap& t : all->tracks) {
            QCOMPARE(t.k, 5);
            QCOMPARE(t.shared, 5);
        }
        QCOMPARE(all->meanOverlap, 1.0);
        // Cancelled: an error, not a partial answer.
        Progress cancelled;
        cancelled.cancel();
        QVERIFY(neighbourOverlap(left, right, {1}, 2, cancelled).status().isCancelled());
    }

    void searchTime() {
        // The figure that decides where the GUI runs a query: 100,000 tracks x 64 dimensions
        // (the benchmark map's size), cosine, k = 10. Printed, not asserted (machines differ).
        std::mt19937 rng(5);
        std::normal_distribution<float> normal;
        auto v = std::make_shared<SourceVectors>();
        v->source = QStringLiteral("cf");
        v->metric = MapMetric::Cosine;
        const int n = qEnvironmentVariableIntValue("TASTELAB_NEIGHBOUR_BENCH_N") > 0
                          ? qEnvironmentVariableIntValue("TASTELAB_NEIGHBOUR_BENCH_N")
                          : 100000;
        v->vectors.resize(n, 64);
        for (int r = 0; r < n; ++r) {
            v->trackIds.push_back(r + 1);
            for (int c = 0; c < 64; ++c) v->vectors(r, c) = normal(rng);
        }
        QElapsedTimer clock;
        clock.start();
        const NeighbourSearch search(v);
        const double prepare = clock.nsecsElapsed() / 1e6;
        clock.restart();
        const int queries = 20;
        for (int i = 0; i < queries; ++i)
            QCOMPARE(int(search.nearest(Id(1 + (i * 97) % n), 10).size()), 10);
        const double perQuery = clock.nsecsElapsed() / 1e6 / queries;
        // The disagreement view's default group: a track and its 10 nearest, each searched in
        // two sources of that size (here the same vectors twice, the cost is the same).
        const auto other = std::make_shared<SourceVectors>(*v);
        other->source = QStringLiteral("audio");
        const NeighbourSearch right(other);
        std::vector<Id> group{1};
        for (const NearTrack& t : search.nearest(1, 10)) group.push_back(t.trackId);
        clock.restart();
        const auto overlap = neighbourOverlap(search, right, group, 10);
        const double overlapMs = clock.nsecsElapsed() / 1e6;
        QVERIFY(overlap.ok());
        QCOMPARE(overlap->meanOverlap, 1.0);  // the same vectors agree with themselves
        std::fprintf(stderr,
                     "neighbour search, %d x 64 cosine: prepare %.1f ms, query %.2f ms; overlap of "
                     "a group of 11 in two sources: %.1f ms\n",
                     n, prepare, perQuery, overlapMs);
    }
};

QTEST_GUILESS_MAIN(MapsNeighboursTest)
#include "test_maps_neighbours.moc"
