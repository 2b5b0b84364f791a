// Jobs: progress mapping and throttling, errors as values, cancellation within 200 ms, and a
// cancelled job leaving the store exactly as it was.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <stdexcept>

#include "job/JobRunner.h"
#include "job/Progress.h"
#include "store/ProjectStore.h"
#include "util/ParallelFor.h"

using namespace tl;

class JobsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void subRangesMapIntoTheWhole() {
        std::vector<double> seen;
        Progress p([&](double f, const QString&) { seen.push_back(f); });
        const Progress second = p.sub(0.5, 1.0);
        const Progress quarter = second.sub(0.5, 1.0);  // 0.75 .. 1.0 of the whole
        quarter.report(0.0);
        quarter.report(0.5);
        QCOMPARE(seen.back(), 0.875);
        p.sub(0.0, 0.5).report(0.2);  // earlier range: the bar never goes backwards
        QCOMPARE(seen.back(), 0.875);
        quarter.report(2.0, QStringLiteral("done"));  // clamped
        QCOMPARE(seen.back(), 1.0);
        QCOMPARE(p.message(), QStringLiteral("done"));
    }

    void cancellationIsSharedByCopiesAndSubRanges() {
        Progress p;
        const Progress child = p.sub(0.1, 0.2);
        QVERIFY(!child.cancelled());
        p.cancel();
        QVERIFY(child.cancelled());
    }

    void runsJobAndReportsResult() {
        JobRunner runner;
        QSignalSpy started(&runner, &JobRunner::started);
        QSignalSpy progress(&runner, &JobRunner::progressChanged);
        QSignalSpy finished(&runner, &JobRunner::finished);
        QVERIFY(runner.start(QStringLiteral("count"), [](const Progress& p) {
            for (int i = 1; i <= 100000; ++i) p.report(i / 100000.0, QStringLiteral("counting"));
            return Status::ok();
        }));
        QVERIFY(
            !runner.start(QStringLiteral("second"), [](const Progress&) { return Status::ok(); }));
        QVERIFY(finished.wait(10000));
        QCOMPARE(started.count(), 1);
        QVERIFY(finished.at(0).at(0).value<Status>().isOk());
        QCoreApplication::processEvents();
        // 100,000 reports are throttled to a handful of signals, and the last one is 100%.
        QVERIFY(progress.count() >= 1);
        QVERIFY2(progress.count() < 200, qPrintable(QString::number(progress.count())));
        QCOMPARE(progress.last().at(0).toDouble(), 1.0);
    }

    void passesErrorsThrough() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start(QStringLiteral("fails"), [](const Progress&) {
            return Status::error(QStringLiteral("history.json line 3: bad timestamp"));
        });
        QVERIFY(finished.wait(5000));
        const Status s = finished.at(0).at(0).value<Status>();
        QVERIFY(s.isError());
        QCOMPARE(s.message(), QStringLiteral("history.json line 3: bad timestamp"));
    }

    // Every job is an exception barrier: what the work throws, on its own thread or on one of
    // parallelFor's, ends that job with an error naming it, never the process.
    void anExceptionEndsTheJobNotTheProcess() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QVERIFY(runner.start(QStringLiteral("Analyse audio"), [](const Progress& p) -> Status {
            parallelFor(
                1000, 1, 2,
                [](int64_t begin, int64_t) {
                    if (begin == 500) throw std::length_error("vector::reserve");
                },
                &p);
            return Status::ok();
        }));
        QVERIFY(finished.wait(5000));
        const Status s = finished.at(0).at(0).value<Status>();
        QVERIFY(s.isError());
        QCOMPARE(s.message(), QStringLiteral("Analyse audio: internal error (vector::reserve)"));
        // The runner is free for the next job, and a non-standard exception is caught too.
        QVERIFY(runner.start(QStringLiteral("odd"), [](const Progress&) -> Status { throw 7; }));
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.at(1).at(0).value<Status>().message(),
                 QStringLiteral("odd: internal error (unknown exception)"));
    }

    void parallelForRethrowsOnTheCallersThread() {
        std::atomic<int> ran{0};
        bool caught = false;
        try {
            parallelFor(100000, 1, 2, [&](int64_t begin, int64_t) {
                ++ran;
                if (begin == 10) throw std::runtime_error("row 10");
            });
        } catch (const std::runtime_error& e) {
            caught = QByteArray(e.what()) == "row 10";
        }
        QVERIFY(caught);
        QVERIFY2(ran < 100000, "the other thread stops taking chunks");
    }

    void cancelStopsWithin200ms() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        std::atomic<bool> running{false};
        runner.start(QStringLiteral("forever"), [&](const Progress& p) {
            running = true;
            while (!p.cancelled()) QThread::usleep(500);  // a job polling every 0.5 ms of work
            return Status::cancelled();
        });
        QTRY_VERIFY(running.load());
        QElapsedTimer clock;
        clock.start();
        runner.cancel();
        QVERIFY(finished.wait(2000));
        QVERIFY2(clock.elapsed() < 200, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(finished.at(0).at(0).value<Status>().isCancelled());
        QVERIFY(!runner.isRunning());
    }

    // A job writing into the project on a worker thread (its own connection, one transaction)
    // is cancelled half-way: the project must hold exactly what it held before.
    void cancelledJobLeavesStoreUnchanged() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("p.tastelab"));
        {
            auto store = ProjectStore::create(file);
            QVERIFY(store.ok());
            User me{0, QStringLiteral("me"), true};
            QVERIFY(store.value()->addUser(me).isOk());
        }
        std::atomic<int> written{0};
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start(QStringLiteral("write"), [&](const Progress& p) -> Status {
            auto opened = ProjectStore::open(file);
            if (!opened) return opened.status();
            ProjectStore& store = *opened.value();
            ProjectStore::Transaction tx(store);
            for (int i = 0;; ++i) {
                if (p.cancelled()) return Status::cancelled();  // tx rolls back
                User u{0, QStringLiteral("user%1").arg(i), false};
                if (Status s = store.addUser(u); !s.isOk()) return s;
                written = i + 1;
                if (i > 1000000) return tx.commit();
            }
        });
        QTRY_VERIFY(written.load() > 500);
        runner.cancel();
        QVERIFY(finished.wait(2000));
        QVERIFY(finished.at(0).at(0).value<Status>().isCancelled());
        auto reopened = ProjectStore::open(file);
        QVERIFY(reopened.ok());
        QCOMPARE(reopened.value()->counts().users, qint64(1));
    }
};

QTEST_GUILESS_MAIN(JobsTest)
#include "test_jobs.moc"
