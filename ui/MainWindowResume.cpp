// Trainings the last run of the app did not finish (it was killed or crashed): the project's
// training journal (core/store/TrainingJournal) names them; the banner above the workspace
// offers to run them again. The project itself needs no repair: each training stores its
// results in one transaction, so the file still holds the last good models.
#include <QStatusBar>

#include "InterruptedTrainingBanner.h"
#include "MainWindow.h"
#include "job/JobRunner.h"
#include "store/ProjectStore.h"
#include "store/TrainingJournal.h"

namespace tl {

void MainWindow::showInterruptedTrainings() {
    interruptedBanner_->setEntries(store_ ? training_journal::interrupted(*store_)
                                          : std::vector<TrainingJournalEntry>{});
}

void MainWindow::resumeTraining(const QString& job) {
    if (!store_) return;
    if (runner_->isRunning()) {
        statusBar()->showMessage(
            tr("“%1” is still running. Resume when it is done.").arg(runner_->title()), 8000);
        return;
    }
    // The entry stays until the new run starts: it writes its own entry under the same name
    // and clears it when it ends, so a second kill is noticed again.
    if (job == QLatin1String("cf"))
        trainCollaborativeFiltering();
    else if (job == QLatin1String("text"))
        trainTextModel();
    else if (job == QLatin1String("audio"))
        trainAudioModel();
    else
        return dismissInterruptedTraining(job);  // a job this version cannot run: forget it
    if (runner_->isRunning()) interruptedBanner_->removeCurrent();
}

void MainWindow::dismissInterruptedTraining(const QString& job) {
    if (store_) {
        if (Status s = training_journal::dismiss(*store_, job); !s.isOk())
            statusBar()->showMessage(s.message(), 8000);
    }
    interruptedBanner_->removeCurrent();
}

}  // namespace tl
