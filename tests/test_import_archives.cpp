// Importing straight from archives (libarchive, streamed entry by entry, nothing extracted):
// a Spotify + ListenBrainz export zip with nested folders, a research data set in a .tar.gz
// with its MSD track list after the triplets, a lone .gz, a damaged zip, a zip inside a zip, and
// problems named "archive.zip!/path/in/zip" with their line.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "ArchiveWriter.h"
#include "TestSupport.h"
#include "importers/ArchiveReader.h"
#include "importers/HistoryImporter.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

QByteArray readData(const QString& relative) {
    QFile f(QFINDTESTDATA(QStringLiteral("data/import/") + relative));
    if (!f.open(QIODevice::ReadOnly)) qFatal("missing test data %s", qPrintable(relative));
    return f.readAll();
}

}  // namespace

class ImportArchivesTest : public QObject {
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
    QString archive(const QString& name, const test::ArchiveEntries& entries) {
        const QString p = path(name);
        if (!test::writeArchive(p, entries)) qFatal("cannot write %s", qPrintable(p));
        return p;
    }
    static ImportReport run(ProjectStore& store, const QStringList& paths, const QString& me = {}) {
        ImportOptions options;
        options.paths = paths;
        options.me = me;
        auto result = importHistories(store, options, Progress());
        if (!result) qFatal("import failed: %s", qPrintable(result.status().message()));
        return std::move(result).value();
    }
    static const FileReport* fileNamed(const ImportReport& r, const QString& suffix) {
        for (const FileReport& f : r.files)
            if (f.path.endsWith(suffix)) return &f;
        return nullptr;
    }
    // The export layout as Spotify and ListenBrainz zip it: folders inside folders.
    test::ArchiveEntries exportEntries() const {
        return {
            {QStringLiteral("my_spotify_data/Spotify Account Data/StreamingHistory_music_0.json"),
             readData(QStringLiteral("spotify-account/StreamingHistory_music_0.json"))},
            {QStringLiteral("my_spotify_data/Spotify Account Data/StreamingHistory_podcast_0.json"),
             readData(QStringLiteral("spotify-account/StreamingHistory_podcast_0.json"))},
            {QStringLiteral("my_spotify_data/Spotify Account Data/Userdata.json"),
             readData(QStringLiteral("spotify-account/Userdata.json"))},
            {QStringLiteral("listenbrainz/listens/2023/1.jsonl"),
             readData(QStringLiteral("listenbrainz-export/listens/2023/1.jsonl"))},
            // user.json after the listens it names: the archive is read for it first.
            {QStringLiteral("listenbrainz/user.json"),
             readData(QStringLiteral("listenbrainz-export/user.json"))},
        };
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void recognisesArchivesByTheirBytes() {
        const QString zip = archive(QStringLiteral("probe.zip"), {{QStringLiteral("a.txt"), "x"}});
        const QString tgz =
            archive(QStringLiteral("probe.tar.gz"), {{QStringLiteral("a.txt"), "x"}});
        QVERIFY(ArchiveReader::isArchive(zip));
        QVERIFY(ArchiveReader::isArchive(tgz));
        QVERIFY(test::writeFile(path(QStringLiteral("plain.zip")), "not really a zip\n"));
        QVERIFY(!ArchiveReader::isArchive(path(QStringLiteral("plain.zip"))));
    }

    void importsAZipWithNestedFoldersLikeItsFolder() {
        const QString zip = archive(QStringLiteral("export.zip"), exportEntries());
        auto fromZip = newProject();
        const ImportReport r = run(*fromZip, {zip}, QStringLiteral("me"));

        // The same files as a folder give the same catalog.
        const QString folder = path(QStringLiteral("export-folder"));
        for (const auto& [name, bytes] : exportEntries()) {
            QDir().mkpath(QFileInfo(folder + QLatin1Char('/') + name).absolutePath());
            QVERIFY(test::writeFile(folder + QLatin1Char('/') + name, bytes));
        }
        auto fromFolder = newProject();
        const ImportReport f = run(*fromFolder, {folder}, QStringLiteral("me"));
        QVERIFY(r.totals.listensImported > 0);
        QCOMPARE(r.totals.listensImported, f.totals.listensImported);
        QCOMPARE(r.totals.rowsSkipped, f.totals.rowsSkipped);
        QCOMPARE(r.totals.rowsRejected, f.totals.rowsRejected);
        QCOMPARE(QSet<QString>(r.users.begin(), r.users.end()),
                 QSet<QString>(f.users.begin(), f.users.end()));
        QCOMPARE(fromZip->counts().tracks, fromFolder->counts().tracks);

        const FileReport* music = fileNamed(r, QStringLiteral("StreamingHistory_music_0.json"));
        QVERIFY(music);
        QCOMPARE(music->path,
                 zip + QStringLiteral(
                           "!/my_spotify_data/Spotify Account Data/StreamingHistory_music_0.json"));
        QCOMPARE(music->format, QStringLiteral("spotify-account"));
        QCOMPARE(fileNamed(r, QStringLiteral("Userdata.json"))->status, QStringLiteral("ignored"));
        // The ListenBrainz user comes from the zip's user.json, not from --me.
        const FileReport* lb = fileNamed(r, QStringLiteral("listens/2023/1.jsonl"));
        QVERIFY(lb);
        QCOMPARE(lb->status, QStringLiteral("imported"));
        QVERIFY(r.users.contains(QStringLiteral("rob")));

        // Importing the zip again adds nothing.
        const ImportReport again = run(*fromZip, {zip}, QStringLiteral("me"));
        QCOMPARE(again.totals.listensImported, qint64(0));
        QCOMPARE(again.totals.listensDuplicate, r.totals.listensImported);
    }

    void namesDamagedRowsInsideTheArchive() {
        const QByteArray tsv =
            "user_000001\t2009-05-04T23:08:57Z\t\tDeep Dish\t\tFlashdance\n"
            "user_000001\t2009-05-04T23:09:57Z\t\tDeep Dish\n"
            "user_000002\t2009-05-04T23:10:57Z\t\tBjörk\t\tJóga\n";
        const QString tgz = archive(
            QStringLiteral("lastfm-dataset-1K.tar.gz"),
            {{QStringLiteral("lastfm-dataset-1K/README.txt"), "Last.fm Dataset - 1K users\n"},
             {QStringLiteral("lastfm-dataset-1K/userid-timestamp-artid-artname-traid-traname.tsv"),
              tsv}});
        auto store = newProject();
        const ImportReport r = run(*store, {tgz});
        QCOMPARE(r.totals.listensImported, qint64(2));
        QCOMPARE(r.totals.rowsRejected, qint64(1));
        QCOMPARE(r.problemCount, qint64(1));
        QCOMPARE(r.problems[0].file,
                 tgz + QStringLiteral(
                           "!/lastfm-dataset-1K/userid-timestamp-artid-artname-traid-traname.tsv"));
        QCOMPARE(r.problems[0].line, qint64(2));
        // The README is not a history, and as an archive entry (not named by the user) it is
        // passed over without an error.
        QCOMPARE(fileNamed(r, QStringLiteral("README.txt"))->status, QStringLiteral("ignored"));
    }

    void readsTheTrackListWhereverItIs() {
        const QString tgz = archive(
            QStringLiteral("taste.tar.gz"),
            {{QStringLiteral("data/train_triplets.txt"),
              "b80344d063b5ccb3212f76538f3d9e43d87dca9e\tSOAKIMP12A8C130995\t4\n"},
             {QStringLiteral("data/unique_tracks.txt"),
              "TRMMMKD128F425225D<SEP>SOAKIMP12A8C130995<SEP>The Casualties<SEP>Pretty Little "
              "Ugly\n"}});
        auto store = newProject();
        const ImportReport r = run(*store, {tgz});
        QCOMPARE(r.totals.playCountsImported, qint64(1));
        QCOMPARE(r.files.size(), size_t(2));
        QCOMPARE(r.files[0].format, QStringLiteral("msd-track-list"));
        QSqlQuery q(store->database());
        QVERIFY(
            q.exec(QStringLiteral("SELECT a.name, t.title, p.plays FROM play_counts p JOIN "
                                  "tracks t ON t.id = p.track_id JOIN artists a ON a.id = "
                                  "t.artist_id")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("The Casualties"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("Pretty Little Ugly"));
        QCOMPARE(q.value(2).toLongLong(), qint64(4));
    }

    void readsALoneGzip() {
        const QString gz =
            archive(QStringLiteral("usersha1-artmbid-artname-plays.tsv.gz"),
                    {{QStringLiteral("data"),
                      "00000c289a1829a808ac09c00daf10bc3c4e223b\t\tbetty blowtorch\t2137\n"}});
        auto store = newProject();
        const ImportReport r = run(*store, {gz});
        QCOMPARE(r.totals.playCountsImported, qint64(1));
        QCOMPARE(r.files[0].path, gz + QStringLiteral("!/usersha1-artmbid-artname-plays.tsv"));
        QCOMPARE(r.files[0].format, QStringLiteral("lastfm-360k-tsv"));
    }

    void survivesDamagedAndNestedArchives() {
        // A project that already holds something: none of it may be lost.
        auto store = newProject();
        run(*store, {QFINDTESTDATA("data/import/lastfm/ghan.csv")}, QStringLiteral("me"));
        const qint64 before = store->counts().listens;
        QCOMPARE(before, qint64(2));

        const QString inner = archive(QStringLiteral("inner.zip"), exportEntries());
        QFile innerFile(inner);
        QVERIFY(innerFile.open(QIODevice::ReadOnly));
        const QString outer =
            archive(QStringLiteral("outer.zip"),
                    {{QStringLiteral("exports/inner.zip"), innerFile.readAll()},
                     {QStringLiteral("exports/notes.txt"), "Dear diary,\ntoday I listened.\n"}});
        ImportReport r = run(*store, {outer}, QStringLiteral("me"));
        QCOMPARE(r.totals.listensImported, qint64(0));
        QVERIFY(!r.anythingValid());
        QCOMPARE(fileNamed(r, QStringLiteral("inner.zip"))->status, QStringLiteral("ignored"));
        QVERIFY(
            fileNamed(r, QStringLiteral("inner.zip"))->note.contains(QStringLiteral("extract")));
        QCOMPARE(fileNamed(r, QStringLiteral("notes.txt"))->status, QStringLiteral("ignored"));

        // A zip cut off in the middle: what could be read is imported, the damage reported.
        const QString whole = archive(QStringLiteral("whole.zip"), exportEntries());
        QFile wholeFile(whole);
        QVERIFY(wholeFile.open(QIODevice::ReadOnly));
        const QByteArray bytes = wholeFile.readAll();
        const QString cut = path(QStringLiteral("cut.zip"));
        QVERIFY(test::writeFile(cut, bytes.left(bytes.size() * 2 / 3)));
        r = run(*store, {cut}, QStringLiteral("me"));
        QVERIFY(r.problemCount >= 1);
        bool named = false;
        for (const ImportProblem& p : r.problems) named |= p.file.startsWith(cut);
        QVERIFY(named);
        QVERIFY(r.totals.listensImported > 0);
        const qint64 afterCut = store->counts().listens;
        QCOMPARE(afterCut, before + r.totals.listensImported);

        // Not an archive at all, but named like one: one clear message.
        const QString fake = path(QStringLiteral("fake.zip"));
        QVERIFY(test::writeFile(fake, "PK\x03\x04 but nothing after"));
        r = run(*store, {fake}, QStringLiteral("me"));
        QCOMPARE(r.problemCount, qint64(1));
        QCOMPARE(r.problems[0].file, fake);
        QVERIFY2(r.problems[0].reason.startsWith(QStringLiteral("cannot read the archive")),
                 qPrintable(r.problems[0].reason));
        QCOMPARE(store->counts().listens, afterCut);
    }

    void theCliImportsAnArchive() {
        const QString zip = archive(QStringLiteral("cli.zip"), exportEntries());
        QProcess cli;
        cli.start(test::cliProgram(),
                  {QStringLiteral("import"), QStringLiteral("--project"),
                   path(QStringLiteral("cli.tastelab")), QStringLiteral("--create"),
                   QStringLiteral("--me"), QStringLiteral("me"), zip, QStringLiteral("--json")});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonObject o = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        for (const char* key : {"listens_imported", "rows_rejected", "rows_skipped", "users",
                                "artists", "tracks", "merges", "errors", "play_counts_imported"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QVERIFY(o.value(QStringLiteral("listens_imported")).toInt() > 0);
        QVERIFY(o.value(QStringLiteral("files"))
                    .toArray()
                    .first()
                    .toObject()
                    .value(QStringLiteral("path"))
                    .toString()
                    .startsWith(zip + QStringLiteral("!/")));
    }
};

QTEST_GUILESS_MAIN(ImportArchivesTest)
#include "test_import_archives.moc"
