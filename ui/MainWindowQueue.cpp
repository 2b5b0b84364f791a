// Queued runs from the window: "Try the demo" (generate the world, then every model, the first
// weekly playlist and its back-test) and Models > Train All. Each stage starts its job through
// the window's usual entry point, so its reaction (status message, refreshed views, the audio
// model's training window) is the one the menu gives; the StageQueue decides what runs next
// and the Jobs dock lists every stage.
#include <QDockWidget>
#include <QStatusBar>
#include <QTimer>
#include <algorithm>

#include "JobListView.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "PlaylistPanel.h"
#include "ProjectSnapshot.h"
#include "Remedies.h"
#include "WorkspacePage.h"
#include "audio/ProjectAnalysis.h"
#include "job/JobRunner.h"
#include "job/StageQueue.h"
#include "playlist/WeeklyPlaylist.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

namespace tl {

namespace {
constexpr int kJobListLingerMs = 4000;
}

bool MainWindow::isQueuedRunActive() const {
    return queue_ && !queue_->finished();
}

bool MainWindow::runQueue(const QString& title, std::vector<QueuedStage> stages,
                          const QString& project) {
    if (isQueuedRunActive() || runner_->isRunning()) {
        statusBar()->showMessage(
            tr("“%1” is still running. Wait for it or cancel it first.")
                .arg(isQueuedRunActive() ? jobList_->summaryText() : runner_->title()),
            8000);
        return false;
    }
    auto queue = std::make_unique<StageQueue>();
    for (const QueuedStage& stage : stages)
        if (!queue->add(stage.id, stage.title, stage.needs)) return false;  // a programming slip
    queue_ = std::move(queue);
    queuedStages_ = std::move(stages);
    queuedJobRunning_ = false;
    queueProject_ = project;
    jobList_->setQueue(queue_.get(), title);
    jobDock_->show();
    jobDock_->raise();
    // Started from a job's reaction (Open my data's last scan starts Train All): that job's
    // jobCompleted() is still to come, and would settle the first stage with its own outcome
    // and time. Start once it has been delivered.
    if (reactingToJob_)
        QTimer::singleShot(0, this, &MainWindow::advanceQueue);
    else
        advanceQueue();
    return true;
}

void MainWindow::advanceQueue() {
    if (!queue_ || queue_->current()) return;
    // A stage's reaction may have started a follow-up job (a pending scan): let it end first;
    // its jobCompleted() brings us back here.
    if (runner_->isRunning()) return;
    while (const Stage* stage = queue_->startNext()) {
        const QString id = stage->id;
        jobList_->refresh();
        const auto it = std::find_if(queuedStages_.begin(), queuedStages_.end(),
                                     [&](const QueuedStage& s) { return s.id == id; });
        const bool started = it->start();
        if (started && runner_->isRunning()) {
            queuedJobRunning_ = true;
            jobList_->refresh();
            return;
        }
        // Nothing to run (or it could not start): settle the stage now and go on.
        queue_->finishCurrent(
            started ? (it->check ? it->check() : Status::ok())
                    : Status::error(lastError_.isEmpty() ? tr("could not start") : lastError_),
            0.0, statusBar()->currentMessage());
    }
    jobList_->refresh();
    if (queue_->finished()) {
        // The run ends on what the user came for: the week's playlist (the back-test, the
        // last stage, had turned to its own tab).
        if (const Stage* playlist = queue_->find(QStringLiteral("playlist"));
            playlist && playlist->state == StageState::Done)
            workspace_->showPlaylistTab();
        const int done = queue_->count(StageState::Done);
        // All done: the list steps aside after a moment so the playlist gets the room (View >
        // Jobs brings it back). A failure keeps it up, with its reason.
        if (done == int(queue_->stages().size()))
            QTimer::singleShot(kJobListLingerMs, this, [this] {
                if (!isQueuedRunActive()) jobDock_->hide();
            });
        statusBar()->showMessage(jobList_->summaryText(),
                                 done == int(queue_->stages().size()) ? 20000 : 0);
        Q_EMIT queuedRunFinished();
    }
}

void MainWindow::dropQueuedRun() {
    const bool active = isQueuedRunActive();
    if (active) queue_->cancelAll(tr("cancelled: its project was closed"));
    jobList_->setQueue(nullptr, QString());
    queue_.reset();
    queuedStages_.clear();
    queuedJobRunning_ = false;
    queueProject_.clear();
    jobDock_->hide();  // View > Jobs brings back the empty list
    if (active) Q_EMIT queuedRunFinished();
}

void MainWindow::onQueuedJobCompleted(const Status& status, double seconds) {
    if (!queue_) return;
    if (queuedJobRunning_) {
        queuedJobRunning_ = false;
        const auto* stage = queue_->current();
        if (stage) {
            const QString id = stage->id;
            const auto it = std::find_if(queuedStages_.begin(), queuedStages_.end(),
                                         [&](const QueuedStage& s) { return s.id == id; });
            // A failure's row gives the reason as this app words it (Models > …, not a command).
            Status outcome = status.isError() ? Status::error(messageForGui(status)) : status;
            if (outcome.isOk() && it != queuedStages_.end() && it->check) outcome = it->check();
            // The stage's own reaction has just put its outcome in the status bar.
            queue_->finishCurrent(outcome, seconds, statusBar()->currentMessage());
        }
    }
    if (status.isCancelled() && !queue_->finished())
        queue_->cancelAll(tr("cancelled with the stage before it"));
    jobList_->refresh();
    // After the reaction has fully run (it may open a project or start a follow-up job).
    QTimer::singleShot(0, this, &MainWindow::advanceQueue);
}

void MainWindow::cancelQueuedRun() {
    if (!isQueuedRunActive()) return;
    queue_->cancelAll(tr("cancelled by you"));
    jobList_->refresh();
    if (runner_->isRunning())
        runner_->cancel();  // its ending is reported as cancelled
    else
        advanceQueue();
}

std::vector<MainWindow::QueuedStage> MainWindow::modelStages(const QStringList& firstNeeds) {
    auto projectOpen = [this] {
        return store_ ? Status::ok() : Status::error(tr("no project is open"));
    };
    std::vector<QueuedStage> stages;
    stages.push_back({QStringLiteral("cf"), tr("Collaborative filtering (implicit ALS)"),
                      firstNeeds,
                      [this, projectOpen] {
                          if (!projectOpen().isOk()) return false;
                          trainCollaborativeFiltering();
                          return true;
                      },
                      nullptr});
    stages.push_back({QStringLiteral("text"), tr("Text model (TF-IDF top terms)"), firstNeeds,
                      [this, projectOpen] {
                          if (!projectOpen().isOk()) return false;
                          trainTextModel();
                          return true;
                      },
                      nullptr});
    stages.push_back({QStringLiteral("analyze"), tr("Audio analysis (log-mel excerpts)"),
                      firstNeeds,
                      [this, projectOpen] {
                          if (!projectOpen().isOk()) return false;
                          analyzeAudio();
                          return true;
                      },
                      nullptr});
    stages.push_back({QStringLiteral("audio"),
                      tr("Audio model (CNN to CF vectors)"),
                      {QStringLiteral("cf"), QStringLiteral("analyze")},
                      [this, projectOpen] {
                          if (!projectOpen().isOk()) return false;
                          trainAudioModel();
                          return true;
                      },
                      nullptr});
    return stages;
}

bool MainWindow::trainAll() {
    if (!store_) return false;
    return runQueue(tr("Train All"), modelStages({}), store_->path());
}

void MainWindow::tryDemo() {
    const QString demoTitle = tr("Try the demo");
    std::vector<QueuedStage> stages;
    stages.push_back({QStringLiteral("generate"),
                      tr("Generate and open the demo world"),
                      {},
                      [this] { return startDemoWorld(); },
                      [this] {
                          // Opening another project meanwhile sends the demo to Open Recent.
                          if (!store_ || !workspace_->snapshot() ||
                              !workspace_->snapshot()->isDemo())
                              return Status::error(tr("the demo world was made but not opened"));
                          queueProject_ = store_->path();  // the rest of the run works on it
                          return Status::ok();
                      }});
    for (QueuedStage& stage : modelStages({QStringLiteral("generate")}))
        stages.push_back(std::move(stage));
    stages.push_back({QStringLiteral("map"),
                      tr("Map of similar songs (t-SNE)"),
                      {QStringLiteral("cf")},
                      [this] { return computeMap(); },
                      [this] {
                          return workspace_->map()->hasMap()
                                     ? Status::ok()
                                     : Status::error(tr("no map was drawn"));
                      }});
    stages.push_back({QStringLiteral("playlist"),
                      tr("First weekly playlist (30 tracks)"),
                      {QStringLiteral("cf")},
                      [this] {
                          if (!store_) return false;
                          Id me = 0;
                          for (const User& u : store_->users())
                              if (u.isMe) me = u.id;
                          if (me == 0) return false;
                          return generatePlaylist(me, workspace_->playlist()->weekText(), 0);
                      },
                      [this] {
                          const WeeklyPlaylist* playlist = workspace_->playlist()->playlist();
                          return playlist && !playlist->entries.empty()
                                     ? Status::ok()
                                     : Status::error(tr("no playlist was made"));
                      }});
    stages.push_back({QStringLiteral("backtest"),
                      tr("Back-test of the last 8 weeks"),
                      {QStringLiteral("playlist")},
                      [this] { return runBacktest(workspace_->playlist()->currentUser()); },
                      nullptr});
    runQueue(demoTitle, std::move(stages), QString());
}

void MainWindow::analyzeAudio() {
    if (!store_) return;
    const QString path = store_->path();
    auto report = std::make_shared<audio::AnalyzeReport>();
    auto work = [path, report](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        // The project's front-end settings (Edit > Preferences), as Train Audio Model uses them:
        // with the defaults here, a project with its own settings was analysed twice.
        auto analysed = audio::analyzeProject(
            *opened.value(), analyzeOptions(readModelSettings(*opened.value())), progress);
        if (!analysed) return analysed.status();
        *report = std::move(analysed).value();
        return Status::ok();
    };
    runJob(tr("Analysing the audio"), std::move(work),
           [this, path, report](const Status& status, double seconds) {
               if (status.isCancelled()) {
                   statusBar()->showMessage(
                       tr("Analysis cancelled; the files analysed before are kept."), 10000);
                   return;
               }
               if (!status.isOk()) {
                   showError(tr("Could not analyse the audio"), status);
                   return;
               }
               if (store_ && store_->path() == path) refreshWorkspace();
               QString message = tr("Audio analysed in %1 s: %2 files analysed, %3 unchanged.")
                                     .arg(seconds, 0, 'f', 1)
                                     .arg(report->analysed)
                                     .arg(report->skipped);
               if (!report->failed.empty())
                   message += QLatin1Char(' ') +
                              tr("%1 could not be read (first: %2 — %3).")
                                  .arg(report->failed.size())
                                  .arg(report->failed.front().file, report->failed.front().reason);
               statusBar()->showMessage(message, 15000);
           });
}

}  // namespace tl
