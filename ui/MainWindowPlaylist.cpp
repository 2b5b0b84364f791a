// The weekly playlist from the window: preparing a user's week is a job (it may train the
// week's CF model); the result goes to the playlist panel, is saved in the project with its
// weights and seed, and can be exported.
#include <QFileDialog>
#include <QFileInfo>
#include <QStatusBar>
#include <QTimer>
#include <memory>

#include "BacktestPanel.h"
#include "BlendPanel.h"
#include "MainWindow.h"
#include "PlaylistPanel.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "playlist/BacktestSession.h"
#include "playlist/DefaultBlend.h"
#include "playlist/IsoWeek.h"
#include "playlist/PlaylistExport.h"
#include "playlist/PlaylistHistory.h"
#include "playlist/PlaylistSession.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

namespace tl {

bool MainWindow::generatePlaylist(Id user, const QString& week, int mode) {
    if (!store_ || user == 0) return false;
    const qint64 weekStart = isoWeekStart(week);
    if (weekStart == 0) {
        showError(tr("Cannot make the weekly playlist"),
                  tr("“%1” is not an ISO week; write it like 2026-W48.").arg(week));
        return false;
    }
    playlistRestore_.cancel();  // the week asked for now replaces the one being restored
    playlistRestoring_ = false;
    // The project's playlist seed (Edit > Preferences); the weights come from the sliders.
    PlaylistSettings settings = playlistSettings(readModelSettings(*store_));
    settings.mode = mode == 1   ? PlaylistMode::Exploration
                    : mode == 2 ? PlaylistMode::Jams
                                : PlaylistMode::Blend;
    if (settings.mode != PlaylistMode::Blend) settings.length = 50;  // as ListenBrainz does
    const QString path = store_->path();
    auto session = std::make_shared<std::shared_ptr<PlaylistSession>>();
    auto work = [path, user, weekStart, settings, session](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        auto prepared = openPlaylistSession(*opened.value(), user, weekStart, settings, progress);
        if (!prepared) return prepared.status();
        *session = std::move(prepared).value();
        return Status::ok();
    };
    PlaylistPanel* panel = workspace_->playlist();
    panel->setBusy(true);
    return runJob(
        tr("Preparing the weekly playlist for %1").arg(week), std::move(work),
        [this, path, session, panel, week](const Status& status, double seconds) {
            panel->setBusy(false);
            if (status.isCancelled()) {
                statusBar()->showMessage(tr("Playlist cancelled."), 8000);
                return;
            }
            if (!status.isOk()) {
                // The pane says why too (a week outside the data, …), in the core's words.
                workspace_->setPlaylistSession(nullptr);
                panel->showFailure(week, status.message());
                showError(tr("Cannot make the weekly playlist"), status);
                return;
            }
            if (!store_ || store_->path() != path) return;
            workspace_->setPlaylistSession(*session);
            workspace_->showPlaylistTab();
            saveCurrentPlaylist();
            // The back-test belongs beside the sliders: run it for this listener right away
            // (a queued run has it as its own next stage).
            const Id user = (*session)->user;
            QTimer::singleShot(0, this, [this, user, path] {
                if (!store_ || store_->path() != path || isQueuedRunActive() ||
                    runner_->isRunning())
                    return;
                const BacktestSession* shown = workspace_->backtest()->session();
                if (!shown || shown->userId != user) runBacktest(user, false);
            });
            statusBar()->showMessage(
                tr("Weekly playlist ready in %1 s%2; it is saved in the project.")
                    .arg(seconds, 0, 'f', 1)
                    .arg((*session)->modelTrained ? tr(" (the week's CF model was trained)")
                                                  : QString()),
                12000);
        });
}

bool MainWindow::runBacktest(Id user, bool showTab) {
    if (!store_ || user == 0) {
        showError(tr("Cannot run the back-test"), tr("Open a project with listens first."));
        return false;
    }
    const QString path = store_->path();
    const QString userName = workspace_->playlist()->currentUser() == user
                                 ? workspace_->playlist()->currentUserName()
                                 : QString::number(user);
    const std::map<QString, double> weights = workspace_->blend()->weights();
    struct Outcome {
        std::shared_ptr<BacktestSession> session;
        BacktestReport report;
    };
    auto outcome = std::make_shared<Outcome>();
    auto work = [path, user, weights, outcome](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        auto session =
            openBacktestSession(*opened.value(), user, BacktestOptions{}, progress.sub(0.0, 0.9));
        if (!session) return session.status();
        auto report = backtestReport(*session.value(), weights, BacktestOptions{}.gridStep,
                                     progress.sub(0.9, 1.0));
        if (!report) return report.status();
        // Its held-out choice is the project's default blend from now on (enough weeks given).
        QString name;
        for (const User& u : opened.value()->users())
            if (u.id == user) name = u.name;
        if (Status s = storeBacktestChoice(*opened.value(), report.value(), name); !s.isOk())
            return s;
        outcome->session = std::move(session).value();
        outcome->report = std::move(report).value();
        return Status::ok();
    };
    BacktestPanel* panel = workspace_->backtest();
    panel->setBusy(true);
    if (showTab) workspace_->showBacktestTab();
    const bool started =
        runJob(tr("Back-testing the last 8 weeks"), std::move(work),
               [this, path, outcome, panel, userName](const Status& status, double seconds) {
                   panel->setBusy(false);
                   if (status.isCancelled()) {
                       statusBar()->showMessage(tr("Back-test cancelled."), 8000);
                       return;
                   }
                   if (!status.isOk()) {
                       showError(tr("Cannot run the back-test"), status);
                       return;
                   }
                   if (!store_ || store_->path() != path) return;
                   panel->setBacktest(outcome->session, outcome->report, userName);
                   showProjectBlend(false);  // the default may be the held-out choice now
                   panel->setWeights(workspace_->blend()->weights());
                   statusBar()->showMessage(tr("Back-test ready in %1 s (%2 week models trained).")
                                                .arg(seconds, 0, 'f', 1)
                                                .arg(outcome->report.modelsTrained),
                                            12000);
               });
    if (!started) panel->setBusy(false);
    return started;
}

void MainWindow::showProjectBlend(bool restoreChosen) {
    if (!store_) return;
    // The person's own weights stay as the sliders show them (restored on opening); a default
    // is shown with the sentence saying which.
    const ProjectBlend blend = projectBlend(*store_);
    if (restoreChosen || blend.origin != ProjectBlend::Origin::Chosen)
        workspace_->blend()->restoreWeights(blend.weights);
    workspace_->blend()->setOrigin(blend.sentence());
}

Status MainWindow::saveCurrentPlaylist() {
    const WeeklyPlaylist* playlist = workspace_->playlist()->playlist();
    if (!store_ || !playlist || playlist->entries.empty()) return Status::ok();
    return savePlaylist(*store_, *playlist);
}

bool MainWindow::exportPlaylist(const QString& path) {
    const WeeklyPlaylist* playlist = workspace_->playlist()->playlist();
    if (!playlist || playlist->entries.empty()) return false;
    // What is exported is what is saved: the weights and seed it was made with.
    if (Status s = saveCurrentPlaylist(); !s.isOk()) {
        showError(tr("Could not save the playlist in the project"), s.message());
        return false;
    }
    if (Status s = writePlaylistFile(*playlist, path); !s.isOk()) {
        showError(tr("Could not export the playlist"), s.message());
        return false;
    }
    statusBar()->showMessage(tr("Exported %1 tracks to %2")
                                 .arg(playlist->entries.size())
                                 .arg(QFileInfo(path).fileName()),
                             10000);
    return true;
}

void MainWindow::exportPlaylistDialog() {
    const WeeklyPlaylist* playlist = workspace_->playlist()->playlist();
    if (!playlist || playlist->entries.empty()) return;
    QString filter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Weekly Playlist"),
        QFileInfo(store_ ? store_->path() : QString())
            .dir()
            .filePath(playlist->title().replace(QLatin1Char(','), QString()) +
                      QStringLiteral(".m3u8")),
        tr("M3U8 playlist (*.m3u8);;XSPF playlist (*.xspf);;JSPF, ListenBrainz (*.jspf)"), &filter);
    if (!path.isEmpty()) exportPlaylist(path);
}

}  // namespace tl
