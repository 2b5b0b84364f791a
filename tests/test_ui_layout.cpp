// Issue 19, items 11 to 13: what a person sees of the window's layout after "Try the demo". The
// training window stays closed until asked for; the playlist gets the room its picks need (names
// whole, no sideways scrolling, enough rows) at 1280x800 and 1920x1080, while the empty details
// and spectrogram areas shrink to a band; splitter positions a user dragged come back in the
// next session; the spectrogram can get a window of its own, its controls are never cut.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include "MainWindow.h"
#include "ModelTrainingWindow.h"
#include "PlaylistModel.h"
#include "PlaylistPanel.h"
#include "SpectrogramPanel.h"
#include "SpectrogramView.h"
#include "TrackDetailsPanel.h"
#include "TrainingCurvesView.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "job/StageQueue.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {
constexpr int kRunTimeoutMs = 600000;

using test::settle;

bool trainingWindowShown(const MainWindow& w) {
    return w.trainingWindow() && w.trainingWindow()->isVisible();
}

// The playlist as a person reads it: every pick's artist and title whole, no sideways scroll
// bar, and how many rows are in sight.
struct PlaylistReading {
    QStringList elided;  // "row 3 Artist: Tanaka Collective" for each cut name
    bool sidewaysScroll = false;
    int rowsInSight = 0;
};

PlaylistReading readPlaylist(PlaylistPanel* panel) {
    PlaylistReading r;
    QTableView* table = panel->table();
    const QFontMetrics fm(table->font());
    // The cell's text margins: the style's focus-frame margin on each side, plus one pixel.
    const int margins =
        2 * (table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1);
    for (int row = 0; row < panel->model()->rowCount(); ++row)
        for (int c : {int(PlaylistModel::Artist), int(PlaylistModel::Title)}) {
            const QString text = panel->model()->index(row, c).data().toString();
            if (fm.horizontalAdvance(text) + margins > table->columnWidth(c))
                r.elided << QStringLiteral("row %1 col %2: %3 (%4 px in %5)")
                                .arg(row + 1)
                                .arg(c)
                                .arg(text)
                                .arg(fm.horizontalAdvance(text) + margins)
                                .arg(table->columnWidth(c));
        }
    r.sidewaysScroll =
        table->horizontalScrollBar()->isVisible() && table->horizontalScrollBar()->maximum() > 0;
    r.rowsInSight = table->viewport()->height() / table->verticalHeader()->defaultSectionSize();
    return r;
}

QSplitter* splitter(MainWindow& w, const char* name) {
    return w.workspacePage()->findChild<QSplitter*>(QLatin1String(name));
}

// Drags the handle between a splitter's first two panes by `delta` pixels, as a mouse would.
void dragHandle(QSplitter* s, int delta) {
    QSplitterHandle* handle = s->handle(1);
    const QPoint from = handle->rect().center();
    const QPoint to =
        from + (s->orientation() == Qt::Horizontal ? QPoint(delta, 0) : QPoint(0, delta));
    // One move: the handle follows the mouse, so a second position in its coordinates would
    // count the first step twice.
    QTest::mousePress(handle, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(handle, to);
    QTest::mouseRelease(handle, Qt::LeftButton, Qt::NoModifier, from);
}

}  // namespace

class TestUiLayout : public QObject {
    Q_OBJECT

private:
    QTemporaryDir work_;
    QString project_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(work_.isValid());
        test::isolateSettings(work_.filePath(QStringLiteral("settings")));
    }

    // Item 11: "Try the demo" and Train All train the audio model without its window covering
    // the workspace; Models > Training Curves opens it, with the run's curves.
    void trainingWindowOpensOnlyWhenAskedFor() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.setDemoFolderBase(work_.filePath(QStringLiteral("demo")));
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy ended(&w, &MainWindow::queuedRunFinished);
        bool shownWhileRunning = false;
        QTimer poll;
        connect(&poll, &QTimer::timeout, this,
                [&] { shownWhileRunning = shownWhileRunning || trainingWindowShown(w); });
        poll.start(20);
        w.tryDemo();
        QVERIFY(ended.wait(kRunTimeoutMs));
        QCOMPARE(w.queuedRun()->count(StageState::Done), 8);
        QVERIFY2(!shownWhileRunning, "the training window opened during Try the demo");
        QVERIFY(!trainingWindowShown(w));
        project_ = w.store()->path();

        QVERIFY(w.trainAll());
        ended.clear();
        QVERIFY(ended.wait(kRunTimeoutMs));
        QCOMPARE(w.queuedRun()->count(StageState::Done), 4);
        QVERIFY2(!shownWhileRunning, "the training window opened during Train All");
        QVERIFY(!trainingWindowShown(w));

        auto* curves = w.findChild<QAction*>(QStringLiteral("trainingWindowAction"));
        QVERIFY(curves && curves->isEnabled());
        curves->trigger();
        QVERIFY(trainingWindowShown(w));
        QVERIFY2(w.trainingWindow()->curves()->epochCount() >= 3,
                 qPrintable(QString::number(w.trainingWindow()->curves()->epochCount())));
        QVERIFY(w.trainingWindow()->curves()->bestEpoch() >= 1);
    }

    // Item 12, at the two sizes the issue names: the playlist's names are whole, nothing
    // scrolls sideways, the empty details/spectrogram row is a band, and a selected pick gets
    // room for its details and spectrogram without squeezing the playlist out of sight.
    void playlistIsReadableAt1280x800And1920x1080_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("leastRows");          // with no track selected
        QTest::addColumn<int>("leastRowsSelected");  // with a pick's details showing
        // 9 (4 with a pick) at 1280x800: the demo's week says on a second line that the back-test's
        // held-out choice would rank it otherwise, and the blend panel says whose weights it shows.
        QTest::newRow("1280x800") << QSize(1280, 800) << 9 << 4;
        QTest::newRow("1920x1080") << QSize(1920, 1080) << 18 << 11;
    }
    void playlistIsReadableAt1280x800And1920x1080() {
        if (project_.isEmpty()) QSKIP("needs the demo of the first test");
        QFETCH(QSize, size);
        QFETCH(int, leastRows);
        QFETCH(int, leastRowsSelected);
        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.resize(size);
        QVERIFY(w.openProject(project_));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        WorkspacePage* ws = w.workspacePage();
        PlaylistPanel* playlist = ws->playlist();
        QTRY_COMPARE(playlist->model()->rowCount(), 30);  // the demo's week, restored
        ws->showPlaylistTab();
        settle();
        test::maybeGrab(&w, QStringLiteral("layout-%1x%2").arg(size.width()).arg(size.height()),
                        QSize());

        PlaylistReading r = readPlaylist(playlist);
        qInfo("%dx%d: %d picks in sight", size.width(), size.height(), r.rowsInSight);
        QVERIFY2(r.elided.isEmpty(), qPrintable(r.elided.join(QLatin1Char('\n'))));
        QVERIFY(!r.sidewaysScroll);
        QVERIFY2(r.rowsInSight >= leastRows, qPrintable(QString::number(r.rowsInSight)));
        // Nothing selected: the details and spectrogram only hint, in a band.
        QSplitter* outer = splitter(w, "outerSplitter");
        QVERIFY2(outer->sizes().at(1) <= 110, qPrintable(QString::number(outer->sizes().at(1))));

        // A pick selected: its details and spectrogram get their room, the playlist keeps rows.
        playlist->table()->setCurrentIndex(playlist->model()->index(0, 0));
        settle();
        QVERIFY(ws->details()->trackId() != 0);
        test::maybeGrab(
            &w, QStringLiteral("layout-%1x%2-pick").arg(size.width()).arg(size.height()), QSize());
        const int bottom = outer->sizes().at(1);
        QVERIFY2(bottom >= 180, qPrintable(QString::number(bottom)));
        r = readPlaylist(playlist);
        qInfo("%dx%d, a pick selected: %d picks in sight, the details row %d px high", size.width(),
              size.height(), r.rowsInSight, bottom);
        QVERIFY2(r.elided.isEmpty(), qPrintable(r.elided.join(QLatin1Char('\n'))));
        QVERIFY(!r.sidewaysScroll);
        QVERIFY2(r.rowsInSight >= leastRowsSelected, qPrintable(QString::number(r.rowsInSight)));
        // The pick's explanation shows whole when it fits in the seven lines it may take (it
        // had four, and scrolled).
        auto* scroll =
            playlist->findChild<QScrollArea*>(QStringLiteral("playlistExplanationScroll"));
        QWidget* explanation = scroll->widget();
        const int needed = explanation->heightForWidth(scroll->viewport()->width());
        qInfo("the explanation needs %d px, has %d (at most %d)", needed,
              scroll->viewport()->height(), scroll->maximumHeight());
        QVERIFY(scroll->viewport()->height() >= std::min(needed, scroll->maximumHeight() - 4));
        if (needed <= scroll->maximumHeight()) QCOMPARE(scroll->verticalScrollBar()->maximum(), 0);
        // Item 13: the spectrogram's controls are as wide as their text.
        QTRY_VERIFY(ws->spectrogram()->isVisible());
        for (QComboBox* box : ws->spectrogram()->findChildren<QComboBox*>())
            QVERIFY2(box->width() >= box->sizeHint().width(),
                     qPrintable(QStringLiteral("%1: %2 < %3")
                                    .arg(box->objectName())
                                    .arg(box->width())
                                    .arg(box->sizeHint().width())));
    }

    // Item 12: positions the user dragged survive closing the window and opening it again; the
    // splitters nobody dragged still follow their contents.
    void splitterPositionsSurviveReopening() {
        if (project_.isEmpty()) QSKIP("needs the demo of the first test");
        QList<int> top, right;
        {
            MainWindow w;
            w.setModalDialogsEnabled(false);
            w.resize(1440, 900);
            QVERIFY(w.openProject(project_));
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QTRY_COMPARE(w.workspacePage()->playlist()->model()->rowCount(), 30);
            settle();
            const QList<int> fitted = splitter(w, "topSplitter")->sizes();
            dragHandle(splitter(w, "topSplitter"), -90);  // a wider playlist
            dragHandle(splitter(w, "rightSplitter"), -40);
            top = splitter(w, "topSplitter")->sizes();
            right = splitter(w, "rightSplitter")->sizes();
            QVERIFY2(std::abs(top.at(0) - (fitted.at(0) - 90)) <= 2,
                     qPrintable(QStringLiteral("%1 -> %2").arg(fitted.at(0)).arg(top.at(0))));
            // A refit (a new week, a selection, a resize by a pixel) keeps the dragged ones.
            w.workspacePage()->fitToContent();
            w.resize(1441, 900);
            settle();
            w.resize(1440, 900);
            settle();
            QCOMPARE(splitter(w, "topSplitter")->sizes(), top);
            QCOMPARE(splitter(w, "rightSplitter")->sizes(), right);
            QVERIFY(w.close());
        }
        MainWindow again;
        again.setModalDialogsEnabled(false);
        QVERIFY(again.openProject(project_));
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.size(), QSize(1440, 900));
        QTRY_COMPARE(again.workspacePage()->playlist()->model()->rowCount(), 30);
        settle();
        QCOMPARE(splitter(again, "topSplitter")->sizes(), top);
        QCOMPARE(splitter(again, "rightSplitter")->sizes(), right);

        // View > Reset Layout hands them back to their contents.
        again.workspacePage()->resetLayout();
        settle();
        QVERIFY(splitter(again, "topSplitter")->sizes() != top);
    }

    // Item 13: Enlarge puts the spectrogram in a window of its own, much larger than its place
    // in the bottom row, with the same zoom; closing that window puts it back.
    void spectrogramEnlargesIntoItsOwnWindow() {
        if (project_.isEmpty()) QSKIP("needs the demo of the first test");
        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.resize(1280, 800);
        QVERIFY(w.openProject(project_));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        WorkspacePage* ws = w.workspacePage();
        QTRY_COMPARE(ws->playlist()->model()->rowCount(), 30);
        ws->showPlaylistTab();
        SpectrogramPanel* panel = ws->spectrogram();
        QSignalSpy ready(panel, &SpectrogramPanel::spectrogramReady);
        ws->playlist()->table()->setCurrentIndex(ws->playlist()->model()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(panel->view()->data(), 20000);
        settle();
        const QSize inRow = panel->view()->size();
        const double total = panel->view()->visibleEnd();
        panel->view()->setVisibleTime(total * 0.25, total * 0.5);

        auto* enlarge = panel->findChild<QToolButton*>(QStringLiteral("spectrogramDetach"));
        QVERIFY(enlarge && enlarge->isVisible());
        QCOMPARE(enlarge->text(), QStringLiteral("Enlarge"));
        enlarge->click();
        QVERIFY(ws->isSpectrogramDetached());
        QWidget* window = ws->spectrogramWindow();
        QVERIFY(window && window->isVisible() && window->isWindow());
        QCOMPARE(panel->window(), window);
        settle();
        // A pick's pair side by side, each much larger than in the bottom row.
        QVERIFY(window->width() >= 960 && window->height() >= 480);
        QVERIFY2(panel->view()->width() >= inRow.width() * 5 / 4 &&
                     panel->view()->height() >= 2 * inRow.height(),
                 qPrintable(QStringLiteral("%1x%2 -> %3x%4")
                                .arg(inRow.width())
                                .arg(inRow.height())
                                .arg(panel->view()->width())
                                .arg(panel->view()->height())));
        QCOMPARE(panel->view()->visibleStart(), total * 0.25);  // the zoom goes with it
        QCOMPARE(panel->view()->visibleEnd(), total * 0.5);
        QCOMPARE(enlarge->text(), QStringLiteral("Put Back"));
        test::maybeGrab(window, QStringLiteral("spectrogram-window"), QSize());

        window->close();
        QVERIFY(!ws->isSpectrogramDetached());
        QCOMPARE(panel->window(), &w);
        QCOMPARE(enlarge->text(), QStringLiteral("Enlarge"));
        QCOMPARE(panel->view()->visibleStart(), total * 0.25);
    }
};

QTEST_MAIN(TestUiLayout)
#include "test_ui_layout.moc"
