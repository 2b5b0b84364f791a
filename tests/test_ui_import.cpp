// Importing from the GUI, headless: drops and menu paths run the importer as a job, the library
// fills, the summary dialog quotes what was rejected, and a second import adds nothing twice.
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "AppSettings.h"
#include "ImportDialog.h"
#include "ImportSummaryDialog.h"
#include "LibraryPanel.h"
#include "MainWindow.h"
#include "MusicFolderProbe.h"
#include "PathListSetting.h"
#include "TestSupport.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

constexpr int kJobTimeoutMs = 60000;

// A Spotify account-data export: three plays of three tracks and one row whose time is not a
// time (line 5 of the file).
const QByteArray kSpotifyHistory = R"([
{"endTime":"2026-10-01 08:15","artistName":"Sigur Rós","trackName":"Hoppípolla","msPlayed":268000},
{"endTime":"2026-10-01 08:20","artistName":"Björk","trackName":"Jóga","msPlayed":305000},
{"endTime":"2026-10-02 21:02","artistName":"Múm","trackName":"Green Grass of Tunnel","msPlayed":240000},
{"endTime":"yesterday evening","artistName":"Múm","trackName":"Smell Memory","msPlayed":200000}
]
)";

}  // namespace

class TestUiImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        QVERIFY(work_.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
    }

    void droppedHistoryIsImportedOnceAndMusicFolderRecorded() {
        const QString project = newProject(QStringLiteral("drop"));
        const QString history = path(QStringLiteral("StreamingHistory_music_0.json"));
        QVERIFY(test::writeFile(history, kSpotifyHistory));
        const QString music = path(QStringLiteral("music/Artist"));
        QVERIFY(QDir().mkpath(music));
        QVERIFY(test::writeFile(music + QStringLiteral("/song.flac"), "not decoded here"));
        const QString musicRoot = path(QStringLiteral("music"));

        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.show();
        QVERIFY(w.openProject(project));
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        QVERIFY(test::dropPaths(w, {history, musicRoot}));
        // Two jobs, one after the other: the import, then the scan of the folder with audio.
        QTRY_COMPARE_WITH_TIMEOUT(completed.size(), 2, kJobTimeoutMs);
        auto report = w.lastImportReport();
        QVERIFY(report);
        QCOMPARE(report->totals.listensImported, qint64(3));
        QCOMPARE(report->totals.rowsRejected, qint64(1));
        QCOMPARE(report->problems.size(), size_t(1));
        QCOMPARE(report->problems[0].line, qint64(5));
        QCOMPARE(report->me, w.suggestedMeName());
        // The scan read the folder: its one "FLAC" is not audio, listed with its reason.
        auto scan = w.lastScanReport();
        QVERIFY(scan);
        QCOMPARE(scan->filesFailed, qint64(1));
        QCOMPARE(scan->failed.size(), size_t(1));
        QVERIFY(scan->failed[0].file.endsWith(QStringLiteral("song.flac")));
        QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("could not be read")),
                 qPrintable(w.statusBar()->currentMessage()));
        // The library shows the three tracks; the folder is remembered for rescans.
        QCOMPARE(w.workspacePage()->library()->visibleRows(), 3);
        QCOMPARE(readPathList(*w.store(), QString::fromLatin1(path_setting::kMusicFolders)),
                 QStringList{musicRoot});
        QCOMPARE(w.store()->counts().listens, qint64(3));

        // The same file again adds nothing and says the listens were already there.
        completed.clear();
        w.importPaths({history});
        QVERIFY(completed.wait(kJobTimeoutMs) || completed.size() == 1);
        QCOMPARE(w.lastImportReport()->totals.listensImported, qint64(0));
        QCOMPARE(w.lastImportReport()->totals.listensDuplicate, qint64(3));
        QCOMPARE(w.store()->counts().listens, qint64(3));
    }

    // A folder without audio is an unpacked export: every history in it is imported.
    void folderWithoutAudioIsImportedAsHistory() {
        const QString project = newProject(QStringLiteral("folder"));
        const QString exportDir = path(QStringLiteral("Spotify Account Data"));
        QVERIFY(QDir().mkpath(exportDir));
        QVERIFY(test::writeFile(exportDir + QStringLiteral("/StreamingHistory_music_0.json"),
                                kSpotifyHistory));
        QVERIFY(test::writeFile(exportDir + QStringLiteral("/Read Me First.pdf"), "%PDF-1.4"));
        QVERIFY(!looksLikeMusicFolder(exportDir));

        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project));
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        w.importPaths({exportDir});
        QVERIFY(completed.wait(kJobTimeoutMs) || completed.size() == 1);
        QCOMPARE(w.lastImportReport()->totals.listensImported, qint64(3));
        QVERIFY(
            readPathList(*w.store(), QString::fromLatin1(path_setting::kMusicFolders)).isEmpty());
    }

    void importDialogNeedsAName() {
        ImportDialog dialog({path(QStringLiteral("a.json"))}, {path(QStringLiteral("music"))},
                            QStringLiteral("  zoë "));
        QPushButton* ok = dialog.buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QCOMPARE(dialog.me(), QStringLiteral("zoë"));
        dialog.meEdit()->setText(QStringLiteral("   "));
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(dialog.meEdit(), QStringLiteral("Ana"));
        QVERIFY(ok->isEnabled());
        QCOMPARE(dialog.me(), QStringLiteral("Ana"));
        QCOMPARE(dialog.findChild<QListWidget*>(QStringLiteral("importPaths"))->count(), 2);
        QVERIFY(!dialog.includeIncognito());
        // A folder-only import asks for no name.
        ImportDialog folders({}, {path(QStringLiteral("music"))}, QString());
        QVERIFY(folders.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
    }

    void summaryQuotesFilesAndProblems() {
        const QString project = newProject(QStringLiteral("summary"));
        const QString history = path(QStringLiteral("summary/StreamingHistory_music_0.json"));
        QVERIFY(QDir().mkpath(path(QStringLiteral("summary"))));
        QVERIFY(test::writeFile(history, kSpotifyHistory));
        const QString junk = path(QStringLiteral("summary/notes.txt"));
        QVERIFY(test::writeFile(junk, "shopping list: milk, eggs\n"));
        auto opened = ProjectStore::open(project);
        QVERIFY(opened.ok());
        ImportOptions options;
        options.paths = {history, junk};
        options.me = QStringLiteral("me");
        auto imported = importHistories(*opened.value(), options, Progress());
        QVERIFY(imported.ok());
        const ImportReport& report = imported.value();

        ImportSummaryDialog dialog(report);
        QCOMPARE(dialog.filesTable()->rowCount(), 2);
        QCOMPARE(dialog.filesTable()->item(0, 0)->text(),
                 QStringLiteral("StreamingHistory_music_0.json"));
        QCOMPARE(dialog.filesTable()->item(0, 2)->text(), QStringLiteral("imported"));
        QCOMPARE(dialog.filesTable()->item(0, 3)->data(Qt::DisplayRole).toLongLong(), 3);
        QVERIFY(dialog.filesTable()->item(1, 2)->text() != QLatin1String("imported"));
        QVERIFY(dialog.problemsList()->count() >= 1);
        QVERIFY2(dialog.problemsList()->item(0)->text().contains(
                     QStringLiteral("StreamingHistory_music_0.json:5")),
                 qPrintable(dialog.problemsList()->item(0)->text()));
        const QString headline =
            dialog.findChild<QLabel*>(QStringLiteral("importHeadline"))->text();
        QVERIFY2(headline.contains(QStringLiteral("Imported 3 new listens from 1 of 2 files")),
                 qPrintable(headline));
        dialog.show();
        test::maybeGrab(&dialog, QStringLiteral("import-summary"), QSize());
    }

    // Past the report's list limit the headline still counts every file, and one more row says
    // what the files not listed were.
    void summaryCountsTheFilesItDoesNotList() {
        const QString project = newProject(QStringLiteral("many"));
        const QString folder = path(QStringLiteral("many-files"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(test::writeFile(folder + QStringLiteral("/a-StreamingHistory_music_0.json"),
                                kSpotifyHistory));
        for (int i = 0; i < 5; ++i)
            QVERIFY(test::writeFile(folder + QStringLiteral("/note%1.txt").arg(i), "a note\n"));
        auto opened = ProjectStore::open(project);
        QVERIFY(opened.ok());
        ImportOptions options;
        options.paths = {folder};
        options.me = QStringLiteral("me");
        options.maxFilesListed = 2;
        auto imported = importHistories(*opened.value(), options, Progress());
        QVERIFY(imported.ok());
        const ImportReport& report = imported.value();
        QCOMPARE(report.files.size(), size_t(2));
        QCOMPARE(report.filesTotal, qint64(6));
        QVERIFY2(report.toText().contains(
                     QStringLiteral("\n  and 4 more files, not listed: 4 ignored.\n")),
                 qPrintable(report.toText()));

        ImportSummaryDialog dialog(report);
        QCOMPARE(dialog.filesTable()->rowCount(), 3);
        QCOMPARE(dialog.filesTable()->item(0, 2)->text(), QStringLiteral("imported"));
        QCOMPARE(dialog.filesTable()->item(2, 0)->text(), QStringLiteral("… and 4 more files"));
        QCOMPARE(dialog.filesTable()->item(2, 2)->text(), QStringLiteral("4 ignored"));
        QVERIFY(dialog.filesTable()->item(2, 0)->toolTip().contains(
            QStringLiteral("5: not a recognised listening history")));
        const QString headline =
            dialog.findChild<QLabel*>(QStringLiteral("importHeadline"))->text();
        QVERIFY2(headline.contains(QStringLiteral("Imported 3 new listens from 1 of 6 files")),
                 qPrintable(headline));

        // One file past the list (the import again: its listens are already there).
        options.maxFilesListed = 5;
        auto again = importHistories(*opened.value(), options, Progress());
        QVERIFY(again.ok());
        QCOMPARE(again.value().totals.listensDuplicate, qint64(3));
        QVERIFY2(again.value().toText().contains(
                     QStringLiteral("\n  and 1 more file, not listed: 1 ignored.\n")),
                 qPrintable(again.value().toText()));
        ImportSummaryDialog one(again.value());
        QCOMPARE(one.filesTable()->rowCount(), 6);
        QCOMPARE(one.filesTable()->item(5, 0)->text(), QStringLiteral("… and 1 more file"));
    }

private:
    QString path(const QString& name) const { return QDir(work_.path()).filePath(name); }
    QString newProject(const QString& name) {
        const QString file = path(name + QStringLiteral(".tastelab"));
        auto created = ProjectStore::create(file);
        if (!created) qWarning() << created.status().message();
        return created ? file : QString();
    }

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
};

QTEST_MAIN(TestUiImport)
#include "test_ui_import.moc"
