// The map panel in the window, headless, on the small demo world: Compute Map trains CF and
// builds the t-SNE map as a job, the dots are coloured by the demo's genres with the map's
// quality shown, a click selects a track in the workspace, search flies to a track, and a
// reopened project shows the stored map without a job.
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "MainWindow.h"
#include "MapPanel.h"
#include "MapView.h"
#include "TrackDetailsPanel.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "demo/DemoWorld.h"
#include "job/JobRunner.h"
#include "maps/ProjectMaps.h"
#include "store/ProjectStore.h"

using namespace tl;

class TestUiMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(work_.isValid() && settings_.isValid());
        test::isolateSettings(settings_.path());
        project_ = test::smallDemoProject(work_.path(), 5);
        QVERIFY(!project_.isEmpty());
    }

    void computeColourSelectAndReopen() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project_));
        w.show();
        MapPanel* panel = w.workspacePage()->map();
        QVERIFY(panel->isVisible());
        QVERIFY(!panel->hasMap());
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        QVERIFY(w.computeMap());
        QVERIFY(completed.wait(180000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QVERIFY(panel->hasMap());
        MapView* view = panel->view();
        QVERIFY(view->points().size() > 100);
        QVERIFY2(panel->qualityLabel()->text().contains(QStringLiteral("trustworthiness")),
                 qPrintable(panel->qualityLabel()->text()));
        QVERIFY(panel->qualityLabel()->text().contains(QStringLiteral("genre kNN accuracy")));
        // Coloured by genre: more than one colour, and the legend is drawn from the truth.
        QSet<QRgb> colours;
        for (const MapPoint& p : view->points()) colours.insert(p.color);
        QVERIFY(colours.size() >= 4);

        // A click on a dot selects its track in the details panel.
        const MapPoint p = view->points()[7];
        QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier,
                          view->toWidget({p.x, p.y}).toPoint());
        QVERIFY(view->selectedPoint() >= 0);
        QVERIFY(w.workspacePage()->details()->trackId() != 0);
        QCOMPARE(panel->indexOfTrack(w.workspacePage()->details()->trackId()),
                 view->selectedPoint());
        // Search flies to a track by artist or title.
        const QString title = w.workspacePage()->details()->fieldText(QStringLiteral("Title"));
        QVERIFY(panel->flyToText(title));
        QVERIFY(!panel->flyToText(QStringLiteral("no such track anywhere")));
        test::maybeGrab(&w, QStringLiteral("map"));

        // With a text model, the details say what the track is described as, and a term rings
        // every track on the map that carries it.
        completed.clear();
        w.trainTextModel();
        QVERIFY(completed.wait(120000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        const MapPoint q = view->points()[7];  // the map was set again: a fresh copy
        QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier,
                          view->toWidget({q.x, q.y}).toPoint());
        TrackDetailsPanel* details = w.workspacePage()->details();
        QVERIFY2(details->topTermsText().contains(QStringLiteral("Described as")),
                 qPrintable(QStringLiteral("track %1, selected %2, status %3")
                                .arg(details->trackId())
                                .arg(view->selectedPoint())
                                .arg(w.statusBar()->currentMessage())));
        const QString html = details->topTermsText();
        const int at = html.indexOf(QStringLiteral("href=\"term:"));
        QVERIFY(at > 0);
        const QString link = html.mid(at + 6, html.indexOf(QLatin1Char('"'), at + 6) - at - 6);
        QSignalSpy term(details, &TrackDetailsPanel::termActivated);
        QMetaObject::invokeMethod(details->findChild<QLabel*>(QStringLiteral("detailsTopTerms")),
                                  "linkActivated", Q_ARG(QString, link));
        QCOMPARE(term.size(), 1);
        const int rung = w.workspacePage()->highlightTerm(term.at(0).at(0).toString());
        QVERIFY2(rung >= 3, qPrintable(QString::number(rung)));
        QVERIFY(rung < int(view->points().size()));
        test::maybeGrab(&w, QStringLiteral("map-term"));

        // Reopened, the stored map shows at once.
        w.closeProject();
        QVERIFY(w.openProject(project_));
        QVERIFY(w.workspacePage()->map()->hasMap());
        QVERIFY(!w.jobRunner()->isRunning());
    }

private:
    QTemporaryDir work_;
    QTemporaryDir settings_;
    QString project_;
};

QTEST_MAIN(TestUiMap)
#include "test_ui_map.moc"
