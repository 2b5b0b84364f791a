// The CF matrix read straight from the store (loadInteractions) against the one built from every
// listen held in memory (buildInteractions(loadListens())): the same entries, bit for bit, under
// every way of counting plays; and train cf, which now reads it that way, stores the very model
// (same bytes) that fitting the old matrix with the same seed gives (issue 21: 5 M listens
// trained in under 1 GB).
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <random>

#include "cf/CfModel.h"
#include "cf/Interactions.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

// A project with what makes counting differ: repeats of a pair, short plays, skips, plays of
// unknown length, play counts (zero ones too) beside listens of the same pair, a user whose
// every play is short and a track only ever skipped.
std::unique_ptr<ProjectStore> makeProject(const QString& path, int users, std::uint64_t seed) {
    auto created = ProjectStore::create(path);
    if (!created) return nullptr;
    std::unique_ptr<ProjectStore> store = std::move(created).value();
    ProjectStore::Transaction tx(*store);
    Artist artist{0, QStringLiteral("Artist"), {}};
    if (!store->addArtist(artist).isOk()) return nullptr;
    std::vector<Id> tracks;
    for (int t = 0; t < 40; ++t) {
        Track track;
        track.artistId = artist.id;
        track.title = QStringLiteral("Track %1").arg(t);
        if (!store->addTrack(track).isOk()) return nullptr;
        tracks.push_back(track.id);
    }
    std::mt19937_64 rng(seed);
    std::vector<PlayCount> counts;
    for (int u = 0; u < users; ++u) {
        User user{0, QStringLiteral("user %1").arg(u), false};
        if (!store->addUser(user).isOk()) return nullptr;
        const bool allShort = u == 2;  // and no play counts
        qint64 time = 1'600'000'000 + qint64(u) * 7;
        for (int i = 0; i < 250; ++i) {
            time += 30 + qint64(rng() % 4000);
            Listen l;
            l.userId = user.id;
            // Skewed towards the first tracks, so pairs repeat; the last track is only skipped.
            const double x = double(rng() % 10000) / 10000.0;
            l.trackId = tracks[size_t(38.0 * x * x * x)];
            l.endedAt = time;
            const int kind = int(rng() % 4);
            l.msPlayed = kind == 0   ? 0
                         : kind == 1 ? int(rng() % 30000)
                                     : 30000 + int(rng() % 400000);
            if (allShort) l.msPlayed = 1000 + int(rng() % 20000);
            l.skipped = rng() % 10 == 0;
            if (!store->addListen(l).isOk()) return nullptr;
        }
        Listen skipped{user.id, tracks.back(), time + 100, 200000, true};
        if (!store->addListen(skipped).isOk()) return nullptr;
        if (u % 2 == 1)
            for (int t = 0; t < 40; t += 3)
                counts.push_back({user.id, tracks[size_t(t)], qint64(rng() % 5)});  // 0 too
    }
    if (!counts.empty() && !store->addPlayCounts(counts.data(), counts.size(), false).isOk())
        return nullptr;
    if (!tx.commit().isOk()) return nullptr;
    return store;
}

InteractionOptions variant(int i) {
    InteractionOptions o;
    switch (i) {
        case 1:
            o.strength = InteractionOptions::Strength::PlayMinutes;
            break;
        case 2:
            o.shortPlays = InteractionOptions::ShortPlays::Drop;
            break;
        case 3:
            o.before = 1'600'000'000 + 250 * 1500;  // about half of the listens
            break;
        case 4:
            o.weakWeight = 0.3f;
            o.skipsAreShort = false;
            o.strength = InteractionOptions::Strength::PlayMinutes;
            break;
        case 5:
            o.rows = InteractionOptions::Rows::Users;
            o.shortPlays = InteractionOptions::ShortPlays::Drop;
            o.strength = InteractionOptions::Strength::PlayMinutes;
            break;
        case 6:
            o.rows = InteractionOptions::Rows::Sessions;
            break;
        default:
            break;
    }
    return o;
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

class CfInteractionsTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::unique_ptr<ProjectStore> six_;  // six listeners

    void expectSame(const Interactions& streamed, const Interactions& held) {
        QCOMPARE(streamed.userItems.rows, held.userItems.rows);
        QCOMPARE(streamed.userItems.cols, held.userItems.cols);
        QCOMPARE(streamed.userItems.nonZeros(), held.userItems.nonZeros());
        QVERIFY(streamed.userItems.rowStart == held.userItems.rowStart);
        QVERIFY(streamed.userItems.colIndex == held.userItems.colIndex);
        QVERIFY(sameBits(streamed.userItems.values, held.userItems.values));
        QVERIFY(streamed.rowUser == held.rowUser);
        QVERIFY(streamed.itemTrack == held.itemTrack);
        QCOMPARE(streamed.sessionRows, held.sessionRows);
        QCOMPARE(streamed.listensCounted, held.listensCounted);
        QCOMPARE(streamed.listensDropped, held.listensDropped);
        QVERIFY(streamed.trackColumn == held.trackColumn);
        QVERIFY(streamed.userRow == held.userRow);
    }

private Q_SLOTS:
    void initTestCase() {
        six_ = makeProject(dir_.filePath(QStringLiteral("six.tastelab")), 6, 21);
        QVERIFY(six_);
    }
    void cleanupTestCase() { six_.reset(); }

    void streamedMatrixEqualsTheOneFromHeldListens_data() {
        QTest::addColumn<int>("options");
        for (int i = 0; i <= 6; ++i) QTest::newRow(qPrintable(QString::number(i))) << i;
    }

    void streamedMatrixEqualsTheOneFromHeldListens() {
        QFETCH(int, options);
        ProjectStore* store = six_.get();
        const InteractionOptions o = variant(options);
        const auto listens = loadListens(*store, Progress());
        QVERIFY(listens.ok());
        const Interactions held = buildInteractions(listens.value(), o);
        const auto streamed = loadInteractions(*store, o, Progress());
        QVERIFY2(streamed.ok(), qPrintable(streamed.status().message()));
        expectSame(streamed.value(), held);

        // The project is what it should be for the comparison to mean something.
        QVERIFY(listens->size() > size_t(6 * 251));  // and play counts
        QVERIFY(held.userItems.nonZeros() > 100);
        QVERIFY(held.userItems.nonZeros() < held.listensCounted);  // pairs repeat
        if (options == 0) {
            QCOMPARE(held.userItems.rows, 6);
            QCOMPARE(held.listensDropped, qint64(0));
            // Play counts of 0 are no evidence: 3 users x 14 counts, minus the zero ones.
            QVERIFY(held.listensCounted > 6 * 251 && held.listensCounted < 6 * 251 + 42);
            // Short and skipped plays count 0.2: some entries are not whole numbers.
            QVERIFY(std::any_of(held.userItems.values.begin(), held.userItems.values.end(),
                                [](float v) { return v != float(int(v)); }));
        }
        if (options == 2) {
            QVERIFY(held.listensDropped > 0);
            QCOMPARE(held.rowOf(store->users()[2].id), -1);  // every play of hers was short
        }
        if (options == 6) QVERIFY(held.sessionRows);
    }

    void oneListenerFallsBackToSessions() {
        auto store = makeProject(dir_.filePath(QStringLiteral("one.tastelab")), 1, 5);
        QVERIFY(store);
        const auto listens = loadListens(*store, Progress());
        QVERIFY(listens.ok());
        const Interactions held = buildInteractions(listens.value(), InteractionOptions{});
        QVERIFY(held.sessionRows);
        QVERIFY(held.userItems.rows > 1);
        const auto streamed = loadInteractions(*store, InteractionOptions{}, Progress());
        QVERIFY(streamed.ok());
        expectSame(streamed.value(), held);
    }

    void streamedFingerprintEqualsTheOneFromHeldListens() {
        auto store = makeProject(dir_.filePath(QStringLiteral("print.tastelab")), 4, 9);
        QVERIFY(store);
        const auto listens = loadListens(*store, Progress());
        QVERIFY(listens.ok());
        AlsOptions als;
        als.factors = 12;
        for (int i = 0; i <= 6; ++i) {
            const auto streamed = cfFingerprint(*store, als, variant(i), Progress());
            QVERIFY(streamed.ok());
            QCOMPARE(streamed.value(), cfFingerprint(listens.value(), als, variant(i)));
            QCOMPARE(streamed.value().size(), 32);  // SHA-256
        }
        QVERIFY(cfFingerprint(*store, als, variant(0), Progress()).value() !=
                cfFingerprint(*store, als, variant(1), Progress()).value());
    }

    // train cf no longer holds the listens or a copy of the factors; the stored model must be
    // the one the old path stored: ALS on buildInteractions(loadListens()), same seed.
    void trainCfStoresTheModelTheHeldMatrixGives() {
        auto store = makeProject(dir_.filePath(QStringLiteral("train.tastelab")), 6, 33);
        QVERIFY(store);
        AlsOptions als;
        als.factors = 8;
        als.iterations = 4;
        als.seed = 1234;
        InteractionOptions io;
        io.strength = InteractionOptions::Strength::PlayMinutes;

        const auto listens = loadListens(*store, Progress());
        QVERIFY(listens.ok());
        const Interactions in = buildInteractions(listens.value(), io);
        ImplicitAls reference(als);
        QVERIFY(reference.fit(in.userItems, Progress()).isOk());
        const QByteArray expected = cfModelFrom(reference, in, als, io).serialise();

        const auto report = trainCf(*store, als, io, Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        QVERIFY(!report->reused);
        QCOMPARE(report->rows, in.userItems.rows);
        QCOMPARE(report->items, in.userItems.cols);
        QCOMPARE(report->nonZeros, in.userItems.nonZeros());
        QCOMPARE(report->listensCounted, in.listensCounted);
        QCOMPARE(report->loss, reference.loss(in.userItems));
        const auto stored = store->result(QStringLiteral("cf.als"), QStringLiteral("model"));
        QVERIFY(stored);
        QCOMPARE(stored->data.size(), expected.size());
        QVERIFY(stored->data == expected);  // every factor, bit for bit
        QCOMPARE(stored->fingerprint, cfFingerprint(listens.value(), als, io));
        const auto model = loadCfModel(*store);
        QVERIFY(model.ok());
        QVERIFY(model->itemFactors == reference.itemFactors());
        QVERIFY(model->userFactors == reference.userFactors());
        QVERIFY(model->itemTrack == in.itemTrack);
        QVERIFY(model->rowUser == in.rowUser);

        // Unchanged inputs: the stored model is reused, as before.
        const auto again = trainCf(*store, als, io, Progress());
        QVERIFY(again.ok());
        QVERIFY(again->reused);
        QCOMPARE(again->loss, report->loss);
        QCOMPARE(again->nonZeros, report->nonZeros);
    }
};

QTEST_GUILESS_MAIN(CfInteractionsTest)
#include "test_cf_interactions.moc"
