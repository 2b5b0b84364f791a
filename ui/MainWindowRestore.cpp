// Reopening a project shows its last weekly playlist again, not an empty "Generate" hint: the
// playlist saved in the project (core/playlist/PlaylistHistory) names the user, week, mode, seed
// and weights, and its week is prepared again by a worker — off the GUI thread and outside the
// job runner, so it never blocks a training the user starts meanwhile. Preparing is cheap once
// the week's CF model is stored (the saving run stored it); the week is then ranked with the
// saved weights, into the saved picks. The sliders keep the project's blend: when it differs,
// the playlist says it was made with other weights until they move or Generate runs again.
// Generate meanwhile cancels it.
#include <QtConcurrent/QtConcurrentRun>

#include "MainWindow.h"
#include "PlaylistPanel.h"
#include "WorkspacePage.h"
#include "playlist/IsoWeek.h"
#include "playlist/PlaylistHistory.h"
#include "playlist/PlaylistSession.h"
#include "store/ProjectStore.h"

namespace tl {

void MainWindow::restoreSavedPlaylist() {
    playlistRestore_.cancel();
    playlistRestoring_ = false;
    if (!store_) return;
    const Id user = workspace_->playlist()->currentUser();
    if (user == 0) return;
    const std::vector<QString> weeks = playlistHistory(*store_, user);
    if (weeks.empty()) return;
    // "2026-W48/blend": the latest week sorts last.
    const QStringList parts = weeks.back().split(QLatin1Char('/'));
    PlaylistMode mode = PlaylistMode::Blend;
    if (parts.size() != 2 || !parsePlaylistMode(parts[1], &mode)) return;
    auto saved = loadPlaylist(*store_, user, parts[0], mode);
    if (!saved) return;  // damaged: the panel keeps its "Generate" hint
    PlaylistSettings settings;
    settings.mode = mode;
    if (mode != PlaylistMode::Blend) settings.length = 50;  // as generatePlaylist() does
    settings.seed = saved->seed;
    const qint64 weekStart = saved->weekStart;
    // The weights the playlist was made with (missing models at 0): its picks, not the sliders'.
    const std::map<QString, double> weights = saved->weights;

    playlistRestore_ = Progress();
    playlistRestoring_ = true;
    const Progress progress = playlistRestore_;
    const QString path = store_->path();
    QtConcurrent::run([path, user, weekStart, settings,
                       progress]() -> Result<std::shared_ptr<PlaylistSession>> {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        return openPlaylistSession(*opened.value(), user, weekStart, settings, progress);
    }).then(this, [this, path, progress, weights](Result<std::shared_ptr<PlaylistSession>> ready) {
        if (progress.cancelled() || !store_ || store_->path() != path) return;
        playlistRestoring_ = false;
        if (ready && !workspace_->playlist()->session()) {  // a Generate meanwhile wins
            workspace_->setPlaylistSession(std::move(ready).value(), weights);
            // The project opens where it was left: on its week's picks, not the library.
            workspace_->showPlaylistTab();
        }
        Q_EMIT savedPlaylistRestored();
    });
}

}  // namespace tl
