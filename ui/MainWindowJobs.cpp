// Running jobs from the window: one at a time on the JobRunner (its own thread pool), progress in
// the status bar's JobStatusWidget, and a per-job reaction when it ends. A job never touches the
// open project's store: it works on its own files or its own connection, so cancelling leaves the
// project exactly as it was.
#include <QDir>
#include <QFileInfo>
#include <QStatusBar>
#include <memory>
#include <utility>

#include "DemoFolder.h"
#include "MainWindow.h"
#include "RecentProjects.h"
#include "WelcomePage.h"
#include "job/JobRunner.h"
#include "store/ProjectStore.h"

namespace tl {

bool MainWindow::runJob(const QString& title, std::function<Status(const Progress&)> work,
                        JobDone done, bool forProject) {
    if (runner_->isRunning()) {
        statusBar()->showMessage(
            tr("“%1” is still running. Wait for it or cancel it first.").arg(runner_->title()),
            8000);
        return false;
    }
    jobDone_ = std::move(done);
    jobProject_ = forProject && store_ ? store_->path() : QString();
    return runner_->start(title, std::move(work));
}

void MainWindow::onJobFinished(const Status& status, double seconds) {
    welcome_->setBusy(false);
    // Taken out before the call: the reaction may start the next job, which sets a new one.
    const JobDone done = std::exchange(jobDone_, nullptr);
    const QString project = std::exchange(jobProject_, QString());
    // A job of a project closed since (endProjectSession stopped it): its reaction would speak
    // of that project on this one's screen. What it stored, if anything, is in its own file.
    const bool stale = !project.isEmpty() && (!store_ || store_->path() != project);
    reactingToJob_ = true;
    if (done && !stale) done(status, seconds);
    reactingToJob_ = false;
    // A queued run settles the job's stage here, so its row reads Done or Failed before any
    // error box of the reaction stops the event loop.
    Q_EMIT jobCompleted(status, seconds);
    showDeferredErrors();
}

namespace {
constexpr quint64 kDemoSeed = 1;  // the documented demo: the same world everyone sees
}

void MainWindow::openDemo() {
    // Reopen the world an earlier "Try the demo" made; generate one only the first time.
    for (const QString& base : demoBase_.isEmpty() ? demoFolderBases() : QStringList{demoBase_}) {
        const QString existing =
            QDir(base).filePath(QStringLiteral("demo-%1/demo.tastelab").arg(kDemoSeed));
        if (QFileInfo::exists(existing) && openProject(existing)) return;
    }
    tryDemo();
}

bool MainWindow::startDemoWorld() {
    constexpr quint64 kSeed = kDemoSeed;
    return startDemo(
        demoBase_.isEmpty() ? defaultDemoFolder(kSeed) : freshDemoFolder(demoBase_, kSeed), kSeed,
        DemoSize::Small);
}

bool MainWindow::startDemo(const QString& dir, quint64 seed, DemoSize size) {
    DemoOptions options;
    options.outDir = dir;
    options.seed = seed;
    options.size = size;
    // Written on the worker, read here after finished(): the future's end orders the two.
    auto summary = std::make_shared<DemoSummary>();
    auto work = [options, summary](const Progress& progress) -> Status {
        auto result = generateDemo(options, progress);
        if (!result) return result.status();
        *summary = std::move(result).value();
        return Status::ok();
    };
    // If the user opens another project while the world is generated, the demo must not
    // take its place when it is done: it goes to the recent list instead.
    const QString openAtStart = store_ ? store_->path() : QString();
    auto done = [this, summary, dir, openAtStart](const Status& status, double seconds) {
        if (status.isCancelled()) {
            statusBar()->showMessage(tr("Demo generation cancelled; nothing was kept in %1.")
                                         .arg(QDir::toNativeSeparators(dir)),
                                     10000);
            return;
        }
        if (!status.isOk()) {
            showError(tr("Could not generate the demo world"), status.message());
            return;
        }
        const QString generated = tr("Demo world generated in %1 s: %2 tracks, %3 users, %4 "
                                     "listens.")
                                      .arg(seconds, 0, 'f', 1)
                                      .arg(summary->tracks)
                                      .arg(summary->users)
                                      .arg(summary->listens);
        const QString openNow = store_ ? store_->path() : QString();
        if (openNow != openAtStart) {
            recent_->add(summary->projectPath);
            statusBar()->showMessage(
                generated + QLatin1Char(' ') + tr("Open it from File > Open Recent."), 15000);
            return;
        }
        if (openProject(summary->projectPath)) statusBar()->showMessage(generated, 15000);
    };
    return runJob(tr("Generating the demo world"), std::move(work), std::move(done),
                  /*forProject=*/false);
}

}  // namespace tl
