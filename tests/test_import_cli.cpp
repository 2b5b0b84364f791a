// `tastelab-cli import` end to end: usage errors, --create, the --json summary a script reads,
// exit codes, and the key check — the demo world's exported files, imported into a fresh
// project, give the same catalog as the demo's own project.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <set>

#include <sys/resource.h>

#include "TestSupport.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

using Run = tl::test::CliRun;
Run cli(const QStringList& args, int timeoutMs = 300000) {
    return tl::test::runCli(args, timeoutMs);
}

QString data(const QString& relative) {
    return QFINDTESTDATA(QStringLiteral("data/import/") + relative);
}

// What a catalog holds, as names: comparable across two projects whose ids differ.
struct Catalog {
    std::set<std::pair<QString, bool>> users;  // name, is me
    qint64 listens = 0;
    std::set<std::pair<QString, QString>> listenedTracks;  // artist, title
    std::map<QString, qint64> listensByUser;
};

Catalog readCatalog(const QString& path) {
    Catalog c;
    auto opened = ProjectStore::open(path);
    if (!opened) qFatal("%s", qPrintable(opened.status().message()));
    ProjectStore& store = *opened.value();
    for (const User& u : store.users()) c.users.insert({u.name, u.isMe});
    c.listens = store.counts().listens;
    QSqlQuery q(store.database());
    q.exec(
        QStringLiteral("SELECT DISTINCT a.name, t.title FROM listens l JOIN tracks t ON "
                       "t.id = l.track_id JOIN artists a ON a.id = t.artist_id"));
    while (q.next()) c.listenedTracks.insert({q.value(0).toString(), q.value(1).toString()});
    q.exec(
        QStringLiteral("SELECT u.name, count(*) FROM listens l JOIN users u ON u.id = "
                       "l.user_id GROUP BY u.name"));
    while (q.next()) c.listensByUser[q.value(0).toString()] = q.value(1).toLongLong();
    return c;
}

}  // namespace

class ImportCliTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        if (!QFileInfo(test::cliProgram()).isExecutable()) QSKIP("tastelab-cli is not built");
    }

    void rejectsWrongUsage_data() {
        QTest::addColumn<QStringList>("args");
        const QString p = path(QStringLiteral("usage.tastelab"));
        const QString f = data(QStringLiteral("lastfm/ghan.csv"));
        QTest::newRow("no project") << QStringList{QStringLiteral("import"), f};
        QTest::newRow("no input") << QStringList{QStringLiteral("import"),
                                                 QStringLiteral("--project"), p};
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("import"), QStringLiteral("--project"), p,
                           QStringLiteral("--frobnicate"), f};
        QTest::newRow("empty me") << QStringList{
            QStringLiteral("import"), QStringLiteral("--project"), p,
            QStringLiteral("--me"),   QStringLiteral(" "),         f};
    }
    void rejectsWrongUsage() {
        QFETCH(QStringList, args);
        const Run r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("usage.tastelab"))));
    }

    void needsCreateForANewProject() {
        const QString p = path(QStringLiteral("new.tastelab"));
        const Run r = cli({QStringLiteral("import"), QStringLiteral("--project"), p,
                           data(QStringLiteral("lastfm/ghan.csv")), QStringLiteral("--me"),
                           QStringLiteral("me")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("--create"));
        QVERIFY(!QFileInfo::exists(p));
    }

    // `import --create` says why it could not create the project, not "no such project": the
    // folder is missing, or the system's reason (here a file size limit standing in for a full
    // disk: SQLite alone would say only "disk I/O error"). An empty file is called empty.
    void explainsWhyItCannotCreateOrOpen() {
        const QString ghan = data(QStringLiteral("lastfm/ghan.csv"));
        const QString missing = path(QStringLiteral("no-such-folder/p.tastelab"));
        const Run r =
            cli({QStringLiteral("import"), QStringLiteral("--project"), missing,
                 QStringLiteral("--create"), QStringLiteral("--me"), QStringLiteral("me"), ghan});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("cannot create the project: the folder %1 does not "
                                               "exist")
                                    .arg(path(QStringLiteral("no-such-folder")))
                                    .toUtf8()),
                 r.err.constData());
        QVERIFY(!r.err.contains("no such project"));

        const QString full = path(QStringLiteral("full.tastelab"));
        QProcess p;
        p.setChildProcessModifier([] {
            // Writes past 4 KiB fail with EFBIG, as writes on a full disk fail with ENOSPC.
            const rlimit limit{4096, 4096};
            setrlimit(RLIMIT_FSIZE, &limit);
            signal(SIGXFSZ, SIG_IGN);
        });
        p.start(test::cliProgram(),
                {QStringLiteral("import"), QStringLiteral("--project"), full,
                 QStringLiteral("--create"), QStringLiteral("--me"), QStringLiteral("me"), ghan});
        QVERIFY(p.waitForFinished(60000));
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains(full.toUtf8() +
                              ": cannot create the project: " + QByteArray(std::strerror(EFBIG))),
                 err.constData());
        QVERIFY(!err.contains("no such project"));
        QVERIFY(!QFileInfo::exists(full));
        QVERIFY(!QFileInfo::exists(full + QStringLiteral("-journal")));

        const QString empty = path(QStringLiteral("empty.tastelab"));
        QVERIFY(test::writeFile(empty, QByteArray()));
        for (const bool create : {false, true}) {
            QStringList args = {QStringLiteral("import"), QStringLiteral("--project"), empty,
                                QStringLiteral("--me"),   QStringLiteral("me"),        ghan};
            if (create) args << QStringLiteral("--create");
            const Run e = cli(args);
            QCOMPARE(e.exitCode, 1);
            QVERIFY2(e.err.contains(empty.toUtf8() +
                                    ": the file is empty (0 bytes) and is not a Tastelab project"),
                     e.err.constData());
            QVERIFY(!e.err.contains("another program"));
            QCOMPARE(QFileInfo(empty).size(), qint64(0));  // left as it was
        }
    }

    void printsTheJsonSummary() {
        const QString p = path(QStringLiteral("json.tastelab"));
        const QString bad = path(QStringLiteral("notes.txt"));
        QVERIFY(test::writeFile(bad, "Dear diary,\nnot a history\n"));
        const QStringList args = {QStringLiteral("import"),
                                  QStringLiteral("--project"),
                                  p,
                                  QStringLiteral("--create"),
                                  QStringLiteral("--me"),
                                  QStringLiteral("me"),
                                  data(QStringLiteral("spotify-account")),
                                  data(QStringLiteral("listenbrainz-export")),
                                  bad,
                                  QStringLiteral("--json")};
        const Run r = cli(args);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.json();
        for (const char* key :
             {"listens_imported", "listens_duplicate", "rows_rejected", "rows_skipped", "users",
              "artists", "tracks", "merges", "files", "errors"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QCOMPARE(o.value(QStringLiteral("listens_imported")).toInt(), 4 + 3);
        QCOMPARE(o.value(QStringLiteral("listens_duplicate")).toInt(), 1);  // the old LB export
        QCOMPARE(o.value(QStringLiteral("rows_skipped")).toInt(), 3);
        QCOMPARE(o.value(QStringLiteral("users")).toInt(), 2);  // me, rob
        const QJsonArray errors = o.value(QStringLiteral("errors")).toArray();
        QCOMPARE(errors.size(), 1);  // notes.txt, named explicitly
        QCOMPARE(errors[0].toObject().value(QStringLiteral("file")).toString(), bad);
        QVERIFY(errors[0]
                    .toObject()
                    .value(QStringLiteral("reason"))
                    .toString()
                    .contains(QStringLiteral("not a recognised listening history")));
        QVERIFY(errors[0].toObject().contains(QStringLiteral("line")));
        bool sawJsonl = false;
        for (const QJsonValue& v : o.value(QStringLiteral("files")).toArray()) {
            const QJsonObject f = v.toObject();
            QVERIFY(f.contains(QStringLiteral("path")) && f.contains(QStringLiteral("format")) &&
                    f.contains(QStringLiteral("listens_imported")));
            if (f.value(QStringLiteral("format")).toString() ==
                QLatin1String("listenbrainz-jsonl")) {
                // Read after the old array export (files go in sorted order), whose one listen
                // is this file's first.
                sawJsonl = true;
                QCOMPARE(f.value(QStringLiteral("listens_imported")).toInt(), 2);
                QCOMPARE(f.value(QStringLiteral("listens_duplicate")).toInt(), 1);
            }
        }
        QVERIFY(sawJsonl);
        // The same again: everything is already there, which is still a success.
        const Run again = cli(args);
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(again.json().value(QStringLiteral("listens_imported")).toInt(), 0);
        QCOMPARE(again.json().value(QStringLiteral("listens_duplicate")).toInt(), 8);

        // `info` lists the one source (the second import added nothing, so it is none).
        const Run info =
            cli({QStringLiteral("info"), QStringLiteral("--project"), p, QStringLiteral("--json")});
        QCOMPARE(info.exitCode, 0);
        const QJsonArray sources = info.json().value(QStringLiteral("sources")).toArray();
        QCOMPARE(sources.size(), 1);
        const QJsonObject source = sources[0].toObject();
        QCOMPARE(source.value(QStringLiteral("listens")).toInt(), 4 + 3);
        QCOMPARE(source.value(QStringLiteral("user")).toString(), QStringLiteral("me"));
        QCOMPARE(source.value(QStringLiteral("label")).toString(),
                 QStringLiteral("spotify-account, listenbrainz-export, notes.txt"));
        QCOMPARE(source.value(QStringLiteral("paths")).toArray().size(), 3);
        QStringList formats;
        for (const QJsonValue& f : source.value(QStringLiteral("formats")).toArray())
            formats << f.toString();
        formats.sort();
        QCOMPARE(formats, (QStringList{QStringLiteral("listenbrainz-json"),
                                       QStringLiteral("listenbrainz-jsonl"),
                                       QStringLiteral("spotify-account")}));
    }

    void exitsOneWhenNothingWasImported() {
        const QString p = path(QStringLiteral("nothing.tastelab"));
        const QString bad = path(QStringLiteral("cover.jpg"));
        QVERIFY(test::writeFile(bad, QByteArray("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11)));
        const Run r = cli({QStringLiteral("import"), QStringLiteral("--project"), p,
                           QStringLiteral("--create"), bad});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("binary"));  // the human summary says why
        QVERIFY(r.err.contains("nothing valid was imported"));
    }

    void printsAHumanSummary() {
        const QString p = path(QStringLiteral("human.tastelab"));
        const Run r = cli({QStringLiteral("import"), QStringLiteral("--project"), p,
                           QStringLiteral("--create"), QStringLiteral("--me"), QStringLiteral("me"),
                           data(QStringLiteral("spotify-account/StreamingHistory_music_0.json"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("Imported 3 new listens from 1 of 1 files"), r.out.constData());
        QVERIFY(r.out.contains("UTC"));
        QVERIFY(r.out.contains("\"me\" is marked as me"));
    }

    // The demo writes its history as real export files and also imports it itself into
    // demo.tastelab. Importing those files with tastelab-cli must give the same catalog.
    void importsTheDemoWorldsExportsToTheSameCatalog() {
        const QString out = path(QStringLiteral("demo"));
        const Run demo =
            cli({QStringLiteral("demo"), QStringLiteral("--out"), out, QStringLiteral("--size"),
                 QStringLiteral("small"), QStringLiteral("--json")},
                540000);
        if (demo.exitCode != 0)
            QSKIP(qPrintable(QStringLiteral("the demo generator is not available: ") +
                             QString::fromUtf8(demo.err.trimmed().right(300))));
        const QString history = demo.json().value(QStringLiteral("history_dir")).toString();
        const QString community =
            QDir(history).filePath(QStringLiteral("listenbrainz/community.jsonl"));
        QVERIFY2(QFileInfo::exists(community), qPrintable(community));
        QStringList spotify =
            QDir(QDir(history).filePath(QStringLiteral("Spotify Extended Streaming History")))
                .entryList({QStringLiteral("Streaming_History_Audio_*.json")}, QDir::Files);
        QCOMPARE(spotify.size(), 1);
        const QString spotifyFile = QDir(history).filePath(
            QStringLiteral("Spotify Extended Streaming History/") + spotify.first());

        const QString fresh = path(QStringLiteral("reimported.tastelab"));
        const Run imported =
            cli({QStringLiteral("import"), QStringLiteral("--project"), fresh,
                 QStringLiteral("--create"), QStringLiteral("--me"), QStringLiteral("me"),
                 community, spotifyFile, QStringLiteral("--json")});
        QCOMPARE(imported.exitCode, 0);
        const QJsonObject summary = imported.json();
        QCOMPARE(summary.value(QStringLiteral("rows_rejected")).toInt(), 0);
        QCOMPARE(summary.value(QStringLiteral("errors")).toArray().size(), 0);

        const Catalog expected =
            readCatalog(demo.json().value(QStringLiteral("project")).toString());
        const Catalog actual = readCatalog(fresh);
        QVERIFY(expected.listens > 1000);  // a real world, not an empty one
        qInfo("demo: %d users, %lld listens, %d listened tracks; import merged %d names",
              int(expected.users.size()), static_cast<long long>(expected.listens),
              int(expected.listenedTracks.size()), summary.value(QStringLiteral("merges")).toInt());
        QCOMPARE(actual.users, expected.users);
        QCOMPARE(actual.listens, expected.listens);
        QCOMPARE(actual.listensByUser, expected.listensByUser);
        QCOMPARE(actual.listenedTracks.size(), expected.listenedTracks.size());
        QVERIFY(actual.listenedTracks == expected.listenedTracks);
        QCOMPARE(qint64(summary.value(QStringLiteral("listens_imported")).toDouble()),
                 expected.listens);
    }
};

QTEST_GUILESS_MAIN(ImportCliTest)
#include "test_import_cli.moc"
