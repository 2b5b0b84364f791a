// The training journal (core/store/TrainingJournal): an entry while a training runs, none after
// it ends on any path, and an entry whose process is gone reported as interrupted, with the time
// of the model the project still holds.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "store/ProjectStore.h"
#include "store/TrainingJournal.h"

using namespace tl;

class TrainingJournalTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    int files_ = 0;

    std::unique_ptr<ProjectStore> makeStore() {
        auto created =
            ProjectStore::create(dir_.filePath(QStringLiteral("p%1.tastelab").arg(++files_)));
        if (!created) qFatal("%s", qPrintable(created.status().message()));
        return std::move(created).value();
    }

    // The pid of a process that has exited: what a killed training leaves in the journal.
    static qint64 deadPid() {
        QProcess p;
        p.start(QStringLiteral("sleep"), {QStringLiteral("30")});
        if (!p.waitForStarted()) qFatal("cannot start sleep");
        const qint64 pid = p.processId();  // 0 once finished: read it while it runs
        p.kill();
        p.waitForFinished();  // reaped: the pid names no process now
        return pid;
    }

    static QString runningKey(const QString& job) {
        return QStringLiteral("training.running.") + job;
    }

    // Rewrites the stored entry of `job` so it names process `pid` (as if another process
    // had written it).
    static void forgePid(ProjectStore& store, const QString& job, qint64 pid,
                         const QString& processStart = QStringLiteral("0")) {
        QJsonObject o = QJsonDocument::fromJson(store.setting(runningKey(job)).toUtf8()).object();
        o[QStringLiteral("pid")] = QString::number(pid);
        o[QStringLiteral("process_start")] = processStart;
        QVERIFY(store
                    .setSetting(runningKey(job),
                                QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)))
                    .isOk());
    }

private Q_SLOTS:
    void entryLivesExactlyAsLongAsTheScope() {
        auto store = makeStore();
        {
            const training_journal::Scope scope(*store, QStringLiteral("cf"));
            QVERIFY(!store->setting(runningKey(QStringLiteral("cf"))).isEmpty());
            // This process is alive: a running training is not an interrupted one.
            QVERIFY(training_journal::interrupted(*store).empty());
        }
        QVERIFY(store->setting(runningKey(QStringLiteral("cf"))).isEmpty());
    }

    void entryOfADeadProcessIsInterrupted() {
        auto store = makeStore();
        StoredResult model{QStringLiteral("audio.cnn"),
                           QStringLiteral("model"),
                           "fp",
                           "bytes",
                           {},
                           QDateTime(QDate(2026, 12, 3), QTime(13, 40), Qt::UTC)};
        QVERIFY(store->putResult(model).isOk());
        const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
        QVERIFY(training_journal::begin(*store, QStringLiteral("audio")).isOk());
        const qint64 pid = deadPid();
        forgePid(*store, QStringLiteral("audio"), pid);

        const auto entries = training_journal::interrupted(*store);
        QCOMPARE(entries.size(), size_t(1));
        QCOMPARE(entries[0].job, QStringLiteral("audio"));
        QCOMPARE(entries[0].pid, pid);
        QVERIFY(entries[0].started >= before);
        QVERIFY(entries[0].started <= QDateTime::currentDateTimeUtc());
        QCOMPARE(entries[0].previousModel, model.created);
        QCOMPARE(entries[0].describe(), QStringLiteral("the audio model"));

        // end() in this process leaves the other process's entry alone; dismiss() removes it.
        QVERIFY(training_journal::end(*store, QStringLiteral("audio")).isOk());
        QCOMPARE(training_journal::interrupted(*store).size(), size_t(1));
        QVERIFY(training_journal::dismiss(*store, QStringLiteral("audio")).isOk());
        QVERIFY(training_journal::interrupted(*store).empty());
    }

    void reusedPidIsNotMistakenForTheTraining() {
        // The entry names this very pid, but a process that started at another time: the pid
        // was reused after the training died.
        auto store = makeStore();
        QVERIFY(training_journal::begin(*store, QStringLiteral("text")).isOk());
        QVERIFY(training_journal::interrupted(*store).empty());
        forgePid(*store, QStringLiteral("text"), QCoreApplication::applicationPid(),
                 QStringLiteral("1"));
        const auto entries = training_journal::interrupted(*store);
        QCOMPARE(entries.size(), size_t(1));
        QVERIFY(!entries[0].previousModel.isValid());  // no text model stored before
    }

    void severalInterruptedTrainingsOldestFirst() {
        auto store = makeStore();
        const qint64 pid = deadPid();
        for (const char* job : {"text", "cf"}) {
            QVERIFY(training_journal::begin(*store, QString::fromLatin1(job)).isOk());
            forgePid(*store, QString::fromLatin1(job), pid);
            QTest::qWait(5);
        }
        const auto entries = training_journal::interrupted(*store);
        QCOMPARE(entries.size(), size_t(2));
        QCOMPARE(entries[0].job, QStringLiteral("text"));
        QCOMPARE(entries[1].job, QStringLiteral("cf"));
    }

    void damagedEntryIsIgnored() {
        auto store = makeStore();
        QVERIFY(store->setSetting(runningKey(QStringLiteral("cf")), QStringLiteral("{not json"))
                    .isOk());
        QVERIFY(training_journal::interrupted(*store).empty());
        QVERIFY(training_journal::end(*store, QStringLiteral("cf")).isOk());
        QVERIFY(store->setting(runningKey(QStringLiteral("cf"))).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TrainingJournalTest)
#include "test_training_journal.moc"
