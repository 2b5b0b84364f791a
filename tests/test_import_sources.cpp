// Imported sources (core/store/ImportRecords): each import run is recorded with the rows it
// brought; deleting a source takes away exactly its listens, play counts and share of the
// per-user format counts; restoring (undo) puts back every row byte for byte, and deleting again
// (redo) gives the same project as the first deletion. A schema-3 project upgrades on open with
// its rows in the "earlier imports" source. The CF model's inputs digest follows the listens.
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

#include "cf/CfModel.h"
#include "importers/HistoryImporter.h"
#include "store/ImportRecords.h"
#include "store/ProjectStore.h"
#include "store/Schema.h"

using namespace tl;

namespace {

QString data(const QString& relative) {
    return QFINDTESTDATA(QStringLiteral("data/import/") + relative);
}

// Every row of every table a deletion touches, in key order, as text: equal dumps, equal rows.
QByteArray dump(ProjectStore& store) {
    QByteArray out;
    const char* tables[] = {
        "SELECT user_id, track_id, ended_at, ms_played, skipped, import_id FROM listens ORDER BY "
        "user_id, track_id, ended_at",
        "SELECT user_id, track_id, plays, import_id FROM play_counts ORDER BY user_id, track_id",
        "SELECT user_id, format, listens FROM user_sources ORDER BY user_id, format",
        "SELECT import_id, user_id, format, listens FROM import_user_sources ORDER BY 1, 2, 3",
        "SELECT id, label, paths, formats, user_name, imported_at, deleted FROM imports ORDER BY "
        "id",
    };
    for (const char* sql : tables) {
        QSqlQuery q(store.database());
        if (!q.exec(QString::fromLatin1(sql))) return "query failed: " + QByteArray(sql);
        out += QByteArray(sql) + '\n';
        while (q.next()) {
            for (int c = 0; c < q.record().count(); ++c)
                out += q.value(c).toString().toUtf8() + '|';
            out += '\n';
        }
    }
    return out;
}

qint64 scalar(ProjectStore& store, const QString& sql) {
    QSqlQuery q(store.database());
    if (!q.exec(sql) || !q.next()) return -1;
    return q.value(0).toLongLong();
}

}  // namespace

class ImportSourcesTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    int projects_ = 0;

    std::unique_ptr<ProjectStore> newStore() {
        auto created =
            ProjectStore::create(dir_.filePath(QStringLiteral("p%1.tastelab").arg(++projects_)));
        if (!created) qFatal("%s", qPrintable(created.status().message()));
        return std::move(created).value();
    }

    ImportReport import(ProjectStore& store, const QString& file, const QString& me = "ann") {
        ImportOptions options;
        options.paths = {file};
        options.me = me;
        auto report = importHistories(store, options, Progress());
        if (!report) qFatal("%s", qPrintable(report.status().message()));
        return report.value();
    }

    // Extended history, Last.fm CSV (minute precision, same user) and the Last.fm-360K play
    // counts: three sources of three kinds.
    std::unique_ptr<ProjectStore> threeSources(ImportReport reports[3]) {
        auto store = newStore();
        reports[0] = import(*store, data("spotify-extended/Streaming_History_Audio_2023.json"));
        reports[1] = import(*store, data("lastfm/lastfm-to-csv.csv"));
        reports[2] = import(*store, data("datasets/usersha1-artmbid-artname-plays.tsv"));
        return store;
    }

private Q_SLOTS:
    void eachImportIsARecordWithItsRows() {
        ImportReport reports[3];
        auto store = threeSources(reports);
        auto records = importRecords(*store);
        QVERIFY2(records.ok(), qPrintable(records.status().message()));
        QCOMPARE(records.value().size(), size_t(3));
        const ImportRecord& spotify = records.value()[0];
        const ImportRecord& lastfm = records.value()[1];
        const ImportRecord& counts = records.value()[2];
        QCOMPARE(spotify.label, QStringLiteral("Streaming_History_Audio_2023.json"));
        QCOMPARE(spotify.formats, QStringList{QStringLiteral("spotify-extended")});
        QCOMPARE(spotify.user, QStringLiteral("ann"));
        QCOMPARE(spotify.paths,
                 QStringList{data("spotify-extended/Streaming_History_Audio_2023.json")});
        QVERIFY(spotify.importedAt.isValid());
        QCOMPARE(spotify.listens, reports[0].totals.listensImported);
        QVERIFY(spotify.listens > 0);
        QCOMPARE(lastfm.formats, QStringList{QStringLiteral("lastfm-csv")});
        QCOMPARE(lastfm.listens, reports[1].totals.listensImported);
        QVERIFY(lastfm.listens > 0);
        QCOMPARE(counts.formats, QStringList{QStringLiteral("lastfm-360k-tsv")});
        QCOMPARE(counts.listens, 0);
        QCOMPARE(counts.playCounts, reports[2].totals.playCountsImported);
        QVERIFY(counts.playCounts > 0);
        QCOMPARE(spotify.listens + lastfm.listens, store->counts().listens);
        QVERIFY(spotify.id < lastfm.id && lastfm.id < counts.id);
    }

    // The same file again adds nothing, so it is no source of anything and leaves no record.
    void importingAgainLeavesNoRecord() {
        auto store = newStore();
        import(*store, data("lastfm/lastfm-to-csv.csv"));
        const ImportReport again = import(*store, data("lastfm/lastfm-to-csv.csv"));
        QCOMPARE(again.totals.listensImported, 0);
        QCOMPARE(importRecords(*store).value().size(), size_t(1));
        QCOMPARE(store->importId(), kEarlierImportsId);
    }

    void deleteUndoRedoRestoreEveryRow() {
        ImportReport reports[3];
        auto store = threeSources(reports);
        const QByteArray before = dump(*store);
        const auto records = importRecords(*store).value();
        const ImportRecord lastfm = records[1];
        const ImportRecord counts = records[2];
        const qint64 listensBefore = store->counts().listens;
        const qint64 lastfmFormatUsers =
            scalar(*store,
                   QStringLiteral("SELECT count(*) FROM user_sources WHERE format = 'lastfm-csv'"));
        QVERIFY(lastfmFormatUsers > 0);

        QVERIFY(deleteImport(*store, lastfm.id).isOk());
        QCOMPARE(store->counts().listens, listensBefore - lastfm.listens);
        QCOMPARE(
            scalar(
                *store,
                QStringLiteral("SELECT count(*) FROM listens WHERE import_id = %1").arg(lastfm.id)),
            0);
        QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM user_sources WHERE format = "
                                               "'lastfm-csv'")),
                 0);
        // The other sources are untouched; the deleted one is no longer listed.
        auto left = importRecords(*store).value();
        QCOMPARE(left.size(), size_t(2));
        QCOMPARE(left[0].listens, records[0].listens);
        QCOMPARE(left[1].playCounts, counts.playCounts);
        QVERIFY(!deleteImport(*store, lastfm.id).isOk());  // twice is refused, not repeated
        const QByteArray afterDelete = dump(*store);
        QVERIFY(afterDelete != before);

        QVERIFY(restoreImport(*store, lastfm.id).isOk());  // undo
        QCOMPARE(dump(*store), before);
        QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM deleted_listens")), 0);
        QVERIFY(!restoreImport(*store, lastfm.id).isOk());

        QVERIFY(deleteImport(*store, lastfm.id).isOk());  // redo
        QCOMPARE(dump(*store), afterDelete);

        // Play counts go and come back the same way.
        QVERIFY(deleteImport(*store, counts.id).isOk());
        QCOMPARE(store->counts().playCounts, 0);
        QVERIFY(restoreImport(*store, counts.id).isOk());
        QCOMPARE(store->counts().playCounts, counts.playCounts);
        QVERIFY(restoreImport(*store, lastfm.id).isOk());
        QCOMPARE(dump(*store), before);

        // Once nothing can undo it, a deletion is purged: the moved rows are gone for good.
        QVERIFY(deleteImport(*store, lastfm.id).isOk());
        QVERIFY(hasDeletedImports(*store));
        auto purged = purgeDeletedImports(*store);
        QVERIFY(purged.ok());
        QCOMPARE(purged.value(), lastfm.listens);
        QVERIFY(!hasDeletedImports(*store));
        QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM deleted_listens")), 0);
        QCOMPARE(
            scalar(*store,
                   QStringLiteral("SELECT count(*) FROM imports WHERE id = %1").arg(lastfm.id)),
            0);
        QVERIFY(!restoreImport(*store, lastfm.id).isOk());
    }

    // A project written before sources were recorded opens upgraded: its rows belong to the
    // "earlier imports" source, which can be deleted and restored like any other.
    void upgradesVersion3Projects() {
        const QString file = dir_.filePath(QStringLiteral("v3.tastelab"));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v3"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QStringList sql = schema::createStatementsV1();
            const auto steps = schema::upgradeSteps();
            for (int step = 0; step < 2; ++step) sql += steps[size_t(step)];
            sql << QStringLiteral("PRAGMA application_id = 1414745154")
                << QStringLiteral("PRAGMA user_version = 3")
                << QStringLiteral("INSERT INTO users(id, name, is_me) VALUES (1, 'ann', 1)")
                << QStringLiteral("INSERT INTO artists(id, name) VALUES (1, 'Low')")
                << QStringLiteral("INSERT INTO tracks(id, artist_id, title) VALUES (1, 1, 'Laser')")
                << QStringLiteral("INSERT INTO listens VALUES (1, 1, 1700000000, 200000, 0)")
                << QStringLiteral("INSERT INTO listens VALUES (1, 1, 1700000400, 90000, 1)")
                << QStringLiteral("INSERT INTO play_counts VALUES (1, 1, 7)")
                << QStringLiteral("INSERT INTO user_sources VALUES (1, 'lastfm-csv', 2)");
            for (const QString& s : sql) QVERIFY2(q.exec(s), qPrintable(s));
            q = QSqlQuery();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v3"));
        auto opened = ProjectStore::open(file);
        QVERIFY2(opened.ok(), qPrintable(opened.status().message()));
        ProjectStore& store = *opened.value();
        QCOMPARE(store.schemaVersion(), ProjectStore::kSchemaVersion);  // through v4 and on
        QCOMPARE(store.counts().listens, 2);
        auto records = importRecords(store).value();
        QCOMPARE(records.size(), size_t(1));
        QVERIFY(records[0].isEarlierImports());
        QCOMPARE(records[0].label, QStringLiteral("Earlier imports"));
        QCOMPARE(records[0].listens, 2);
        QCOMPARE(records[0].playCounts, 1);
        const QByteArray before = dump(store);
        QVERIFY(deleteImport(store, kEarlierImportsId).isOk());
        QCOMPARE(store.counts().listens, 0);
        QCOMPARE(store.counts().playCounts, 0);
        QCOMPARE(scalar(store, QStringLiteral("SELECT count(*) FROM user_sources")), 0);
        QVERIFY(importRecords(store).value().empty());
        QVERIFY(restoreImport(store, kEarlierImportsId).isOk());
        QCOMPARE(dump(store), before);
    }

    // The digest depends on which rows exist, not on their order, and follows a deletion and
    // its undo; a trained CF model keeps the digest of what it saw.
    void listensDigestFollowsTheRows() {
        ImportReport reports[3];
        auto a = threeSources(reports);
        auto b = newStore();  // the same sources the other way round
        import(*b, data("datasets/usersha1-artmbid-artname-plays.tsv"));
        import(*b, data("lastfm/lastfm-to-csv.csv"));
        import(*b, data("spotify-extended/Streaming_History_Audio_2023.json"));
        const QString digest = listensDigest(*a);
        QVERIFY(!digest.isEmpty());
        // Ids differ when the order of import differs, so compare a store with itself first...
        const auto records = importRecords(*a).value();
        AlsOptions als;
        als.factors = 4;
        als.iterations = 2;
        auto trained = trainCf(*a, als, InteractionOptions(), Progress());
        QVERIFY2(trained.ok(), qPrintable(trained.status().message()));
        const auto meta = a->resultMeta(QStringLiteral("cf.als"), QStringLiteral("model"));
        QVERIFY(meta.has_value());
        QCOMPARE(meta->value(QStringLiteral("inputs")).toString(), digest);
        QVERIFY(deleteImport(*a, records[1].id).isOk());
        QVERIFY(listensDigest(*a) != digest);
        QVERIFY(restoreImport(*a, records[1].id).isOk());
        QCOMPARE(listensDigest(*a), digest);
        // ...and the row counts of the other order agree (ids of users and tracks differ).
        QCOMPARE(b->counts().listens, a->counts().listens);
    }
};

QTEST_GUILESS_MAIN(ImportSourcesTest)
#include "test_import_sources.moc"
