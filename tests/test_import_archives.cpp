// Importing straight from archives (libarchive, streamed entry by entry, nothing extracted):
// a Spotify + ListenBrainz export zip with nested folders, a research data set in a .tar.gz
// with its MSD track list after the triplets, a lone .gz, a damaged zip, a zip inside a zip, and
// problems named "archive.zip!/path/in/zip" with their line.
#include <QFile>
#include <QFileInfo>
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

    // A zip of 20,000 tiny notes with one history and one empty file among them: the report
    // lists the first 1,000 files and counts all of them exactly; the listens are all there.
    void summarisesTheFilesOfALargeArchive() {
        const int kNotes = 20000;
        test::ArchiveEntries entries;
        entries.reserve(kNotes + 2);
        for (int i = 0; i < kNotes; ++i) {
            if (i == kNotes / 2)
                entries.push_back({QStringLiteral("history/lastfm-to-csv.csv"),
                                   readData(QStringLiteral("lastfm/lastfm-to-csv.csv"))});
            entries.push_back({QStringLiteral("notes/%1.txt").arg(i, 6, 10, QLatin1Char('0')),
                               QByteArray("note ") + QByteArray::number(i) + '\n'});
        }
        entries.push_back({QStringLiteral("notes/empty.csv"), QByteArray()});
        const QString zip = archive(QStringLiteral("many.zip"), entries);
        const QString notHistory = QStringLiteral(
            "not a recognised listening history (expected a Spotify or ListenBrainz JSON export, "
            "a Last.fm CSV, or a Last.fm-1K, Last.fm-360K or Taste Profile data set)");
        const std::map<QString, qint64> byStatus{{QStringLiteral("ignored"), kNotes},
                                                 {QStringLiteral("imported"), 1},
                                                 {QStringLiteral("nothing"), 1}};
        const std::map<QString, qint64> byReason{{notHistory, kNotes},
                                                 {QStringLiteral("the file is empty"), 1}};

        auto store = newProject();
        const ImportReport r = run(*store, {zip}, QStringLiteral("me"));
        QCOMPARE(r.files.size(), size_t(1000));
        QCOMPARE(r.files.front().path, zip + QStringLiteral("!/notes/000000.txt"));
        QCOMPARE(r.files.back().path, zip + QStringLiteral("!/notes/000999.txt"));
        QCOMPARE(r.filesTotal, qint64(kNotes + 2));
        QCOMPARE(r.filesNotListed(), qint64(kNotes + 2 - 1000));
        QCOMPARE(r.filesByStatus, byStatus);
        QCOMPARE(r.filesByReason, byReason);
        QCOMPARE(r.totals.listensImported, qint64(4));
        QCOMPARE(store->counts().listens, qint64(4));
        QCOMPARE(r.totals.rowsRejected, qint64(0));
        QCOMPARE(r.problemCount, qint64(0));
        const QString text = r.toText();
        QVERIFY2(text.startsWith(QStringLiteral("Imported 4 new listens from 1 of 20002 files")),
                 qPrintable(text.left(200)));
        QVERIFY2(text.contains(QStringLiteral(
                     "\n  and 19,002 more files, not listed: 19,000 ignored, 1 imported, "
                     "1 nothing.\n")),
                 qPrintable(text.right(600)));
        QVERIFY(text.contains(QStringLiteral("\nWhy files were not imported (of all 20,002):\n"
                                             "  20,000: ") +
                              notHistory + QStringLiteral("\n  1: the file is empty\n")));
        QVERIFY(text.contains(QStringLiteral("\n  Note: 20000 files in the folders were not")));

        // The JSON says the same; written in pieces it is byte for byte the whole document.
        const QJsonObject o = r.toJson();
        QCOMPARE(o.value(QStringLiteral("files")).toArray().size(), 1000);
        QCOMPARE(o.value(QStringLiteral("files_listed")).toInteger(), 1000);
        QCOMPARE(o.value(QStringLiteral("files_total")).toInteger(), kNotes + 2);
        QCOMPARE(o.value(QStringLiteral("files_by_status")).toObject(),
                 (QJsonObject{{QStringLiteral("ignored"), kNotes},
                              {QStringLiteral("imported"), 1},
                              {QStringLiteral("nothing"), 1}}));
        QCOMPARE(o.value(QStringLiteral("files_by_reason")).toObject(),
                 (QJsonObject{{notHistory, kNotes}, {QStringLiteral("the file is empty"), 1}}));
        QByteArray pieces;
        const QJsonObject extra{{QStringLiteral("project_path"), QStringLiteral("x.tastelab")}};
        r.writeJson([&](const QByteArray& piece) { pieces += piece; }, extra);
        QJsonObject whole = o;
        whole.insert(QStringLiteral("project_path"), QStringLiteral("x.tastelab"));
        QCOMPARE(pieces, QJsonDocument(whole).toJson(QJsonDocument::Indented));

        // Asked for the whole list, every file is listed, in the order read.
        ImportOptions all;
        all.paths = {zip};
        all.me = QStringLiteral("me");
        all.maxFilesListed = 0;
        auto again = newProject();
        const auto listed = importHistories(*again, all, Progress());
        QVERIFY(listed.ok());
        const ImportReport& a = listed.value();
        QCOMPARE(a.files.size(), size_t(kNotes + 2));
        QCOMPARE(a.filesTotal, qint64(kNotes + 2));
        QCOMPARE(a.filesNotListed(), qint64(0));
        QCOMPARE(a.filesByStatus, byStatus);
        QCOMPARE(a.files[kNotes / 2].path, zip + QStringLiteral("!/history/lastfm-to-csv.csv"));
        QCOMPARE(a.files[kNotes / 2].status, QStringLiteral("imported"));
        QCOMPARE(a.files[kNotes / 2].counts.listensImported, qint64(4));
        QCOMPARE(a.files.back().status, QStringLiteral("nothing"));
        QCOMPARE(a.totals.listensImported, qint64(4));
        QVERIFY(!a.toText().contains(QStringLiteral("more files, not listed")));
        pieces.clear();
        a.writeJson([&](const QByteArray& piece) { pieces += piece; });
        QCOMPARE(pieces, QJsonDocument(a.toJson()).toJson(QJsonDocument::Indented));
    }

    // The CLI's --json lists 1,000 files and counts them all; --all-files lists every one.
    void theCliSummarisesALargeArchive() {
        const int kNotes = 3000;
        test::ArchiveEntries entries{{QStringLiteral("history/lastfm-to-csv.csv"),
                                      readData(QStringLiteral("lastfm/lastfm-to-csv.csv"))}};
        for (int i = 0; i < kNotes; ++i)
            entries.push_back(
                {QStringLiteral("notes/%1.txt").arg(i, 6, 10, QLatin1Char('0')), "a note\n"});
        const QString zip = archive(QStringLiteral("cli-many.zip"), entries);
        const auto importJson = [&](const QString& project, const QStringList& more) {
            const test::CliRun run = test::runCli(
                QStringList{QStringLiteral("import"), QStringLiteral("--project"), path(project),
                            QStringLiteral("--create"), QStringLiteral("--me"),
                            QStringLiteral("me"), zip, QStringLiteral("--json")} +
                more);
            if (run.exitCode != 0) qWarning("%s", run.err.constData());
            return run;
        };
        const test::CliRun summary = importJson(QStringLiteral("cli-many.tastelab"), {});
        QCOMPARE(summary.exitCode, 0);
        const QJsonObject o = summary.json();
        QCOMPARE(o.value(QStringLiteral("listens_imported")).toInteger(), 4);
        QCOMPARE(o.value(QStringLiteral("files")).toArray().size(), 1000);
        QCOMPARE(o.value(QStringLiteral("files_listed")).toInteger(), 1000);
        QCOMPARE(o.value(QStringLiteral("files_total")).toInteger(), kNotes + 1);
        QCOMPARE(
            o.value(QStringLiteral("files_by_status")).toObject(),
            (QJsonObject{{QStringLiteral("ignored"), kNotes}, {QStringLiteral("imported"), 1}}));
        QCOMPARE(o.value(QStringLiteral("project_path")).toString(),
                 QFileInfo(path(QStringLiteral("cli-many.tastelab"))).absoluteFilePath());

        const test::CliRun full =
            importJson(QStringLiteral("cli-all.tastelab"), {QStringLiteral("--all-files")});
        QCOMPARE(full.exitCode, 0);
        const QJsonObject f = full.json();
        const QJsonArray files = f.value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), kNotes + 1);
        QCOMPARE(f.value(QStringLiteral("files_listed")).toInteger(), kNotes + 1);
        QCOMPARE(f.value(QStringLiteral("files_total")).toInteger(), kNotes + 1);
        QCOMPARE(f.value(QStringLiteral("listens_imported")).toInteger(), 4);
        QCOMPARE(files.first().toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("imported"));
        QCOMPARE(files.last().toObject().value(QStringLiteral("path")).toString(),
                 zip + QStringLiteral("!/notes/%1.txt").arg(kNotes - 1, 6, 10, QLatin1Char('0')));
    }
};

QTEST_GUILESS_MAIN(ImportArchivesTest)
#include "test_import_archives.moc"
