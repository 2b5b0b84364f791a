// "Open my data": the wizard from the welcome page and the File menu, and the one entry point
// (openMyData) that turns its answers into a project — created, its text folder remembered,
// its histories imported and its music folder scanned, as the usual jobs; then the import
// summary says how much of the history and folder matches the other listeners' (before the
// models train).
#include <QDir>
#include <QFileInfo>
#include <QStatusBar>

#include "AppSettings.h"
#include "ImportSummaryDialog.h"
#include "MainWindow.h"
#include "OpenDataWizard.h"
#include "job/JobRunner.h"
#include "store/MatchReport.h"
#include "store/ProjectStore.h"
#include "text/TextSources.h"

namespace tl {

void MainWindow::openMyDataDialog() {
    auto* wizard = new OpenDataWizard(suggestedMeName(), lastDirectory(), this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &QDialog::accepted, this, [this, wizard] {
        const OpenDataRequest request = wizard->request();
        if (!request.histories.isEmpty())
            rememberDirectory(QFileInfo(request.histories.first()).absolutePath());
        openMyData(request);
    });
    wizard->open();
}

void MainWindow::showImportSummary() {
    if (!lastImport_) return;
    auto* dialog = new ImportSummaryDialog(*lastImport_, this);
    if (lastMatch_) dialog->setMatchReport(*lastMatch_);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

bool MainWindow::openMyData(const OpenDataRequest& request) {
    const QString title = tr("Could not open your data");
    // Everything is checked before the project file exists: a refused request leaves nothing.
    if (runner_->isRunning()) {
        showError(title, tr("Another job is running; wait for it or cancel it first."));
        return false;
    }
    if (request.histories.isEmpty()) {
        showError(title, tr("No listening history was chosen."));
        return false;
    }
    for (const QString& path : request.histories)
        if (!QFileInfo::exists(path)) {
            showError(title, tr("%1 does not exist (moved or deleted since it was chosen?).")
                                 .arg(QDir::toNativeSeparators(path)));
            return false;
        }
    for (const QString& folder : {request.musicFolder, request.textFolder})
        if (!folder.isEmpty() && !QFileInfo(folder).isDir()) {
            showError(title, tr("%1 is not a folder.").arg(QDir::toNativeSeparators(folder)));
            return false;
        }
    if (request.me.trimmed().isEmpty()) {
        showError(title, tr("Say who “me” is: the listens that name nobody need an owner."));
        return false;
    }
    QString path = request.projectPath;
    if (!path.endsWith(QStringLiteral(".tastelab"), Qt::CaseInsensitive))
        path += QStringLiteral(".tastelab");
    if (request.projectPath.isEmpty() || QFileInfo::exists(path)) {
        showError(title, request.projectPath.isEmpty()
                             ? tr("No project file was chosen.")
                             : tr("%1 already exists; Tastelab never replaces a project.")
                                   .arg(QDir::toNativeSeparators(path)));
        return false;
    }

    if (store_) closeProject();
    if (!createProject(path)) return false;
    if (!request.textFolder.isEmpty()) {
        // Where `train text` and Models > Train Text Model look for documents, as the demo and
        // `tastelab-cli train text --corpus DIR` remember theirs.
        TextSourceOptions sources = savedTextSources(*store_);
        if (!sources.corpusDirs.contains(request.textFolder))
            sources.corpusDirs << request.textFolder;
        if (Status s = saveTextSources(*store_, sources); !s.isOk()) {
            showError(tr("Could not remember the text folder"), s.message());
            return false;
        }
    }

    ImportOptions options;
    options.paths = request.histories;
    options.me = request.me.trimmed();
    options.includeIncognito = request.includeIncognito;
    pendingScans_.clear();
    if (!request.musicFolder.isEmpty()) pendingScans_ << request.musicFolder;
    myDataChain_ = true;
    if (!startImport(options)) {
        myDataChain_ = false;
        pendingScans_.clear();
        showError(title, tr("The import could not start."));
        return false;
    }
    return true;
}

}  // namespace tl
