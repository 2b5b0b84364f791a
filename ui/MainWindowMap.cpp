// The similar-song map from the window: the map of the panel's source (and the text model whose
// terms highlight tracks on it) is shown when the project opens or the source changes, with the
// per-track figures it is coloured by (genre, the user's plays and CF scores, from
// core/maps/MapColouring); Compute Map trains CF if the project has no model, then builds (or
// reuses) the source's t-SNE map as a job; k-means clusters for the colouring are a job too.
#include <QPointer>
#include <QStatusBar>
#include <memory>

#include "MainWindow.h"
#include "MapPanel.h"
#include "ProjectSnapshot.h"
#include "Remedies.h"
#include "WorkspacePage.h"
#include "audio/ProjectAnalysis.h"
#include "cf/CfModel.h"
#include "job/JobRunner.h"
#include "job/PauseGate.h"
#include "maps/KMeans.h"
#include "maps/MapBookmarks.h"
#include "maps/MapColouring.h"
#include "maps/MapColumns.h"
#include "maps/ProjectMaps.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"
#include "text/TextTraining.h"

namespace tl {

void MainWindow::showMapSources() {
    std::vector<MapSourceState> sources;
    const ProjectSnapshot* snapshot = workspace_->snapshot();
    const bool hasListens = !snapshot || snapshot->loading || snapshot->counts.listens > 0;
    for (const QString& name : mapSourceNames()) {
        MapSourceState s{name, {}};
        if (name == QLatin1String("cf")) {
            // CF stays available untrained (Compute Map trains it first), but not with nothing
            // to train on.
            if (!hasListens)
                s.reason =
                    tr("This project has no listening history for collaborative "
                       "filtering to learn from; Sound maps the music by how it sounds.");
        } else if (name == QLatin1String("sound")) {
            // Available with any music: Compute Map analyses the files first.
            if (Status analysed = mapSourceTrained(*store_, name);
                !analysed.isOk() && (!snapshot || snapshot->counts.files == 0))
                s.reason = messageForGui(analysed);
        } else if (Status trained = mapSourceTrained(*store_, name); !trained.isOk()) {
            s.reason = messageForGui(trained);
        }
        sources.push_back(s);
    }
    workspace_->map()->setSources(sources);
}

void MainWindow::showStoredMap() {
    if (!store_) return;
    // The text model travels with the map: its terms highlight tracks on it. Every finished job
    // refreshes the workspace, so it is read again only when the stored one changed.
    const QByteArray textKey =
        store_->path().toUtf8() + '\0' +
        store_->resultFingerprint(QStringLiteral("text.tfidf"), QStringLiteral("model"))
            .value_or(QByteArray());
    if (textKey != shownTextModel_) {
        shownTextModel_ = textKey;
        auto text = loadTextModel(*store_);
        std::shared_ptr<TextModel> model;
        if (text) {
            model = std::make_shared<TextModel>(std::move(text).value());
            model->prepareForQueries();
        }
        workspace_->setTextModel(std::move(model));
    }
    showMapSources();
    MapPanel* panel = workspace_->map();
    auto data = std::make_shared<MapTrackData>();
    data->genre = trackGenres(*store_);
    if (const std::optional<User> user = mapUser(*store_)) {
        data->userName = user->name;
        data->userPlays = userPlayCounts(*store_, user->id);
        if (auto scores = cfUserScores(*store_, user->id))
            data->score = std::move(scores).value();
        else
            data->scoreError = scores.status().message();
    } else {
        data->scoreError = tr("the project has no users");
    }
    // The store's columns (file format, import, year) and the content sources' scores are read
    // when a colouring needs them, on a connection of their own (the project may have changed).
    data->readColumns = [path = store_->path(), user = mapUser(*store_)] {
        std::vector<MapColumn> columns;
        auto store = ProjectStore::open(path);
        if (!store) return columns;
        columns = storeColumns(*store.value());
        if (user)
            for (MapColumn& c : userScoreColumns(*store.value(), user->id))
                columns.push_back(std::move(c));
        return columns;
    };
    panel->setBookmarks(mapBookmarkNames(*store_));
    auto stored = loadProjectMap(*store_, panel->currentSource(), panel->method());
    if (stored)
        workspace_->setMap(std::make_shared<const ProjectMap>(std::move(stored).value()));
    else
        panel->clear();  // this source has no map yet: Compute Map makes one
    panel->setTrackData(std::move(data));
    if (panel->isSideBySide()) showSecondMap();
}

void MainWindow::showSecondMap() {
    if (!store_) return;
    MapPanel* panel = workspace_->map();
    auto stored = loadProjectMap(*store_, panel->secondSource(), panel->method());
    panel->setSecondMap(stored ? std::make_shared<const ProjectMap>(std::move(stored).value())
                               : nullptr);
}

bool MainWindow::computeMap() {
    if (!store_) return false;
    MapPanel* panel = workspace_->map();
    if (mapRunning_) {
        // Restart with the panel's settings: stop this run (waking it if paused), then start.
        restartMap_ = true;
        if (mapGate_) mapGate_->resume();
        runner_->cancel();
        return true;
    }
    const QString path = store_->path();
    const QString source = panel->currentSource();
    const MapOptions options = panel->projectionOptions();
    auto gate = std::make_shared<PauseGate>();
    auto map = std::make_shared<ProjectMap>();
    QPointer<MapPanel> view(panel);
    auto work = [path, source, options, gate, map, view](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        ProjectStore& store = *opened.value();
        const bool needsCf =
            source == QLatin1String("cf") &&
            !store.resultMeta(QStringLiteral("cf.als"), QStringLiteral("model")).has_value();
        // The sound map reads the analysis' descriptors: analysed first when there are none.
        const bool needsAnalysis =
            source == QLatin1String("sound") && !mapSourceTrained(store, source).isOk();
        const Progress mapping = needsCf || needsAnalysis ? progress.sub(0.4, 1.0) : progress;
        if (needsCf) {
            auto cf = trainCf(store, AlsOptions{}, InteractionOptions{}, progress.sub(0.0, 0.4));
            if (!cf) return cf.status();
        }
        if (needsAnalysis) {
            auto analysed = audio::analyzeProject(store, analyzeOptions(readModelSettings(store)),
                                                  progress.sub(0.0, 0.4));
            if (!analysed) return analysed.status();
        }
        // The track of each row, so positions streamed mid-run can be drawn (when no row is
        // left out, which is the usual case; otherwise only the final map is shown).
        std::vector<Id> trackIds;
        MapOptions chosen = options;
        if (auto vectors = loadSourceVectors(store, source)) {
            trackIds = vectors->trackIds;
            // The source decides how its vectors compare, as in `tastelab-cli map`: cosine for
            // CF and text, Euclidean for the standardised sound descriptors.
            chosen.tsne.metric = vectors->metric;
        }
        const TsneObserver observer = [=](int iteration, const MapPoints& positions) {
            if (positions.rows() == qint64(trackIds.size()) && view) {
                auto frame = std::make_shared<ProjectMap>();
                frame->source = source;
                frame->trackIds = trackIds;
                frame->points = positions;
                frame->meta = QJsonObject{{QStringLiteral("method"), methodName(options.method)},
                                          {QStringLiteral("iterations"), iteration}};
                QMetaObject::invokeMethod(
                    view,
                    [view, frame] {
                        if (view) view->showIntermediate(frame);
                    },
                    Qt::QueuedConnection);
            }
            gate->waitWhilePaused(progress);  // paused: sleep here, the t-SNE state kept
        };
        auto built = buildProjectMap(store, source, chosen, mapping, observer);
        if (!built) return built.status();
        *map = std::move(built).value();
        return Status::ok();
    };
    const bool started =
        runJob(tr("Computing the similar-song map"), std::move(work),
               [this, path, map](const Status& status, double seconds) {
                   mapRunning_ = false;
                   mapGate_.reset();
                   workspace_->map()->setProjectionRunning(false);
                   if (status.isCancelled() && std::exchange(restartMap_, false)) {
                       computeMap();  // the restart asked for while it ran
                       return;
                   }
                   if (status.isCancelled()) {
                       statusBar()->showMessage(tr("Map cancelled; nothing was stored."), 8000);
                       refreshWorkspace();  // back to the stored map
                       return;
                   }
                   if (!status.isOk()) {
                       showError(tr("Could not compute the map"), status);
                       return;
                   }
                   if (!store_ || store_->path() != path) return;
                   // Shows the map just stored (and a new CF model in the header).
                   refreshWorkspace();
                   statusBar()->showMessage(
                       map->reused ? tr("The map is up to date (the vectors have not changed).")
                                   : tr("Map of %1 tracks computed in %2 s.")
                                         .arg(map->trackIds.size())
                                         .arg(seconds, 0, 'f', 1),
                       12000);
               });
    if (started) {
        mapGate_ = gate;
        mapRunning_ = true;
        panel->setProjectionRunning(true);
    }
    return started;
}

bool MainWindow::pauseMap() {
    if (!mapRunning_ || !mapGate_) return false;
    mapGate_->pause();
    workspace_->map()->setProjectionRunning(true, true);
    statusBar()->showMessage(tr("Map paused: Resume continues where it stopped."), 8000);
    return true;
}

bool MainWindow::resumeMap() {
    if (!mapRunning_ || !mapGate_) return false;
    mapGate_->resume();
    workspace_->map()->setProjectionRunning(true, false);
    statusBar()->showMessage(tr("Map resumed."), 3000);
    return true;
}

Status MainWindow::bookmarkMapView(const QString& name) {
    if (!store_) return Status::error(tr("no project is open"));
    const Status saved = saveMapBookmark(*store_, name, workspace_->map()->state());
    if (!saved.isOk()) {
        showError(tr("Could not save the bookmark"), saved.message());
        return saved;
    }
    workspace_->map()->setBookmarks(mapBookmarkNames(*store_));
    statusBar()->showMessage(tr("Map view saved as “%1”.").arg(name.trimmed()), 6000);
    return saved;
}

bool MainWindow::restoreMapView(const QString& name) {
    if (!store_) return false;
    auto state = loadMapBookmark(*store_, name);
    if (!state) {
        showError(tr("Could not restore the bookmark"), state.status().message());
        return false;
    }
    if (!workspace_->map()->applyState(state.value())) {
        showError(tr("Could not restore the bookmark"),
                  tr("its source “%1” has no vectors in this project")
                      .arg(state->value(QStringLiteral("source")).toString()));
        return false;
    }
    return true;
}

bool MainWindow::computeMapClusters(const QString& source, int k) {
    if (!store_) return false;
    const QString path = store_->path();
    auto clusters = std::make_shared<QHash<Id, int>>();
    auto work = [path, source, k, clusters](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        auto vectors = loadSourceVectors(*opened.value(), source);
        if (!vectors) return vectors.status();
        KMeansOptions options;
        options.k = k;
        options.metric = vectors->metric;
        auto result = kMeans(vectors->vectors, options, progress);
        if (!result) return result.status();
        for (size_t r = 0; r < vectors->trackIds.size(); ++r)
            clusters->insert(vectors->trackIds[r], result->labels[r]);
        return Status::ok();
    };
    return runJob(tr("Clustering the %1 vectors (k = %2)").arg(source).arg(k), std::move(work),
                  [this, path, source, k, clusters](const Status& status, double) {
                      if (!status.isOk()) {
                          if (!status.isCancelled())
                              showError(tr("Could not cluster the map"), status.message());
                          return;
                      }
                      if (!store_ || store_->path() != path) return;
                      if (workspace_->map()->currentSource() == source)
                          workspace_->map()->setClusters(*clusters, k);
                  });
}

}  // namespace tl
