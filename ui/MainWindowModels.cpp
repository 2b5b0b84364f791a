// Training models from the window: each runs as a job on its own connection to the project
// file, then the workspace re-reads what the store holds.
#include <QLocale>
#include <QStatusBar>
#include <memory>

#include "AppSettings.h"
#include "MainWindow.h"
#include "ModelTrainingWindow.h"
#include "ProjectSnapshot.h"
#include "Remedies.h"
#include "WorkspacePage.h"
#include "audio/ProjectAnalysis.h"
#include "audiomodel/AudioModel.h"
#include "cf/CfModel.h"
#include "job/JobRunner.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"
#include "text/TextSources.h"
#include "text/TextTraining.h"

namespace tl {

void MainWindow::trainCollaborativeFiltering() {
    if (!store_) return;
    const QString path = store_->path();
    auto report = std::make_shared<CfTrainReport>();
    // The project's CF settings (Edit > Preferences); the thread count is the machine's.
    const AlsOptions als = alsOptions(readModelSettings(*store_), workerThreads());
    auto work = [path, als, report](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        auto trained = trainCf(*opened.value(), als, InteractionOptions{}, progress);
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
                   showError(tr("Could not train collaborative filtering"), status);
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
    const int threads = workerThreads();
    auto work = [path, threads, report](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        TextOptions options;
        options.threads = threads;
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
                   showError(tr("Could not train the text model"), status);
                   return;
               }
               if (store_ && store_->path() == path) refreshWorkspace();
               if (!report->nothingToLearn.isEmpty()) {
                   // Said once, here, with what would give it text; later steps only say the
                   // text model found nothing to learn from.
                   statusBar()->showMessage(
                       tr("Text model: found nothing to learn from (the project header says "
                          "why). %1")
                           .arg(remedyForGui(Remedy::AddTextSources)),
                       30000);
                   return;
               }
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

void MainWindow::showTrainingWindow() {
    if (!trainingWindow_) trainingWindow_ = new ModelTrainingWindow(this);
    // Not the run it drew last (another project, or none yet this session): the open project's
    // stored model shows how it was trained.
    const QString path = store_ ? store_->path() : QString();
    if (trainingWindow_->project() != path && !runner_->isRunning()) {
        trainingWindow_->setProject(path);
        trainingWindow_->start(tr("Audio model: a CNN from log-mel spectrograms to CF vectors"), 0);
        if (const ProjectSnapshot* shown = workspace_->snapshot();
            shown && !shown->audioModel.isEmpty()) {
            trainingWindow_->showReport(shown->audioModel);
            trainingWindow_->finish(tr("This project's audio model, as it was trained."));
        } else {
            trainingWindow_->finish(
                tr("This project has no audio model yet: Models > Train Audio Model trains one."));
        }
    }
    trainingWindow_->show();
    trainingWindow_->raise();
    trainingWindow_->activateWindow();
}

void MainWindow::trainAudioModel() {
    if (!store_) return;
    const QString path = store_->path();
    // The project's front-end and audio settings (Edit > Preferences); threads are the machine's.
    const ModelSettings settings = readModelSettings(*store_);
    const int threads = workerThreads();
    const audiomodel::AudioModelOptions options = audioModelOptions(settings, threads);
    const audio::AnalyzeOptions analyzeWith = analyzeOptions(settings, threads);
    // The window follows the run without showing itself: Models > Training Curves opens it (Try
    // the demo and Train All run this too, and it would cover the workspace and the Jobs list).
    if (!trainingWindow_) trainingWindow_ = new ModelTrainingWindow(this);
    trainingWindow_->start(tr("Audio model: a CNN from log-mel spectrograms to CF vectors"),
                           options.train.epochs);
    trainingWindow_->setProject(path);

    auto report = std::make_shared<audiomodel::AudioTrainReport>();
    auto analysed = std::make_shared<audio::AnalyzeReport>();
    // Epochs arrive on the job's thread; the window is drawn on this one.
    auto onEpoch = [this](const nn::EpochStats& epoch) {
        QMetaObject::invokeMethod(
            this,
            [this, epoch] {
                if (trainingWindow_)
                    trainingWindow_->addEpoch(epoch.epoch, epoch.trainLoss, epoch.validationLoss,
                                              epoch.seconds);
            },
            Qt::QueuedConnection);
    };
    auto work = [path, options, analyzeWith, report, analysed,
                 onEpoch](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        // New or changed music files first: the network learns from their log-mels. Files
        // analysed before are skipped in a fraction of a second.
        auto analysis = audio::analyzeProject(*opened.value(), analyzeWith, progress.sub(0.0, 0.3));
        if (!analysis) return analysis.status();
        *analysed = std::move(analysis).value();
        auto trained =
            audiomodel::trainAudioModel(*opened.value(), options, progress.sub(0.3, 1.0), onEpoch);
        if (!trained) return trained.status();
        *report = std::move(trained).value();
        return Status::ok();
    };
    runJob(tr("Training the audio model"), std::move(work),
           [this, path, report, analysed](const Status& status, double seconds) {
               if (status.isCancelled()) {
                   const QString message =
                       tr("Training cancelled; the project keeps its earlier audio model.");
                   if (trainingWindow_) trainingWindow_->finish(message);
                   statusBar()->showMessage(message, 10000);
                   return;
               }
               if (!status.isOk()) {
                   if (trainingWindow_)
                       trainingWindow_->finish(tr("Not trained: %1").arg(messageForGui(status)));
                   showError(tr("Could not train the audio model"), status);
                   return;
               }
               if (store_ && store_->path() == path) refreshWorkspace();
               const audiomodel::AudioTrainReport& r = *report;
               // A model reused as it was: its stored report draws the run that made it. (A
               // new one's curves were drawn live, epoch by epoch; redrawing them would stall
               // the window for tens of milliseconds.)
               if (!trainingWindow_) trainingWindow_ = new ModelTrainingWindow(this);
               if (const ProjectSnapshot* shown = workspace_->snapshot();
                   r.reused && shown && !shown->audioModel.isEmpty())
                   trainingWindow_->showReport(shown->audioModel);
               else if (!r.reused)
                   trainingWindow_->showOutcome(r.ridgeValidationLoss, r.training.bestEpoch);
               QString summary;
               if (r.reused) {
                   summary =
                       tr("The audio model is up to date: the CF model, the log-mels and "
                          "the settings have not changed since it was trained.");
               } else {
                   summary = tr("Trained in %1 s on %2 tracks (%3 excerpts), validated on %4; %5 "
                                "parameters. Kept epoch %6: validation loss %7 against the ridge "
                                "baseline's %8.")
                                 .arg(seconds, 0, 'f', 1)
                                 .arg(r.trainTracks)
                                 .arg(r.excerpts)
                                 .arg(r.validationTracks)
                                 .arg(QLocale().toString(r.parameters))
                                 .arg(r.training.bestEpoch)
                                 .arg(r.cnnValidationLoss, 0, 'f', 4)
                                 .arg(r.ridgeValidationLoss, 0, 'f', 4);
                   if (r.coldStartTracks > 0)
                       summary += tr(" %1 never-played tracks now have vectors from their sound.")
                                      .arg(r.coldStartTracks);
                   if (r.embeddingGenrePrecision >= 0)
                       summary += tr(" Demo truth: %1% of each track's 10 nearest by sound share "
                                     "its genre (chance %2%).")
                                      .arg(100.0 * r.embeddingGenrePrecision, 0, 'f', 1)
                                      .arg(100.0 * r.genreChance, 0, 'f', 1);
                   if (analysed->analysed > 0)
                       summary += tr(" %1 files analysed first.").arg(analysed->analysed);
                   if (!analysed->failed.empty())
                       summary +=
                           tr(" %1 files could not be read (first: %2 — %3).")
                               .arg(analysed->failed.size())
                               .arg(analysed->failed.front().file, analysed->failed.front().reason);
               }
               trainingWindow_->finish(summary);
               statusBar()->showMessage(
                   r.reused ? summary
                            : tr("Audio model trained in %1 s: validation loss %2, ridge baseline "
                                 "%3 (curves: Models > Training Curves).")
                                  .arg(seconds, 0, 'f', 1)
                                  .arg(r.cnnValidationLoss, 0, 'f', 3)
                                  .arg(r.ridgeValidationLoss, 0, 'f', 3),
                   20000);
           });
}

}  // namespace tl
