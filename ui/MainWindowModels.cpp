// Training models from the window: each runs as a job on its own connection to the project
// file, then the workspace re-reads what the store holds.
#include <QStatusBar>
#include <memory>

#include "MainWindow.h"
#include "cf/CfModel.h"
#include "store/ProjectStore.h"
#include "text/TextSources.h"
#include "text/TextTraining.h"

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

void MainWindow::trainTextModel() {
    if (!store_) return;
    const QString path = store_->path();
    auto report = std::make_shared<TextTrainReport>();
    auto work = [path, report](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        TextOptions options;
        // The corpus folders and tag files the project remembers (the demo records its own).
        options.sources = savedTextSources(*opened.value());
        auto trained = trainText(*opened.value(), options, progress);
        if (!trained) return trained.status();
        *report = std::move(trained).value();
        return Status::ok();
    };
    runJob(tr("Training the text model"), std::move(work),
           [this, path, report](const Status& status, double seconds) {
               if (status.isCancelled()) {
                   statusBar()->showMessage(
                       tr("Training cancelled; the project keeps its earlier text model."), 10000);
                   return;
               }
               if (!status.isOk()) {
                   showError(tr("Could not train the text model"), status.message());
                   return;
               }
               if (store_ && store_->path() == path) refreshWorkspace();
               statusBar()->showMessage(
                   tr("Text model trained in %1 s: %2 terms for %3 artists and %4 tracks from %5 "
                      "documents.")
                       .arg(seconds, 0, 'f', 1)
                       .arg(report->vocabulary)
                       .arg(report->artists)
                       .arg(report->tracks)
                       .arg(report->documents),
                   15000);
           });
}

}  // namespace tl
