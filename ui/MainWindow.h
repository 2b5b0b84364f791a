#pragma once

#include <QMainWindow>
#include <functional>
#include <memory>
#include <vector>

#include "OpenDataRequest.h"
#include "demo/DemoWorld.h"
#include "importers/HistoryImporter.h"
#include "job/Progress.h"
#include "job/Status.h"
#include "library/ScanReport.h"

class QAction;
class QDockWidget;
class QMenu;
class QStackedWidget;
class QToolBar;

namespace tl {

struct ProjectSnapshot;

class JobRunner;
class JobListView;
class TourOverlay;
class StageQueue;
class ModelTrainingWindow;
class CurrentTrackSelection;
class JobStatusWidget;
class InterruptedTrainingBanner;
struct MatchReport;
class PauseGate;
class Progress;
class ProjectStore;
class RecentProjects;
class Status;
class WelcomePage;
class WorkspacePage;

// The application window: the welcome page while no project is open, the workspace once one
// is; the File, View and Help menus; the status bar's job display; drops of project files,
// history files and music folders. It wires core to the views and keeps no model maths.
//
// For tests every dialog-free path is public (openProject, createProject, startDemo,
// importPaths), and setModalDialogsEnabled(false) turns error boxes into the errorShown signal
// so a headless test never waits on a modal dialog.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    bool openProject(const QString& path);    // false, with an error shown, when it cannot
    bool createProject(const QString& path);  // adds .tastelab when missing
    void closeProject();
    // Generates the demo world into `dir` on the job runner, then opens dir/demo.tastelab.
    // False when another job is running.
    bool startDemo(const QString& dir, quint64 seed = 1, DemoSize size = DemoSize::Small);

    // Where "Try the demo" creates its folder; empty means demoFolderBase() (DemoFolder.h).
    void setDemoFolderBase(const QString& dir) { demoBase_ = dir; }

    bool hasProject() const { return store_ != nullptr; }
    ProjectStore* store() const { return store_.get(); }
    JobRunner* jobRunner() const { return runner_; }
    // The window that follows the audio model's training (null until it first ran).
    ModelTrainingWindow* trainingWindow() const { return trainingWindow_; }
    JobStatusWidget* jobStatus() const { return jobStatus_; }
    // The list of a queued run's stages (in the Jobs dock) and the run itself (null before one).
    JobListView* jobList() const { return jobList_; }
    TourOverlay* tour() const { return tour_; }  // null before the first tour
    const StageQueue* queuedRun() const { return queue_.get(); }
    bool isQueuedRunActive() const;
    // The strip that offers to resume a training the last run of the app did not finish.
    InterruptedTrainingBanner* interruptedBanner() const { return interruptedBanner_; }
    RecentProjects* recentProjects() const { return recent_; }
    WelcomePage* welcomePage() const { return welcome_; }
    WorkspacePage* workspacePage() const { return workspace_; }
    // The window's one current track, which every view sets and follows.
    CurrentTrackSelection* currentTrack() const { return selection_; }

    void setModalDialogsEnabled(bool enabled) { modalDialogs_ = enabled; }
    // Prepares `user`'s week ("2026-W48"; mode 0 blend, 1 exploration, 2 jams) as a job, then
    // shows and saves the playlist. False when it cannot start.
    bool generatePlaylist(Id user, const QString& week, int mode);
    bool exportPlaylist(const QString& path);  // .m3u8, .xspf or .jspf; saves it too
    // Back-tests `user`'s last 8 weeks as a job (training each week's CF model the first time),
    // then shows the metrics and the grid beside the sliders. False when it cannot start.
    // `showTab` false leaves the current tab alone (the run that follows a new playlist must not
    // take the person away from it).
    bool runBacktest(Id user, bool showTab = true);
    // Builds (or reuses) the t-SNE map of the map panel's source as a job; for CF it trains the
    // model first if the project has none.
    bool computeMap();
    // k-means (k clusters, seeded) on `source`'s vectors as a job; the map colours by them.
    bool computeMapClusters(const QString& source, int k);
    // A running t-SNE sleeps between iterations while paused, keeping its state; Compute Map
    // meanwhile restarts it with the panel's new settings. False when no map is being computed.
    bool pauseMap();
    bool resumeMap();
    bool isMapRunning() const { return mapRunning_; }
    // Named views of the map, stored in the project (core/maps/MapBookmarks).
    Status bookmarkMapView(const QString& name);
    bool restoreMapView(const QString& name);
    // "Open my data": creates request.projectPath, remembers its text folder for the text
    // model, then imports the histories and scans the music folder as jobs, one after the
    // other; myDataImported() follows when both are done. False, with an error shown and
    // nothing created, when the request cannot be carried out (missing files, an existing
    // project, a job running).
    bool openMyData(const OpenDataRequest& request);
    // Imports listening histories as a job; false when another job is running.
    bool startImport(const ImportOptions& options);
    // Scans a music folder as a job (incremental; remembers the folder); false when busy.
    bool startScan(const QString& folder);
    std::shared_ptr<const ScanReport> lastScanReport() const { return lastScan_; }
    // The report of the last import that finished (null before the first).
    std::shared_ptr<const ImportReport> lastImportReport() const { return lastImport_; }
    // How "me" and the music folders matched the other listeners after the last import or scan
    // (core/store/MatchReport; null before the first): the import summary shows it.
    std::shared_ptr<const MatchReport> lastMatchReport() const { return lastMatch_; }
    // The "me" user of the project, else the login name: the default owner of an import.
    QString suggestedMeName() const;
    QString lastError() const { return lastError_; }
    // Deletes imported source `id` as an undoable command (Edit > Undo); the rows move in a job.
    // False when a job is running. No confirmation: the menu's Delete asks first.
    bool deleteImportedSource(Id id, const QString& label);
    class QUndoStack* undoStack() const {
        return undoStack_;
    }
    class ImportedSourcesDialog* importedSourcesDialog() const {
        return sourcesDialog_;
    }

    bool isLibraryLoading() const { return libraryLoading_; }
    // A worker is preparing the week of the playlist saved in the reopened project.
    bool isRestoringPlaylist() const { return playlistRestoring_; }
    class CatalogWindow* catalogWindow() const {
        return catalog_;
    }

public Q_SLOTS:
    void openCatalog();  // View > Catalog…
    // Files, archives and folders chosen in the File menu or dropped on the window: histories
    // are imported as a job (after ImportDialog asks whose they are, when dialogs are enabled;
    // otherwise suggestedMeName() is used), music folders are recorded for the scanner.
    void importPaths(const QStringList& paths);
    void tryDemo();
    void openDemo();
    void openMyDataDialog();  // the OpenDataWizard; Create Project calls openMyData()
    // Models > Train All: CF, text, the audio analysis and the audio model as one queued run
    // (each reuses its stored result when its inputs have not changed).
    bool trainAll();
    // Analyses the project's music files that are new or changed (log-mels, descriptors).
    void analyzeAudio();
    // Stops the queued run: the running stage's job and every stage still waiting.
    void cancelQueuedRun();
    // Help > Take the Tour: what each model does, one view at a time (MainWindowTour.cpp).
    void takeTour();
    void trainCollaborativeFiltering();
    void trainAudioModel();  // analyses new audio, then the CNN from log-mels to CF vectors
    // Models > Training Curves: the audio model's training window, opened only when asked for.
    void showTrainingWindow();
    void addTextFolder();   // a corpus folder the text model reads (MainWindowText.cpp)
    void addTagDataSet();   // a CSV/TSV tag data set the text model reads
    void trainTextModel();  // TF-IDF top terms + LSA from the project's remembered text sources  //
                            // ALS on the open project, as a job  // the demo world from an earlier
                            // run, or a new one with visible progress
    void newProjectDialog();
    void openProjectDialog();
    void importHistoryDialog();
    void importHistoryFolderDialog();
    void addMusicFolderDialog();
    void resetLayout();
    // File > Imported Sources: the sources with Delete (MainWindowSources.cpp).
    void showImportedSources();

Q_SIGNALS:
    void projectOpened(const QString& path);
    void projectClosed();
    void errorShown(const QString& title, const QString& message);
    // The import and scan that openMyData() started have finished (not after a failure or a
    // cancel): the place to chain training.
    void myDataImported(const QString& projectPath);
    // A queued run ("Try the demo", Train All) has ended, however its stages did.
    void queuedRunFinished();
    void libraryLoaded();  // the library table of the open project is on screen
    // The playlist saved in the project is on screen again after reopening (or could not be).
    void savedPlaylistRestored();
    void jobCompleted(const tl::Status& status, double seconds);  // after the window reacted

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    using JobDone = std::function<void(const Status&, double seconds)>;

    // MainWindow.cpp: pages, project lifetime, settings
    void adoptProject(std::unique_ptr<ProjectStore> store);
    void refreshWorkspace();
    void loadProjectInBackground(const QString& path);
    void updateTitleAndActions();
    void showInterruptedTrainings();  // MainWindowResume.cpp
    void resumeTraining(const QString& job);
    void restoreSavedPlaylist();  // MainWindowRestore.cpp
    void dismissInterruptedTraining(const QString& job);
    // The open project's session ends (it closes, or `nextPath` opens in its place): everything
    // the window and its views hold for it is dropped here, in one place, so nothing of one
    // project shows in the next. Its running job and queued run are stopped (unless they are
    // not tied to it, as "Try the demo" is until its world is open) and their list cleared.
    // Returns what was stopped, for the status bar ("" when nothing).
    QString endProjectSession(const QString& nextPath);
    void showError(const QString& title, const QString& message);
    // An engine error, its remedy worded for this app (menu items, not tastelab-cli commands).
    void showError(const QString& title, const Status& status);
    void showDeferredErrors();
    void restoreSettings();
    void saveSettings() const;
    // MainWindowMenus.cpp
    void createActions();
    void createMenus();
    void rebuildRecentMenu();
    void showAbout();      // AboutDialog, modal
    void showUserGuide();  // UserGuideDialog, beside the window

    // Edit > Preferences: PreferencesDialog, window-modal (MainWindowPreferences.cpp)
    void showPreferences();
    // MainWindowMap.cpp
    void showStoredMap();
    void showMapSources();
    void showSecondMap();
    // MainWindowPlaylist.cpp
    Status saveCurrentPlaylist();
    // The blend panel shows the project's blend and says whose it is (playlist/DefaultBlend.h):
    // a default always; the person's own weights only with `restoreChosen` (on opening).
    void showProjectBlend(bool restoreChosen);
    void exportPlaylistDialog();
    // MainWindowSources.cpp: imported sources, their deletion and Edit > Undo/Redo
    void createUndoActions();
    void updateUndoActions();
    void refreshImportedSources();
    void confirmDeleteSource(Id id, const QString& label, qint64 listens, qint64 playCounts);
    void applySourceDeletion(Id id, const QString& label, bool remove);
    // Clears the undo history and purges the rows deleted sources set aside (nothing can put
    // them back any more): on closing and opening a project.
    void forgetDeletedSources();
    // MainWindowImport.cpp
    void recordMusicFolders(const QStringList& folders);
    void startNextScan();
    // MainWindowMyData.cpp: the import summary with the last match report (window-modal, not
    // blocking); "Open my data" shows it once its music folder is scanned too.
    void showImportSummary();
    // MainWindowJobs.cpp
    // `forProject` false: the job is tied to no project (the demo world's generation), so
    // closing or switching projects leaves it running and its reaction still runs.
    bool runJob(const QString& title, std::function<Status(const Progress&)> work, JobDone done,
                bool forProject = true);
    void onJobFinished(const Status& status, double seconds);

    std::unique_ptr<ProjectStore> store_;
    JobRunner* runner_;
    JobStatusWidget* jobStatus_;
    InterruptedTrainingBanner* interruptedBanner_;
    RecentProjects* recent_;
    QStackedWidget* pages_;
    WelcomePage* welcome_;
    WorkspacePage* workspace_;
    CurrentTrackSelection* selection_;
    JobDone jobDone_;

    // A queued run: each stage starts its job through the usual entry points (trainCf...),
    // and the next one starts when jobCompleted() says it ended.
    struct QueuedStage {
        QString id;
        QString title;
        QStringList needs;
        std::function<bool()> start;    // starts the stage's job; false when it could not
        std::function<Status()> check;  // after the job: did it leave what the next needs
    };
    // `project`: the project file the run works on; empty while it has none yet ("Try the
    // demo" until its world is open), so opening a project meanwhile does not stop it.
    bool runQueue(const QString& title, std::vector<QueuedStage> stages, const QString& project);
    void dropQueuedRun();   // the run and its list go (a project's session ended)
    bool startDemoWorld();  // the demo's first stage: generate the small world, then open it
    void advanceQueue();
    void onQueuedJobCompleted(const Status& status, double seconds);
    std::vector<QueuedStage> modelStages(const QStringList& firstNeeds);
    std::unique_ptr<StageQueue> queue_;
    std::vector<QueuedStage> queuedStages_;
    bool queuedJobRunning_ = false;  // the current stage's job is on the runner
    QString queueProject_;           // the project the queued run works on ("" none yet)
    QString jobProject_;             // the project the running job works on ("" none)
    // While a job's reaction runs, error boxes wait until the job's stage is settled: the Jobs
    // list reads Failed before a modal box stops the event loop.
    bool reactingToJob_ = false;
    QList<QPair<QString, QString>> deferredErrors_;  // title, message
    JobListView* jobList_ = nullptr;
    TourOverlay* tour_ = nullptr;
    QDockWidget* jobDock_ = nullptr;
    QAction* trainAllAction_ = nullptr;
    QString demoBase_;
    bool modalDialogs_ = true;
    QString lastError_;
    std::shared_ptr<const ImportReport> lastImport_;
    std::shared_ptr<const ScanReport> lastScan_;
    std::shared_ptr<const MatchReport> lastMatch_;
    QStringList pendingScans_;            // music folders to scan once the running job ends
    bool myDataChain_ = false;            // openMyData's import/scan are running
    std::shared_ptr<PauseGate> mapGate_;  // the running map job's pause gate
    bool mapRunning_ = false;
    bool restartMap_ = false;    // Compute Map while a map ran: start again once it stopped
    QByteArray shownTextModel_;  // project path + fingerprint of the text model the views hold
    bool libraryLoading_ = false;
    Progress libraryLoad_;      // the background read of a large library, to cancel
    Progress playlistRestore_;  // the worker preparing the saved playlist's week
    bool playlistRestoring_ = false;
    quint64 libraryGeneration_ = 0;  // a library read for an older refresh is dropped
    class CatalogWindow* catalog_ = nullptr;
    class QUndoStack* undoStack_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* sourcesAction_ = nullptr;
    class ImportedSourcesDialog* sourcesDialog_ = nullptr;

    QAction* newAction_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* importAction_ = nullptr;
    QAction* catalogAction_ = nullptr;
    QAction* importFolderAction_ = nullptr;
    QAction* musicFolderAction_ = nullptr;
    QAction* closeAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* demoAction_ = nullptr;
    QAction* myDataAction_ = nullptr;
    QAction* trainCfAction_ = nullptr;
    QAction* trainTextAction_ = nullptr;
    QAction* addTextFolderAction_ = nullptr;  // Models > Add Text Folder…
    QAction* addTagDataSetAction_ = nullptr;  // Models > Add Tag Data Set…
    QAction* trainAudioAction_ = nullptr;
    ModelTrainingWindow* trainingWindow_ = nullptr;
    QAction* findAction_ = nullptr;
    QAction* resetLayoutAction_ = nullptr;
    QList<QAction*> panelActions_;
    QAction* toolbarAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QToolBar* toolbar_ = nullptr;
};

}  // namespace tl
