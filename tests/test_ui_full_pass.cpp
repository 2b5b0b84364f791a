// Issue 19's pass, as a person makes it: "Try the demo", then "Open my data" into a second
// project, then back to the first. Each project shows itself alone: no Jobs rows, status text,
// playlist line, map or badge of the other, and the first comes back as it was left (its 30
// picks, its map). With TASTELAB_UI_GRAB_DIR set it saves the three screens (pass-1..3), the
// screenshots in docs/screenshots.
#include <QCommandLinkButton>
#include <QDockWidget>
#include <QLabel>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include "JobListView.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "PlaylistModel.h"
#include "PlaylistPanel.h"
#include "ProjectSnapshot.h"
#include "TestSupport.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "job/StageQueue.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {
constexpr int kRunTimeoutMs = 600000;

QString importData(const QString& relative) {
    return QFINDTESTDATA(QStringLiteral("data/import/") + relative);
}

QStringList jobRows(MainWindow& w) {
    QStringList rows;
    QTreeWidget* list = w.jobList()->list();
    for (int i = 0; i < list->topLevelItemCount(); ++i) rows << list->topLevelItem(i)->text(0);
    return rows;
}
}  // namespace

class TestUiFullPass : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(settings_.isValid() && work_.isValid());
        test::isolateSettings(settings_.path());
    }

    void demoThenMyDataThenBack() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.setDemoFolderBase(work_.filePath(QStringLiteral("demo")));
        w.resize(1440, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        WorkspacePage* ws = w.workspacePage();
        PlaylistPanel* playlist = ws->playlist();
        auto* badge = ws->findChild<QLabel*>(QStringLiteral("demoBadge"));
        QVERIFY(badge);

        // 1. Try the demo: every stage, a map, 30 picks.
        QSignalSpy ended(&w, &MainWindow::queuedRunFinished);
        QTest::mouseClick(w.findChild<QCommandLinkButton*>(QStringLiteral("tryDemoButton")),
                          Qt::LeftButton);
        QVERIFY(ended.wait(kRunTimeoutMs));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        const QString demo = w.store()->path();
        QTRY_COMPARE(playlist->model()->rowCount(), 30);
        QVERIFY(ws->map()->hasMap());
        QVERIFY(badge->isVisible());
        const QString demoLine = playlist->statusText();
        const QString firstPick = playlist->model()->index(0, 1).data().toString();
        QVERIFY(jobRows(w).contains(QStringLiteral("Generate and open the demo world")));
        test::maybeGrab(&w, QStringLiteral("pass-1-demo"), QSize(1440, 900));

        // 2. Open my data into a second project: its own Train All, nothing of the demo.
        const OpenDataRequest request =
            test::myDataRequest(work_.path(), importData(QStringLiteral("spotify-account")),
                                importData(QStringLiteral("listenbrainz-export")));
        QVERIFY(!request.projectPath.isEmpty());
        QVERIFY(w.openMyData(request));
        QVERIFY(ended.wait(kRunTimeoutMs));
        QCOMPARE(w.store()->path(), request.projectPath);
        QVERIFY(!ws->snapshot()->isDemo());
        QVERIFY(!badge->isVisible());
        QVERIFY(!jobRows(w).contains(QStringLiteral("Generate and open the demo world")));
        QVERIFY2(!w.statusBar()->currentMessage().contains(QStringLiteral("Try the demo")),
                 qPrintable(w.statusBar()->currentMessage()));
        QVERIFY(!ws->map()->hasMap());  // nobody computed a map of this project
        {
            // Every stage's row says how it ended in its own words: Train All starts from the
            // last scan's reaction, whose ending once settled the CF row (Done, 0.0 s, no
            // words) before CF had trained.
            JobListView* jobs = w.jobList();
            QCOMPARE(jobs->rowTexts(0).at(0),
                     QStringLiteral("Collaborative filtering (implicit ALS)"));
            QCOMPARE(jobs->rowTexts(0).at(1), QStringLiteral("Done"));
            QVERIFY2(jobs->rowTexts(0).at(3).startsWith(
                         QStringLiteral("Collaborative filtering trained in ")),
                     qPrintable(jobs->rowTexts(0).join(QStringLiteral(" | "))));
            for (int row = 0; row < jobs->list()->topLevelItemCount(); ++row)
                QVERIFY2(!jobs->rowTexts(row).at(3).isEmpty(),
                         qPrintable(jobs->rowTexts(row).join(QStringLiteral(" | "))));
        }
        QVERIFY(playlist->statusText() != demoLine);
        QCOMPARE(playlist->model()->rowCount(), 0);
        test::maybeGrab(&w, QStringLiteral("pass-2-my-data"), QSize(1440, 900));

        // 3. Back to the demo: as it was left, and nothing of "ana" or her Train All.
        QVERIFY(w.openProject(demo));
        QTRY_VERIFY(!w.isRestoringPlaylist());
        QTRY_COMPARE(playlist->model()->rowCount(), 30);
        // The week as it was left, on its tab; the sliders' default moved with the back-test
        // (its held-out choice), which the playlist says on a line of its own.
        QCOMPARE(ws->currentTab()->objectName(), QStringLiteral("playlistArea"));
        QCOMPARE(playlist->statusText().section(QLatin1Char('\n'), 0, 0),
                 demoLine.section(QLatin1Char('\n'), 0, 0));
        QCOMPARE(playlist->model()->index(0, 1).data().toString(), firstPick);
        QTRY_VERIFY(ws->map()->hasMap());
        QVERIFY(badge->isVisible());
        QCOMPARE(w.jobList()->list()->topLevelItemCount(), 0);
        QCOMPARE(w.statusBar()->currentMessage(),
                 QStringLiteral("Opened %1").arg(QDir::toNativeSeparators(demo)));
        QVERIFY(!playlist->statusText().contains(QStringLiteral("ana")));
        test::maybeGrab(&w, QStringLiteral("pass-3-demo-again"), QSize(1440, 900));
    }

private:
    QTemporaryDir settings_, work_;
};

QTEST_MAIN(TestUiFullPass)
#include "test_ui_full_pass.moc"
