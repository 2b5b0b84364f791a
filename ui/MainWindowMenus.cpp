// The menus, the toolbar and the dialogs they open. Every action that needs a project is
// enabled only while one is open (see updateTitleAndActions).
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>

#include "AboutDialog.h"
#include "AppSettings.h"
#include "Icons.h"
#include "LibraryPanel.h"
#include "MainWindow.h"
#include "RecentProjects.h"
#include "UserGuideDialog.h"
#include "WorkspacePage.h"

namespace tl {

void MainWindow::createActions() {
    newAction_ = new QAction(actionIcon(QStringLiteral("new")), tr("&New Project…"), this);
    newAction_->setObjectName(QStringLiteral("newProjectAction"));
    newAction_->setShortcut(QKeySequence::New);
    newAction_->setStatusTip(tr("Create an empty project file"));
    connect(newAction_, &QAction::triggered, this, &MainWindow::newProjectDialog);

    openAction_ = new QAction(actionIcon(QStringLiteral("open")), tr("&Open Project…"), this);
    openAction_->setObjectName(QStringLiteral("openProjectAction"));
    openAction_->setShortcut(QKeySequence::Open);
    openAction_->setStatusTip(tr("Open a .tastelab project file"));
    connect(openAction_, &QAction::triggered, this, &MainWindow::openProjectDialog);

    myDataAction_ = new QAction(actionIcon(QStringLiteral("import")), tr("Open &My Data…"), this);
    myDataAction_->setObjectName(QStringLiteral("openMyDataAction"));
    myDataAction_->setStatusTip(
        tr("A new project from your listening history, music folder and text, step by step"));
    connect(myDataAction_, &QAction::triggered, this, &MainWindow::openMyDataDialog);

    importAction_ = new QAction(actionIcon(QStringLiteral("import")), tr("&Import History…"), this);
    importAction_->setObjectName(QStringLiteral("importHistoryAction"));
    importAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    importAction_->setStatusTip(
        tr("Choose Spotify, Last.fm or ListenBrainz export files or .zip archives for this "
           "project"));
    connect(importAction_, &QAction::triggered, this, &MainWindow::importHistoryDialog);

    importFolderAction_ = new QAction(tr("Import History &Folder…"), this);
    importFolderAction_->setObjectName(QStringLiteral("importHistoryFolderAction"));
    importFolderAction_->setStatusTip(
        tr("Choose an unpacked export folder; every history file in it is imported"));
    connect(importFolderAction_, &QAction::triggered, this, &MainWindow::importHistoryFolderDialog);

    musicFolderAction_ =
        new QAction(actionIcon(QStringLiteral("music-folder")), tr("Add &Music Folder…"), this);
    musicFolderAction_->setObjectName(QStringLiteral("addMusicFolderAction"));
    musicFolderAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    musicFolderAction_->setStatusTip(tr("Choose a folder of audio files for this project"));
    connect(musicFolderAction_, &QAction::triggered, this, &MainWindow::addMusicFolderDialog);

    trainCfAction_ = new QAction(tr("Train &Collaborative Filtering"), this);
    trainCfAction_->setObjectName(QStringLiteral("trainCfAction"));
    trainCfAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    trainCfAction_->setStatusTip(
        tr("Learn track and listener vectors from the listens (implicit ALS) and store them"));
    connect(trainCfAction_, &QAction::triggered, this, &MainWindow::trainCollaborativeFiltering);

    trainTextAction_ = new QAction(tr("Train &Text Model"), this);
    trainTextAction_->setObjectName(QStringLiteral("trainTextAction"));
    trainTextAction_->setStatusTip(
        tr("Weighted top terms per artist and track from the project's text, tags and corpus"));
    connect(trainTextAction_, &QAction::triggered, this, &MainWindow::trainTextModel);
    addTextFolderAction_ = new QAction(tr("Add Te&xt Folder…"), this);
    addTextFolderAction_->setObjectName(QStringLiteral("addTextFolderAction"));
    addTextFolderAction_->setStatusTip(
        tr("A folder of writing about the music (.txt, .md, .html) for the text model to read"));
    connect(addTextFolderAction_, &QAction::triggered, this, &MainWindow::addTextFolder);
    addTagDataSetAction_ = new QAction(tr("Add Tag &Data Set…"), this);
    addTagDataSetAction_->setObjectName(QStringLiteral("addTagDataSetAction"));
    addTagDataSetAction_->setStatusTip(
        tr("A CSV or TSV of tags per artist or track (artist,[track,]tag,weight) for the text "
           "model"));
    connect(addTagDataSetAction_, &QAction::triggered, this, &MainWindow::addTagDataSet);

    trainAudioAction_ = new QAction(tr("Train &Audio Model"), this);
    trainAudioAction_->setObjectName(QStringLiteral("trainAudioAction"));
    trainAudioAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    trainAudioAction_->setStatusTip(
        tr("Analyse the music files, then teach a convolutional network to predict each track's "
           "collaborative-filtering vector from its sound (needs a trained CF model)"));
    // Asked for by name, the audio model's training shows its curves; run by Train All or Try
    // the demo it does not (Models > Training Curves opens them).
    connect(trainAudioAction_, &QAction::triggered, this, [this] {
        trainAudioModel();
        showTrainingWindow();
    });

    trainAllAction_ = new QAction(tr("Train &All"), this);
    trainAllAction_->setObjectName(QStringLiteral("trainAllAction"));
    trainAllAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_T));
    trainAllAction_->setStatusTip(
        tr("Train every model in order — CF, text, the audio analysis, the audio model — as one "
           "run listed in the Jobs panel; a model whose inputs have not changed is kept"));
    connect(trainAllAction_, &QAction::triggered, this, &MainWindow::trainAll);

    closeAction_ = new QAction(actionIcon(QStringLiteral("close")), tr("&Close Project"), this);
    closeAction_->setObjectName(QStringLiteral("closeProjectAction"));
    closeAction_->setShortcuts(QKeySequence::Close);  // Ctrl+W; Ctrl+F4 too where usual
    closeAction_->setStatusTip(tr("Close the project and return to the welcome page"));
    connect(closeAction_, &QAction::triggered, this, &MainWindow::closeProject);

    quitAction_ = new QAction(tr("&Quit"), this);
    quitAction_->setObjectName(QStringLiteral("quitAction"));
    quitAction_->setShortcut(QKeySequence::Quit);
    quitAction_->setMenuRole(QAction::QuitRole);
    quitAction_->setStatusTip(tr("Quit Tastelab; a running job is cancelled first"));
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    demoAction_ = new QAction(actionIcon(QStringLiteral("demo")), tr("Try the &Demo"), this);
    demoAction_->setObjectName(QStringLiteral("tryDemoAction"));
    demoAction_->setStatusTip(
        tr("Generate the demo world, open it and train every model on it, "
           "up to the first weekly playlist"));
    connect(demoAction_, &QAction::triggered, this, &MainWindow::tryDemo);

    catalogAction_ = new QAction(tr("&Catalog…"), this);
    catalogAction_->setObjectName(QStringLiteral("catalogAction"));
    catalogAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    catalogAction_->setStatusTip(
        tr("Users, artists, tracks and files of the project, sortable "
           "and filterable"));
    connect(catalogAction_, &QAction::triggered, this, &MainWindow::openCatalog);

    findAction_ = new QAction(tr("&Filter Library"), this);
    findAction_->setObjectName(QStringLiteral("filterLibraryAction"));
    findAction_->setShortcut(QKeySequence::Find);
    findAction_->setStatusTip(tr("Type to narrow the library to matching artists and titles"));
    connect(findAction_, &QAction::triggered, this, [this] {
        workspace_->showLibraryTab();
        workspace_->library()->focusFilter();
    });

    for (int p = 0; p < WorkspacePage::PanelCount; ++p) {
        const auto panel = WorkspacePage::Panel(p);
        auto* action = new QAction(WorkspacePage::panelName(panel), this);
        action->setObjectName(QStringLiteral("togglePanel%1").arg(p));
        action->setCheckable(true);
        action->setChecked(workspace_->isPanelVisible(panel));
        connect(action, &QAction::toggled, this,
                [this, panel](bool on) { workspace_->setPanelVisible(panel, on); });
        panelActions_ << action;
    }
    connect(workspace_, &WorkspacePage::panelVisibilityChanged, this,
            [this](WorkspacePage::Panel panel, bool visible) {
                panelActions_.at(panel)->setChecked(visible);
            });
    createUndoActions();  // MainWindowSources.cpp
    resetLayoutAction_ = new QAction(tr("&Reset Layout"), this);
    resetLayoutAction_->setObjectName(QStringLiteral("resetLayoutAction"));
    resetLayoutAction_->setStatusTip(tr("Show every panel again at its original size"));
    connect(resetLayoutAction_, &QAction::triggered, this, &MainWindow::resetLayout);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(newAction_);
    file->addAction(openAction_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    recentMenu_->setObjectName(QStringLiteral("recentMenu"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    connect(recent_, &RecentProjects::changed, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    file->addAction(demoAction_);
    file->addAction(myDataAction_);
    file->addSeparator();
    file->addAction(importAction_);
    file->addAction(importFolderAction_);
    file->addAction(musicFolderAction_);
    file->addAction(sourcesAction_);
    file->addSeparator();
    file->addAction(closeAction_);
    file->addAction(quitAction_);

    QMenu* models = menuBar()->addMenu(tr("&Models"));
    models->addAction(trainCfAction_);
    models->addAction(trainTextAction_);
    models->addAction(trainAudioAction_);
    models->addSeparator();
    models->addAction(trainAllAction_);
    models->addSeparator();
    models->addAction(addTextFolderAction_);
    models->addAction(addTagDataSetAction_);
    models->addSeparator();
    QAction* curves =
        models->addAction(tr("Training &Curves…"), this, &MainWindow::showTrainingWindow);
    curves->setObjectName(QStringLiteral("trainingWindowAction"));
    curves->setStatusTip(tr("The audio model's loss per epoch, live while it trains"));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(undoAction_);
    edit->addAction(redoAction_);
    edit->addSeparator();
    edit->addAction(findAction_);
    edit->addSeparator();
    QAction* preferences = edit->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    preferences->setObjectName(QStringLiteral("preferencesAction"));
    preferences->setShortcut(QKeySequence::Preferences);  // empty on some platforms: Ctrl+,
    if (preferences->shortcut().isEmpty())
        preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    preferences->setMenuRole(QAction::PreferencesRole);
    preferences->setStatusTip(
        tr("Model settings of this project, worker threads and light or dark colours"));

    toolbar_ = addToolBar(tr("Main Toolbar"));
    toolbar_->setObjectName(QStringLiteral("mainToolbar"));  // saveState() needs a name
    toolbar_->setMovable(false);
    toolbar_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar_->setIconSize(QSize(20, 20));
    toolbar_->addAction(newAction_);
    toolbar_->addAction(openAction_);
    toolbar_->addSeparator();
    toolbar_->addAction(importAction_);
    toolbar_->addAction(musicFolderAction_);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(catalogAction_);
    view->addSeparator();
    for (QAction* action : panelActions_) view->addAction(action);
    view->addSeparator();
    toolbarAction_ = toolbar_->toggleViewAction();
    toolbarAction_->setText(tr("&Toolbar"));
    view->addAction(toolbarAction_);
    QAction* jobsAction = jobDock_->toggleViewAction();
    jobsAction->setObjectName(QStringLiteral("showJobsAction"));
    jobsAction->setStatusTip(
        tr("Show the stages of the last queued run (Try the demo, Train All)"));
    view->addAction(jobsAction);
    view->addSeparator();
    view->addAction(resetLayoutAction_);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* guide = help->addAction(tr("Tastelab &User Guide"), this, &MainWindow::showUserGuide);
    guide->setObjectName(QStringLiteral("userGuideAction"));
    guide->setShortcut(QKeySequence::HelpContents);
    guide->setStatusTip(
        tr("From the first import to a weekly playlist, and what the figures mean"));
    QAction* tour = help->addAction(tr("Take the &Tour"), this, &MainWindow::takeTour);
    tour->setObjectName(QStringLiteral("takeTourAction"));
    tour->setStatusTip(
        tr("What each model does, shown on the open project one view at a time (try the demo)"));
    help->addSeparator();
    QAction* about = help->addAction(tr("&About Tastelab"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    about->setStatusTip(tr("Version, licence and the papers the models follow"));
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList paths = recent_->paths();
    for (int i = 0; i < paths.size(); ++i) {
        const QString& path = paths.at(i);
        // Numbered mnemonics (&1 … &8) make the list keyboard-friendly.
        QAction* action =
            recentMenu_->addAction(tr("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()), this,
                                   [this, path] { openProject(path); });
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
    }
    if (paths.isEmpty()) recentMenu_->addAction(tr("No recent projects"))->setEnabled(false);
    recentMenu_->addSeparator();
    QAction* clear =
        recentMenu_->addAction(tr("&Clear Recent Projects"), recent_, &RecentProjects::clear);
    clear->setEnabled(!paths.isEmpty());
}

// --- dialogs -----------------------------------------------------------------------------------

void MainWindow::newProjectDialog() {
    // No overwrite prompt: ProjectStore::create refuses an existing file, so Tastelab never
    // replaces a project the user already has.
    const QString path = QFileDialog::getSaveFileName(
        this, tr("New Project"), QDir(lastDirectory()).filePath(tr("Untitled.tastelab")),
        tr("Tastelab projects (*.tastelab)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty()) createProject(path);
}

void MainWindow::openProjectDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Project"), lastDirectory(),
                                     tr("Tastelab projects (*.tastelab);;All files (*)"));
    if (!path.isEmpty()) openProject(path);
}

void MainWindow::importHistoryDialog() {
    if (!store_) return;
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Import Listening History"), lastDirectory(),
        tr("Listening histories and archives (*.json *.jsonl *.csv *.tsv *.txt *.zip *.tar.gz "
           "*.tgz);;All files (*)"));
    if (paths.isEmpty()) return;
    rememberDirectory(QFileInfo(paths.first()).absolutePath());
    importPaths(paths);
}

void MainWindow::importHistoryFolderDialog() {
    if (!store_) return;
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Import History Folder"), lastDirectory());
    if (dir.isEmpty()) return;
    rememberDirectory(dir);
    importPaths({dir});
}

void MainWindow::addMusicFolderDialog() {
    if (!store_) return;
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Add Music Folder"), lastDirectory());
    if (dir.isEmpty()) return;
    rememberDirectory(dir);
    if (!startScan(dir)) recordMusicFolders({dir});  // busy: remembered, scanned next time
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

// One guide window: a second F1 raises the one already open instead of stacking copies.
void MainWindow::showUserGuide() {
    auto* guide = findChild<UserGuideDialog*>();
    if (!guide) {
        guide = new UserGuideDialog(this);
        guide->setAttribute(Qt::WA_DeleteOnClose);
    }
    guide->show();
    guide->raise();
    guide->activateWindow();
}

}  // namespace tl
