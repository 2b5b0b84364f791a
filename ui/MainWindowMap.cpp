// The similar-song map from the window: a stored map (and the text model whose terms highlight
// tracks on it) is shown when the project opens; Compute Map trains CF if the project has no
// model, then builds (or reuses) the t-SNE map as a job.
#include <QStatusBar>
#include <memory>

#include "MainWindow.h"
#include "MapPanel.h"
#include "WorkspacePage.h"
#include "cf/CfModel.h"
#include "maps/ProjectMaps.h"
#include "store/ProjectStore.h"
#include "text/TextTraining.h"

namespace tl {

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
    auto stored = loadProjectMap(*store_, QStringLiteral("cf"), MapMethod::Tsne);
    if (stored) workspace_->setMap(std::make_shared<const ProjectMap>(std::move(stored).value()));
}

bool MainWindow::computeMap() {
    if (!store_) return false;
    const QString path = store_->path();
    auto map = std::make_shared<ProjectMap>();
    auto work = [path, map](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        ProjectStore& store = *opened.value();
        const bool trained =
            store.resultMeta(QStringLiteral("cf.als"), QStringLiteral("model")).has_value();
        const Progress mapping = trained ? progress : progress.sub(0.4, 1.0);
        if (!trained) {
            auto cf = trainCf(store, AlsOptions{}, InteractionOptions{}, progress.sub(0.0, 0.4));
            if (!cf) return cf.status();
        }
        auto built = buildProjectMap(store, QStringLiteral("cf"), MapOptions{}, mapping);
        if (!built) return built.status();
        *map = std::move(built).value();
        return Status::ok();
    };
    return runJob(tr("Computing the similar-song map"), std::move(work),
                  [this, path, map](const Status& status, double seconds) {
                      if (status.isCancelled()) {
                          statusBar()->showMessage(tr("Map cancelled; nothing was stored."), 8000);
                          return;
                      }
                      if (!status.isOk()) {
                          showError(tr("Could not compute the map"), status.message());
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
}

}  // namespace tl
