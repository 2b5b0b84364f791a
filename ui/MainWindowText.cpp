// Models > Add Text Folder… and Add Tag Data Set…: the text sources a project remembers
// (core/text/TextSources.h), the GUI's way to give the text model something to read when the
// music files carry no tags (the remedy an empty text model names).
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QStatusBar>

#include "MainWindow.h"
#include "store/ProjectStore.h"
#include "text/TextSources.h"

namespace tl {

namespace {

// Adds `path` to the list the project remembers; false (and the reason) when it could not.
bool rememberTextSource(ProjectStore& store, const QString& path, bool folder, QString* error) {
    TextSourceOptions sources = savedTextSources(store);
    QStringList& list = folder ? sources.corpusDirs : sources.tagFiles;
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    if (list.contains(clean)) return true;
    list << clean;
    if (Status s = saveTextSources(store, sources); !s.isOk()) {
        *error = s.message();
        return false;
    }
    return true;
}

}  // namespace

void MainWindow::addTextFolder() {
    if (!store_) return;
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Add a Folder of Writing About the Music"), QDir::homePath());
    if (folder.isEmpty()) return;
    QString error;
    if (!rememberTextSource(*store_, folder, true, &error)) {
        showError(tr("Could not add the text folder"), error);
        return;
    }
    statusBar()->showMessage(
        tr("%1 added to the text model's sources. Models > Train Text Model reads it.")
            .arg(QDir::toNativeSeparators(folder)),
        15000);
}

void MainWindow::addTagDataSet() {
    if (!store_) return;
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Add a Tag Data Set"), QDir::homePath(),
                                     tr("Tag data sets (*.csv *.tsv *.txt);;All files (*)"));
    if (file.isEmpty()) return;
    QString error;
    if (!rememberTextSource(*store_, file, false, &error)) {
        showError(tr("Could not add the tag data set"), error);
        return;
    }
    statusBar()->showMessage(
        tr("%1 added to the text model's sources. Models > Train Text Model reads it.")
            .arg(QDir::toNativeSeparators(file)),
        15000);
}

}  // namespace tl
