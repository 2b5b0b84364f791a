// Crash safety (issue 10): a process killed with SIGKILL while it trains leaves the project
// exactly as the last finished training left it (byte for byte, SQLite's integrity check
// passes), and reopening the project in the app says which training was interrupted and offers
// to resume it. Both kinds of process are killed: tastelab-cli train and the desktop app.
#include <QCryptographicHash>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>

#include "BlendPanel.h"
#include "InterruptedTrainingBanner.h"
#include "MainWindow.h"
#include "PlaylistPanel.h"
#include "TestSupport.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "job/Status.h"
#include "playlist/WeeklyPlaylist.h"
#include "store/ProjectStore.h"
#include "store/TrainingJournal.h"

using namespace tl;

namespace {

// Every stored result by (kind, key): its fingerprint, a hash of its bytes and its time.
using ResultsDigest = std::map<QString, QString>;

ResultsDigest digestResults(const QString& project) {
    ResultsDigest out;
    auto opened = ProjectStore::open(project);
    if (!opened) qFatal("%s", qPrintable(opened.status().message()));
    QSqlQuery q(opened.value()->database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT kind, key, fingerprint, data, meta, created FROM results")))
        qFatal("cannot read the results");
    while (q.next()) {
        QCryptographicHash h(QCryptographicHash::Sha256);
        h.addData(q.value(2).toByteArray());
        h.addData(q.value(3).toByteArray());
        h.addData(q.value(4).toString().toUtf8());
        out[q.value(0).toString() + QLatin1Char('/') + q.value(1).toString()] =
            QString::fromLatin1(h.result().toHex()) + QLatin1Char(' ') + q.value(5).toString();
    }
    return out;
}

QString integrity(const QString& project) {
    auto opened = ProjectStore::open(project);
    if (!opened) return opened.status().message();
    QSqlQuery q(opened.value()->database());
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")) || !q.next()) return QStringLiteral("?");
    return q.value(0).toString();
}

// The pid the running-training entry of `job` names, or 0 when there is none.
qint64 journalPid(const QString& project, const QString& job) {
    auto opened = ProjectStore::openUnchecked(project);
    if (!opened) return 0;
    const QJsonObject o =
        QJsonDocument::fromJson(
            opened.value()->setting(QStringLiteral("training.running.") + job).toUtf8())
            .object();
    return o.value(QStringLiteral("pid")).toString().toLongLong();
}

}  // namespace

class TestUiCrashSafety : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;
    ResultsDigest good_;  // the project's results after the last training that finished
    qint64 lastPid_ = 0;  // the process killWhileTraining() killed

    // Starts `program`, waits until it has written its running-training entry for `job` and
    // trained `afterMs` more, then kills it with SIGKILL (no destructor, no rollback, no end()).
    void killWhileTraining(QProcess& process, const QString& program, const QStringList& args,
                           const QString& job, int afterMs) {
        process.start(program, args);
        QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
        const qint64 pid = process.processId();
        lastPid_ = pid;
        QElapsedTimer clock;
        clock.start();
        while (journalPid(project_, job) != pid) {
            QVERIFY2(
                process.state() == QProcess::Running,
                qPrintable(QStringLiteral("%1 ended before training: %2")
                               .arg(program, QString::fromUtf8(process.readAllStandardError()))));
            QVERIFY2(clock.elapsed() < 120000, "the training never started");
            QTest::qWait(50);
        }
        QTest::qWait(afterMs);
        // The app's audio job analyses first and then trains, each stage with its own entry:
        // make sure the kill lands while one is written, not in the instant between them.
        while (journalPid(project_, job) != pid) {
            QVERIFY2(process.state() == QProcess::Running, "the training ended before the kill");
            QVERIFY2(clock.elapsed() < 120000, "the training never resumed its entry");
            QTest::qWait(10);
        }
        QVERIFY2(process.state() == QProcess::Running, "the training ended before the kill");
        process.kill();
        QVERIFY(process.waitForFinished());
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    }

    void expectLastGoodState() {
        QCOMPARE(integrity(project_), QStringLiteral("ok"));
        const ResultsDigest now = digestResults(project_);
        QCOMPARE(now.size(), good_.size());
        for (const auto& [key, digest] : good_) QCOMPARE(now.at(key), digest);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        test::isolateSettings(dir_.filePath(QStringLiteral("settings")));
        const QString world = dir_.filePath(QStringLiteral("world"));
        auto demo = test::runCli({QStringLiteral("demo"), QStringLiteral("--out"), world,
                                  QStringLiteral("--size"), QStringLiteral("small")});
        QCOMPARE(demo.exitCode, 0);
        project_ = QDir(world).filePath(QStringLiteral("demo.tastelab"));
        // The last good state: every model trained once (a quick audio model).
        for (const QStringList& step :
             {QStringList{QStringLiteral("train"), QStringLiteral("cf")},
              QStringList{QStringLiteral("train"), QStringLiteral("text")},
              QStringList{QStringLiteral("analyze")},
              QStringList{QStringLiteral("train"), QStringLiteral("audio"),
                          QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--arch"),
                          QStringLiteral("tiny")}}) {
            const auto run =
                test::runCli(step + QStringList{QStringLiteral("--project"), project_});
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
        good_ = digestResults(project_);
        QVERIFY(good_.count(QStringLiteral("audio.cnn/model")) == 1);
        QVERIFY(good_.count(QStringLiteral("cf.als/model")) == 1);
        QVERIFY(good_.count(QStringLiteral("text.tfidf/model")) == 1);
        auto opened = ProjectStore::open(project_);
        QVERIFY(training_journal::interrupted(*opened.value()).empty());
    }

    void killedCliTrainingLeavesTheLastGoodModels() {
        // Long enough to be caught mid-run: hundreds of epochs, no early stop.
        QProcess cli;
        killWhileTraining(
            cli, test::cliProgram(),
            {QStringLiteral("train"), QStringLiteral("--project"), project_,
             QStringLiteral("audio"), QStringLiteral("--epochs"), QStringLiteral("400"),
             QStringLiteral("--patience"), QStringLiteral("400")},
            QStringLiteral("audio"), 1500);
        expectLastGoodState();
        auto opened = ProjectStore::open(project_);
        const auto entries = training_journal::interrupted(*opened.value());
        QCOMPARE(entries.size(), size_t(1));
        QCOMPARE(entries[0].job, QStringLiteral("audio"));
        QCOMPARE(entries[0].pid, lastPid_);
        // "The models from 13:40": the stored audio model's own time.
        QCOMPARE(
            entries[0].previousModel,
            opened.value()->result(QStringLiteral("audio.cnn"), QStringLiteral("model"))->created);
    }

    void killedAppTrainingLeavesTheLastGoodModels() {
        const QString gui = qEnvironmentVariable("TASTELAB_GUI");
        if (gui.isEmpty()) QSKIP("TASTELAB_GUI is not set (the GUI is not built)");
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString home = dir_.filePath(QStringLiteral("app-home"));
        QDir().mkpath(home);
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("TASTELAB_TRAIN"), QStringLiteral("audio"));
        app.setProcessEnvironment(env);
        // The app trains the default audio model (40 epochs): killed well before it ends.
        killWhileTraining(app, gui, {project_}, QStringLiteral("audio"), 500);
        expectLastGoodState();
        auto opened = ProjectStore::open(project_);
        const auto entries = training_journal::interrupted(*opened.value());
        QCOMPARE(entries.size(), size_t(1));
        QCOMPARE(entries[0].job, QStringLiteral("audio"));
        QCOMPARE(entries[0].pid, lastPid_);
    }

    void reopeningOffersToResumeAndResumeTrains() {
        MainWindow window;
        window.setModalDialogsEnabled(false);
        window.show();
        QVERIFY(window.openProject(project_));
        InterruptedTrainingBanner* banner = window.interruptedBanner();
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().startsWith(QStringLiteral("Training the audio model was "
                                                          "interrupted at ")),
                 qPrintable(banner->text()));
        QVERIFY2(banner->text().contains(QStringLiteral("The model from ")),
                 qPrintable(banner->text()));
        test::maybeGrab(&window, QStringLiteral("crash-safety-banner"));
        // The views show the last good models meanwhile: the workspace is open and usable.
        QVERIFY(window.hasProject());

        QSignalSpy done(&window, &MainWindow::jobCompleted);
        QTest::mouseClick(banner->resumeButton(), Qt::LeftButton);
        QVERIFY(window.jobRunner()->isRunning());
        QVERIFY(!banner->isVisible());
        QVERIFY(done.wait(180000));
        const Status status = done.takeFirst().at(0).value<Status>();
        QVERIFY2(status.isOk(), qPrintable(status.message()));

        // A new audio model, the other models untouched, no training left in the journal.
        const ResultsDigest now = digestResults(project_);
        QVERIFY(now.at(QStringLiteral("audio.cnn/model")) !=
                good_.at(QStringLiteral("audio.cnn/model")));
        QCOMPARE(now.at(QStringLiteral("cf.als/model")), good_.at(QStringLiteral("cf.als/model")));
        QCOMPARE(now.at(QStringLiteral("text.tfidf/model")),
                 good_.at(QStringLiteral("text.tfidf/model")));
        QCOMPARE(integrity(project_), QStringLiteral("ok"));
        auto opened = ProjectStore::open(project_);
        QVERIFY(training_journal::interrupted(*opened.value()).empty());
        QVERIFY(opened.value()->setting(QStringLiteral("training.running.audio")).isEmpty());

        // Reopening now shows no banner.
        window.closeProject();
        QVERIFY(window.openProject(project_));
        QVERIFY(!banner->isVisible());
    }

    void dismissForgetsTheInterruptedTraining() {
        // A text training that "died": this test writes the entry and names a gone process.
        {
            auto opened = ProjectStore::open(project_);
            QVERIFY(training_journal::begin(*opened.value(), QStringLiteral("text")).isOk());
            QProcess gone;
            gone.start(QStringLiteral("sleep"), {QStringLiteral("30")});
            QVERIFY(gone.waitForStarted());
            const qint64 pid = gone.processId();
            gone.kill();
            gone.waitForFinished();
            QJsonObject o =
                QJsonDocument::fromJson(
                    opened.value()->setting(QStringLiteral("training.running.text")).toUtf8())
                    .object();
            o[QStringLiteral("pid")] = QString::number(pid);
            QVERIFY(opened.value()
                        ->setSetting(QStringLiteral("training.running.text"),
                                     QString::fromUtf8(QJsonDocument(o).toJson()))
                        .isOk());
        }
        const ResultsDigest before = digestResults(project_);
        MainWindow window;
        window.setModalDialogsEnabled(false);
        window.show();
        QVERIFY(window.openProject(project_));
        InterruptedTrainingBanner* banner = window.interruptedBanner();
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().startsWith(QStringLiteral("Training the text model was")),
                 qPrintable(banner->text()));
        QTest::mouseClick(banner->dismissButton(), Qt::LeftButton);
        QVERIFY(!banner->isVisible());
        QVERIFY(!window.jobRunner()->isRunning());  // nothing trained
        QCOMPARE(digestResults(project_), before);
        auto opened = ProjectStore::open(project_);
        QVERIFY(training_journal::interrupted(*opened.value()).empty());
    }

    void reopeningShowsTheSavedPlaylistAgain() {
        // "Reopen the project later and everything is there": the weekly playlist too, with the
        // weights it was made with, not an empty "Generate" hint.
        std::vector<Id> picks;
        Id user = 0;
        {
            MainWindow window;
            window.setModalDialogsEnabled(false);
            QVERIFY(window.openProject(project_));
            PlaylistPanel* panel = window.workspacePage()->playlist();
            user = panel->currentUser();
            QVERIFY(user != 0);
            QSignalSpy done(&window, &MainWindow::jobCompleted);
            QVERIFY(window.generatePlaylist(user, QStringLiteral("2026-W47"), 0));
            QVERIFY(done.wait(120000));
            QVERIFY(panel->playlist() && !panel->playlist()->entries.empty());
            for (const auto& e : panel->playlist()->entries) picks.push_back(e.trackId);
        }
        MainWindow window;
        window.setModalDialogsEnabled(false);
        window.show();
        QSignalSpy restored(&window, &MainWindow::savedPlaylistRestored);
        QVERIFY(window.openProject(project_));
        QVERIFY(window.isRestoringPlaylist());  // prepared by a worker: the window stays free
        QVERIFY(restored.wait(60000));
        QVERIFY(!window.isRestoringPlaylist());
        PlaylistPanel* panel = window.workspacePage()->playlist();
        QVERIFY(panel->playlist());
        std::vector<Id> again;
        for (const auto& e : panel->playlist()->entries) again.push_back(e.trackId);
        QCOMPARE(again, picks);
        // Made with the project's default blend (no weights of the person's own here).
        QCOMPARE(float(panel->playlist()->weights.at(QStringLiteral("cf"))),
                 float(cfHeavyDefaultWeights().at(QStringLiteral("cf"))));
        QCOMPARE(panel->weekText(), QStringLiteral("2026-W47"));  // the controls name it too
        QCOMPARE(panel->modeIndex(), 0);
        window.workspacePage()->showPlaylistTab();
        test::maybeGrab(&window, QStringLiteral("crash-safety-reopened-playlist"));
    }
    void startupProbeReportsTheReopeningTimes() {
        // BENCHMARKS.md's figures come from this probe: it must print its times and quit.
        const QString gui = qEnvironmentVariable("TASTELAB_GUI");
        if (gui.isEmpty()) QSKIP("TASTELAB_GUI is not set (the GUI is not built)");
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString home = dir_.filePath(QStringLiteral("probe-home"));
        QDir().mkpath(home);
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("TASTELAB_MEASURE_STARTUP"), QStringLiteral("1"));
        app.setProcessEnvironment(env);
        app.start(gui, {project_});
        QVERIFY(app.waitForFinished(60000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        const QJsonObject t = QJsonDocument::fromJson(app.readAllStandardOutput()).object();
        const double frame = t.value(QStringLiteral("first_frame_ms")).toDouble(-1);
        const double asked = t.value(QStringLiteral("open_requested_ms")).toDouble(-1);
        const double opened = t.value(QStringLiteral("project_opened_ms")).toDouble(-1);
        const double populated = t.value(QStringLiteral("populated_ms")).toDouble(-1);
        QVERIFY2(frame > 0 && asked > 0, qPrintable(QJsonDocument(t).toJson()));
        QVERIFY(asked <= opened && opened <= populated);
        // Each figure is rounded to a millisecond on its own.
        QVERIFY(std::abs(t.value(QStringLiteral("reopen_ms")).toDouble() - (populated - asked)) <=
                1.0);
        QVERIFY2(populated < 30000, "no process takes half a minute to show a small project");
    }
};

QTEST_MAIN(TestUiCrashSafety)
#include "playlist/WeeklyPlaylist.h"
#include "test_ui_crash_safety.moc"
