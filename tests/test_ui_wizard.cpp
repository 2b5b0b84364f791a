// "Open my data", headless: the welcome page's button opens the wizard, the test adds the
// export files from tests/data, reads what each was detected as, fills every page through its
// widgets, and Create Project runs the real import and scan; the project then holds exactly the
// users, listens and tracks those files contain. Each page refuses what it cannot use, in words.
#include <QCheckBox>
#include <QComboBox>
#include <QCommandLinkButton>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include "ArchiveWriter.h"
#include "MainWindow.h"
#include "OpenDataWizard.h"
#include "ProjectHeader.h"
#include "TestSupport.h"
#include "UiTestSupport.h"
#include "WelcomePage.h"
#include "WorkspacePage.h"
#include "importers/HistoryPreview.h"
#include "job/StageQueue.h"
#include "library/MusicFolders.h"
#include "library/TaggedAudioWriter.h"
#include "store/ProjectStore.h"
#include "text/TextSources.h"

using namespace tl;

namespace {

constexpr int kJobTimeoutMs = 60000;

QString importData(const QString& relative) {
    return QFINDTESTDATA(QStringLiteral("data/import/") + relative);
}

void clickNext(QWizard& wizard) {
    QAbstractButton* next = wizard.button(QWizard::NextButton);
    QVERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
}

// The wizard the welcome page's "Open my data…" button opened.
OpenDataWizard* openWizardFromWelcome(MainWindow& w) {
    auto* button =
        w.welcomePage()->findChild<QCommandLinkButton*>(QStringLiteral("openMyDataButton"));
    if (!button) return nullptr;
    QTest::mouseClick(button, Qt::LeftButton);
    return w.findChild<OpenDataWizard*>();
}

QStringList columnTexts(const QTreeWidget* tree, int column) {
    QStringList texts;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        texts << tree->topLevelItem(i)->text(column);
    return texts;
}

}  // namespace

class TestUiWizard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(settings_.isValid());
        QVERIFY(work_.isValid());
        test::isolateSettings(settings_.path());
    }

    void previewCountsRecordsAndFindsUsers() {
        // Four plays in a Spotify array; ListenBrainz names its user in user.json and per line.
        const HistoryPreview spotify =
            previewHistories({importData(QStringLiteral("spotify-account"))});
        QCOMPARE(spotify.listenFiles(), 2);  // StreamingHistory0 and StreamingHistory_music_0
        QVERIFY(spotify.needsMe);
        QVERIFY(spotify.users.isEmpty());
        for (const PreviewFile& f : spotify.files)
            if (f.path.endsWith(QStringLiteral("StreamingHistory_music_0.json"))) {
                QCOMPARE(f.format, HistoryFormat::SpotifyAccount);
                QCOMPARE(f.rows, qint64(4));
                QVERIFY(f.exact);
            } else if (f.path.endsWith(QStringLiteral("Userdata.json"))) {
                QCOMPARE(f.format, HistoryFormat::Unknown);
            }
        const HistoryPreview lb =
            previewHistories({importData(QStringLiteral("listenbrainz-export"))});
        QVERIFY(lb.users.contains(QStringLiteral("rob")));
        QVERIFY(lb.listenFiles() >= 1);
        const HistoryPreview missing =
            previewHistories({work_.filePath(QStringLiteral("nope.json"))});
        QCOMPARE(missing.files.size(), size_t(1));
        QCOMPARE(missing.listenFiles(), 0);
        QCOMPARE(missing.files[0].note, QStringLiteral("no such file or folder"));
        // Lines, a header not counted; a JSON array's objects at depth one only.
        QCOMPARE(countRecords(HistoryFormat::LastfmGhan, "uts,utc_time\n1,a\n2,b\n"), qint64(2));
        QCOMPARE(countRecords(HistoryFormat::SpotifyExtended,
                              "[{\"a\":{\"b\":1},\"s\":\"{[\"},{\"c\":2},{\"d\":3"),
                 qint64(3));
    }

    // Issue 19, item 15: the members of an export's zip differ only at the end of their long
    // paths (…_2024_0.json, …_2024_1.json). Cut at the end they looked alike; elided in the
    // middle, and named from the zip on, each row shows the end that tells it apart.
    void zipMemberNamesElideInTheMiddle() {
        QFile sample(
            importData(QStringLiteral("spotify-extended/Streaming_History_Audio_2023.json")));
        QVERIFY(sample.open(QIODevice::ReadOnly));
        const QByteArray json = sample.readAll();
        const QString folder =
            work_.filePath(QStringLiteral("Downloads/Spotify data request, March 2024"));
        QVERIFY(QDir().mkpath(folder));
        const QString zip = folder + QStringLiteral("/my_spotify_data.zip");
        const QString member = QStringLiteral(
            "Spotify Extended Streaming History/Streaming_History_Audio_2023-2024_%1.json");
        QVERIFY(test::writeArchive(zip, {{member.arg(0), json}, {member.arg(1), json}}));
        OpenDataWizard wizard({}, {});
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QSignalSpy previewed(&wizard, &OpenDataWizard::previewReady);
        wizard.addHistoryPaths({zip});
        QTRY_VERIFY(!previewed.isEmpty());
        QTreeWidget* files = wizard.historyFiles();
        QCOMPARE(files->topLevelItemCount(), 2);
        test::maybeGrab(&wizard, QStringLiteral("wizard-zip-members"), QSize());
        // The text each row paints: its name elided as the view elides it, in the column's
        // width less the style's text margins.
        const int margin =
            files->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, files) + 1;
        QStringList shown;
        for (int i = 0; i < 2; ++i) {
            const QModelIndex index = files->model()->index(i, 0);
            const QString name = index.data().toString();
            // Named from the zip on (its folder is in the tooltip).
            QCOMPARE(name, QStringLiteral("my_spotify_data.zip!/") + member.arg(i));
            const int width = files->visualRect(index).width() - 2 * margin;
            shown << files->fontMetrics().elidedText(name, files->textElideMode(), width);
            QVERIFY2(shown.last() != name, "the name is long enough to be elided");
            QVERIFY2(shown.last().endsWith(QStringLiteral("_%1.json").arg(i)),
                     qPrintable(shown.last()));
        }
        QVERIFY(shown[0] != shown[1]);
    }

    void wizardImportsScansAndRemembersText() {
        // A music folder with one file the history knows and one nobody played; a text folder.
        const QString music = work_.filePath(QStringLiteral("music"));
        QVERIFY(QDir().mkpath(music + QStringLiteral("/Sigur Ros")));
        const QString known = music + QStringLiteral("/Sigur Ros/hoppipolla.flac");
        const QString fresh = music + QStringLiteral("/fresh.flac");
        ToneSpec tone;
        tone.format = QStringLiteral("FLAC");
        QVERIFY(writeTone(known, tone).isOk());
        QVERIFY(writeTone(fresh, tone).isOk());
        FileTags knownTags;
        knownTags.artist = QStringLiteral("Sigur Rós");
        knownTags.title = QStringLiteral("Hoppípolla");
        QVERIFY(writeFileTags(known, knownTags).isOk());
        FileTags freshTags;
        freshTags.artist = QStringLiteral("Nobody Yet");
        freshTags.title = QStringLiteral("First Song");
        QVERIFY(writeFileTags(fresh, freshTags).isOk());
        const QString text = work_.filePath(QStringLiteral("text"));
        QVERIFY(QDir().mkpath(text));
        QVERIFY(test::writeFile(text + QStringLiteral("/sigur-ros.txt"),
                                "Sigur Rós play slow, glacial post-rock from Iceland."));
        const QString project = work_.filePath(QStringLiteral("mine.tastelab"));

        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.show();
        OpenDataWizard* wizard = openWizardFromWelcome(w);
        QVERIFY(wizard);
        QTRY_VERIFY(wizard->isVisible());
        QCOMPARE(wizard->currentId(), int(OpenDataWizard::HistoriesPage));
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());  // nothing added yet

        // Page 1: the Spotify account export and the ListenBrainz export folder.
        QSignalSpy previewed(wizard, &OpenDataWizard::previewReady);
        wizard->addHistoryPaths({importData(QStringLiteral("spotify-account")),
                                 importData(QStringLiteral("listenbrainz-export"))});
        QTRY_VERIFY(!previewed.isEmpty());
        const QStringList names = columnTexts(wizard->historyFiles(), 0);
        const QStringList formats = columnTexts(wizard->historyFiles(), 1);
        const int music0 = int(
            names.indexOf(QRegularExpression(QStringLiteral(".*StreamingHistory_music_0.json"))));
        QVERIFY2(music0 >= 0, qPrintable(names.join(QLatin1Char('\n'))));
        QCOMPARE(formats[music0], formatTitle(HistoryFormat::SpotifyAccount));
        QCOMPARE(wizard->historyFiles()->topLevelItem(music0)->text(3), QStringLiteral("4"));
        const int userData =
            int(names.indexOf(QRegularExpression(QStringLiteral(".*Userdata.json"))));
        QVERIFY(userData >= 0);
        QVERIFY2(formats[userData] == QStringLiteral("not a history (skipped)"),
                 qPrintable(formats[userData]));
        QVERIFY2(wizard->historyStatus()->text().contains(QStringLiteral("to import")),
                 qPrintable(wizard->historyStatus()->text()));
        test::maybeGrab(wizard, QStringLiteral("wizard-1-histories"), QSize());
        clickNext(*wizard);

        // Page 2: a folder that does not exist is refused, the real one accepted.
        QCOMPARE(wizard->currentId(), int(OpenDataWizard::MusicPage));
        QTest::keyClicks(wizard->musicFolderEdit(), work_.filePath(QStringLiteral("missing")));
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        QVERIFY(wizard->musicStatus()->text().contains(QStringLiteral("is not a folder")));
        wizard->musicFolderEdit()->clear();
        QTest::keyClicks(wizard->musicFolderEdit(), music);
        QVERIFY2(wizard->musicStatus()->text().startsWith(QStringLiteral("Audio files found")),
                 qPrintable(wizard->musicStatus()->text()));
        test::maybeGrab(wizard, QStringLiteral("wizard-2-music"), QSize());
        clickNext(*wizard);

        // Page 3: the text folder, its document counted.
        QCOMPARE(wizard->currentId(), int(OpenDataWizard::TextPage));
        QTest::keyClicks(wizard->textFolderEdit(), text);
        QVERIFY2(wizard->textStatus()->text().startsWith(QStringLiteral("1 document found")),
                 qPrintable(wizard->textStatus()->text()));
        test::maybeGrab(wizard, QStringLiteral("wizard-3-text"), QSize());
        clickNext(*wizard);

        // Page 4: "me" offers the user ListenBrainz names; an empty name is refused.
        QCOMPARE(wizard->currentId(), int(OpenDataWizard::MePage));
        QVERIFY(wizard->meBox()->findText(QStringLiteral("rob")) >= 0);
        wizard->meBox()->lineEdit()->clear();
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        QTest::keyClicks(wizard->meBox()->lineEdit(), QStringLiteral("ana"));
        QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        test::maybeGrab(wizard, QStringLiteral("wizard-4-me"), QSize());
        clickNext(*wizard);

        // Page 5: an existing file is refused with a reason; a new path is accepted.
        QCOMPARE(wizard->currentId(), int(OpenDataWizard::ProjectPage));
        QAbstractButton* finish = wizard->button(QWizard::FinishButton);
        QVERIFY(!finish->isEnabled());
        const QString taken = work_.filePath(QStringLiteral("taken.tastelab"));
        QVERIFY(test::writeFile(taken, "x"));
        QTest::keyClicks(wizard->projectPathEdit(), taken);
        QVERIFY(!finish->isEnabled());
        QVERIFY(wizard->projectStatus()->text().contains(QStringLiteral("already exists")));
        wizard->projectPathEdit()->clear();
        QTest::keyClicks(wizard->projectPathEdit(), work_.filePath(QStringLiteral("mine")));
        QVERIFY(finish->isEnabled());
        QCOMPARE(wizard->projectFile(), project);
        test::maybeGrab(wizard, QStringLiteral("wizard-5-project"), QSize());

        QSignalSpy done(&w, &MainWindow::myDataImported);
        // The import's own errors, read when it ends: the Train All run it starts goes on at
        // once, and its audio stage fails on purpose (below), within milliseconds now that FFT
        // plans cost no planning time, so reading lastError() later would see that failure.
        QString errorWhenImported = QStringLiteral("(not imported)");
        connect(&w, &MainWindow::myDataImported, &w, [&] { errorWhenImported = w.lastError(); });
        QTest::mouseClick(finish, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, kJobTimeoutMs);
        QCOMPARE(done.first().first().toString(), project);
        QVERIFY2(errorWhenImported.isEmpty(), qPrintable(errorWhenImported));

        // What the CLI imports from the same files: ana's 4 Spotify plays (one too short,
        // counted anyway as Spotify logs it) and rob's ListenBrainz listens, 5 tracks; then the
        // scan matches one file and adds one cold-start track.
        QVERIFY(w.hasProject());
        QCOMPARE(w.store()->path(), project);
        const auto users = w.store()->users();
        QCOMPARE(users.size(), size_t(2));
        QStringList userNames;
        for (const User& u : users) {
            userNames << u.name;
            QCOMPARE(u.isMe, u.name == QStringLiteral("ana"));
        }
        userNames.sort();
        QCOMPARE(userNames, QStringList({QStringLiteral("ana"), QStringLiteral("rob")}));
        QCOMPARE(w.store()->counts().listens, qint64(7));
        QCOMPARE(w.store()->counts().tracks, qint64(6));
        QCOMPARE(w.store()->files().size(), size_t(2));
        QVERIFY(w.lastScanReport());
        QCOMPARE(w.lastScanReport()->matched, 1);
        QCOMPARE(w.lastScanReport()->newTracks, 1);
        QCOMPARE(musicFolders(*w.store()), QStringList{music});  // remembered for rescans
        QCOMPARE(savedTextSources(*w.store()).corpusDirs, QStringList{text});
        // Scanned, so the header does not list the folder as waiting to be read.
        QTRY_COMPARE(w.workspacePage()->header()->pendingText(), QString());
        test::maybeGrab(&w, QStringLiteral("wizard-6-imported"));

        // Then every model trains as one queued run, each stage ending with what became of it.
        QVERIFY(w.queuedRun());
        QTRY_VERIFY_WITH_TIMEOUT(w.queuedRun()->finished(), kJobTimeoutMs);
        QStringList states;
        for (const Stage& s : w.queuedRun()->stages()) {
            states << s.id + QLatin1Char('=') + stageStateName(s.state);
            QVERIFY2(s.state == StageState::Done || !s.message.isEmpty(), qPrintable(s.id));
        }
        QCOMPARE(states,
                 QStringList({QStringLiteral("cf=done"), QStringLiteral("text=done"),
                              QStringLiteral("analyze=done"), QStringLiteral("audio=failed")}));
    }

    void refusedRequestCreatesNothing() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        OpenDataRequest request;
        request.histories = {work_.filePath(QStringLiteral("gone.json"))};
        request.me = QStringLiteral("ana");
        request.projectPath = work_.filePath(QStringLiteral("never.tastelab"));
        QVERIFY(!w.openMyData(request));
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.first().at(1).toString().contains(QStringLiteral("gone.json")));
        QVERIFY(!QFileInfo::exists(request.projectPath));
        QVERIFY(!w.hasProject());

        // A folder holding no history keeps Next disabled and says why.
        const QString notes = work_.filePath(QStringLiteral("notes"));
        QVERIFY(QDir().mkpath(notes));
        QVERIFY(test::writeFile(notes + QStringLiteral("/readme.txt"), "just some words\n"));
        OpenDataWizard wizard(QStringLiteral("ana"), work_.path());
        wizard.show();
        QSignalSpy previewed(&wizard, &OpenDataWizard::previewReady);
        wizard.addHistoryPaths({notes});
        QTRY_VERIFY(!previewed.isEmpty());
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        QVERIFY(wizard.historyStatus()->text().startsWith(QStringLiteral("None of these files")));
        test::maybeGrab(&wizard, QStringLiteral("wizard-1-no-history"), QSize());
    }

private:
    QTemporaryDir settings_;
    QTemporaryDir work_;
};

QTEST_MAIN(TestUiWizard)
#include "test_ui_wizard.moc"
