// The blend sliders in the window, headless, on the small demo world (issue 19, items 1 and 3).
// The weights are a project setting: kept in the project as the sliders are left, shown again
// on reopening, and used by tastelab-cli when it is given none. A playlist keeps the weights it
// was made with, and says so while the sliders say otherwise. The sliders move whenever the week
// on screen can be re-ranked: a Compute Map or a retraining leaves them, and the track details,
// as they were.
#include <QAction>
#include <QFile>
#include <QSignalSpy>
#include <QSlider>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "BlendPanel.h"
#include "MainWindow.h"
#include "PlaylistModel.h"
#include "PlaylistPanel.h"
#include "TestSupport.h"
#include "TrackDetailsPanel.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "playlist/Backtest.h"
#include "playlist/DefaultBlend.h"
#include "playlist/IsoWeek.h"
#include "playlist/PlaylistHistory.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

const QString kWeek = QStringLiteral("2026-W47");

double weightOf(const std::map<QString, double>& weights, const char* source) {
    const auto it = weights.find(QLatin1String(source));
    return it == weights.end() ? 0.0 : it->second;
}

bool near(double a, double b) {
    return std::abs(a - b) < 1e-4;
}

std::vector<Id> picksOf(const PlaylistPanel* panel) {
    std::vector<Id> ids;
    if (const WeeklyPlaylist* p = panel->playlist())
        for (const PlaylistEntry& e : p->entries) ids.push_back(e.trackId);
    return ids;
}

std::map<QString, double> storedBlend(const QString& path) {
    auto store = ProjectStore::open(path);  // a connection of its own: what is in the file
    return store ? readModelSettings(*store.value()).weights : std::map<QString, double>{};
}

}  // namespace

class TestUiBlend : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(work_.isValid() && settings_.isValid());
        test::isolateSettings(settings_.path());
        project_ = test::smallDemoProject(work_.path(), 3);
        QVERIFY(!project_.isEmpty());
    }

    // Item 1: CF to 100 %, quit, reopen — the sliders are where they were left, and the old
    // playlist says it was made with other weights until it is re-ranked or generated again.
    void blendIsKeptAndAnOldPlaylistSaysItsWeights() {
        std::vector<Id> madeWithDefaults;
        {
            MainWindow w;
            w.setModalDialogsEnabled(false);
            QVERIFY(w.openProject(project_));
            BlendPanel* blend = w.workspacePage()->blend();
            PlaylistPanel* panel = w.workspacePage()->playlist();
            // A project that never stored a blend nor ran a back-test shows the CF-heavy
            // default, and says so (issue 18).
            const std::map<QString, double> defaults{{QStringLiteral("audio"), 0.05},
                                                     {QStringLiteral("cf"), 0.9},
                                                     {QStringLiteral("popularity"), 0.0},
                                                     {QStringLiteral("text"), 0.05}};
            QCOMPARE(blend->weights(), defaults);
            QCOMPARE(blend->originText(),
                     QStringLiteral("Default weights: CF-heavy, as the back-tests of the demo "
                                    "worlds support; run a back-test to earn your own."));
            QSignalSpy completed(&w, &MainWindow::jobCompleted);
            QVERIFY(w.generatePlaylist(panel->currentUser(), kWeek, 0));
            QVERIFY(completed.wait(120000));
            QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
            QCOMPARE(panel->model()->rowCount(), 30);
            // Text and audio are not trained here: CF is the whole blend.
            QVERIFY(near(weightOf(panel->playlist()->weights, "cf"), 1.0));
            QCOMPARE(panel->otherWeightsText(), QString());
            madeWithDefaults = picksOf(panel);

            // CF to 100 % from the keyboard: kept at once.
            QSlider* cf = blend->slider(0);
            QVERIFY(cf->isEnabled());
            cf->setFocus();
            QTest::keyClick(cf, Qt::Key_End);
            QCOMPARE(cf->value(), 100);
            QCOMPARE(blend->originText(), QStringLiteral("Your weights, kept in the project."));
            QCOMPARE(weightOf(storedBlend(project_), "cf"), 1.0);
            // Popularity dragged to 50 %: the list follows the drag, the project keeps the
            // weight once the slider is let go (not every step of the drag).
            QSlider* popularity = blend->slider(3);
            QVERIFY(popularity->isEnabled());
            popularity->setSliderDown(true);
            popularity->setSliderPosition(50);
            QCOMPARE(popularity->value(), 50);
            QVERIFY(near(weightOf(panel->playlist()->weights, "popularity"), 1.0 / 3.0));
            QCOMPARE(weightOf(storedBlend(project_), "popularity"), 0.0);
            popularity->setSliderDown(false);  // released
            QCOMPARE(weightOf(storedBlend(project_), "popularity"), 0.5);
            // Re-ranked live: the list on screen is made with the sliders, nothing to say.
            QVERIFY(near(weightOf(panel->playlist()->weights, "cf"), 2.0 / 3.0));
            QCOMPARE(panel->otherWeightsText(), QString());
            QVERIFY(picksOf(panel) != madeWithDefaults);
        }  // quit: nothing asked, nothing lost

        const std::map<QString, double> left{{QStringLiteral("audio"), 0.05},
                                             {QStringLiteral("cf"), 1.0},
                                             {QStringLiteral("popularity"), 0.5},
                                             {QStringLiteral("text"), 0.05}};
        const QString otherWeights = QStringLiteral(
            "Made with CF 1.00; the sliders would make it CF 0.67 · popularity 0.33 — Generate to "
            "use "
            "them.");
        MainWindow w;
        w.setModalDialogsEnabled(false);
        w.show();
        BlendPanel* blend = w.workspacePage()->blend();
        PlaylistPanel* panel = w.workspacePage()->playlist();
        QSignalSpy restored(&w, &MainWindow::savedPlaylistRestored);
        QVERIFY(w.openProject(project_));
        QCOMPARE(blend->weights(), left);
        QVERIFY(restored.wait(120000));
        // The saved playlist as it was made, and a line that says with what.
        QCOMPARE(picksOf(panel), madeWithDefaults);
        QVERIFY(near(weightOf(panel->playlist()->weights, "cf"), 1.0));
        QCOMPARE(panel->otherWeightsText(), otherWeights);
        QVERIFY2(panel->statusText().endsWith(QLatin1Char('\n') + otherWeights),
                 qPrintable(panel->statusText()));
        // It can be re-ranked: the sliders of the week's sources move.
        QVERIFY(blend->slider(0)->isEnabled());
        QVERIFY(blend->slider(3)->isEnabled());
        QVERIFY(!blend->slider(1)->isEnabled());  // no text model
        w.workspacePage()->showPlaylistTab();
        test::maybeGrab(&w, QStringLiteral("blend-made-with-other-weights"));

        // A slider moved re-ranks it with the sliders: the line goes.
        QTest::keyClick(blend->slider(3), Qt::Key_Left);
        QCOMPARE(blend->slider(3)->value(), 49);
        QCOMPARE(panel->otherWeightsText(), QString());
        QVERIFY(near(weightOf(panel->playlist()->weights, "popularity"), 0.49 / 1.49));
        QVERIFY(!panel->statusText().contains(QStringLiteral("Made with")));

        // Closing and opening it again in the same window: the project's blend again, and the
        // saved playlist (still the one Generate made) says so again.
        w.closeProject();
        QVERIFY(w.openProject(project_));
        QCOMPARE(weightOf(blend->weights(), "popularity"), 0.49);
        QVERIFY(restored.wait(120000));
        QCOMPARE(picksOf(panel), madeWithDefaults);
        QCOMPARE(panel->otherWeightsText(),
                 QStringLiteral("Made with CF 1.00; the sliders would make it CF 0.67 · popularity "
                                "0.33 — Generate to use them."));  // 1 : 0.49, rounded
        // Generate makes it with the sliders, and saves it so.
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        QVERIFY(w.generatePlaylist(panel->currentUser(), kWeek, 0));
        QVERIFY(completed.wait(120000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(panel->otherWeightsText(), QString());
        QVERIFY(near(weightOf(panel->playlist()->weights, "cf"), 1.0 / 1.49));
        auto saved = loadPlaylist(*w.store(), panel->currentUser(), kWeek, PlaylistMode::Blend);
        QVERIFY(saved.ok());
        QVERIFY(near(weightOf(saved->weights, "cf"), 1.0 / 1.49));
    }

    // The command line reads the same blend when it is given none: a week made there is the
    // week the window shows.
    void commandLineUsesTheProjectsBlend() {
        const QString out = work_.filePath(QStringLiteral("week.m3u8"));
        const test::CliRun run =
            test::runCli({QStringLiteral("weekly"), QStringLiteral("--project"), project_,
                          QStringLiteral("--week"), kWeek, QStringLiteral("--out"), out,
                          QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject weights = run.json().value(QStringLiteral("weights")).toObject();
        QVERIFY2(near(weights.value(QStringLiteral("cf")).toDouble(), 1.0 / 1.49), run.out);
        QVERIFY(near(weights.value(QStringLiteral("popularity")).toDouble(), 0.49 / 1.49));
        // Told otherwise, it does as told, and the project's blend stays.
        const test::CliRun told = test::runCli(
            {QStringLiteral("weekly"), QStringLiteral("--project"), project_,
             QStringLiteral("--week"), kWeek, QStringLiteral("--out"), out,
             QStringLiteral("--weights"), QStringLiteral("cf=1"), QStringLiteral("--json")});
        QVERIFY2(told.exitCode == 0, told.err.constData());
        QCOMPARE(told.json()
                     .value(QStringLiteral("weights"))
                     .toObject()
                     .value(QStringLiteral("popularity"))
                     .toDouble(),
                 0.0);
        QCOMPARE(weightOf(storedBlend(project_), "popularity"), 0.49);
    }

    // Item 3: Compute Map and a retraining refresh the workspace; the week on screen can still
    // be re-ranked, so the sliders stay enabled and move it, and the selected pick stays in the
    // track details.
    // Issue 18: a project whose back-test scored >= 4 weeks opens with the held-out choice on
    // the sliders, and the panel says so.
    void heldOutChoiceIsTheDefaultAndSaysSo() {
        const QString copy = work_.filePath(QStringLiteral("held-out.tastelab"));
        QVERIFY(QFile::copy(project_, copy));
        {
            auto store = ProjectStore::open(copy);
            QVERIFY(store);
            QVERIFY(
                store.value()->setSetting(QStringLiteral("playlist.weights"), QString()).isOk());
            BacktestReport report;
            for (const User& u : store.value()->users())
                if (u.isMe) report.userId = u.id;
            report.weeksScored = 6;
            report.heldOut.chooseWeeks = 3;
            report.heldOut.scoreWeeks = 3;
            report.heldOut.weights = {{QStringLiteral("cf"), 0.6},
                                      {QStringLiteral("popularity"), 0.4}};
            QVERIFY(storeBacktestChoice(*store.value(), report, QStringLiteral("me")).isOk());
        }
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(copy));
        BlendPanel* blend = w.workspacePage()->blend();
        const std::map<QString, double> heldOut{{QStringLiteral("audio"), 0.0},
                                                {QStringLiteral("cf"), 0.6},
                                                {QStringLiteral("popularity"), 0.4},
                                                {QStringLiteral("text"), 0.0}};
        QCOMPARE(blend->weights(), heldOut);
        QCOMPARE(blend->originText(),
                 QStringLiteral("Default weights: the back-test's held-out choice (6 scored weeks "
                                "for me)."));
        test::maybeGrab(&w, QStringLiteral("blend-held-out-default"));
    }

    void retrainingLeavesSlidersAndDetails() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project_));
        w.show();
        BlendPanel* blend = w.workspacePage()->blend();
        PlaylistPanel* panel = w.workspacePage()->playlist();
        TrackDetailsPanel* details = w.workspacePage()->details();
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        QVERIFY(w.generatePlaylist(panel->currentUser(), kWeek, 0));
        QVERIFY(completed.wait(120000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        w.workspacePage()->showPlaylistTab();
        panel->table()->selectRow(2);
        const Id pick = panel->playlist()->entries[2].trackId;
        QCOMPARE(details->trackId(), pick);

        const auto stillLive = [&](int popularity) {
            QVERIFY(blend->slider(0)->isEnabled());
            QVERIFY(blend->slider(3)->isEnabled());
            QVERIFY(!blend->slider(2)->isEnabled());  // no audio model: still said, still off
            QCOMPARE(details->trackId(), pick);
            // The sliders still do something: the week is re-ranked with them.
            blend->slider(3)->setValue(popularity);
            QVERIFY(near(weightOf(panel->playlist()->weights, "popularity"),
                         popularity / (100.0 + popularity)));
        };

        // A slider let go while a job runs is kept when the job ends: the job may hold the
        // project's write lock, and the window does not wait on it.
        const double before = weightOf(storedBlend(project_), "popularity");
        QVERIFY(w.computeMap());
        QVERIFY(w.jobRunner()->isRunning());
        blend->slider(3)->setValue(10);
        QCOMPARE(weightOf(storedBlend(project_), "popularity"), before);
        QVERIFY(completed.wait(180000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(weightOf(storedBlend(project_), "popularity"), 0.1);
        stillLive(0);
        if (QTest::currentTestFailed()) return;

        w.findChild<QAction*>(QStringLiteral("trainCfAction"))->trigger();  // Models menu
        QVERIFY(completed.wait(120000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        stillLive(25);
    }

private:
    QTemporaryDir work_;
    QTemporaryDir settings_;
    QString project_;
};

QTEST_MAIN(TestUiBlend)
#include "test_ui_blend.moc"
