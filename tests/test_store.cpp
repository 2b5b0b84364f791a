// The project store: round trip of every record, results and settings, schema and corruption
// errors, and transactional safety when a writer process is killed mid-write.
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "TestSupport.h"
#include "store/ProjectStore.h"
#include "store/Schema.h"

using namespace tl;

class StoreTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

    // A project with one user and one track, the minimum a listen needs.
    std::unique_ptr<ProjectStore> makeMinimal(const QString& file) {
        auto created = ProjectStore::create(path(file));
        if (!created) qFatal("%s", qPrintable(created.status().message()));
        auto store = std::move(created).value();
        User u{0, QStringLiteral("me"), true};
        Artist a{0, QStringLiteral("Artist"), {}};
        store->addUser(u);
        store->addArtist(a);
        Track t;
        t.artistId = a.id;
        t.title = QStringLiteral("Song");
        store->addTrack(t);
        return store;
    }

private Q_SLOTS:
    void roundTripsCatalog() {
        const QString file = path(QStringLiteral("catalog.tastelab"));
        {
            auto created = ProjectStore::create(file);
            QVERIFY2(created.ok(), qPrintable(created.status().message()));
            ProjectStore& store = *created.value();
            ProjectStore::Transaction tx(store);
            User me{0, QStringLiteral("me"), true};
            User other{0, QStringLiteral("Zoë"), false};
            QVERIFY(store.addUser(me).isOk());
            QVERIFY(store.addUser(other).isOk());
            QCOMPARE(me.id, Id(1));
            Artist artist{0, QStringLiteral("Sigur Rós"),
                          QStringLiteral("f6f2326f-6b25-4170-b89d-e235b25508e8")};
            QVERIFY(store.addArtist(artist).isOk());
            Track track;
            track.artistId = artist.id;
            track.title = QStringLiteral("Hoppípolla");
            track.album = QStringLiteral("Takk...");
            track.spotifyUri = QStringLiteral("spotify:track:6eTcxkl9G7C2mwejLJ7Amm");
            track.durationMs = 268000;
            QVERIFY(store.addTrack(track).isOk());
            bool added = false;
            QVERIFY(store.addListen({me.id, track.id, 1700000000, 268000, false}, &added).isOk());
            QVERIFY(added);
            // The same listen again (a re-import) is ignored, not doubled.
            QVERIFY(store.addListen({me.id, track.id, 1700000000, 268000, false}, &added).isOk());
            QVERIFY(!added);
            QVERIFY(store.addListen({other.id, track.id, 1700000300, 12000, true}).isOk());
            AudioFile f;
            f.trackId = track.id;
            f.path = QStringLiteral("/music/Sigur Rós/Hoppípolla.flac");
            f.size = 123456;
            f.mtime = 1690000000;
            f.sampleRate = 44100;
            f.channels = 2;
            f.durationMs = 268000;
            f.format = QStringLiteral("FLAC");
            QVERIFY(store.addFile(f).isOk());
            QVERIFY(tx.commit().isOk());
        }
        auto opened = ProjectStore::open(file);
        QVERIFY2(opened.ok(), qPrintable(opened.status().message()));
        ProjectStore& store = *opened.value();
        QCOMPARE(store.schemaVersion(), ProjectStore::kSchemaVersion);
        const CatalogCounts c = store.counts();
        QCOMPARE(c.users, qint64(2));
        QCOMPARE(c.artists, qint64(1));
        QCOMPARE(c.tracks, qint64(1));
        QCOMPARE(c.listens, qint64(2));
        QCOMPARE(c.files, qint64(1));
        const auto users = store.users();
        QCOMPARE(users[1].name, QStringLiteral("Zoë"));
        QVERIFY(users[0].isMe && !users[1].isMe);
        QCOMPARE(store.artists()[0].mbid, QStringLiteral("f6f2326f-6b25-4170-b89d-e235b25508e8"));
        const Track t = store.tracks()[0];
        QCOMPARE(t.title, QStringLiteral("Hoppípolla"));
        QCOMPARE(t.album, QStringLiteral("Takk..."));
        QCOMPARE(t.durationMs, 268000);
        QCOMPARE(t.spotifyUri, QStringLiteral("spotify:track:6eTcxkl9G7C2mwejLJ7Amm"));
        std::vector<Listen> listens;
        QVERIFY(store
                    .forEachListen([&](const Listen& l) {
                        listens.push_back(l);
                        return true;
                    })
                    .isOk());
        QCOMPARE(listens.size(), size_t(2));
        QCOMPARE(listens[1].endedAt, qint64(1700000300));
        QCOMPARE(listens[1].msPlayed, 12000);
        QVERIFY(listens[1].skipped && !listens[0].skipped);
        const AudioFile f = store.files()[0];
        QCOMPARE(f.path, QStringLiteral("/music/Sigur Rós/Hoppípolla.flac"));
        QCOMPARE(f.sampleRate, 44100);
        QCOMPARE(f.channels, 2);
        QCOMPARE(f.format, QStringLiteral("FLAC"));
        const auto summaries = store.trackSummaries();
        QCOMPARE(summaries.size(), size_t(1));
        QCOMPARE(summaries[0].plays, qint64(2));
        QCOMPARE(summaries[0].listeners, qint64(2));
        QCOMPARE(summaries[0].artist, QStringLiteral("Sigur Rós"));
        QVERIFY(summaries[0].hasAudio);
    }

    void roundTripsResultsSettingsAndTruth() {
        auto store = makeMinimal(QStringLiteral("results.tastelab"));
        QVERIFY(!store->result(QStringLiteral("cf.als"), QStringLiteral("track_vectors")));
        StoredResult r;
        r.kind = QStringLiteral("cf.als");
        r.key = QStringLiteral("track_vectors");
        r.fingerprint = QByteArray::fromHex("00ff10");
        r.data = QByteArray(4096, '\x7f');
        r.meta = QJsonObject{{QStringLiteral("factors"), 64}};
        QVERIFY(store->putResult(r).isOk());
        r.data = QByteArray("replaced");
        r.fingerprint = QByteArray("v2");
        QVERIFY(store->putResult(r).isOk());
        const auto back = store->result(QStringLiteral("cf.als"), QStringLiteral("track_vectors"));
        QVERIFY(back.has_value());
        QCOMPARE(back->data, QByteArray("replaced"));
        QCOMPARE(back->meta.value(QStringLiteral("factors")).toInt(), 64);
        QVERIFY(back->created.isValid());
        QCOMPARE(
            *store->resultFingerprint(QStringLiteral("cf.als"), QStringLiteral("track_vectors")),
            QByteArray("v2"));
        QVERIFY(store->removeResults(QStringLiteral("cf.als")).isOk());
        QVERIFY(
            !store->resultFingerprint(QStringLiteral("cf.als"), QStringLiteral("track_vectors")));

        QCOMPARE(store->setting(QStringLiteral("blend.weights"), QStringLiteral("none")),
                 QStringLiteral("none"));
        QVERIFY(
            store->setSetting(QStringLiteral("blend.weights"), QStringLiteral("cf=0.5")).isOk());
        QCOMPARE(store->setting(QStringLiteral("blend.weights")), QStringLiteral("cf=0.5"));

        QVERIFY(store->groundTruth().empty());
        GroundTruth truth;
        truth.genreNames = {QStringLiteral("ambient"), QStringLiteral("techno")};
        truth.artistGenre = {{1, 1}};
        truth.trackGenre = {{1, 1}};
        truth.userTaste = {{1, {0.25f, 0.75f}}};
        QVERIFY(store->writeGroundTruth(truth).isOk());
        const GroundTruth t = store->groundTruth();
        QCOMPARE(t.genreNames.size(), size_t(2));
        QCOMPARE(t.genreNames[1], QStringLiteral("techno"));
        QCOMPARE(t.trackGenre[0].second, 1);
        QCOMPARE(t.userTaste[0].weights[1], 0.75f);
    }

    void rollsBackUncommittedTransaction() {
        auto store = makeMinimal(QStringLiteral("rollback.tastelab"));
        {
            ProjectStore::Transaction tx(*store);
            User u{0, QStringLiteral("ghost"), false};
            QVERIFY(store->addUser(u).isOk());
            QCOMPARE(store->counts().users, qint64(2));
        }  // no commit: rolled back
        QCOMPARE(store->counts().users, qint64(1));
    }

    void refusesToOverwriteOnCreate() {
        makeMinimal(QStringLiteral("exists.tastelab"));
        auto again = ProjectStore::create(path(QStringLiteral("exists.tastelab")));
        QVERIFY(!again.ok());
        QVERIFY(again.status().message().contains(QStringLiteral("already exists")));
        QCOMPARE(ProjectStore::open(path(QStringLiteral("exists.tastelab")))->get()->counts().users,
                 qint64(1));
    }

    // create() says why it cannot: no such folder, not a folder, or the system's reason (not
    // SQLite's "unable to open database file"), and leaves nothing behind.
    void explainsWhyACreateFails() {
        const QString inMissing = path(QStringLiteral("missing/p.tastelab"));
        auto a = ProjectStore::create(inMissing);
        QVERIFY(!a.ok());
        QCOMPARE(a.status().message(),
                 QStringLiteral("%1: cannot create the project: the folder %2 does not exist")
                     .arg(inMissing, path(QStringLiteral("missing"))));

        const QString file = path(QStringLiteral("plain-file"));
        QVERIFY(test::writeFile(file, "text"));
        auto b = ProjectStore::create(file + QStringLiteral("/p.tastelab"));
        QVERIFY(!b.ok());
        QCOMPARE(b.status().message(),
                 QStringLiteral("%1/p.tastelab: cannot create the project: %1 is not a folder")
                     .arg(file));

        const QString tooLong = path(QString(300, QLatin1Char('x')) + QStringLiteral(".tastelab"));
        QFile probe(tooLong);
        QVERIFY(!probe.open(QIODevice::WriteOnly));  // the system's own words for it
        auto c = ProjectStore::create(tooLong);
        QVERIFY(!c.ok());
        QCOMPARE(
            c.status().message(),
            QStringLiteral("%1: cannot create the project: %2").arg(tooLong, probe.errorString()));
        QVERIFY(!QFileInfo::exists(inMissing) && !QFileInfo::exists(tooLong));
    }

    void explainsMissingAndCorruptFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text") << QByteArray("artist,track\nA,B\n")
                              << QStringLiteral("not a Tastelab project");
        QTest::newRow("empty") << QByteArray()
                               << QStringLiteral(
                                      "the file is empty (0 bytes) and is not a Tastelab project");
        QByteArray garbage(8192, '\0');
        for (int i = 0; i < garbage.size(); ++i) garbage[i] = char((i * 7919) % 251);
        QTest::newRow("random bytes") << garbage << QStringLiteral("not a Tastelab project");
    }
    void explainsMissingAndCorruptFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString file =
            path(QStringLiteral("corrupt-%1.tastelab").arg(QTest::currentDataTag()));
        QVERIFY(test::writeFile(file, bytes));
        auto opened = ProjectStore::open(file);
        QVERIFY(!opened.ok());
        QVERIFY2(opened.status().message().contains(expected),
                 qPrintable(opened.status().message()));
        QVERIFY(opened.status().message().contains(file));  // the message names the file

        auto missing = ProjectStore::open(path(QStringLiteral("nope.tastelab")));
        QVERIFY(!missing.ok());
        QVERIFY(missing.status().message().contains(QStringLiteral("no such file")));
    }

    void explainsTruncatedProject() {
        const QString file = path(QStringLiteral("truncated.tastelab"));
        {
            auto store = makeMinimal(QStringLiteral("truncated.tastelab"));
            ProjectStore::Transaction tx(*store);
            for (int i = 0; i < 5000; ++i) store->addListen({1, 1, i, 1, false});
            QVERIFY(tx.commit().isOk());
        }
        QFile f(file);
        const qint64 full = f.size();
        QVERIFY(full > 32768);
        QVERIFY(f.resize(full / 2));
        auto opened = ProjectStore::open(file);
        // SQLite notices a truncated file on the integrity check (or on the first read).
        QVERIFY(!opened.ok());
        QVERIFY2(opened.status().message().contains(file), qPrintable(opened.status().message()));
    }

    void explainsOtherSqliteAndNewerSchema() {
        const QString other = path(QStringLiteral("other.sqlite"));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(other);
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("CREATE TABLE t(x)"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        auto opened = ProjectStore::open(other);
        QVERIFY(!opened.ok());
        QVERIFY2(opened.status().message().contains(QStringLiteral("another program")),
                 qPrintable(opened.status().message()));

        const QString newer = path(QStringLiteral("newer.tastelab"));
        {
            auto store = makeMinimal(QStringLiteral("newer.tastelab"));
            QSqlQuery(store->database()).exec(QStringLiteral("PRAGMA user_version = 99"));
        }
        auto opened2 = ProjectStore::open(newer);
        QVERIFY(!opened2.ok());
        QVERIFY2(opened2.status().message().contains(QStringLiteral("newer Tastelab")),
                 qPrintable(opened2.status().message()));
        QVERIFY(opened2.status().message().contains(QStringLiteral("99")));
    }

    // A project written by schema 1 (the first release) opens upgraded, its data intact.
    void upgradesVersion1Projects() {
        QCOMPARE(ProjectStore::kSchemaVersion, schema::latestVersion());
        const QString file = path(QStringLiteral("v1.tastelab"));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const QString& sql : schema::createStatementsV1()) QVERIFY(q.exec(sql));
            QVERIFY(q.exec(QStringLiteral("PRAGMA application_id = 1414745154")));  // 'TSLB'
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO users(name) VALUES ('kept')")));
            q = QSqlQuery();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));
        auto opened = ProjectStore::open(file);
        QVERIFY2(opened.ok(), qPrintable(opened.status().message()));
        ProjectStore& store = *opened.value();
        QCOMPARE(store.schemaVersion(), ProjectStore::kSchemaVersion);
        QCOMPARE(store.users().size(), size_t(1));
        QSqlQuery probe(store.database());
        QVERIFY(probe.exec(QStringLiteral("SELECT count(*) FROM file_tags")));
        QVERIFY(probe.exec(QStringLiteral("SELECT count(*) FROM play_counts")));
        // v3's columns (a v2 project's upgrade is tested with its files in test_library_scan).
        QVERIFY(probe.exec(
            QStringLiteral("SELECT description, mood, grouping, tag_fields FROM file_tags")));
    }

    // A writer process appends 20,000-listen batches, one transaction each, and is killed with
    // SIGKILL while a transaction is open (its rollback journal exists). Reopening must give
    // whole batches only and a database that passes SQLite's integrity check.
    void survivesWriterKilledMidWrite() {
        const QString file = path(QStringLiteral("killed.tastelab"));
        makeMinimal(QStringLiteral("killed.tastelab"));
        const int batch = 20000;
        bool killedMidTransaction = false;
        for (int attempt = 0; attempt < 10 && !killedMidTransaction; ++attempt) {
            QProcess writer;
            writer.start(test::helperProgram(QStringLiteral("store_writer")),
                         {file, QString::number(batch)});
            QVERIFY2(writer.waitForStarted(), qPrintable(writer.errorString()));
            QByteArray out;
            while (out.count('\n') < 2 && writer.state() == QProcess::Running) {
                writer.waitForReadyRead(2000);
                out += writer.readAllStandardOutput();
            }
            QTest::qWait(17 * (attempt + 1));  // a different point inside the next batch each time
            writer.kill();                     // SIGKILL: no destructor, no rollback, no commit
            writer.waitForFinished();
            out += writer.readAllStandardOutput();
            QVERIFY2(out.contains("committed"), out.constData());
            // A non-empty journal left behind means the kill landed inside a transaction, with
            // uncommitted pages already in the database file (see store_writer).
            killedMidTransaction = QFileInfo(file + QStringLiteral("-journal")).size() > 0;
            const qint64 committed =
                out.trimmed().split('\n').last().split(' ').last().toLongLong();

            auto opened = ProjectStore::open(file);
            QVERIFY2(opened.ok(), qPrintable(opened.status().message()));
            const qint64 listens = opened.value()->counts().listens;
            // Whole batches only: the open transaction was rolled back. (The process may have
            // died between a commit and its "committed" line, hence one batch of slack.)
            QCOMPARE(listens % batch, qint64(0));
            QVERIFY2(
                listens == committed || listens == committed + batch,
                qPrintable(
                    QStringLiteral("%1 listens after %2 committed").arg(listens).arg(committed)));
        }
        QVERIFY2(killedMidTransaction, "never caught the writer inside a transaction");
    }
};

QTEST_GUILESS_MAIN(StoreTest)
#include "test_store.moc"
