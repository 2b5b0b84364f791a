// Training models from the window: each runs as a job on its own connection to the project
// file, then the workspace re-reads what the store holds.
#include <QStatusBar>
#include <memory>

#include "MainWindow.h"
#include "cf/CfModel.h"
#include "store/ProjectStore.h"

namespace tl {

void MainWindow::trainCollaborativeFiltering() {
    if (!store_) return;
    const QString path = store_->path();
    auto report = std::make_shared<CfTrainReport>();
    auto work = [path, report](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        auto trained = trainCf(*opened.value(), AlsOptions{}, InteractionOptions{}, progress);
        if (!trained) return trained.status();
        *report = std::move(trained).value();
        return Status::ok();
    };
    runJob(tr("Training collaborative filtering"), std::move(work),
           [this, path, report](const Status& status, double seconds) {
               if (status.isCancelled()) {
                   statusBar()->showMessage(
                       tr("Training cancelled; the project keeps its earlier model."), 10000);
                   return;
               }
               if (!status.isOk()) {
                   showError(tr("Could not train collaborative filtering"), status.message());
                   return;
               }
               if (store_ && store_->path() == path) refreshWorkspace();
               QString message =
                   report->reused
                       ? tr("Collaborative filtering is up to date (the listens have not changed).")
                       : tr("Collaborative filtering trained in %1 s on %2 × %3 tracks.")
                             .arg(seconds, 0, 'f', 1)
                             .arg(report->rows)
                             .arg(report->items);
               if (report->genrePrecision10 >= 0)
                   message += tr(" %1% of each track's 10 nearest tracks share its genre.")
                                  .arg(100.0 * report->genrePrecision10, 0, 'f', 1);
               statusBar()->showMessage(message, 15000);
           });
}

}  // namespace tl
