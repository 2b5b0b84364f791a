// Files and folders dropped on the window: a project file is opened; history files, archives
// and folders go to importPaths() (MainWindowImport.cpp).
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QStatusBar>

#include "DroppedPaths.h"
#include "MainWindow.h"

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

}  // namespace tl
