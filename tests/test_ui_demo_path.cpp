// The path a new user walks: "Try the demo" generates the world and runs every stage — CF,
// text, the audio analysis, the audio model, the map, the first weekly playlist and its
// back-test — in dependency order, without a further click. The Jobs dock lists every stage,
// the window never stalls over 100 ms, and at the end the main view holds a map, a 30-track
// playlist with per-source bars, the three model lines and the back-test. Also Train All, and a
// cancel that stops the run within a fraction of a second.
#include <QCommandLinkButton>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <functional>

#include "BacktestPanel.h"
#include "CatalogTableModel.h"
#include "DemoFolder.h"
#include "JobListView.h"
#include "LibraryPanel.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "MapView.h"
#include "PlaylistModel.h"
#include "PlaylistPanel.h"
#include "ProjectHeader.h"
#include "TestSupport.h"
#include "TourOverlay.h"
#include "TrackDetailsPanel.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "job/StageQueue.h"
#include "playlist/BacktestSession.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {
constexpr int kPathTimeoutMs = 600000;  // seconds on a quiet machine; slack for a loaded CI

// Records the longest gap between the ticks of a 5 ms timer: how long the event loop was
// unable to run (drawing, input) at worst.
class StallMeter : public QObject {
public:
    // `where` names what was going on, for the message when a stall is too long.
    explicit StallMeter(std::function<QString()> where) {
        timer_.setInterval(5);
        connect(&timer_, &QTimer::timeout, this, [this, where] {
            if (!clock_.isValid()) return clock_.start();
            const qint64 gap = clock_.restart();
            if (gap > worst_) {
                worst_ = gap;
                where_ = where();
            }
        });
        timer_.start();
    }
    qint64 worstMs() const { return worst_; }
    QString where() const { return where_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 worst_ = 0;
    QString where_;
};
}  // namespace

class TestUiDemoPath : public QObject {
    Q_OBJECT

private:
    QTemporaryDir work_;
    QString project_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(work_.isValid());
        test::isolateSettings(work_.filePath(QStringLiteral("settings")));
    }

    // Issue 19, item 15: the demo was created in …/Tastelab/Tastelab/demo-1 (AppDataLocation
    // adds the organisation name, which is the application's name too). It goes to the
    // application's own data folder, …/Tastelab/demo-1; "Try the demo" reopens a world there,
    // and one an earlier version left in the old place.
    void demoFolderIsTheAppsOwnDataFolder() {
        const QString org = QCoreApplication::organizationName();
        const QString app = QCoreApplication::applicationName();
        QCoreApplication::setOrganizationName(QStringLiteral("Tastelab"));
        QCoreApplication::setApplicationName(QStringLiteral("Tastelab"));
        const auto restore = qScopeGuard([&] {
            QCoreApplication::setOrganizationName(org);
            QCoreApplication::setApplicationName(app);
        });
        const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
        const QString base = data + QStringLiteral("/Tastelab");
        QCOMPARE(defaultDemoFolder(1), base + QStringLiteral("/demo-1"));
        QVERIFY(!defaultDemoFolder(1).contains(QStringLiteral("Tastelab/Tastelab")));
        const QString old = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QCOMPARE(old, data + QStringLiteral("/Tastelab/Tastelab"));  // where it went before
        for (const QString& where : {base, old}) {
            const QString folder = where + QStringLiteral("/demo-1");
            QVERIFY2(!QFileInfo::exists(folder), qPrintable(folder));  // nobody's world removed
            QVERIFY(QDir().mkpath(folder));
            const auto remove = qScopeGuard([&] {
                QDir(folder).removeRecursively();
                QDir().rmpath(where);  // and the folders made for it, when empty
            });
            const QString project = folder + QStringLiteral("/demo.tastelab");
            QVERIFY(ProjectStore::create(project).ok());
            MainWindow w;
            w.setModalDialogsEnabled(false);
            w.openDemo();
            QVERIFY(w.store());
            QCOMPARE(w.store()->path(), project);
            QVERIFY(!w.jobRunner()->isRunning());  // reopened, not generated again
            if (where == base) {
                w.show();
                test::maybeGrab(&w, QStringLiteral("demo-folder-reopened"));
            }
        }
    }

    void tryTheDemoRunsEveryStageWithoutStalling() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.setDemoFolderBase(work_.filePath(QStringLiteral("demo")));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy ended(&w, &MainWindow::queuedRunFinished);
        QSignalSpy errors(&w, &MainWindow::errorShown);

        StallMeter meter([&w] {
            const Stage* s = w.queuedRun() ? w.queuedRun()->current() : nullptr;
            return s ? s->id : QStringLiteral("between stages");
        });
        QTest::mouseClick(w.findChild<QCommandLinkButton*>(QStringLiteral("tryDemoButton")),
                          Qt::LeftButton);
        QVERIFY(w.isQueuedRunActive());
        auto* dock = w.findChild<QDockWidget*>(QStringLiteral("jobsDock"));
        QVERIFY(dock && dock->isVisible());
        JobListView* jobs = w.jobList();
        QCOMPARE(jobs->list()->topLevelItemCount(), 8);
        QCOMPARE(jobs->rowTexts(0).at(1), QStringLiteral("Running"));
        QCOMPARE(jobs->rowTexts(1).at(1), QStringLiteral("Waiting"));
        // Grab the list while the audio model trains: rows done, one running, some waiting.
        bool grabbed = false;
        bool runningRowInSight = false;  // the dock is short: the running row scrolls into view
        connect(w.jobRunner(), &JobRunner::progressChanged, this, [&] {
            const Stage* s = w.queuedRun() ? w.queuedRun()->current() : nullptr;
            if (!grabbed && s && s->id == QStringLiteral("audio") && s->fraction > 0.5) {
                grabbed = true;
                QTreeWidget* list = jobs->list();
                runningRowInSight =
                    list->viewport()->rect().contains(list->visualItemRect(list->topLevelItem(4)));
                test::maybeGrab(&w, QStringLiteral("demo-path-running"));
            }
        });

        QVERIFY(ended.wait(kPathTimeoutMs));
        QVERIFY2(errors.isEmpty(), qPrintable(w.lastError()));
        QVERIFY(grabbed);
        QVERIFY(runningRowInSight);
        const StageQueue* run = w.queuedRun();
        QStringList states;
        for (const Stage& s : run->stages())
            states << s.id + QLatin1Char('=') + stageStateName(s.state) + QLatin1Char(' ') +
                          s.message;
        QVERIFY2(run->count(StageState::Done) == 8, qPrintable(states.join(QLatin1Char('\n'))));
        for (int row = 0; row < 8; ++row) {
            QCOMPARE(jobs->rowTexts(row).at(1), QStringLiteral("Done"));
            QVERIFY(jobs->rowTexts(row).at(2).endsWith(QStringLiteral(" s")));
        }
        QVERIFY2(jobs->summaryText().contains(QStringLiteral("all 8 stages done")),
                 qPrintable(jobs->summaryText()));
        QVERIFY(!jobs->cancelButton()->isEnabled());
        // The main view: a map, 30 picks with per-source bars, three model lines, a back-test.
        WorkspacePage* ws = w.workspacePage();
        QVERIFY(ws->map()->hasMap());
        QCOMPARE(ws->playlist()->model()->rowCount(), 30);
        const QVariantList shares =
            ws->playlist()->model()->index(0, 0).data(PlaylistModel::kSharesRole).toList();
        QVERIFY2(shares.size() >= 2, "the first pick's bar shows fewer than two sources");
        const QString models =
            ws->header()->findChild<QLabel*>(QStringLiteral("projectModels"))->text();
        QVERIFY2(models.contains(QStringLiteral("Collaborative filtering")) &&
                     models.contains(QStringLiteral("Text")) &&
                     models.contains(QStringLiteral("Audio")),
                 qPrintable(models));
        QVERIFY(ws->backtest()->session());
        project_ = w.store()->path();
        test::maybeGrab(&w, QStringLiteral("demo-path-done"));
        // The back-test has its own audio model: four sources, audio among them.
        QCOMPARE(ws->backtest()->session()->sources.size(), size_t(4));
        ws->showBacktestTab();
        test::maybeGrab(&w, QStringLiteral("demo-path-backtest"));
        ws->showPlaylistTab();
        // A run that ended well hands its room back to the playlist after a moment.
        QTRY_VERIFY_WITH_TIMEOUT(!dock->isVisible(), 10000);
        test::maybeGrab(&w, QStringLiteral("demo-path-playlist"));
        qInfo("worst event-loop stall over the whole demo path: %lld ms (%s)", meter.worstMs(),
              qPrintable(meter.where()));
        QVERIFY2(meter.worstMs() < 100, qPrintable(QStringLiteral("the window stalled %1 ms (%2)")
                                                       .arg(meter.worstMs())
                                                       .arg(meter.where())));
    }

    void trainAllKeepsWhatIsCurrent() {
        if (project_.isEmpty()) QSKIP("needs the demo of the previous test");
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project_));
        w.show();
        QSignalSpy ended(&w, &MainWindow::queuedRunFinished);
        QVERIFY(w.trainAll());
        QVERIFY(ended.wait(kPathTimeoutMs));
        const StageQueue* run = w.queuedRun();
        QCOMPARE(int(run->stages().size()), 4);
        QCOMPARE(run->count(StageState::Done), 4);
        // Nothing changed since the demo trained them: CF and the audio model are reused.
        QVERIFY2(run->find(QStringLiteral("cf"))->message.contains(QStringLiteral("up to date")),
                 qPrintable(run->find(QStringLiteral("cf"))->message));
        QVERIFY2(run->find(QStringLiteral("audio"))->message.contains(QStringLiteral("up to date")),
                 qPrintable(run->find(QStringLiteral("audio"))->message));
        QVERIFY2(run->find(QStringLiteral("analyze"))
                     ->message.contains(QStringLiteral("0 files "
                                                       "analysed")),
                 qPrintable(run->find(QStringLiteral("analyze"))->message));
    }

    // Selecting a track anywhere selects it everywhere: playlist, library, map, details.
    void selectionFollowsInEveryView() {
        if (project_.isEmpty()) QSKIP("needs the demo of the first test");
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project_));
        w.show();
        WorkspacePage* ws = w.workspacePage();
        QTRY_COMPARE(ws->playlist()->model()->rowCount(), 30);  // the saved week, restored
        QTRY_VERIFY(ws->map()->hasMap());
        LibraryPanel* library = ws->library();
        MapPanel* map = ws->map();
        PlaylistPanel* playlist = ws->playlist();

        // From the playlist: its second pick.
        const Id pick =
            playlist->model()->index(1, 0).data(PlaylistModel::kTrackIdRole).toLongLong();
        QVERIFY(pick != 0);
        playlist->table()->setCurrentIndex(playlist->model()->index(1, 0));
        QCOMPARE(library->selectedTrack(), pick);
        QCOMPARE(map->selectedTrack(), pick);
        QCOMPARE(ws->details()->trackId(), pick);
        ws->showPlaylistTab();
        test::maybeGrab(&w, QStringLiteral("playlist-pick"));

        // From the library: a track of the map that is not in the week.
        Id other = 0;
        for (int row = 0; row < library->view()->model()->rowCount() && other == 0; ++row) {
            const Id id = library->view()
                              ->model()
                              ->index(row, 0)
                              .data(CatalogTableModel::kIdRole)
                              .toLongLong();
            if (id == 0 || map->indexOfTrack(id) < 0) continue;
            bool inWeek = false;
            for (int p = 0; p < playlist->model()->rowCount(); ++p)
                inWeek =
                    inWeek ||
                    playlist->model()->index(p, 0).data(PlaylistModel::kTrackIdRole).toLongLong() ==
                        id;
            if (!inWeek) other = id;
        }
        QVERIFY(other != 0);
        QVERIFY(library->selectTrack(other));
        QCOMPARE(library->selectedTrack(), other);
        QCOMPARE(map->selectedTrack(), other);
        QCOMPARE(ws->details()->trackId(), other);
        // Not in the week: its row is let go, current row included (choosing it again is a change).
        QCOMPARE(playlist->selectedTrack(), Id(0));
        QVERIFY(playlist->table()->selectionModel()->selectedRows().isEmpty());
        QVERIFY(!playlist->table()->currentIndex().isValid());

        // From the map: the dot of the first pick it has (a cold-start pick the audio model chose
        // has no CF vector, so no dot on the CF map).
        int firstRow = -1;
        Id first = 0;
        for (int p = 0; p < playlist->model()->rowCount() && firstRow < 0; ++p) {
            const Id id =
                playlist->model()->index(p, 0).data(PlaylistModel::kTrackIdRole).toLongLong();
            if (id != pick && map->indexOfTrack(id) >= 0) firstRow = p, first = id;
        }
        QVERIFY(firstRow >= 0);
        map->view()->selectPoint(map->indexOfTrack(first));
        QCOMPARE(map->selectedTrack(), first);
        QCOMPARE(library->selectedTrack(), first);
        QCOMPARE(playlist->selectedTrack(), first);
        QCOMPARE(playlist->table()->currentIndex().row(), firstRow);
        QCOMPARE(ws->details()->trackId(), first);
        test::maybeGrab(&w, QStringLiteral("selection-everywhere"));
    }

    // Generate a week by hand: its back-test follows as a job of its own, beside the sliders.
    void generateIsFollowedByItsBacktest() {
        if (project_.isEmpty()) QSKIP("needs the demo of the first test");
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project_));
        w.show();
        QVERIFY(!w.workspacePage()->backtest()->session());
        Id me = 0;
        for (const User& u : w.store()->users())
            if (u.isMe) me = u.id;
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        QVERIFY(w.generatePlaylist(me, w.workspacePage()->playlist()->weekText(), 0));
        QTRY_COMPARE_WITH_TIMEOUT(completed.size(), 2, kPathTimeoutMs);
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(w.jobRunner()->isRunning(), false);
        const BacktestSession* backtest = w.workspacePage()->backtest()->session();
        QVERIFY(backtest);
        QCOMPARE(backtest->userId, me);
        QVERIFY(w.workspacePage()->backtest()->table()->rowCount() >= 3);
    }

    // Help > Take the Tour on the trained demo: every step's view is visible, ringed, and the
    // callout sits beside it without covering it; the arrow keys step and Esc ends it.
    void tourWalksEveryStepBesideItsView() {
        if (project_.isEmpty()) QSKIP("needs the demo of the first test");
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project_));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE(w.workspacePage()->playlist()->model()->rowCount(), 30);
        QTRY_VERIFY(w.workspacePage()->map()->hasMap());
        w.takeTour();
        TourOverlay* tour = w.tour();
        QVERIFY(tour && tour->isVisible());
        QCOMPARE(tour->stepCount(), 7);
        for (int step = 0; step < tour->stepCount(); ++step) {
            QCOMPARE(tour->currentStep(), step);
            QWidget* target = tour->currentTarget();
            QVERIFY2(target && target->isVisible(), qPrintable(tour->titleText()));
            const QRect t(target->mapTo(&w, QPoint(0, 0)), target->size());
            QVERIFY2(!tour->geometry().intersects(t), qPrintable(tour->titleText()));
            QVERIFY(w.rect().contains(tour->geometry()));
            QVERIFY2(!tour->bodyText().contains(QStringLiteral("Not trained yet")),
                     qPrintable(tour->bodyText()));
            test::maybeGrab(&w, QStringLiteral("tour-%1").arg(step + 1), QSize());
            if (step == 1) QCOMPARE(w.workspacePage()->details()->trackId() != 0, true);
            if (step + 1 < tour->stepCount()) QTest::keyClick(tour, Qt::Key_Right);
        }
        QTest::keyClick(tour, Qt::Key_Left);
        QCOMPARE(tour->currentStep(), 5);
        QTest::keyClick(tour, Qt::Key_Escape);
        QVERIFY(!tour->isVisible());
    }

    void cancelStopsTheRunAndMarksTheRest() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.setDemoFolderBase(work_.filePath(QStringLiteral("demo-cancelled")));
        w.show();
        QSignalSpy ended(&w, &MainWindow::queuedRunFinished);
        w.tryDemo();
        QVERIFY(w.isQueuedRunActive());
        QTRY_VERIFY(w.jobRunner()->isRunning());
        QElapsedTimer clock;
        clock.start();
        QTest::mouseClick(w.jobList()->cancelButton(), Qt::LeftButton);
        QVERIFY(ended.wait(5000) || !ended.isEmpty());
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        const StageQueue* run = w.queuedRun();
        QVERIFY(run->finished());
        QCOMPARE(run->count(StageState::Done), 0);
        QCOMPARE(run->count(StageState::Cancelled), 8);
        QCOMPARE(w.jobList()->rowTexts(7).at(1), QStringLiteral("Cancelled"));
        QVERIFY(!w.jobRunner()->isRunning());
    }
};

QTEST_MAIN(TestUiDemoPath)
#include "test_ui_demo_path.moc"
