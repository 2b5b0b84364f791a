#include "MainWindow.h"

#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "AppSettings.h"
#include "BacktestPanel.h"
#include "BlendPanel.h"
#include "Icons.h"
#include "ImportedSourcesDialog.h"
#include "InterruptedTrainingBanner.h"
#include "JobListView.h"
#include "JobStatusWidget.h"
#include "MapPanel.h"
#include "PlaylistPanel.h"
#include "ProjectSnapshot.h"
#include "RecentProjects.h"
#include "ThreadHeadroom.h"
#include "WelcomePage.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "job/StageQueue.h"
#include "store/CatalogQueries.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

namespace tl {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(appIcon());
    setAcceptDrops(true);
    setMinimumSize(900, 600);
    reserveGuiThreads();  // before any job: a full pool would freeze painting (see there)

    runner_ = new JobRunner(this);
    recent_ = new RecentProjects(this);
    welcome_ = new WelcomePage(recent_, this);
    workspace_ = new WorkspacePage(this);
    connect(workspace_->playlist(), &PlaylistPanel::generateRequested, this,
            &MainWindow::generatePlaylist);
    connect(workspace_->playlist(), &PlaylistPanel::exportRequested, this,
            &MainWindow::exportPlaylistDialog);
    connect(workspace_->map(), &MapPanel::computeRequested, this, &MainWindow::computeMap);
    connect(workspace_->backtest(), &BacktestPanel::runRequested, this,
            [this] { runBacktest(workspace_->playlist()->currentUser()); });
    connect(workspace_->map(), &MapPanel::sourceChanged, this, &MainWindow::showStoredMap);
    connect(workspace_->map(), &MapPanel::clustersRequested, this, &MainWindow::computeMapClusters);
    connect(workspace_->map(), &MapPanel::secondSourceChanged, this, &MainWindow::showSecondMap);
    connect(workspace_->map(), &MapPanel::pauseRequested, this, &MainWindow::pauseMap);
    connect(workspace_->map(), &MapPanel::resumeRequested, this, &MainWindow::resumeMap);
    connect(workspace_->map(), &MapPanel::bookmarkSaveRequested, this,
            &MainWindow::bookmarkMapView);
    connect(workspace_->map(), &MapPanel::bookmarkRestoreRequested, this,
            &MainWindow::restoreMapView);
    pages_ = new QStackedWidget(this);
    pages_->addWidget(welcome_);
    pages_->addWidget(workspace_);
    // The interrupted-training banner sits above the pages, so it never covers a view.
    interruptedBanner_ = new InterruptedTrainingBanner(this);
    connect(interruptedBanner_, &InterruptedTrainingBanner::resumeRequested, this,
            &MainWindow::resumeTraining);
    connect(interruptedBanner_, &InterruptedTrainingBanner::dismissRequested, this,
            &MainWindow::dismissInterruptedTraining);
    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(interruptedBanner_);
    centralLayout->addWidget(pages_, 1);
    setCentralWidget(central);

    jobStatus_ = new JobStatusWidget(runner_, this);
    statusBar()->addPermanentWidget(jobStatus_);
    statusBar()->setSizeGripEnabled(true);

    // The Jobs dock lists a queued run's stages; hidden until one starts (View > Jobs).
    jobList_ = new JobListView(this);
    connect(jobList_, &JobListView::cancelRequested, this, &MainWindow::cancelQueuedRun);
    jobDock_ = new QDockWidget(tr("Jobs"), this);
    jobDock_->setObjectName(QStringLiteral("jobsDock"));  // saveState() needs a name
    jobDock_->setWidget(jobList_);
    jobDock_->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::BottomDockWidgetArea, jobDock_);
    jobDock_->hide();

    createActions();
    createMenus();

    connect(welcome_, &WelcomePage::tryDemoRequested, this, &MainWindow::tryDemo);
    connect(welcome_, &WelcomePage::openMyDataRequested, this, &MainWindow::openMyDataDialog);
    connect(welcome_, &WelcomePage::openRequested, this, &MainWindow::openProjectDialog);
    connect(welcome_, &WelcomePage::newRequested, this, &MainWindow::newProjectDialog);
    connect(welcome_, &WelcomePage::recentRequested, this,
            [this](const QString& path) { openProject(path); });
    connect(runner_, &JobRunner::started, this, [this] {
        welcome_->setBusy(true);
        statusBar()->clearMessage();  // the job display speaks now; an old message would clash
    });
    connect(runner_, &JobRunner::finished, this, &MainWindow::onJobFinished);
    connect(this, &MainWindow::jobCompleted, this, &MainWindow::onQueuedJobCompleted);
    // "Open my data" ends like "Try the demo": every model trains, in order, without a click.
    connect(this, &MainWindow::myDataImported, this, [this] { trainAll(); });
    connect(runner_, &JobRunner::progressChanged, this,
            [this](double fraction, const QString& message) {
                if (!queuedJobRunning_ || !queue_) return;
                queue_->setProgress(fraction);
                jobList_->refresh(message);
            });

    resize(1280, 800);
    restoreSettings();
    updateTitleAndActions();
    statusBar()->showMessage(tr("Ready. Try the demo, or open a project."));
}

MainWindow::~MainWindow() {
    // The job may still report: stop listening first, then wait for it, so nothing it sends
    // lands on a half-destroyed window.
    runner_->disconnect(this);
    libraryLoad_.cancel();
    playlistRestore_.cancel();
    runner_->cancel();
    runner_->waitForFinished();
}

// --- projects ----------------------------------------------------------------------------------

bool MainWindow::openProject(const QString& path) {
    if (path.isEmpty()) return false;
    if (!QFileInfo::exists(path)) {
        recent_->remove(path);
        showError(tr("Could not open project"),
                  tr("%1 does not exist. It may have been moved or deleted.")
                      .arg(QDir::toNativeSeparators(path)));
        return false;
    }
    // A large project's pages are checked by the worker that reads it (refreshWorkspace), not
    // here: SQLite's quick_check alone would freeze the window for seconds.
    auto opened =
        needsBackgroundLoad(path) ? ProjectStore::openUnchecked(path) : ProjectStore::open(path);
    if (!opened) {
        showError(tr("Could not open project"), opened.status().message());
        return false;
    }
    workspace_->backtest()->clear();  // the last project's weeks are not this one's
    adoptProject(std::move(opened).value());
    return true;
}

bool MainWindow::createProject(const QString& requested) {
    QString path = requested;
    if (!path.endsWith(QStringLiteral(".tastelab"), Qt::CaseInsensitive))
        path += QStringLiteral(".tastelab");
    auto created = ProjectStore::create(path);
    if (!created) {
        showError(tr("Could not create project"), created.status().message());
        return false;
    }
    adoptProject(std::move(created).value());
    statusBar()->showMessage(
        tr("Created %1. Next: import a listening history (File > Import History…).")
            .arg(QFileInfo(path).fileName()),
        10000);
    return true;
}

void MainWindow::adoptProject(std::unique_ptr<ProjectStore> store) {
    forgetDeletedSources();  // the last project's undo history ends with it
    store_ = std::move(store);
    forgetDeletedSources();  // a deletion the last session could no longer undo (a crash)
    const QString path = store_->path();
    recent_->add(path);
    rememberDirectory(QFileInfo(path).absolutePath());
    refreshWorkspace();
    // The project's default blend (Edit > Preferences); a saved playlist's weights replace it.
    workspace_->blend()->setWeights(readModelSettings(*store_).weights);
    workspace_->showLibraryTab();
    pages_->setCurrentWidget(workspace_);
    updateTitleAndActions();
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
    showInterruptedTrainings();
    restoreSavedPlaylist();
    Q_EMIT projectOpened(path);
}

void MainWindow::closeProject() {
    if (!store_) return;
    libraryLoad_.cancel();
    ++libraryGeneration_;
    libraryLoading_ = false;
    playlistRestore_.cancel();
    playlistRestoring_ = false;
    forgetDeletedSources();
    if (sourcesDialog_) sourcesDialog_->close();
    store_.reset();
    interruptedBanner_->clear();
    workspace_->clear();
    pages_->setCurrentWidget(welcome_);
    updateTitleAndActions();
    statusBar()->showMessage(tr("Project closed"), 3000);
    Q_EMIT projectClosed();
}

void MainWindow::refreshWorkspace() {
    if (!store_) return;
    libraryLoad_.cancel();
    ++libraryGeneration_;
    libraryLoading_ = false;
    workspace_->setTrackLookup(
        [this](Id id) { return store_ ? store_->track(id) : std::optional<Track>(); });
    workspace_->playlist()->setUsers(store_->users());
    if (needsBackgroundLoad(store_->path())) return loadProjectInBackground(store_->path());
    workspace_->showProject(std::make_shared<const ProjectSnapshot>(loadProjectSnapshot(*store_)));
    showStoredMap();
    Q_EMIT libraryLoaded();
}

void MainWindow::loadProjectInBackground(const QString& path) {
    // The worker opens its own connection (a Qt Sql rule) and builds the snapshot with its
    // immutable library table; the GUI thread only shows it. Meanwhile: "Loading…".
    workspace_->showProject(std::make_shared<const ProjectSnapshot>(loadingSnapshot(path)));
    libraryLoad_ = Progress();
    libraryLoading_ = true;
    const Progress progress = libraryLoad_;
    const quint64 generation = libraryGeneration_;
    QtConcurrent::run([path, progress]() -> Result<ProjectSnapshot> {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        ProjectSnapshot snapshot = loadProjectSnapshot(*opened.value(), progress);
        if (progress.cancelled()) return Status::cancelled();
        return snapshot;
    }).then(this, [this, generation](Result<ProjectSnapshot> loaded) {
        if (generation != libraryGeneration_ || !store_) return;  // another project by now
        libraryLoading_ = false;
        if (!loaded) {
            if (loaded.status().code() == Status::Code::Cancelled) return;
            showError(tr("Could not open project"), loaded.status().message());
            closeProject();  // damaged: the worker's quick_check failed
            return;
        }
        workspace_->showProject(std::make_shared<const ProjectSnapshot>(std::move(loaded).value()));
        showStoredMap();
        Q_EMIT libraryLoaded();
    });
}

void MainWindow::updateTitleAndActions() {
    const bool open = store_ != nullptr;
    if (open) {
        setWindowTitle(tr("%1 — Tastelab").arg(QFileInfo(store_->path()).completeBaseName()));
        setWindowFilePath(store_->path());
    } else {
        setWindowTitle(tr("Tastelab"));
        setWindowFilePath({});
    }
    importAction_->setEnabled(open);
    importFolderAction_->setEnabled(open);
    musicFolderAction_->setEnabled(open);
    closeAction_->setEnabled(open);
    trainCfAction_->setEnabled(open);
    trainTextAction_->setEnabled(open);
    trainAudioAction_->setEnabled(open);
    trainAllAction_->setEnabled(open);
    findAction_->setEnabled(open);
    catalogAction_->setEnabled(open);
    sourcesAction_->setEnabled(open);
    for (QAction* action : panelActions_) action->setEnabled(open);
    resetLayoutAction_->setEnabled(open);
}

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    statusBar()->showMessage(title + QStringLiteral(": ") + message, 15000);
    Q_EMIT errorShown(title, message);
    if (modalDialogs_) QMessageBox::warning(this, title, message);
}

// --- settings ----------------------------------------------------------------------------------

void MainWindow::restoreSettings() {
    const auto settings = openAppSettings();
    restoreGeometry(settings->value(settings_key::kWindowGeometry).toByteArray());
    restoreState(settings->value(settings_key::kWindowState).toByteArray());
    workspace_->restoreLayout(settings->value(settings_key::kWorkspaceLayout).toByteArray());
    const QStringList hidden = settings->value(settings_key::kHiddenPanels).toStringList();
    for (int p = 0; p < WorkspacePage::PanelCount; ++p)
        workspace_->setPanelVisible(WorkspacePage::Panel(p), !hidden.contains(QString::number(p)));
}

void MainWindow::saveSettings() const {
    const auto settings = openAppSettings();
    settings->setValue(settings_key::kWindowGeometry, saveGeometry());
    settings->setValue(settings_key::kWindowState, saveState());
    settings->setValue(settings_key::kWorkspaceLayout, workspace_->saveLayout());
    QStringList hidden;
    for (int p = 0; p < WorkspacePage::PanelCount; ++p)
        if (!workspace_->isPanelVisible(WorkspacePage::Panel(p))) hidden << QString::number(p);
    settings->setValue(settings_key::kHiddenPanels, hidden);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (runner_->isRunning()) {
        // Quitting is an answer to "do you want this job?": stop it rather than make the
        // user wait for it. Jobs stop within a fraction of a second and keep nothing.
        runner_->cancel();
        runner_->waitForFinished();
    }
    forgetDeletedSources();
    saveSettings();
    event->accept();
}

void MainWindow::resetLayout() {
    workspace_->resetLayout();
    toolbar_->show();
}

}  // namespace tl
