#include "MainWindow.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QKeyEvent>
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
#include "ModelTrainingWindow.h"
#include "PlaylistPanel.h"
#include "ProjectSnapshot.h"
#include "RecentProjects.h"
#include "Remedies.h"
#include "SpectrogramPanel.h"
#include "ThreadHeadroom.h"
#include "TourOverlay.h"
#include "WelcomePage.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "job/PauseGate.h"
#include "job/StageQueue.h"
#include "playlist/DefaultWeek.h"
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
    selection_ = new CurrentTrackSelection(this);
    workspace_ = new WorkspacePage(selection_, this);
    connect(workspace_->playlist(), &PlaylistPanel::generateRequested, this,
            &MainWindow::generatePlaylist);
    connect(workspace_->playlist(), &PlaylistPanel::exportRequested, this,
            &MainWindow::exportPlaylistDialog);
    connect(workspace_->map(), &MapPanel::computeRequested, this, &MainWindow::computeMap);
    // The blend is a project setting: kept as soon as the person is done moving a slider. A job
    // may hold the project's write lock for long (an import is one transaction), so while one
    // runs the weights are kept when it ends rather than the window waiting on it.
    auto blendPending = std::make_shared<bool>(false);
    const auto keepBlend = [this, blendPending] {
        if (!store_) return;
        *blendPending = runner_->isRunning();
        if (*blendPending) return;
        if (Status s = writeBlendWeights(*store_, workspace_->blend()->weights()); !s.isOk())
            showError(tr("Could not keep the blend in the project"), s.message());
    };
    connect(workspace_->blend(), &BlendPanel::weightsSettled, this, keepBlend);
    connect(workspace_->backtest(), &BacktestPanel::runRequested, this,
            [this] { runBacktest(workspace_->playlist()->currentUser()); });
    connect(workspace_->map(), &MapPanel::sourceChanged, this, &MainWindow::showStoredMap);
    connect(workspace_->map(), &MapPanel::methodChosen, this, &MainWindow::showStoredMap);
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
    connect(runner_, &JobRunner::finished, this, [keepBlend, blendPending] {
        if (*blendPending) keepBlend();
    });
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
    const QString stopped = endProjectSession(store->path());  // the last project's, whole
    store_ = std::move(store);
    forgetDeletedSources();  // a deletion the last session could no longer undo (a crash)
    const QString path = store_->path();
    recent_->add(path);
    rememberDirectory(QFileInfo(path).absolutePath());
    refreshWorkspace();
    // The project's blend, as the sliders were left (kept in the project like every setting).
    showProjectBlend(true);
    workspace_->showLibraryTab();
    pages_->setCurrentWidget(workspace_);
    updateTitleAndActions();
    statusBar()->showMessage(stopped.isEmpty()
                                 ? tr("Opened %1").arg(QDir::toNativeSeparators(path))
                                 : tr("Opened %1. %2").arg(QDir::toNativeSeparators(path), stopped),
                             stopped.isEmpty() ? 5000 : 15000);
    showInterruptedTrainings();
    restoreSavedPlaylist();
    Q_EMIT projectOpened(path);
}

void MainWindow::closeProject() {
    if (!store_) return;
    const QString stopped = endProjectSession(QString());
    store_.reset();
    pages_->setCurrentWidget(welcome_);
    updateTitleAndActions();
    statusBar()->showMessage(
        stopped.isEmpty() ? tr("Project closed") : tr("Project closed. %1").arg(stopped),
        stopped.isEmpty() ? 3000 : 15000);
}

QString MainWindow::endProjectSession(const QString& nextPath) {
    if (!store_) return {};
    const QString path = store_->path();
    const QString name = QFileInfo(path).completeBaseName();
    const bool other = nextPath != path;  // reopening the same file keeps its jobs going
    QString stopped;

    // Jobs. A running job of this project is stopped: its reaction would speak of this
    // project on the next one's screen (onJobFinished skips it), and a queued run would go on
    // to train the next project's models. A run tied to no project yet goes on.
    if (other && runner_->isRunning() && jobProject_ == path) {
        if (mapGate_) mapGate_->resume();  // a paused map sleeps until woken
        runner_->cancel();
        stopped = tr("“%1” of %2 was stopped.").arg(runner_->title(), name);
    }
    if (other && queue_ && !(isQueuedRunActive() && queueProject_.isEmpty())) {
        if (isQueuedRunActive())
            stopped = tr("“%1” of %2 was stopped.").arg(jobList_->title(), name);
        dropQueuedRun();
    }
    deferredErrors_.clear();
    lastError_.clear();
    // A finished run's summary ("Train All: all 4 stages done") is this project's news only.
    statusBar()->clearMessage();

    // Workers reading this project for the views.
    libraryLoad_.cancel();
    ++libraryGeneration_;
    libraryLoading_ = false;
    playlistRestore_.cancel();
    playlistRestoring_ = false;

    // What the window keeps for this project.
    forgetDeletedSources();  // its undo history ends with it
    if (sourcesDialog_) sourcesDialog_->close();
    interruptedBanner_->clear();
    pendingScans_.clear();
    myDataChain_ = false;
    lastImport_.reset();
    lastScan_.reset();
    lastMatch_.reset();
    mapGate_.reset();
    mapRunning_ = false;
    restartMap_ = false;
    shownTextModel_.clear();
    if (tour_ && tour_->isVisible()) {  // its steps point at this project's tracks
        QKeyEvent escape(QEvent::KeyPress, Qt::Key_Escape, Qt::NoModifier);
        QCoreApplication::sendEvent(tour_, &escape);
    }
    if (trainingWindow_) {  // this project's curves; the next training makes a new one
        trainingWindow_->hide();
        trainingWindow_->deleteLater();
        trainingWindow_ = nullptr;
    }

    // The views: library, header, selection, details, spectrogram, back-test (clear()), the
    // week and its sliders' sources, the map and its overlays, the text model's terms.
    workspace_->clear();
    workspace_->setPlaylistSession(nullptr);
    workspace_->setTextModel(nullptr);
    workspace_->map()->setProjectionRunning(false);
    workspace_->map()->clear();
    workspace_->map()->setSecondMap(nullptr);
    workspace_->spectrogram()->clear();
    Q_EMIT projectClosed();  // windows of their own (the catalog) let go of it too
    return stopped;
}

void MainWindow::refreshWorkspace() {
    if (!store_) return;
    // The spectrogram computes at the project's analysis rate, marks its excerpts and its STFT.
    workspace_->spectrogram()->setAnalysisOptions(frontEndOptions(readModelSettings(*store_)));
    libraryLoad_.cancel();
    ++libraryGeneration_;
    libraryLoading_ = false;
    workspace_->setTrackLookup(
        [this](Id id) { return store_ ? store_->track(id) : std::optional<Track>(); });
    workspace_->playlist()->setUsers(store_->users(), lastListens(*store_));
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
    addTextFolderAction_->setEnabled(open);
    addTagDataSetAction_->setEnabled(open);
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
    // From a job's reaction: the box waits until the job's stage reads as ended (onJobFinished).
    if (reactingToJob_) {
        deferredErrors_.append({title, message});
        return;
    }
    Q_EMIT errorShown(title, message);
    if (modalDialogs_) QMessageBox::warning(this, title, message);
}

void MainWindow::showError(const QString& title, const Status& status) {
    showError(title, messageForGui(status));
}

void MainWindow::showDeferredErrors() {
    const auto errors = std::exchange(deferredErrors_, {});
    for (const auto& [title, message] : errors) {
        Q_EMIT errorShown(title, message);
        if (modalDialogs_) QMessageBox::warning(this, title, message);
    }
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
