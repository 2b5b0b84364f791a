// The back-test beside the blend sliders, headless, on a small demo world with the text model
// trained: a button runs it as a job (cancel keeps nothing), the table shows the metrics at the
// sliders' weights and follows them with the numbers the core gives, missing sources say so,
// and clicking the heat map's best point moves the sliders there.
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "BacktestHeatMap.h"
#include "BacktestPanel.h"
#include "BlendPanel.h"
#include "MainWindow.h"
#include "PlaylistPanel.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "playlist/BacktestSession.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

double cell(const QTableWidget* table, int row, int column) {
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->data(Qt::UserRole).toDouble() : -1.0;
}

// Every metric of `row` is `s`, exactly, and its text is the same number rounded.
bool rowShows(const QTableWidget* table, int row, const PlaylistScore& s) {
    const double values[] = {0.0, s.ndcg, s.hitRate, s.novelty, s.diversity, s.artistCoverage};
    for (int c = BacktestPanel::NdcgColumn; c <= BacktestPanel::ArtistsColumn; ++c) {
        if (cell(table, row, c) != values[c]) return false;
        if (table->item(row, c)->text() !=
            BacktestPanel::format(BacktestPanel::Column(c), values[c]))
            return false;
    }
    return true;
}

// A small project whose user "me" plays the same three tracks every week: no discoveries.
// Listens run from Monday 2024-01-01 (week 0) to the Sunday of week 9, so the back-test's last 8
// weeks are weeks 2..9. `firstWeek`: the week all listens start in; `meFrom`: the week "me"
// starts in. Returns the project path and sets `me`.
QString repeatingListenerProject(const QString& path, int firstWeek, int meFrom, Id* me) {
    auto created = ProjectStore::create(path);
    if (!created) return {};
    ProjectStore& store = *created.value();
    ProjectStore::Transaction tx(store);
    std::vector<Id> users;
    for (auto [name, isMe] : {std::pair{"me", true}, std::pair{"ana", false},
                              std::pair{"bo", false}, std::pair{"cy", false}}) {
        User u{0, QString::fromLatin1(name), isMe};
        if (!store.addUser(u).isOk()) return {};
        users.push_back(u.id);
    }
    *me = users[0];
    Artist artist{0, QStringLiteral("Band"), {}};
    if (!store.addArtist(artist).isOk()) return {};
    std::vector<Id> tracks;
    for (int t = 1; t <= 12; ++t) {
        Track track;
        track.artistId = artist.id;
        track.title = QStringLiteral("track%1").arg(t);
        if (!store.addTrack(track).isOk()) return {};
        tracks.push_back(track.id);
    }
    const qint64 monday = 1704067200;  // 2024-01-01T00:00Z, a Monday
    constexpr qint64 day = 86400;
    for (int week = firstWeek; week <= 9; ++week) {
        const qint64 start = monday + qint64(week) * 7 * day;
        if (week >= meFrom)
            for (int t = 0; t < 3; ++t)
                if (!store.addListen({*me, tracks[size_t(t)], start + day + t * 600, 0, false})
                         .isOk())
                    return {};
        // The others discover a new track or two every week.
        for (size_t u = 1; u < users.size(); ++u)
            for (int k = 0; k < 3; ++k) {
                const Id track = tracks[size_t((week * 2 + int(u) * 3 + k) % 12)];
                if (!store
                         .addListen(
                             {users[u], track, start + 2 * day + int(u) * 3600 + k * 600, 0, false})
                         .isOk())
                    return {};
            }
    }
    // The last listen on the Sunday of week 9: week 9 is the last full week.
    if (!store.addListen({users[1], tracks[0], monday + 9 * 7 * day + 6 * day + 43200, 0, false})
             .isOk())
        return {};
    if (!tx.commit().isOk()) return {};
    return path;
}

}  // namespace

class TestUiBacktest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(work_.isValid() && settings_.isValid());
        test::isolateSettings(settings_.path());
        project_ = test::smallDemoProject(work_.path(), 1);
        QVERIFY(!project_.isEmpty());
    }

    void runsFollowsTheSlidersAndSetsThemFromTheHeatMap() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project_));
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        w.findChild<QAction*>(QStringLiteral("trainTextAction"))->trigger();
        QVERIFY(completed.wait(120000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        BacktestPanel* panel = w.workspacePage()->backtest();
        BlendPanel* blend = w.workspacePage()->blend();
        QVERIFY(!panel->session());
        QVERIFY(panel->statusText().contains(QStringLiteral("back-test")));
        test::maybeGrab(&w, QStringLiteral("backtest-before"));

        // Cancelled at once: nothing shown, no week model stored.
        QVERIFY(w.runBacktest(w.workspacePage()->playlist()->currentUser()));
        w.jobRunner()->cancel();
        QVERIFY(completed.wait(120000));
        QVERIFY(completed.last().at(0).value<Status>().isCancelled());
        QVERIFY(!panel->session());
        QVERIFY(panel->runButton()->isEnabled());

        // The button runs it as a job.
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(completed.wait(120000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        const BacktestSession* session = panel->session();
        QVERIFY(session);
        QCOMPARE(session->modelsTrained, 8);  // the cancelled run stored none of them
        QCOMPARE(session->sources,
                 (std::vector<QString>{QStringLiteral("cf"), QStringLiteral("popularity"),
                                       QStringLiteral("text")}));
        QTableWidget* table = panel->table();
        // Sliders now, best, three sources alone, audio missing.
        QCOMPARE(table->rowCount(), 6);
        QCOMPARE(table->item(5, 0)->text(), QStringLiteral("Audio alone"));
        QCOMPARE(table->item(5, 1)->text(), QStringLiteral("missing"));
        QVERIFY(!blend->slider(2)->isEnabled() || !w.workspacePage()->playlist()->session());
        QCOMPARE(panel->heatMap()->pointCount(), 66);

        // The current row is the core's score at the sliders' weights (cf .5, text .2, audio .3
        // with audio missing, popularity 0).
        PlaylistScore expected = session->score(session->normalised(blend->weights()));
        QVERIFY(rowShows(table, BacktestPanel::CurrentRow, expected));
        QCOMPARE(cell(table, BacktestPanel::CurrentRow, 1), expected.ndcg);

        // A slider moves: the row follows with the core's numbers, no job started.
        const int jobs = completed.size();
        const double before = cell(table, BacktestPanel::CurrentRow, BacktestPanel::NdcgColumn);
        blend->slider(1)->setValue(80);  // text
        QCOMPARE(completed.size(), jobs);
        QVERIFY(!w.jobRunner()->isRunning());
        expected = session->score(session->normalised(blend->weights()));
        QVERIFY(rowShows(table, BacktestPanel::CurrentRow, expected));
        QVERIFY2(cell(table, BacktestPanel::CurrentRow, BacktestPanel::NdcgColumn) != before,
                 "more text changes the back-test");
        QVERIFY(panel->lastScoreMs() < 1000.0);
        test::maybeGrab(&w, QStringLiteral("backtest-sliders"));

        // Hover and click the best point of the heat map: the sliders go there.
        BacktestHeatMap* map = panel->heatMap();
        QCoreApplication::processEvents();  // the layout settles before a point is aimed at
        const int best = map->bestIndex();
        QVERIFY(best >= 0);
        const QPoint at = map->pointCentre(best).toPoint();
        QCOMPARE(map->pointAt(at), best);
        QVERIFY(map->describe(best).contains(QStringLiteral("NDCG")));
        QVERIFY(map->describe(best).contains(QStringLiteral("(best)")));
        QTest::mouseMove(map, at);
        QSignalSpy clicked(map, &BacktestHeatMap::pointClicked);
        QTest::mouseClick(map, Qt::LeftButton, {}, at);
        QCOMPARE(clicked.size(), 1);
        const auto& weights = map->points()[size_t(best)].weights;
        QCOMPARE(blend->slider(0)->value(), qRound(100 * weights.at(QStringLiteral("cf"))));
        QCOMPARE(blend->slider(1)->value(), qRound(100 * weights.at(QStringLiteral("text"))));
        QCOMPARE(blend->slider(3)->value(), qRound(100 * weights.at(QStringLiteral("popularity"))));
        // ... and the current row is now the best row.
        QCOMPARE(cell(table, BacktestPanel::CurrentRow, BacktestPanel::NdcgColumn),
                 cell(table, BacktestPanel::BestRow, BacktestPanel::NdcgColumn));
        test::maybeGrab(&w, QStringLiteral("backtest-best"));
        test::maybeGrab(&w, QStringLiteral("backtest-narrow"), QSize(1000, 700));

        // The held-out line under Best, and its link that sets the sliders to that choice.
        auto* bestLine = w.findChild<QLabel*>(QStringLiteral("backtestBestWeights"));
        QVERIFY(bestLine);
        QVERIFY2(bestLine->text().contains(QStringLiteral("Held out")),
                 qPrintable(bestLine->text()));
        const auto report = backtestReport(*session, blend->weights(), 0.1, Progress());
        QVERIFY(report.ok());
        const auto& heldOut = report->heldOut.weights;
        QVERIFY(!heldOut.empty());
        Q_EMIT bestLine->linkActivated(QStringLiteral("held-out"));
        QCOMPARE(blend->slider(0)->value(), qRound(100 * heldOut.at(QStringLiteral("cf"))));
        QCOMPARE(blend->slider(1)->value(), qRound(100 * heldOut.at(QStringLiteral("text"))));
        QCOMPARE(blend->slider(3)->value(), qRound(100 * heldOut.at(QStringLiteral("popularity"))));
    }

    // Issue 19, item 5: a user who discovered nothing in the weeks tried has no week scored.
    // Every blend would score 0 on no weeks, so the panel names no best, shows no table of
    // zeros, no star and no one-colour heat map: it says why, in the CLI's words.
    void nothingScoredSaysWhyAndNamesNoBest() {
        Id me = 0;
        const QString path =
            repeatingListenerProject(work_.filePath(QStringLiteral("repeats.tastelab")), 0, 0, &me);
        QVERIFY(!path.isEmpty());
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(path));
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        QVERIFY(w.runBacktest(me));
        QVERIFY(completed.wait(120000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        BacktestPanel* panel = w.workspacePage()->backtest();
        QVERIFY(panel->session());
        QCOMPARE(panel->session()->weeksScored, 0);
        const QString why = QStringLiteral(
            "No week was scored: no discoveries in the 8 weeks tried (this user played no track "
            "for the first time in any of them).");
        auto* line = w.findChild<QLabel*>(QStringLiteral("backtestBestWeights"));
        QVERIFY(line);
        QCOMPARE(line->text(), why);
        QVERIFY(line->isVisible());
        QVERIFY2(!line->text().contains(QStringLiteral("Best")), qPrintable(line->text()));
        QVERIFY(panel->statusText().contains(QStringLiteral("8 weeks (0 scored)")));
        QVERIFY2(!panel->statusText().contains(QStringLiteral("re-scored")),
                 qPrintable(panel->statusText()));
        QVERIFY(!panel->table()->isVisible());
        QVERIFY(!panel->heatMap()->isVisible());
        QCOMPARE(panel->heatMap()->pointCount(), 0);
        QCOMPARE(panel->heatMap()->bestIndex(), -1);
        // The sliders move: still nothing scored, nothing shown.
        w.workspacePage()->blend()->slider(0)->setValue(100);
        QVERIFY(!panel->table()->isVisible());
        QCOMPARE(line->text(), why);
        test::maybeGrab(&w, QStringLiteral("backtest-nothing-scored"));

        // The core says the same and picks no best.
        auto store = ProjectStore::open(path);
        QVERIFY(store.ok());
        const auto report = runBacktest(*store.value(), me, BacktestOptions{}, Progress());
        QVERIFY(report.ok());
        QCOMPARE(noWeekScoredReason(report.value()), why);
        QVERIFY(report->best.weights.empty());
    }

    // Weeks go unscored for different reasons: the line counts each, most first.
    void nothingScoredForMixedReasonsCountsEach() {
        Id me = 0;
        const QString path =
            repeatingListenerProject(work_.filePath(QStringLiteral("late.tastelab")), 3, 5, &me);
        QVERIFY(!path.isEmpty());
        auto store = ProjectStore::open(path);
        QVERIFY(store.ok());
        auto session = openBacktestSession(*store.value(), me, BacktestOptions{}, Progress());
        QVERIFY2(session.ok(), qPrintable(session.status().message()));
        const auto report =
            backtestReport(*session.value(), {{QStringLiteral("cf"), 1.0}}, 0.1, Progress());
        QVERIFY(report.ok());
        std::vector<BacktestSkip> why;
        for (const BacktestWeek& week : report->weeks) why.push_back(week.whySkipped);
        using S = BacktestSkip;
        QVERIFY(why == (std::vector<S>{S::NothingKnownBefore, S::NothingKnownBefore,
                                       S::UserNewThatWeek, S::UserNewThatWeek, S::NoDiscoveries,
                                       S::NoDiscoveries, S::NoDiscoveries, S::NoDiscoveries}));
        BacktestPanel panel;
        panel.resize(900, 360);
        panel.setBacktest(session.value(), report.value(), QStringLiteral("me"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* line = panel.findChild<QLabel*>(QStringLiteral("backtestBestWeights"));
        QCOMPARE(line->text(),
                 QStringLiteral("No week was scored: of the 8 weeks tried, 4 had no discoveries "
                                "(no track first played in them), 2 had no listens before them "
                                "to learn from and 2 came before this user's first listen."));
        QVERIFY(!panel.heatMap()->isVisible());
        test::maybeGrab(&panel, QStringLiteral("backtest-nothing-scored-mixed"), QSize());

        // A back-test with weeks scored shows its table and heat map again.
        auto scored = std::make_shared<BacktestSession>();
        scored->sources = {QStringLiteral("cf"), QStringLiteral("popularity")};
        scored->weeksScored = 1;
        BacktestReport two;
        two.sources = scored->sources;
        two.weeksScored = 1;
        for (const auto& g : weightGrid(two.sources, 0.1)) {
            PlaylistScore s;
            s.ndcg = g.at(QStringLiteral("cf"));
            two.grid.push_back({g, s});
        }
        two.best = two.grid.front();
        panel.setBacktest(scored, two, QStringLiteral("me"));
        QVERIFY(panel.heatMap()->isVisible());
        QVERIFY(panel.table()->isVisible());
        QCOMPARE(panel.heatMap()->pointCount(), 11);
        QVERIFY(line->text().startsWith(QStringLiteral("Best: CF 1.00")));
    }

    // The heat map on its own: every point of a triangle and of a strip can be hovered and
    // clicked, and a click asks for that point's weights.
    void heatMapPointsAreReachable() {
        for (const std::vector<QString>& sources :
             {std::vector<QString>{QStringLiteral("cf"), QStringLiteral("popularity")},
              std::vector<QString>{QStringLiteral("cf"), QStringLiteral("popularity"),
                                   QStringLiteral("text")}}) {
            BacktestHeatMap map;
            map.resize(420, 300);
            std::vector<BacktestHeatMap::Point> points;
            const auto grid = weightGrid(sources, 0.1);
            for (size_t g = 0; g < grid.size(); ++g)
                points.push_back({grid[g], 0.1 + 0.01 * double(g % 17)});
            map.setGrid(sources, points, 3);
            map.setCurrent({{QStringLiteral("cf"), 0.5}, {QStringLiteral("popularity"), 0.5}});
            map.show();
            QVERIFY(QTest::qWaitForWindowExposed(&map));
            QCOMPARE(map.pointCount(), sources.size() == 2 ? 11 : 66);
            for (int i = 0; i < map.pointCount(); ++i) QCOMPARE(map.pointAt(map.pointCentre(i)), i);
            QCOMPARE(map.pointAt(QPointF(1, 1)), -1);  // a corner of the widget: no point
            std::vector<std::map<QString, double>> clicked;
            connect(&map, &BacktestHeatMap::pointClicked,
                    [&](const std::map<QString, double>& w) { clicked.push_back(w); });
            QTest::mouseClick(&map, Qt::LeftButton, {}, map.pointCentre(7).toPoint());
            QCOMPARE(clicked.size(), size_t(1));
            QVERIFY(clicked[0] == grid[7]);
            QCOMPARE(map.describe(3).endsWith(QStringLiteral("(best)")), true);
            test::maybeGrab(&map, QStringLiteral("backtest-heatmap-%1").arg(sources.size()),
                            QSize());
        }
    }

    // Four sources do not fit a triangle: the panel's "weight 0 for" selector (popularity by
    // default, leaving the three models) picks the slice the heat map draws, and choosing
    // another source from the keyboard redraws the triangle of the other three.
    void fourSourcesPickWhichOneTheHeatMapHoldsAtZero() {
        const std::vector<QString> sources{QStringLiteral("cf"), QStringLiteral("popularity"),
                                           QStringLiteral("text"), QStringLiteral("audio")};
        auto session = std::make_shared<BacktestSession>();
        session->sources = sources;
        session->weeksScored = 1;  // a best is named only when some week counts
        BacktestReport report;
        report.sources = sources;
        report.weeksScored = 1;
        const auto grid = weightGrid(sources, 0.1);
        QCOMPARE(int(grid.size()), 286);
        for (size_t g = 0; g < grid.size(); ++g) {
            PlaylistScore s;
            s.ndcg = 0.05 + 0.001 * double(g % 97);
            report.grid.push_back({grid[g], s});
            if (g == 0 || s.ndcg > report.best.mean.ndcg) report.best = report.grid.back();
        }
        for (const QString& source : sources) report.singleSource[source] = PlaylistScore{};
        report.audioVectors = QStringLiteral(
            "Sound vectors come from the ridge baseline on descriptors, not the CNN: the CNN's "
            "validation loss 0.700 is worse than ridge's 0.600.");
        BacktestPanel panel;
        panel.resize(1000, 420);
        panel.setBacktest(session, report, QStringLiteral("me"));
        // Issue 18: the back-test says which audio model's vectors it used, and why.
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("backtestBestWeights"))
                    ->text()
                    .contains(QStringLiteral("Audio: Sound vectors come from the ridge baseline "
                                             "on descriptors, not the CNN")));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QComboBox* held = panel.heldAtZero();
        QVERIFY(held->isVisible());
        QCOMPARE(held->count(), 4);
        QCOMPARE(held->currentData().toString(), QStringLiteral("popularity"));
        const BacktestHeatMap* map = panel.heatMap();
        // Exactly the points whose held weight is 0 are drawn, each reachable where it is drawn.
        auto drawsSliceOf = [&](const QString& source) {
            int onSlice = 0;
            for (int i = 0; i < int(map->points().size()); ++i) {
                if (map->points()[size_t(i)].weights.at(source) != 0.0) continue;
                ++onSlice;
                if (map->pointAt(map->pointCentre(i)) != i) return false;
            }
            return onSlice == 66 && map->pointCount() == 66;
        };
        QVERIFY(drawsSliceOf(QStringLiteral("popularity")));
        // The best point has popularity 0.3 here: not on this slice, so no star.
        QVERIFY(report.best.weights.at(QStringLiteral("popularity")) > 0.0);
        QCOMPARE(map->bestIndex(), -1);
        QCOMPARE(held->currentText(), QStringLiteral("Popularity"));
        test::maybeGrab(&panel, QStringLiteral("backtest-four-sources"), QSize());
        held->setFocus();
        QTest::keyClick(held, Qt::Key_Down);  // popularity -> text
        QCOMPARE(held->currentData().toString(), QStringLiteral("text"));
        QVERIFY(drawsSliceOf(QStringLiteral("text")));
        QTest::keyClick(held, Qt::Key_Down);  // text -> audio
        QVERIFY(drawsSliceOf(QStringLiteral("audio")));
        QCOMPARE(map->bestIndex(), -1);  // audio 0.2 at the best point
        test::maybeGrab(&panel, QStringLiteral("backtest-four-sources-audio-at-0"), QSize());
        // With three sources there is nothing to choose.
        BacktestReport three;
        three.sources = {sources[0], sources[1], sources[2]};
        three.weeksScored = 1;
        for (const auto& w : weightGrid(three.sources, 0.1)) three.grid.push_back({w, {}});
        three.best = three.grid.front();
        auto threeSession = std::make_shared<BacktestSession>();
        threeSession->sources = three.sources;
        threeSession->weeksScored = 1;
        panel.setBacktest(threeSession, three, QStringLiteral("me"));
        QVERIFY(!held->isVisible());
        QCOMPARE(map->pointCount(), 66);
        QCOMPARE(map->bestIndex(), 0);  // on the (only) triangle: starred
    }

private:
    QTemporaryDir work_;
    QTemporaryDir settings_;
    QString project_;
};

QTEST_MAIN(TestUiBacktest)
#include "test_ui_backtest.moc"
