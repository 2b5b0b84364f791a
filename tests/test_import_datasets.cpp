// Research data sets: Last.fm-1K scrobbles, Last.fm-360K artist play counts, the Echo Nest Taste
// Profile with the MSD track list. Detection by content, exact parsing (quotes are part of names,
// empty MBIDs), damaged rows counted and quoted, play counts stored without timestamps and
// idempotent on re-import, CF trained on a project that has only play counts, and an overlong
// line rejected without holding it.
#include <sys/resource.h>

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include "TestSupport.h"
#include "cf/CfModel.h"
#include "cf/Interactions.h"
#include "importers/HistoryFormat.h"
#include "importers/HistoryImporter.h"
#include "importers/HistoryParsers.h"
#include "importers/TextSource.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

struct Collected : RowSink {
    std::vector<RawListen> listens;
    std::vector<std::pair<RawListen, qint64>> counts;
    QStringList rejected;  // "line: reason"
    QStringList skipped;
    void listen(RawListen& row) override { listens.push_back(row); }
    void reject(qint64 line, const QString& reason) override {
        rejected << QStringLiteral("%1: %2").arg(line).arg(reason);
    }
    void skip(qint64 line, const QString& reason) override {
        skipped << QStringLiteral("%1: %2").arg(line).arg(reason);
    }
    void playCount(RawListen& row, qint64 plays) override { counts.push_back({row, plays}); }
};

using Parser = void (*)(TextSource&, const ParseOptions&, RowSink&);

Collected parseBytes(const QByteArray& bytes, Parser parser, const ParseOptions& options = {}) {
    Collected c;
    TextSource source;
    source.openBytes(bytes);
    parser(source, options, c);
    return c;
}

const QByteArray kOneK =
    "user_000001\t2009-05-04T23:08:57Z\tf1b1cf71-bd35-4e99-8624-24a6e15f133a\tDeep Dish\t\t"
    "Fuck Me Im Famous (Pacha Ibiza)-09-28-2007\n"
    "user_000001\t2009-05-04T13:54:10Z\ta7f7df4a-77d8-4f12-8acd-5c60c93f4de8\t坂本龍一\t\t"
    "Composition 0919 (Live_2009_4_15)\n"
    "user_000002\t2009-05-03T15:48:25Z\t\t\"Weird Al\" Yankovic\t"
    "3d1e0b1c-0000-4000-8000-000000000001\t\"Amish Paradise\n";

const QByteArray k360k =
    "00000c289a1829a808ac09c00daf10bc3c4e223b\t3bd73256-3905-4f3a-97e2-8b341527f805\t"
    "betty blowtorch\t2137\n"
    "00000c289a1829a808ac09c00daf10bc3c4e223b\tf2fb0ff0-5679-42ec-a55c-15109ce6e320\tdie Ärzte"
    "\t1099\n"
    "00001411dc427966b17297bf4d69e7e193135d89\t\tthe \"nuts\"\t23\n";

qint64 peakRssKiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

}  // namespace

class ImportDataSetsTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    int projects_ = 0;

    QString path(const QString& name) const { return dir_.filePath(name); }
    std::unique_ptr<ProjectStore> newProject() {
        auto created = ProjectStore::create(path(QStringLiteral("p%1.tastelab").arg(++projects_)));
        if (!created) qFatal("%s", qPrintable(created.status().message()));
        return std::move(created).value();
    }
    QString write(const QString& name, const QByteArray& bytes) {
        const QString p = path(name);
        QDir().mkpath(QFileInfo(p).absolutePath());
        if (!test::writeFile(p, bytes)) qFatal("cannot write %s", qPrintable(p));
        return p;
    }
    static ImportReport run(ProjectStore& store, const QStringList& paths,
                            qsizetype maxRecordBytes = 1 << 20) {
        ImportOptions options;
        options.paths = paths;
        options.maxRecordBytes = maxRecordBytes;
        auto result = importHistories(store, options, Progress());
        if (!result) qFatal("import failed: %s", qPrintable(result.status().message()));
        return std::move(result).value();
    }
    static std::map<QString, qint64> playsByArtist(ProjectStore& store) {
        std::map<QString, qint64> out;
        QSqlQuery q(store.database());
        q.exec(QStringLiteral(
            "SELECT a.name, sum(p.plays) FROM play_counts p JOIN tracks t ON t.id = p.track_id "
            "JOIN artists a ON a.id = t.artist_id GROUP BY a.name"));
        while (q.next()) out[q.value(0).toString()] = q.value(1).toLongLong();
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void detectsDataSetsByContent_data() {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QString>("format");
        QTest::newRow("1k") << kOneK << QStringLiteral("lastfm-1k-tsv");
        QTest::newRow("360k") << k360k << QStringLiteral("lastfm-360k-tsv");
        QTest::newRow("taste profile")
            << QByteArray("b80344d063b5ccb3212f76538f3d9e43d87dca9e\tSOAKIMP12A8C130995\t1\n")
            << QStringLiteral("echonest-taste-profile");
        QTest::newRow("msd track list")
            << QByteArray(
                   "TRMMMYQ128F932D901<SEP>SOQMMHC12AB0180CB8<SEP>Faster Pussy cat<SEP>"
                   "Baby Come Home\n")
            << QStringLiteral("msd-track-list");
        // A damaged first line does not hide the format of the rest.
        QTest::newRow("1k after a damaged line")
            << QByteArray("user_000001\tgarbage\n") + kOneK << QStringLiteral("lastfm-1k-tsv");
        QTest::newRow("tab-separated, but something else")
            << QByteArray("name\tage\nAda\tthirty-six\n") << QStringLiteral("unknown");
    }
    void detectsDataSetsByContent() {
        QFETCH(QByteArray, head);
        QFETCH(QString, format);
        // Whatever the file is called: the research files have names like "data.txt".
        QCOMPARE(formatName(detectFormat(QStringLiteral("data.txt"), head).format), format);
    }

    void parsesLastfm1k() {
        const Collected c = parseBytes(kOneK, parseLastfm1k);
        QCOMPARE(c.rejected, QStringList());
        QCOMPARE(c.listens.size(), size_t(3));
        const RawListen& a = c.listens[0];
        QCOMPARE(a.user, QStringLiteral("user_000001"));
        QCOMPARE(a.endedAt, qint64(1241478537));  // 2009-05-04T23:08:57Z
        QCOMPARE(a.artist, QStringLiteral("Deep Dish"));
        QCOMPARE(a.artistMbid, QStringLiteral("f1b1cf71-bd35-4e99-8624-24a6e15f133a"));
        QCOMPARE(a.recordingMbid, QString());
        QCOMPARE(a.title, QStringLiteral("Fuck Me Im Famous (Pacha Ibiza)-09-28-2007"));
        QCOMPARE(c.listens[1].artist, QStringLiteral("坂本龍一"));
        // No quoting: quotes are part of the names, even an unbalanced one.
        const RawListen& q = c.listens[2];
        QCOMPARE(q.artist, QStringLiteral("\"Weird Al\" Yankovic"));
        QCOMPARE(q.title, QStringLiteral("\"Amish Paradise"));
        QCOMPARE(q.artistMbid, QString());
        QCOMPARE(q.recordingMbid, QStringLiteral("3d1e0b1c-0000-4000-8000-000000000001"));
        QCOMPARE(q.line, qint64(3));
    }

    void rejectsDamagedLastfm1kRows() {
        const QByteArray bytes =
            "u1\t2009-05-04T23:08:57Z\t\tA\t\tB\n"
            "u1\t2009-05-04T23:08:57Z\t\tA\n"              // too few columns
            "u1\t04/05/2009 23:08\t\tA\t\tB\n"             // a time in another format
            "u1\t1970-01-01T00:00:00Z\t\tA\t\tB\n"         // Last.fm's lost time
            "u1\t2009-05-04T23:09:57Z\t\t\t\tB\n"          // no artist
            "u1\t2009-05-04T23:10:57Z\t\tA\t\tB\textra\n"  // too many
            "\n"                                           // blank lines are nothing
            "u1\t2009-05-04T23:11:57Z\t\tA\t\tC\r\n";      // CRLF
        const Collected c = parseBytes(bytes, parseLastfm1k);
        QCOMPARE(c.listens.size(), size_t(2));
        QCOMPARE(c.listens[1].title, QStringLiteral("C"));
        QCOMPARE(c.listens[1].line, qint64(8));
        QCOMPARE(c.rejected.size(), 5);
        QVERIFY2(c.rejected[0].startsWith(QStringLiteral(
                     "2: expected 6 tab-separated columns (user, time, artist MBID, artist, "
                     "track MBID, track), found 4")),
                 qPrintable(c.rejected[0]));
        QVERIFY(c.rejected[1].startsWith(QStringLiteral("3: unrecognised time '04/05/2009")));
        QVERIFY(c.rejected[2].startsWith(QStringLiteral("4: unrecognised time")));
        QCOMPARE(c.rejected[3], QStringLiteral("5: no user, artist or track name"));
        QVERIFY(c.rejected[4].startsWith(QStringLiteral("6: expected 6")));
        QVERIFY(c.rejected[4].endsWith(QStringLiteral("found 7")));
    }

    void parsesPlayCounts() {
        const Collected c = parseBytes(k360k + "u2\t\tA\tmany\nu2\t\tB\n", parseLastfm360k);
        QCOMPARE(c.counts.size(), size_t(3));
        QCOMPARE(c.counts[0].first.artist, QStringLiteral("betty blowtorch"));
        QCOMPARE(c.counts[0].first.artistMbid,
                 QStringLiteral("3bd73256-3905-4f3a-97e2-8b341527f805"));
        QCOMPARE(c.counts[0].first.title, QString::fromLatin1(kWholeArtistTitle));
        QVERIFY(c.counts[0].first.wholeArtist);
        QCOMPARE(c.counts[0].second, qint64(2137));
        QCOMPARE(c.counts[2].first.artist, QStringLiteral("the \"nuts\""));
        QCOMPARE(c.counts[2].second, qint64(23));
        QCOMPARE(c.rejected,
                 QStringList({QStringLiteral("4: plays 'many' is not a whole number"),
                              QStringLiteral("5: expected 4 tab-separated columns (user, artist "
                                             "MBID, artist, plays), found 3")}));

        const Collected t =
            parseBytes("u1\tSOAKIMP12A8C130995\t3\nu1\tSOUNKNOWN00000000\t0\nu1\tSOX\t-2\n",
                       parseTasteProfile);
        QCOMPARE(t.counts.size(), size_t(1));
        QCOMPARE(t.counts[0].first.artist, QString::fromLatin1(kUnknownArtistName));
        QCOMPARE(t.counts[0].first.title, QStringLiteral("SOAKIMP12A8C130995"));
        QCOMPARE(t.skipped, QStringList({QStringLiteral("2: zero plays")}));
        QCOMPARE(t.rejected, QStringList({QStringLiteral("3: plays '-2' is not a whole number")}));
    }

    void importsLastfm1kIdempotently() {
        auto store = newProject();
        const QString file = write(QStringLiteral("1k/userid-timestamp-artid-artname-traid-"
                                                  "traname.tsv"),
                                   kOneK + "user_000002\tnot a time\t\tA\t\tB\n");
        const ImportReport r = run(*store, {file});
        QCOMPARE(r.files.size(), size_t(1));
        QCOMPARE(r.files[0].format, QStringLiteral("lastfm-1k-tsv"));
        QCOMPARE(r.totals.listensImported, qint64(3));
        QCOMPARE(r.totals.rowsRejected, qint64(1));
        QCOMPARE(r.problems[0].file, file);
        QCOMPARE(r.problems[0].line, qint64(4));
        QCOMPARE(r.usersAdded, qint64(2));
        QCOMPARE(r.artistsAdded, qint64(3));
        QCOMPARE(r.tracksAdded, qint64(3));
        QVERIFY(r.anythingValid());
        const ImportReport again = run(*store, {file});
        QCOMPARE(again.totals.listensImported, qint64(0));
        QCOMPARE(again.totals.listensDuplicate, qint64(3));
        QCOMPARE(store->counts().listens, qint64(3));
    }

    void storesArtistPlayCountsAsWholeArtistTracks() {
        auto store = newProject();
        // The same artist twice for one user (two spellings that resolve to one entity) sums.
        const QString file =
            write(QStringLiteral("360k/usersha1-artmbid-artname-plays.tsv"),
                  k360k + "00001411dc427966b17297bf4d69e7e193135d89\t\tThe \"Nuts\"\t7\n");
        const ImportReport r = run(*store, {file});
        QCOMPARE(r.files[0].format, QStringLiteral("lastfm-360k-tsv"));
        QCOMPARE(r.totals.listensImported, qint64(0));
        QCOMPARE(r.totals.playCountsImported, qint64(3));
        QCOMPARE(r.usersAdded, qint64(2));
        QVERIFY(r.anythingValid());
        QVERIFY(r.toJson().contains(QStringLiteral("play_counts_imported")));
        QCOMPARE(store->counts().playCounts, qint64(3));
        std::map<QString, qint64> plays = playsByArtist(*store);
        QCOMPARE(plays[QStringLiteral("betty blowtorch")], qint64(2137));
        QCOMPARE(plays[QStringLiteral("die Ärzte")], qint64(1099));
        QCOMPARE(plays[QStringLiteral("the \"nuts\"")], qint64(30));
        QCOMPARE(store->wholeArtistTracks().size(), size_t(3));
        for (const Track& t : store->tracks())
            QCOMPARE(t.title, QString::fromLatin1(kWholeArtistTitle));

        // Again: the counts are replaced by the same numbers, not added.
        const ImportReport again = run(*store, {file});
        QCOMPARE(again.usersAdded, qint64(0));
        QCOMPARE(playsByArtist(*store), plays);
        QCOMPARE(store->counts().tracks, qint64(3));
    }

    void namesTasteProfileSongsFromTheTrackList() {
        // In a folder the triplets sort before unique_tracks.txt: the list is read first anyway.
        write(QStringLiteral("msd/train_triplets.txt"),
              "b80344d063b5ccb3212f76538f3d9e43d87dca9e\tSOAKIMP12A8C130995\t1\n"
              "b80344d063b5ccb3212f76538f3d9e43d87dca9e\tSOAPDEY12A81C210A9\t5\n"
              "85c1f87fea955d09b4bec2e36aee110927aedf9a\tSOAKIMP12A8C130995\t2\n"
              "85c1f87fea955d09b4bec2e36aee110927aedf9a\tSONOTINLIST0000000\t4\n");
        write(QStringLiteral("msd/unique_tracks.txt"),
              "TRMMMKD128F425225D<SEP>SOAKIMP12A8C130995<SEP>The Casualties<SEP>Pretty Little "
              "Ugly\n"
              "TRMMMRX128F93187D9<SEP>SOAPDEY12A81C210A9<SEP>Sigur Rós<SEP>Hoppípolla\n"
              "TRMMMDUPLICATE0000<SEP>SOAPDEY12A81C210A9<SEP>Someone Else<SEP>Other\n"
              "TRBROKEN<SEP>only two\n");
        auto store = newProject();
        const ImportReport r = run(*store, {path(QStringLiteral("msd"))});
        QCOMPARE(r.files.size(), size_t(2));
        QCOMPARE(r.files[0].format, QStringLiteral("msd-track-list"));
        QCOMPARE(r.files[0].counts.rowsRejected, qint64(1));
        QCOMPARE(r.files[1].format, QStringLiteral("echonest-taste-profile"));
        QCOMPARE(r.totals.playCountsImported, qint64(4));
        QCOMPARE(r.problems[0].line, qint64(4));
        QVERIFY(r.problems[0].file.endsWith(QStringLiteral("unique_tracks.txt")));
        const std::map<QString, qint64> plays = playsByArtist(*store);
        QCOMPARE(plays.at(QStringLiteral("The Casualties")), qint64(3));
        QCOMPARE(plays.at(QStringLiteral("Sigur Rós")), qint64(5));
        QCOMPARE(plays.at(QString::fromLatin1(kUnknownArtistName)), qint64(4));
        QCOMPARE(plays.count(QStringLiteral("Someone Else")), size_t(0));
        QVERIFY(store->wholeArtistTracks().empty());
    }

    void playCountsAreInteractionStrengths() {
        std::vector<Listen> listens;
        listens.push_back({1, 10, 1600000000, 0, false, 1});
        Listen counted;
        counted.userId = 2;
        counted.trackId = 10;
        counted.count = 7;
        listens.push_back(counted);
        counted.trackId = 11;
        counted.count = 2;
        listens.push_back(counted);
        const Interactions in = buildInteractions(listens, InteractionOptions{});
        QVERIFY(!in.sessionRows);
        QCOMPARE(in.userItems.rows, 2);
        QCOMPARE(in.userItems.cols, 2);
        QCOMPARE(in.userItems.values, (std::vector<float>{1.f, 7.f, 2.f}));
        // A time split keeps counts in the training side: they are history before any week.
        InteractionOptions before;
        before.before = 1500000000;
        QCOMPARE(buildInteractions(listens, before).listensCounted, qint64(2));
    }

    void trainsCfOnAProjectWithOnlyPlayCounts() {
        // Two taste groups of 30 users each over 20 artists: group A plays artists 0-9, group B
        // artists 10-19 (seeded). CF trained on play counts alone must keep the groups apart.
        std::mt19937_64 rng(7);
        QByteArray tsv;
        for (int u = 0; u < 60; ++u) {
            const int group = u < 30 ? 0 : 10;
            for (int k = 0; k < 6; ++k) {
                const int artist = group + int(rng() % 10);
                tsv += QByteArray::number(u).rightJustified(40, '0') + "\t\tartist " +
                       QByteArray::number(artist) + '\t' + QByteArray::number(1 + rng() % 50) +
                       '\n';
            }
        }
        auto store = newProject();
        const ImportReport r = run(*store, {write(QStringLiteral("cf/plays.tsv"), tsv)});
        QCOMPARE(r.files[0].format, QStringLiteral("lastfm-360k-tsv"));
        QCOMPARE(r.usersAdded, qint64(60));
        QCOMPARE(r.artistsAdded, qint64(20));

        AlsOptions als;
        als.factors = 8;
        als.iterations = 10;
        als.threads = 1;
        const auto report = trainCf(*store, als, InteractionOptions{}, Progress());
        QVERIFY2(report, qPrintable(report.status().message()));
        QCOMPARE(report->rows, 60);
        QCOMPARE(report->items, 20);
        QCOMPARE(report->nonZeros, store->counts().playCounts);
        QCOMPARE(report->listensCounted, store->counts().playCounts);
        QVERIFY(!report->sessionRows);

        const auto model = loadCfModel(*store);
        QVERIFY(model);
        std::map<Id, int> group;  // track -> 0 or 10 by its artist's name
        for (const Artist& a : store->artists())
            for (const Track& t : store->tracks())
                if (t.artistId == a.id) group[t.id] = a.name.mid(7).toInt() < 10 ? 0 : 10;
        ImplicitAls query(model->als);
        query.setFactors(model->userFactors, model->itemFactors);
        query.prepareForQueries();
        int same = 0, total = 0;
        for (int item = 0; item < int(model->itemTrack.size()); ++item) {
            for (const ScoredItem& s : query.similarItems(item, 3)) {
                ++total;
                same += group[model->itemTrack[size_t(item)]] ==
                        group[model->itemTrack[size_t(s.item)]];
            }
        }
        QCOMPARE(total, 60);
        QVERIFY2(same >= 54,
                 qPrintable(QStringLiteral("%1 of 60 neighbours in the same group").arg(same)));
    }

    void rejectsAHugeLineWithoutHoldingIt() {
        // A 256 MB line (a "1 GB line" with the limit scaled down): rejected, the rows around
        // it imported, and the import's peak memory stays far below the line's size.
        const QString file = path(QStringLiteral("huge/userid-timestamp.tsv"));
        QDir().mkpath(QFileInfo(file).absolutePath());
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("u1\t2009-05-04T23:08:57Z\t\tA\t\tB\nu1\t2009-05-04T23:09:57Z\t\tA\t");
            const QByteArray block(1 << 20, 'x');
            for (int i = 0; i < 256; ++i) f.write(block);
            f.write("\nu1\t2009-05-04T23:10:57Z\t\tA\t\tC\n");
        }
        auto store = newProject();
        const qint64 before = peakRssKiB();
        const ImportReport r = run(*store, {file}, 64 * 1024);
        const qint64 grown = peakRssKiB() - before;
        QCOMPARE(r.totals.listensImported, qint64(2));
        QCOMPARE(r.totals.rowsRejected, qint64(1));
        QCOMPARE(r.problems[0].line, qint64(2));
        QCOMPARE(r.problems[0].reason, QStringLiteral("line longer than 64 KiB; skipped"));
        QVERIFY2(grown < 64 * 1024, qPrintable(QStringLiteral("peak grew by %1 KiB").arg(grown)));
        QFile::remove(file);
    }
};

QTEST_GUILESS_MAIN(ImportDataSetsTest)
#include "test_import_datasets.moc"
