// The back-test with every source on a small demo world with the text model trained: text joins
// the weight grid, the best blend beats each source alone, a BacktestSession scores any weight
// vector exactly as a full back-test run does, and no listen after a week changes that week.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <set>

#include "TestSupport.h"
#include "audio/ProjectAnalysis.h"
#include "demo/DemoWorld.h"
#include "playlist/BacktestSession.h"
#include "playlist/IsoWeek.h"
#include "playlist/PlaylistCatalog.h"
#include "store/ProjectStore.h"
#include "text/TextSources.h"
#include "text/TextTraining.h"

using namespace tl;

namespace {

const QString kCf = QStringLiteral("cf");
const QString kText = QStringLiteral("text");
const QString kPopularity = QStringLiteral("popularity");

QString describe(const PlaylistScore& s) {
    return QStringLiteral("ndcg %1 hit %2 prec %3 novelty %4 diversity %5 artists %6")
        .arg(s.ndcg, 0, 'g', 9)
        .arg(s.hitRate)
        .arg(s.precision, 0, 'g', 9)
        .arg(s.novelty, 0, 'g', 9)
        .arg(s.diversity, 0, 'g', 9)
        .arg(s.artistCoverage, 0, 'g', 9);
}

bool sameScore(const PlaylistScore& a, const PlaylistScore& b) {
    return a.hitRate == b.hitRate && a.precision == b.precision && a.ndcg == b.ndcg &&
           a.novelty == b.novelty && a.diversity == b.diversity &&
           a.artistCoverage == b.artistCoverage && a.coldPicks == b.coldPicks;
}

}  // namespace

class PlaylistBacktestTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;
    std::unique_ptr<ProjectStore> store_;
    Id me_ = 0;

private Q_SLOTS:
    void initTestCase() {
        // Seed 1: 'me' discovers tracks in 7 of the last 8 weeks. (Seed 7, which test_playlist
        // uses, has discoveries in only 3 weeks, 11 tracks in all, one week with a single
        // one: too thin to rank blends by; BENCHMARKS.md has its numbers.)
        DemoOptions o;
        o.outDir = dir_.filePath(QStringLiteral("world"));
        o.seed = 1;
        o.size = DemoSize::Small;
        const auto demo = generateDemo(o, Progress());
        QVERIFY2(demo.ok(), qPrintable(demo.status().message()));
        project_ = demo->projectPath;
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        store_ = std::move(store).value();
        TextOptions textOptions;
        textOptions.sources = savedTextSources(*store_);  // the demo's text/ folder, as `train`
        const auto text = trainText(*store_, textOptions, Progress());
        QVERIFY2(text.ok(), qPrintable(text.status().message()));
        me_ = PlaylistCatalog::load(*store_).findUser(QStringLiteral("me"));
        QVERIFY(me_ > 0);
    }

    void textJoinsTheGridAndTheBestBlendBeatsEachSourceAlone() {
        // The figures below are of this blend (the default is another, playlist/DefaultBlend.h).
        BacktestOptions o;
        o.settings.weights = {{kCf, 0.5}, {kText, 0.2}, {QStringLiteral("audio"), 0.3}};
        const auto r = runBacktest(*store_, me_, o, Progress());
        QVERIFY2(r.ok(), qPrintable(r.status().message()));
        QCOMPARE(r->sources, (std::vector<QString>{kCf, kPopularity, kText}));
        QVERIFY(r->missing.count(QStringLiteral("audio")));
        QCOMPARE(int(r->grid.size()), 66);
        QCOMPARE(r->weeksScored, 7);
        // Audio missing: cf and text renormalised between them.
        QCOMPARE(r->weights.at(kCf), double(0.5f / 0.7f));
        QCOMPARE(r->weights.at(kText), double(0.2f / 0.7f));
        QCOMPARE(r->singleSource.size(), size_t(3));
        const double best = r->best.mean.ndcg;
        for (const auto& [name, alone] : r->singleSource)
            QVERIFY2(best > alone.ndcg, qPrintable(QStringLiteral("best %1 (%2) vs %3 alone %4")
                                                       .arg(best)
                                                       .arg(describe(r->best.mean), name)
                                                       .arg(alone.ndcg)));
        // The figures BENCHMARKS.md records for this world. Text has its places in the list
        // (issue 18) and fills some with tracks nobody had played before the week; the held-out
        // week cannot judge those (the demo's unplayed tracks stay unplayed), so precision and
        // NDCG leave them out and coldPicks reports their share: 0 for CF and popularity.
        QVERIFY2(std::abs(best - 0.312) < 5e-4, qPrintable(describe(r->best.mean)));
        QCOMPARE(r->best.weights.at(kCf), 0.1);
        QCOMPARE(r->best.weights.at(kPopularity), 0.3);
        QCOMPARE(r->best.weights.at(kText), 0.6);
        QVERIFY(std::abs(r->best.mean.coldPicks - 0.224) < 5e-4);
        QVERIFY(std::abs(r->singleSource.at(kCf).ndcg - 0.287) < 5e-4);
        // (0.194 before ALS's [0, 0.1) start, 7835ded: the weeks' CF models changed with it.)
        QVERIFY2(std::abs(r->singleSource.at(kText).ndcg - 0.195) < 5e-4,
                 qPrintable(describe(r->singleSource.at(kText))));
        QVERIFY(std::abs(r->singleSource.at(kText).coldPicks - 0.205) < 5e-4);
        QVERIFY(std::abs(r->singleSource.at(kPopularity).ndcg - 0.066) < 5e-4);
        QCOMPARE(r->singleSource.at(kCf).coldPicks, 0.0);
        QCOMPARE(r->singleSource.at(kPopularity).coldPicks, 0.0);
        QVERIFY(std::abs(r->mean.coldPicks - 0.195) < 5e-4);  // the requested cf 0.5, text 0.2
        double gridMax = 0.0;
        for (const GridPoint& g : r->grid) gridMax = std::max(gridMax, g.mean.ndcg);
        QCOMPARE(best, gridMax);
    }

    // What the GUI's sliders rely on: a session scores a weight vector exactly as a whole run.
    void sessionScoresExactlyLikeAFullRun() {
        BacktestOptions o;
        auto session = openBacktestSession(*store_, me_, o, Progress());
        QVERIFY2(session.ok(), qPrintable(session.status().message()));
        const BacktestSession& s = *session.value();
        QCOMPARE(s.modelsTrained, 0);  // the week models the test above trained are reused
        QCOMPARE(s.sources, (std::vector<QString>{kCf, kPopularity, kText}));
        const std::vector<std::map<QString, double>> weights{
            {{kCf, 0.5}, {kText, 0.2}, {QStringLiteral("audio"), 0.3}},
            {{kCf, 0.1}, {kPopularity, 0.3}, {kText, 0.6}},
            {{kCf, 0.35}, {kPopularity, 0.15}, {kText, 0.5}},
            {{kText, 1.0}}};
        for (const auto& w : weights) {
            o.settings.weights = w;
            const auto run = runBacktest(*store_, me_, o, Progress());
            QVERIFY(run.ok());
            std::vector<PlaylistScore> perWeek;
            const PlaylistScore scored = s.score(w, &perWeek);
            QVERIFY2(sameScore(scored, run->mean),
                     qPrintable(describe(scored) + QStringLiteral(" vs ") + describe(run->mean)));
            QCOMPARE(perWeek.size(), run->weeks.size());
            for (size_t i = 0; i < perWeek.size(); ++i)
                QVERIFY(sameScore(perWeek[i], run->weeks[i].score));
            // Scaling the weights changes nothing: the blend normalises them.
            std::map<QString, double> doubled = w;
            for (auto& [name, v] : doubled) v *= 2.0;
            QVERIFY(sameScore(s.score(doubled), scored));
        }
        // The grid scored on all cores equals one point at a time.
        const auto grid = weightGrid(s.sources, 0.25);
        const auto all = s.scoreAll(grid, Progress());
        QCOMPARE(all.size(), grid.size());
        for (size_t g = 0; g < grid.size(); ++g) QVERIFY(sameScore(all[g], s.score(grid[g])));
    }

    // The held-out check picks its point on the earlier weeks only and scores it on the later
    // ones: recomputed here from each grid point's per-week scores, and a point better on the
    // later weeks but not the earlier ones must not be picked.
    void heldOutCheckChoosesOnTheEarlierWeeksOnly() {
        BacktestOptions o;
        auto session = openBacktestSession(*store_, me_, o, Progress());
        QVERIFY(session.ok());
        const BacktestSession& s = *session.value();
        const auto r = backtestReport(s, o.settings.weights, o.gridStep, Progress());
        QVERIFY(r.ok());
        const HeldOutCheck& h = r->heldOut;
        QCOMPARE(h.chooseWeeks + h.scoreWeeks, r->weeksScored);
        QCOMPARE(h.chooseWeeks, r->weeksScored / 2);
        std::vector<size_t> counted;
        for (size_t i = 0; i < s.weeks.size(); ++i)
            if (s.weeks[i].prepared && !s.weeks[i].week.skipped) counted.push_back(i);
        const auto mean = [&](const std::vector<PlaylistScore>& perWeek, size_t from, size_t to,
                              double PlaylistScore::*field) {
            double sum = 0.0;
            for (size_t k = from; k < to; ++k) sum += perWeek[counted[k]].*field;
            return sum / double(to - from);
        };
        const size_t half = counted.size() / 2;
        double bestEarly = -1.0, bestLate = -1.0;
        for (const auto& w : weightGrid(s.sources, o.gridStep)) {
            std::vector<PlaylistScore> perWeek;
            s.score(w, &perWeek);
            bestEarly = std::max(bestEarly, mean(perWeek, 0, half, &PlaylistScore::ndcg));
            bestLate =
                std::max(bestLate, mean(perWeek, half, counted.size(), &PlaylistScore::ndcg));
            if (w == h.weights) {
                QVERIFY(std::abs(mean(perWeek, 0, half, &PlaylistScore::ndcg) - h.chosen.ndcg) <
                        1e-12);
                QVERIFY(std::abs(mean(perWeek, half, counted.size(), &PlaylistScore::ndcg) -
                                 h.heldOut.ndcg) < 1e-12);
            }
            for (const auto& [name, weight] : w)
                if (weight == 1.0)
                    QVERIFY(std::abs(mean(perWeek, half, counted.size(), &PlaylistScore::ndcg) -
                                     h.singleSource.at(name).ndcg) < 1e-12);
        }
        QCOMPARE(h.chosen.ndcg, bestEarly);   // the best on the weeks it was chosen on...
        QVERIFY(h.heldOut.ndcg <= bestLate);  // ...and no better than the later weeks' own best
        QCOMPARE(h.singleSource.size(), s.sources.size());
        qInfo(
            "held out on seed 1: chosen %s on %d weeks (ndcg %.3f), later %d weeks: ndcg %.3f; "
            "cf alone %.3f, text alone %.3f; the later weeks' own best %.3f",
            qPrintable(describe(h.chosen)), h.chooseWeeks, h.chosen.ndcg, h.scoreWeeks,
            h.heldOut.ndcg, h.singleSource.at(kCf).ndcg, h.singleSource.at(kText).ndcg, bestLate);
    }

    // No leakage: listens in week W+1 (more plays of 40 tracks by every listener, 'me'
    // included) change the later weeks' models and hits but not a single figure of week W or
    // any week before it.
    void aListenAfterAWeekDoesNotChangeIt() {
        const QString copy = dir_.filePath(QStringLiteral("leak.tastelab"));
        QVERIFY(QFile::copy(project_, copy));
        auto opened = ProjectStore::open(copy);
        QVERIFY(opened.ok());
        ProjectStore& store = *opened.value();
        auto loaded = loadListens(store, Progress());
        QVERIFY(loaded.ok());
        const std::vector<Listen>& listens = loaded.value();
        BacktestOptions o;
        auto before = openBacktestSession(store, listens, me_, o, Progress());
        QVERIFY(before.ok());
        const BacktestSession& a = *before.value();
        QCOMPARE(a.weeks.size(), size_t(8));
        const size_t w = 5;  // week W; W+1 gets the new listens, W+2 a model that sees them
        const qint64 next = a.weeks[w + 1].week.weekStart;

        std::vector<Listen> more = listens;
        std::set<Id> users;
        for (const Listen& l : listens) users.insert(l.userId);
        std::vector<Id> tracks;
        for (const auto& [track, artist] : PlaylistCatalog::load(store).trackArtist)
            tracks.push_back(track);
        std::sort(tracks.begin(), tracks.end());
        tracks.resize(std::min<size_t>(tracks.size(), 40));
        for (Id user : users)
            for (size_t t = 0; t < tracks.size(); ++t)
                more.push_back({user, tracks[t], next + 86400 + qint64(t) * 60, 200000});
        auto after = openBacktestSession(store, more, me_, o, Progress());
        QVERIFY(after.ok());
        const BacktestSession& b = *after.value();
        QCOMPARE(b.modelsTrained, 1);  // only week W+2's model saw the new listens
        const std::vector<std::map<QString, double>> weights{
            {{kCf, 1.0}}, {{kText, 1.0}}, {{kPopularity, 1.0}}, {{kCf, 0.3}, {kText, 0.7}}};
        bool laterChanged = false;
        for (const auto& weight : weights) {
            std::vector<PlaylistScore> pa, pb;
            a.score(weight, &pa);
            b.score(weight, &pb);
            for (size_t i = 0; i <= w; ++i) {
                QVERIFY2(sameScore(pa[i], pb[i]), qPrintable(QStringLiteral("week %1").arg(i)));
                QCOMPARE(a.weeks[i].week.discoveries, b.weeks[i].week.discoveries);
                QCOMPARE(a.weeks[i].table.table.tracks, b.weeks[i].table.table.tracks);
                QCOMPARE(a.weeks[i].table.table.normalised, b.weeks[i].table.table.normalised);
            }
            for (size_t i = w + 1; i < 8; ++i) laterChanged |= !sameScore(pa[i], pb[i]);
        }
        QVERIFY2(laterChanged, "the new listens must matter to the weeks after W");
    }

    // Audio joins the grid through the back-test's own audio model, trained on CF from before
    // the first week only: listens at or after that week, however they change, leave it as it
    // was (it is reused, not retrained), so no week's answer can leak into the audio scores.
    void audioJoinsTheGridWithoutLeakage() {
        const QString copy = dir_.filePath(QStringLiteral("audio.tastelab"));
        QVERIFY(QFile::copy(project_, copy));
        auto opened = ProjectStore::open(copy);
        QVERIFY(opened.ok());
        ProjectStore& store = *opened.value();
        const auto analysed = audio::analyzeProject(store, audio::AnalyzeOptions{}, Progress());
        QVERIFY2(analysed.ok(), qPrintable(analysed.status().message()));
        auto loaded = loadListens(store, Progress());
        QVERIFY(loaded.ok());
        const std::vector<Listen>& listens = loaded.value();
        BacktestOptions o;
        auto first = openBacktestSession(store, listens, me_, o, Progress());
        QVERIFY2(first.ok(), qPrintable(first.status().message()));
        const BacktestSession& a = *first.value();
        QCOMPARE(a.sources,
                 (std::vector<QString>{kCf, kPopularity, kText, QStringLiteral("audio")}));
        QVERIFY(a.audioTrained);
        QVERIFY(store.result(QStringLiteral("backtest.audio"),
                             isoWeekName(a.weeks.front().week.weekStart)));

        // Every listen from the first back-tested week on moved to another track: the week
        // models change, the audio model does not.
        const qint64 cutoff = a.weeks.front().week.weekStart;
        std::vector<Listen> changed = listens;
        int moved = 0;
        for (size_t i = 0; i < changed.size(); ++i)
            if (changed[i].endedAt >= cutoff) {
                changed[i].trackId = listens[(i * 7919) % listens.size()].trackId;
                ++moved;
            }
        QVERIFY(moved > 100);
        auto second = openBacktestSession(store, changed, me_, o, Progress());
        QVERIFY2(second.ok(), qPrintable(second.status().message()));
        QVERIFY2(second.value()->audioReused, "the back-test's audio model saw later listens");
        QVERIFY(second.value()->modelsTrained > 0);  // ... while later week models did change

        // The report: audio alone, and the grid over four sources (286 points at step 0.1).
        const auto r = backtestReport(a, o.settings.weights, o.gridStep, Progress());
        QVERIFY(r.ok());
        QCOMPARE(int(r->grid.size()), 286);
        QVERIFY(r->singleSource.count(QStringLiteral("audio")));
        QVERIFY(!r->missing.count(QStringLiteral("audio")));
        const double audioAlone = r->singleSource.at(QStringLiteral("audio")).ndcg;
        const double popularityAlone = r->singleSource.at(kPopularity).ndcg;
        qInfo("audio alone: %s; best: %s",
              qPrintable(describe(r->singleSource.at(QStringLiteral("audio")))),
              qPrintable(describe(r->best.mean)));
        QVERIFY2(
            audioAlone > popularityAlone,
            qPrintable(
                QStringLiteral("audio %1 vs popularity %2").arg(audioAlone).arg(popularityAlone)));
        for (const auto& [name, alone] : r->singleSource)
            QVERIFY2(r->best.mean.ndcg > alone.ndcg,
                     qPrintable(QStringLiteral("best %1 vs %2 alone %3")
                                    .arg(r->best.mean.ndcg)
                                    .arg(name)
                                    .arg(alone.ndcg)));
    }

    void cancelledSessionStops() {
        Progress cancelled;
        cancelled.cancel();
        const auto r = openBacktestSession(*store_, me_, BacktestOptions{}, cancelled);
        QVERIFY(r.status().isCancelled());
    }
};

QTEST_GUILESS_MAIN(PlaylistBacktestTest)
#include "test_playlist_backtest.moc"
