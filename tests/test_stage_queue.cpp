// The stage queue behind "Try the demo" and Train All: dependency order, a failure marks what
// depends on it as not run (naming it) while independent stages still run, and cancel stops
// the rest.
#include <QtTest>

#include "job/StageQueue.h"

using namespace tl;

namespace {
// generate -> cf -> {text, audio}; playlist needs cf; backtest needs playlist.
StageQueue demoQueue() {
    StageQueue q;
    q.add(QStringLiteral("generate"), QStringLiteral("Generate"));
    q.add(QStringLiteral("cf"), QStringLiteral("CF"), {QStringLiteral("generate")});
    q.add(QStringLiteral("text"), QStringLiteral("Text"), {QStringLiteral("generate")});
    q.add(QStringLiteral("audio"), QStringLiteral("Audio"), {QStringLiteral("cf")});
    q.add(QStringLiteral("playlist"), QStringLiteral("Playlist"), {QStringLiteral("cf")});
    q.add(QStringLiteral("backtest"), QStringLiteral("Back-test"), {QStringLiteral("playlist")});
    return q;
}
}  // namespace

class StageQueueTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void refusesUnknownDependenciesAndDuplicates() {
        StageQueue q;
        QVERIFY(q.add(QStringLiteral("a"), QStringLiteral("A")));
        QVERIFY(!q.add(QStringLiteral("a"), QStringLiteral("again")));
        QVERIFY(!q.add(QStringLiteral("b"), QStringLiteral("B"), {QStringLiteral("later")}));
        QCOMPARE(q.stages().size(), size_t(1));
    }

    void runsInDependencyOrderOneAtATime() {
        StageQueue q = demoQueue();
        QStringList order;
        while (const Stage* s = q.startNext()) {
            QCOMPARE(q.startNext(), nullptr);  // one at a time
            QCOMPARE(q.current()->id, s->id);
            order << s->id;
            q.setProgress(0.5);
            QCOMPARE(q.current()->fraction, 0.5);
            q.finishCurrent(Status::ok(), 1.5, QStringLiteral("fine"));
        }
        QCOMPARE(order, QStringList({QStringLiteral("generate"), QStringLiteral("cf"),
                                     QStringLiteral("text"), QStringLiteral("audio"),
                                     QStringLiteral("playlist"), QStringLiteral("backtest")}));
        QVERIFY(q.finished());
        QCOMPARE(q.count(StageState::Done), 6);
        QCOMPARE(q.find(QStringLiteral("audio"))->seconds, 1.5);
        QCOMPARE(q.find(QStringLiteral("audio"))->message, QStringLiteral("fine"));
    }

    void aFailureSkipsOnlyItsDependants() {
        StageQueue q = demoQueue();
        q.startNext();  // generate
        q.finishCurrent(Status::ok(), 1);
        QCOMPARE(q.startNext()->id, QStringLiteral("cf"));
        q.finishCurrent(Status::error(QStringLiteral("no listens")), 0.2);
        // Text needs only the world: it still runs. Audio, playlist and back-test cannot.
        QCOMPARE(q.startNext()->id, QStringLiteral("text"));
        q.finishCurrent(Status::ok(), 0.1);
        QCOMPARE(q.startNext(), nullptr);
        QVERIFY(q.finished());
        QCOMPARE(q.find(QStringLiteral("cf"))->state, StageState::Failed);
        QCOMPARE(q.find(QStringLiteral("cf"))->message, QStringLiteral("no listens"));
        QCOMPARE(q.find(QStringLiteral("audio"))->state, StageState::NotRun);
        QCOMPARE(q.find(QStringLiteral("audio"))->message,
                 QStringLiteral("needs “CF”, which failed"));
        QCOMPARE(q.find(QStringLiteral("backtest"))->state, StageState::NotRun);
        QCOMPARE(q.find(QStringLiteral("backtest"))->message,
                 QStringLiteral("needs “Playlist”, which did not run"));
        QCOMPARE(q.find(QStringLiteral("text"))->state, StageState::Done);
    }

    void cancelStopsTheRunningStageAndTheRest() {
        StageQueue q = demoQueue();
        q.startNext();
        q.finishCurrent(Status::ok(), 1);
        q.startNext();  // cf running
        q.finishCurrent(Status::cancelled(), 0.3);
        QCOMPARE(q.find(QStringLiteral("cf"))->state, StageState::Cancelled);
        q.cancelAll(QStringLiteral("cancelled by you"));
        QCOMPARE(q.startNext(), nullptr);
        QVERIFY(q.finished());
        QCOMPARE(q.count(StageState::Cancelled), 5);
        QCOMPARE(q.find(QStringLiteral("generate"))->state, StageState::Done);
        QCOMPARE(q.find(QStringLiteral("backtest"))->message, QStringLiteral("cancelled by you"));
        QCOMPARE(stageStateName(StageState::NotRun), QStringLiteral("not run"));
    }
};

QTEST_GUILESS_MAIN(StageQueueTest)
#include "test_stage_queue.moc"
