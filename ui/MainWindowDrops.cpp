// Files and folders arriving at the window — dropped on it or chosen in the File menu — and
// where they go: a project file is opened; history files and music folders are recorded in
// the project for the importers.
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QStatusBar>

#include "DroppedPaths.h"
#include "Format.h"
#include "MainWindow.h"
#include "PathListSetting.h"
#include "ProjectSnapshot.h"
#include "WorkspacePage.h"
#include "store/ProjectStore.h"

namespace tl {

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!classifyDroppedUrls(event->mimeData()->urls()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const DroppedPaths dropped = classifyDroppedUrls(event->mimeData()->urls());
    if (dropped.isEmpty()) return;
    event->acceptProposedAction();
    if (!dropped.projects.isEmpty() && !openProject(dropped.projects.first())) return;
    const QStringList rest = dropped.files + dropped.folders;
    if (rest.isEmpty()) return;
    if (!store_) {
        statusBar()->showMessage(tr("Open or create a project first, then drop history files "
                                    "and music folders onto it."),
                                 10000);
        return;
    }
    importPaths(rest);
}

void MainWindow::importPaths(const QStringList& paths) {
    if (!store_) {
        statusBar()->showMessage(tr("Open or create a project before importing."), 8000);
        return;
    }
    QStringList files, folders, missing;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.exists())
            missing << path;
        else if (info.isDir())
            folders << info.absoluteFilePath();
        else
            files << info.absoluteFilePath();
    }
    int newFiles = 0, newFolders = 0;
    Status status = addToPathList(*store_, path_setting::kPendingImports, files, &newFiles);
    if (status.isOk())
        status = addToPathList(*store_, path_setting::kMusicFolders, folders, &newFolders);
    if (!status.isOk()) {
        showError(tr("Could not record the paths to import"), status.message());
        return;
    }
    // Only the header changes; reloading everything would drop the library's selection.
    if (const ProjectSnapshot* shown = workspace_->snapshot()) {
        auto updated = std::make_shared<ProjectSnapshot>(*shown);
        updated->pendingImports = readPathList(*store_, path_setting::kPendingImports);
        updated->musicFolders = readPathList(*store_, path_setting::kMusicFolders);
        workspace_->updateHeader(std::move(updated));
    }

    QStringList recorded;
    if (newFiles > 0) recorded << countText(newFiles, tr("history file"), tr("history files"));
    if (newFolders > 0) recorded << countText(newFolders, tr("music folder"), tr("music folders"));
    QString message;
    if (!recorded.isEmpty())
        message = tr("Recorded %1 in the project. Nothing is imported yet: they will be "
                     "imported once the importers are available in Tastelab.")
                      .arg(recorded.join(tr(" and ")));
    else if (!files.isEmpty() || !folders.isEmpty())
        message = tr("Those paths were already recorded for import.");
    if (!missing.isEmpty())
        message += (message.isEmpty() ? QString() : QStringLiteral(" ")) +
                   tr("Skipped %1 that no longer exist.")
                       .arg(countText(missing.size(), tr("path"), tr("paths")));
    statusBar()->showMessage(message, 15000);
}

}  // namespace tl
