// A bulk import (a load larger than what the project holds: secondary indexes dropped and built
// once at the end, foreign-key checks off for its transaction, names resolved through 128-bit
// keys) gives exactly what row-by-row imports give: the same users, artists, tracks and listens
// (counted independently of the importer from the generated rows), the same indexes as a fresh
// project's schema, a consistent database, and an incremental second import (indexes kept) that
// ends where one import of both files does. A cancelled bulk import leaves the indexes in place.
#include <QFile>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>
#include <random>
#include <set>
#include <tuple>

#include "TestSupport.h"
#include "importers/HistoryImporter.h"
#include "importers/RawKeyCache.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

// Rows in the Last.fm-1K shape, with what the catalog must make of them alongside.
struct Generated {
    QByteArray tsv;
    std::set<int> artists;                           // artist numbers
    std::set<int> tracks;                            // track numbers
    std::set<int> users;                             // user numbers
    std::set<std::tuple<int, int, qint64>> listens;  // (user, track, time)
};

QByteArray isoUtc(qint64 t) {
    return QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate).toLatin1();
}

// Track t is by artist t % 97; every 5th artist and every 7th track has no MBID. Names are
// distinct after normalisation, so the entities are exactly the numbers used. A row repeats
// now and then (a duplicate within the file).
void generate(Generated& g, int rows, int users, int tracks, int firstUser, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (int i = 0; i < rows; ++i) {
        const int user = firstUser + int(rng() % std::uint64_t(users));
        const int track = int(rng() % std::uint64_t(tracks));
        const int artist = track % 97;
        const qint64 t = 1241478537 - qint64(rng() % 5000000);
        QByteArray line =
            "user_" + QByteArray::number(user).rightJustified(6, '0') + '\t' + isoUtc(t) + '\t';
        if (artist % 5 != 0)
            line += "a0000000-0000-4000-8000-" + QByteArray::number(artist).rightJustified(12, '0');
        line += "\tBand Number " + QByteArray::number(artist) + '\t';
        if (track % 7 != 0)
            line += "b0000000-0000-4000-8000-" + QByteArray::number(track).rightJustified(12, '0');
        line += "\tSong Number " + QByteArray::number(track) + '\n';
        g.tsv += line;
        if (i % 50 == 0) g.tsv += line;
        g.users.insert(user);
        g.artists.insert(artist);
        g.tracks.insert(track);
        g.listens.insert({user, track, t});
    }
}

// Every index of the project as (table, name, unique, origin, partial, sql): what PRAGMA
// index_list and the schema say.
QStringList indexSet(ProjectStore& store) {
    QStringList out;
    QSqlQuery tables(store.database());
    tables.exec(
        QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
    QStringList names;
    while (tables.next()) names << tables.value(0).toString();
    for (const QString& table : names) {
        QSqlQuery q(store.database());
        q.exec(QStringLiteral("PRAGMA index_list(\"%1\")").arg(table));
        while (q.next()) {
            const QString index = q.value(1).toString();
            QSqlQuery sql(store.database());
            sql.prepare(
                QStringLiteral("SELECT coalesce(sql, '') FROM sqlite_master WHERE name = ?"));
            sql.addBindValue(index);
            sql.exec();
            out << QStringLiteral("%1 %2 unique=%3 origin=%4 partial=%5 %6")
                       .arg(table, index, q.value(2).toString(), q.value(3).toString(),
                            q.value(4).toString(),
                            sql.next() ? sql.value(0).toString() : QString());
        }
    }
    out.sort();
    return out;
}

QStringList rows(ProjectStore& store, const QString& sql) {
    QStringList out;
    QSqlQuery q(store.database());
    q.setForwardOnly(true);
    if (!q.exec(sql)) return {QStringLiteral("failed: ") + sql};
    const int columns = q.record().count();
    while (q.next()) {
        QStringList fields;
        for (int c = 0; c < columns; ++c) fields << q.value(c).toString();
        out << fields.join(QLatin1Char('|'));
    }
    return out;
}

}  // namespace

class ImportBulkTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = dir_.filePath(name);
        if (!test::writeFile(path, bytes)) qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    std::unique_ptr<ProjectStore> newProject(const QString& name) {
        auto store = ProjectStore::create(dir_.filePath(name));
        if (!store) qFatal("%s", qPrintable(store.status().message()));
        return std::move(store.value());
    }
    static ImportReport run(ProjectStore& store, const QStringList& paths,
                            const Progress& progress = Progress()) {
        ImportOptions options;
        options.paths = paths;
        auto r = importHistories(store, options, progress);
        if (!r) qFatal("%s", qPrintable(r.status().message()));
        return r.value();
    }
    static void checkConsistent(ProjectStore& store, const QStringList& schemaIndexes) {
        QCOMPARE(indexSet(store), schemaIndexes);
        QCOMPARE(rows(store, QStringLiteral("PRAGMA integrity_check")),
                 QStringList{QStringLiteral("ok")});
        QCOMPARE(rows(store, QStringLiteral("PRAGMA foreign_key_check")), QStringList());
        // Checks are back on for whatever the connection does next.
        QCOMPARE(rows(store, QStringLiteral("PRAGMA foreign_keys")),
                 QStringList{QStringLiteral("1")});
    }

private Q_SLOTS:
    void rawKeysTellFieldsApart() {
        // The field boundary is part of the key: ("ab", "c") is not ("a", "bc").
        QVERIFY(!(RawKey().add(QStringLiteral("ab")).add(QStringLiteral("c")) ==
                  RawKey().add(QStringLiteral("a")).add(QStringLiteral("bc"))));
        QVERIFY(!(RawKey().add(QString()).add(QStringLiteral("x")) ==
                  RawKey().add(QStringLiteral("x")).add(QString())));
        QVERIFY(RawKey().add(qint64(7)).add(QStringLiteral("Song")) ==
                RawKey().add(qint64(7)).add(QStringLiteral("Song")));
        QVERIFY(TextKey(QString()) == QStringLiteral(""));
        QVERIFY(TextKey().isEmpty());
        QVERIFY(!(TextKey(QStringLiteral("Song")) == QStringLiteral("song")));
        RawKeyCache cache;
        for (qint64 i = 1; i <= 100000; ++i) cache.insert(RawKey().add(i), i);
        QCOMPARE(cache.size(), std::size_t(100000));
        for (qint64 i = 1; i <= 100000; ++i) QCOMPARE(cache.find(RawKey().add(i)), i);
        QCOMPARE(cache.find(RawKey().add(qint64(0))), qint64(0));
        QVERIFY(!cache.insertIfAbsent(RawKey().add(qint64(5)), 99));  // the oldest stays
        QCOMPARE(cache.find(RawKey().add(qint64(5))), qint64(5));
    }

    void bulkThenIncrementalIsOneImport() {
        Generated a, b;
        generate(a, 3000, 40, 900, 1, 11);
        generate(b, 300, 40, 1100, 21, 12);  // half the users are new, 200 tracks are new
        // B also repeats 300 of A's rows (duplicates of stored listens).
        const QList<QByteArray> aLines = a.tsv.split('\n');
        for (int i = 0; i < 300; ++i) b.tsv += aLines[i * 9] + '\n';
        const QString fileA = write(QStringLiteral("a.tsv"), a.tsv);
        const QString fileB = write(QStringLiteral("b.tsv"), b.tsv);
        std::set<int> users = a.users, artists = a.artists, tracks = a.tracks;
        users.insert(b.users.begin(), b.users.end());
        artists.insert(b.artists.begin(), b.artists.end());
        tracks.insert(b.tracks.begin(), b.tracks.end());
        auto listens = a.listens;
        listens.insert(b.listens.begin(), b.listens.end());

        const QStringList schemaIndexes = indexSet(*newProject(QStringLiteral("fresh.tastelab")));
        QVERIFY(schemaIndexes.join(QLatin1Char('\n')).contains(QStringLiteral("listens_by_track")));
        QVERIFY(schemaIndexes.join(QLatin1Char('\n')).contains(QStringLiteral("tracks_by_artist")));

        // A into an empty project: the bulk path.
        auto incremental = newProject(QStringLiteral("incremental.tastelab"));
        const ImportReport first = run(*incremental, {fileA});
        QCOMPARE(first.totals.listensImported, qint64(a.listens.size()));
        QCOMPARE(first.totals.listensDuplicate, qint64(3000 / 50));
        CatalogCounts c = incremental->counts();
        QCOMPARE(c.users, qint64(a.users.size()));
        QCOMPARE(c.artists, qint64(a.artists.size()));
        QCOMPARE(c.tracks, qint64(a.tracks.size()));
        QCOMPARE(c.listens, qint64(a.listens.size()));
        checkConsistent(*incremental, schemaIndexes);

        // B on top (a small file beside 3,000 listens: the indexes are kept and maintained).
        const ImportReport second = run(*incremental, {fileB});
        QCOMPARE(second.totals.listensImported, qint64(listens.size() - a.listens.size()));
        c = incremental->counts();
        QCOMPARE(c.users, qint64(users.size()));
        QCOMPARE(c.artists, qint64(artists.size()));
        QCOMPARE(c.tracks, qint64(tracks.size()));
        QCOMPARE(c.listens, qint64(listens.size()));
        checkConsistent(*incremental, schemaIndexes);

        // Both in one import: the same rows, the same ids.
        auto once = newProject(QStringLiteral("once.tastelab"));
        const ImportReport both = run(*once, {fileA, fileB});
        QCOMPARE(both.totals.listensImported, qint64(listens.size()));
        checkConsistent(*once, schemaIndexes);
        for (const QString& sql :
             {QStringLiteral("SELECT id, name FROM users ORDER BY id"),
              QStringLiteral("SELECT id, name, mbid FROM artists ORDER BY id"),
              QStringLiteral("SELECT id, artist_id, title, mbid FROM tracks ORDER BY id"),
              QStringLiteral("SELECT user_id, track_id, ended_at FROM listens ORDER BY 1, 2, 3"),
              QStringLiteral("SELECT track_id, count(*) FROM listens INDEXED BY listens_by_track "
                             "GROUP BY track_id ORDER BY 1"),
              QStringLiteral("SELECT kind, kept_id, source_name FROM merges ORDER BY 1, 2, 3")}) {
            const QStringList expected = rows(*incremental, sql);
            QVERIFY(!expected.isEmpty() || sql.contains(QStringLiteral("merges")));
            QCOMPARE(rows(*once, sql), expected);
        }
        // Each artist and track once, named as generated.
        QCOMPARE(rows(*once, QStringLiteral("SELECT count(DISTINCT title) FROM tracks")),
                 QStringList{QString::number(tracks.size())});
    }

    void cancelledBulkImportKeepsTheIndexes() {
        Generated g;
        generate(g, 40000, 30, 20000, 1, 13);  // ~5 MB: several chunks to cancel between
        const QString file = write(QStringLiteral("big.tsv"), g.tsv);
        auto store = newProject(QStringLiteral("cancelled.tastelab"));
        const QStringList schemaIndexes = indexSet(*store);
        Progress progress([&](double f, const QString&) {
            if (f > 0.3 && f < 1.0) progress.cancel();
        });
        ImportOptions options;
        options.paths = {file};
        const auto r = importHistories(*store, options, progress);
        QVERIFY(!r.ok());
        QVERIFY(r.status().isCancelled());
        QCOMPARE(store->counts().listens, qint64(0));
        QCOMPARE(store->counts().tracks, qint64(0));
        checkConsistent(*store, schemaIndexes);
        // The same import again, not cancelled.
        const ImportReport done = run(*store, {file});
        QCOMPARE(done.totals.listensImported, qint64(g.listens.size()));
        QCOMPARE(store->counts().tracks, qint64(g.tracks.size()));
        checkConsistent(*store, schemaIndexes);
    }
};

QTEST_GUILESS_MAIN(ImportBulkTest)
#include "test_import_bulk.moc"
