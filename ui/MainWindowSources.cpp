// File > Imported Sources and Edit > Undo/Redo: deleting an imported source is a command on the
// window's undo stack whose redo and undo each run a job (store/ImportRecords moves the rows on
// the job's own connection), so even a large source leaves the window responsive. The stack
// lives as long as the open project: an import (which changes the counts a restore would put
// back) ends the history, and closing the project also purges the rows set aside (0.1 s for
// 200,000 listens, 0.5 s for a million: bench_import).
#include <QAction>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QUndoStack>
#include <memory>

#include "DeleteSourceCommand.h"
#include "Format.h"
#include "ImportedSourcesDialog.h"
#include "MainWindow.h"
#include "job/JobRunner.h"
#include "store/ImportRecords.h"
#include "store/ProjectStore.h"

namespace tl {

void MainWindow::createUndoActions() {
    undoStack_ = new QUndoStack(this);
    undoAction_ = new QAction(tr("&Undo"), this);
    undoAction_->setObjectName(QStringLiteral("undoAction"));
    undoAction_->setShortcut(QKeySequence::Undo);
    redoAction_ = new QAction(tr("&Redo"), this);
    redoAction_->setObjectName(QStringLiteral("redoAction"));
    redoAction_->setShortcut(QKeySequence::Redo);
    // Not QUndoStack::createUndoAction(): that one re-enables itself as soon as a command is
    // pushed, while the command's job is still running.
    connect(undoAction_, &QAction::triggered, this, [this] {
        if (!runner_->isRunning() && !isQueuedRunActive() && undoStack_->canUndo())
            undoStack_->undo();
    });
    connect(redoAction_, &QAction::triggered, this, [this] {
        if (!runner_->isRunning() && !isQueuedRunActive() && undoStack_->canRedo())
            undoStack_->redo();
    });
    connect(undoStack_, &QUndoStack::indexChanged, this, &MainWindow::updateUndoActions);
    connect(runner_, &JobRunner::started, this, &MainWindow::updateUndoActions);
    connect(this, &MainWindow::jobCompleted, this, &MainWindow::updateUndoActions);
    connect(this, &MainWindow::queuedRunFinished, this, &MainWindow::updateUndoActions);

    sourcesAction_ = new QAction(tr("Imported &Sources…"), this);
    sourcesAction_->setObjectName(QStringLiteral("importedSourcesAction"));
    sourcesAction_->setStatusTip(
        tr("The listening histories in this project, with Delete for one that should not be "
           "there"));
    connect(sourcesAction_, &QAction::triggered, this, &MainWindow::showImportedSources);
    updateUndoActions();
}

void MainWindow::updateUndoActions() {
    // A queued run is busy between its stages too: a deletion there would take the next
    // stage's turn and change its inputs mid-run.
    const bool idle = !runner_->isRunning() && !isQueuedRunActive();
    undoAction_->setEnabled(idle && undoStack_->canUndo());
    redoAction_->setEnabled(idle && undoStack_->canRedo());
    undoAction_->setText(undoStack_->canUndo() ? tr("&Undo %1").arg(undoStack_->undoText())
                                               : tr("&Undo"));
    redoAction_->setText(undoStack_->canRedo() ? tr("&Redo %1").arg(undoStack_->redoText())
                                               : tr("&Redo"));
    const QString busy = tr(" (wait for the running job to end)");
    undoAction_->setStatusTip(undoStack_->canUndo()
                                  ? tr("Put back what was deleted") + (idle ? QString() : busy)
                                  : tr("Nothing to undo"));
    redoAction_->setStatusTip(undoStack_->canRedo()
                                  ? tr("Delete it again") + (idle ? QString() : busy)
                                  : tr("Nothing to redo"));
    if (sourcesDialog_) sourcesDialog_->setBusy(!idle);
}

void MainWindow::showImportedSources() {
    if (!store_) return;
    if (!sourcesDialog_) {
        sourcesDialog_ = new ImportedSourcesDialog(this);
        connect(sourcesDialog_, &ImportedSourcesDialog::deleteRequested, this,
                &MainWindow::confirmDeleteSource);
        // The dialog's own Delete shortcut must not hide the window's Undo from it.
        sourcesDialog_->addAction(undoAction_);
        sourcesDialog_->addAction(redoAction_);
    }
    refreshImportedSources();
    sourcesDialog_->setBusy(runner_->isRunning() || isQueuedRunActive());
    sourcesDialog_->show();
    sourcesDialog_->raise();
    sourcesDialog_->activateWindow();
}

void MainWindow::refreshImportedSources() {
    if (!sourcesDialog_ || !store_) return;
    auto records = importRecords(*store_);
    if (!records) {
        showError(tr("Could not read the imported sources"), records.status().message());
        return;
    }
    sourcesDialog_->setRecords(records.value());
}

void MainWindow::confirmDeleteSource(Id id, const QString& label, qint64 listens,
                                     qint64 playCounts) {
    if (modalDialogs_) {
        QMessageBox box(QMessageBox::Question, tr("Delete Source"),
                        tr("Delete “%1” from the project?").arg(label), QMessageBox::Cancel,
                        sourcesDialog_ ? static_cast<QWidget*>(sourcesDialog_) : this);
        QStringList rows;
        if (listens > 0 || playCounts == 0) rows << countText(listens, tr("listen"), tr("listens"));
        if (playCounts > 0) rows << countText(playCounts, tr("play count"), tr("play counts"));
        box.setInformativeText(
            tr("Its %1 leave the project, and the models trained on them are then out of date. "
               "Edit > Undo puts them back while the project is open.")
                .arg(rows.join(tr(" and "))));
        QPushButton* remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != static_cast<QAbstractButton*>(remove)) return;
    }
    deleteImportedSource(id, label);
}

bool MainWindow::deleteImportedSource(Id id, const QString& label) {
    if (!store_ || runner_->isRunning() || isQueuedRunActive()) {
        statusBar()->showMessage(tr("Wait for the running job to end, then delete the source."),
                                 8000);
        return false;
    }
    undoStack_->push(new DeleteSourceCommand(id, label, [this, label](Id source, bool remove) {
        applySourceDeletion(source, label, remove);
    }));
    return true;
}

void MainWindow::applySourceDeletion(Id id, const QString& label, bool remove) {
    const QString path = store_->path();
    auto moved = std::make_shared<qint64>(0);  // listens that left or came back
    auto work = [path, id, remove, moved](const Progress&) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        // One transaction: it cannot stop half-way, so cancelling only waits for it (tens of
        // milliseconds for a typical source).
        return remove ? deleteImport(*opened.value(), id, moved.get())
                      : restoreImport(*opened.value(), id, moved.get());
    };
    auto done = [this, path, id, label, remove, moved](const Status& status, double seconds) {
        if (!status.isOk()) {
            // The stack no longer says what the project holds: start it afresh.
            undoStack_->clear();
            showError(remove ? tr("Could not delete “%1”").arg(label)
                             : tr("Could not restore “%1”").arg(label),
                      status.message());
            return;
        }
        if (!store_ || store_->path() != path) return;
        refreshWorkspace();
        refreshImportedSources();
        if (!remove && sourcesDialog_) sourcesDialog_->selectSource(id);  // what came back
        statusBar()->showMessage(
            remove ? tr("Deleted “%1”: %2 fewer (%3 s). Edit > Undo puts them back.")
                         .arg(label, countText(*moved, tr("listen"), tr("listens")))
                         .arg(seconds, 0, 'f', 1)
                   : tr("Restored “%1”: %2 back.")
                         .arg(label, countText(*moved, tr("listen"), tr("listens"))),
            15000);
    };
    if (!runJob(remove ? tr("Deleting %1").arg(label) : tr("Restoring %1").arg(label),
                std::move(work), std::move(done))) {
        // Cannot happen from the menus (they wait for idle); a caller that ignored that gets
        // the change made here, on the window's own connection, rather than a stack that lies.
        const Status s = remove ? deleteImport(*store_, id) : restoreImport(*store_, id);
        if (!s.isOk()) showError(tr("Could not change the imported sources"), s.message());
        refreshWorkspace();
        refreshImportedSources();
    }
}

void MainWindow::forgetDeletedSources() {
    if (undoStack_) undoStack_->clear();
    if (!store_ || !hasDeletedImports(*store_)) return;
    if (auto purged = purgeDeletedImports(*store_); !purged)
        statusBar()->showMessage(
            tr("Could not purge deleted sources: %1").arg(purged.status().message()), 10000);
}

}  // namespace tl
