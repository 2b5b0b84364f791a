// Importing from the window: listening histories (files, folders, .zip/.tar.gz archives) run as
// a job on the project's own file through a second connection, then the workspace re-reads the
// store and a summary says what was imported, merged and skipped. Music folders are scanned
// (tags read, files matched to tracks, cold-start tracks added) as the next job.
#include <QDir>
#include <QFileInfo>
#include <QStatusBar>
#include <QUndoStack>
#include <memory>
#include <utility>

#include "Format.h"
#include "ImportDialog.h"
#include "ImportSummaryDialog.h"
#include "MainWindow.h"
#include "MusicFolderProbe.h"
#include "PathListSetting.h"
#include "ProjectSnapshot.h"
#include "WorkspacePage.h"
#include "importers/HistoryImporter.h"
#include "library/MusicFolderScan.h"
#include "store/MatchReport.h"
#include "store/ProjectStore.h"

namespace tl {

QString MainWindow::suggestedMeName() const {
    if (store_)
        for (const User& user : store_->users())
            if (user.isMe) return user.name;
    QString name = qEnvironmentVariable("USER");
    if (name.isEmpty()) name = qEnvironmentVariable("USERNAME");
    return name.isEmpty() ? tr("me") : name;
}

void MainWindow::importPaths(const QStringList& paths) {
    if (!store_) {
        statusBar()->showMessage(tr("Open or create a project before importing."), 8000);
        return;
    }
    QStringList histories, musicFolders;
    int missing = 0;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.exists())
            ++missing;
        else if (info.isDir() && looksLikeMusicFolder(info.absoluteFilePath()))
            musicFolders << info.absoluteFilePath();
        else
            histories << info.absoluteFilePath();  // files, archives, unpacked exports
    }
    if (missing > 0)
        statusBar()->showMessage(
            tr("Skipped %1 that no longer exist.").arg(countText(missing, tr("path"), tr("paths"))),
            10000);
    if (histories.isEmpty() && musicFolders.isEmpty()) return;

    ImportOptions options;
    options.paths = histories;
    options.me = suggestedMeName();
    if (modalDialogs_) {
        ImportDialog dialog(histories, musicFolders, options.me, this);
        if (dialog.exec() != QDialog::Accepted) return;
        options.me = dialog.me();
        options.includeIncognito = dialog.includeIncognito();
    }
    // One job at a time: histories first, then the folders (whose files may match the tracks
    // the histories just brought).
    pendingScans_ = musicFolders;
    if (!histories.isEmpty())
        startImport(options);
    else
        startNextScan();
}

bool MainWindow::startScan(const QString& folder) {
    if (!store_) return false;
    const QString path = store_->path();
    auto report = std::make_shared<ScanReport>();
    auto match = std::make_shared<std::shared_ptr<const MatchReport>>();
    auto work = [path, folder, report, match](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        ScanOptions options;
        options.folder = folder;
        auto scanned = scanMusicFolder(*opened.value(), options, progress);
        if (!scanned) return scanned.status();
        *report = std::move(scanned).value();
        if (auto computed = computeMatchReport(*opened.value()))  // a few grouped queries
            *match = std::make_shared<const MatchReport>(std::move(computed).value());
        return Status::ok();
    };
    return runJob(
        tr("Scanning %1").arg(QFileInfo(folder).fileName()), std::move(work),
        [this, path, folder, report, match](const Status& status, double seconds) {
            if (status.isCancelled()) {
                pendingScans_.clear();
                myDataChain_ = false;
                statusBar()->showMessage(tr("Scan cancelled; the project is exactly as it was."),
                                         10000);
                return;
            }
            if (!status.isOk()) {
                pendingScans_.clear();
                myDataChain_ = false;
                showError(tr("Could not scan %1").arg(QDir::toNativeSeparators(folder)),
                          status.message());
                return;
            }
            lastScan_ = report;
            if (*match) lastMatch_ = *match;
            // Read now: no longer waiting (the header stops listing it).
            if (store_ && store_->path() == path)
                removeFromPathList(*store_, path_setting::kPendingMusicFolders, folder);
            if (store_ && store_->path() == path) refreshWorkspace();
            QString message =
                tr("Scanned %1 in %2 s: %3 new, %4 changed, %5 unchanged, %6 removed; %7 matched "
                   "to known tracks, %8 new tracks nobody has played yet.")
                    .arg(QFileInfo(folder).fileName())
                    .arg(seconds, 0, 'f', 1)
                    .arg(report->filesNew)
                    .arg(report->filesChanged)
                    .arg(report->filesUnchanged)
                    .arg(report->filesRemoved)
                    .arg(report->matched)
                    .arg(report->newTracks);
            if (report->filesFailed > 0)
                message += QLatin1Char(' ') +
                           tr("%1 could not be read (first: %2).")
                               .arg(countText(report->filesFailed, tr("file"), tr("files")))
                               .arg(report->failed.empty()
                                        ? QString()
                                        : QStringLiteral("%1 — %2").arg(
                                              QFileInfo(report->failed.front().file).fileName(),
                                              report->failed.front().reason));
            statusBar()->showMessage(message, 20000);
            // "Open my data" waited for its folder: the summary says how both matched.
            if (myDataChain_ && pendingScans_.isEmpty() && modalDialogs_) showImportSummary();
            startNextScan();
        });
}

void MainWindow::startNextScan() {
    if (!store_) return;
    if (pendingScans_.isEmpty()) {
        // The last step of an openMyData() chain: whoever waits for it (training) may go.
        if (std::exchange(myDataChain_, false)) Q_EMIT myDataImported(store_->path());
        return;
    }
    if (!startScan(pendingScans_.takeFirst())) {
        pendingScans_.clear();
        myDataChain_ = false;
    }
}

void MainWindow::recordMusicFolders(const QStringList& folders) {
    int added = 0;
    if (Status s = addToPathList(*store_, path_setting::kPendingMusicFolders, folders, &added);
        !s.isOk()) {
        showError(tr("Could not record the music folders"), s.message());
        return;
    }
    // Only the header changes; reloading everything would drop the library's selection.
    if (const ProjectSnapshot* shown = workspace_->snapshot()) {
        auto updated = std::make_shared<ProjectSnapshot>(*shown);
        updated->musicFolders = readPathList(*store_, path_setting::kPendingMusicFolders);
        workspace_->updateHeader(std::move(updated));
    }
    statusBar()->showMessage(
        added > 0 ? tr("Recorded %1 in the project for the scanner.")
                        .arg(countText(added, tr("music folder"), tr("music folders")))
                  : tr("That music folder is already recorded."),
        15000);
}

bool MainWindow::startImport(const ImportOptions& options) {
    if (!store_) return false;
    const QString path = store_->path();
    auto report = std::make_shared<ImportReport>();
    auto match = std::make_shared<std::shared_ptr<const MatchReport>>();
    auto work = [path, options, report, match](const Progress& progress) -> Status {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        auto imported = importHistories(*opened.value(), options, progress);
        if (!imported) return imported.status();
        *report = std::move(imported).value();
        if (auto computed = computeMatchReport(*opened.value()))  // a few grouped queries
            *match = std::make_shared<const MatchReport>(std::move(computed).value());
        return Status::ok();
    };
    const QString title =
        options.paths.size() == 1
            ? tr("Importing %1").arg(QFileInfo(options.paths.first()).fileName())
            : tr("Importing %1").arg(countText(options.paths.size(), tr("path"), tr("paths")));
    return runJob(title, std::move(work), [this, path, report, match](const Status& status,
                                                                       double) {
        if (status.isCancelled()) {
            pendingScans_.clear();
            myDataChain_ = false;
            statusBar()->showMessage(tr("Import cancelled; the project is exactly as it was."),
                                     10000);
            return;
        }
        if (!status.isOk()) {
            pendingScans_.clear();
            myDataChain_ = false;
            showError(tr("Could not import"), status.message());
            return;
        }
        lastImport_ = report;
        if (*match) lastMatch_ = *match;
        if (store_ && store_->path() == path) {
            // A restore would now put back per-user counts this import changed: no more undo
            // (the rows set aside are purged when the project closes).
            undoStack_->clear();
            refreshWorkspace();
            refreshImportedSources();
        }
        statusBar()->showMessage(ImportSummaryDialog::headline(*report), 15000);
        // "Open my data" shows it after its scan, with the folder's files matched.
        if (modalDialogs_ && !(myDataChain_ && !pendingScans_.isEmpty())) showImportSummary();
        startNextScan();
    });
}

}  // namespace tl
