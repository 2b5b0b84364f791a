// The GUI shell driven headless (QT_QPA_PLATFORM=offscreen): first run, the demo job with its
// progress and cancel button, the workspace's library, errors, recent projects and drops.
#include <QAction>
#include <QCommandLinkButton>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "AppSettings.h"
#include "BlendPanel.h"
#include "CatalogTableModel.h"
#include "HintPanel.h"
#include "JobStatusWidget.h"
#include "LibraryPanel.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "PathListSetting.h"
#include "ProjectHeader.h"
#include "RecentProjects.h"
#include "SpectrogramPanel.h"
#include "SpectrogramView.h"
#include "TestSupport.h"
#include "TrackDetailsPanel.h"
#include "UiTestSupport.h"
#include "WelcomePage.h"
#include "WorkspacePage.h"
#include "cf/CfModel.h"
#include "cf/ExternalFactors.h"
#include "job/JobRunner.h"
#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"
#include "util/NpyWriter.h"

using namespace tl;

namespace {

constexpr int kDemoTimeoutMs = 240000;  // a small demo takes seconds; a slow CI gets slack

QWidget* currentPage(const MainWindow& w) {
    return w.findChild<QStackedWidget*>()->currentWidget();
}

QAction* action(const MainWindow& w, const char* name) {
    return w.findChild<QAction*>(QString::fromLatin1(name));
}

using test::dropPaths;
using test::maybeGrab;

}  // namespace

class TestUiShell : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void firstRunShowsWelcomePage();
    void tryDemoRunsJobAndOpensWorkspace();
    void libraryFilterNarrowsRows();
    void selectingTrackShowsDetails();
    void trainingCfShowsTheModelInUse();
    void importedCfModelSaysWhereItCameFrom();
    void cancellingDemoStopsQuicklyAndKeepsNothing();
    void corruptProjectShowsError();
    void newerSchemaShowsError();
    void recentProjectsUpdateAndPersist();
    void droppingProjectFileOpensIt();
    void emptyProjectAreasShowHints();
    void musicWithoutHistorySaysWhatIsMissing();
    void panelVisibilityPersists();

private:
    QString newProject(const QString& name);

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    QString demoProject_;  // generated once by tryDemoRunsJobAndOpensWorkspace
};

void TestUiShell::initTestCase() {
    QVERIFY(settingsDir_.isValid());
    QVERIFY(work_.isValid());
    QStandardPaths::setTestModeEnabled(true);
    // Never read or write the developer's own Tastelab settings.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
}

void TestUiShell::init() {
    openAppSettings()->clear();
}

QString TestUiShell::newProject(const QString& name) {
    const QString path = QDir(work_.path()).filePath(name + QStringLiteral(".tastelab"));
    auto created = ProjectStore::create(path);
    if (!created) qWarning() << created.status().message();
    return created ? path : QString();
}

void TestUiShell::firstRunShowsWelcomePage() {
    MainWindow w;
    w.setModalDialogsEnabled(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));

    QCOMPARE(currentPage(w)->objectName(), QStringLiteral("welcomePage"));
    auto* demo = w.findChild<QCommandLinkButton*>(QStringLiteral("tryDemoButton"));
    QVERIFY(demo);
    QVERIFY(demo->isVisible());
    QVERIFY(demo->isEnabled());
    QVERIFY(w.findChild<QCommandLinkButton*>(QStringLiteral("openProjectButton"))->isVisible());
    QVERIFY(w.findChild<QCommandLinkButton*>(QStringLiteral("newProjectButton"))->isVisible());
    // No recent projects on a first run: the list gives way to a sentence saying so.
    QVERIFY(!w.findChild<QListWidget*>(QStringLiteral("recentList"))->isVisible());
    QVERIFY(w.findChild<QWidget*>(QStringLiteral("recentEmptyHint"))->isVisible());
    QVERIFY(!w.findChild<JobStatusWidget*>(QStringLiteral("jobStatus"))->isVisible());
    QCOMPARE(w.windowTitle(), QStringLiteral("Tastelab"));
    // Importing needs a project to import into.
    QVERIFY(!action(w, "importHistoryAction")->isEnabled());
    QVERIFY(!action(w, "addMusicFolderAction")->isEnabled());
    QVERIFY(!action(w, "closeProjectAction")->isEnabled());
    QVERIFY(action(w, "newProjectAction")->isEnabled());
    QCOMPARE(action(w, "newProjectAction")->shortcut(), QKeySequence(QKeySequence::New));
    QCOMPARE(action(w, "importHistoryAction")->shortcut(), QKeySequence(QStringLiteral("Ctrl+I")));
}

void TestUiShell::tryDemoRunsJobAndOpensWorkspace() {
    QTemporaryDir base(QDir(work_.path()).filePath(QStringLiteral("demoBase-XXXXXX")));
    base.setAutoRemove(false);  // later tests reuse the generated project
    MainWindow w;
    w.setModalDialogsEnabled(false);
    w.setDemoFolderBase(base.path());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));

    auto* jobStatus = w.findChild<JobStatusWidget*>(QStringLiteral("jobStatus"));
    QVERIFY(jobStatus);
    // Connected after the widget's own connection, so this sees the bar as it was just drawn.
    int maxBar = -1;
    bool shownWhileRunning = false;
    connect(w.jobRunner(), &JobRunner::progressChanged, this, [&](double, const QString&) {
        maxBar = qMax(maxBar, jobStatus->progressBar()->value());
        shownWhileRunning = shownWhileRunning || jobStatus->isVisible();
        static bool grabbed = false;
        if (!grabbed && maxBar > 300)
            grabbed = (maybeGrab(&w, QStringLiteral("job-running")), true);
    });
    QSignalSpy completed(&w, &MainWindow::jobCompleted);
    QSignalSpy errors(&w, &MainWindow::errorShown);

    QTest::mouseClick(w.findChild<QCommandLinkButton*>(QStringLiteral("tryDemoButton")),
                      Qt::LeftButton);
    QVERIFY(w.jobRunner()->isRunning());
    QVERIFY(jobStatus->isVisible());
    QVERIFY(jobStatus->text().contains(QStringLiteral("demo")));
    QVERIFY(!w.findChild<QCommandLinkButton*>(QStringLiteral("tryDemoButton"))->isEnabled());
    QVERIFY(w.findChild<QPushButton*>(QStringLiteral("jobCancelButton"))->isVisible());

    QVERIFY(completed.wait(kDemoTimeoutMs));
    QVERIFY2(errors.isEmpty(), qPrintable(w.lastError()));
    QVERIFY(completed.first().at(0).value<Status>().isOk());
    QVERIFY(shownWhileRunning);
    QVERIFY2(maxBar > 0, "the progress bar never moved");
    QVERIFY(!jobStatus->isVisible());
    QVERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Demo world generated in")));

    QVERIFY(w.hasProject());
    QCOMPARE(currentPage(w)->objectName(), QStringLiteral("workspacePage"));
    demoProject_ = w.store()->path();
    QCOMPARE(QFileInfo(demoProject_).fileName(), QStringLiteral("demo.tastelab"));
    QVERIFY(demoProject_.startsWith(QFileInfo(base.path()).canonicalFilePath()) ||
            demoProject_.startsWith(base.path()));
    QVERIFY(w.windowTitle().startsWith(QStringLiteral("demo")));

    const CatalogCounts counts = w.store()->counts();
    QVERIFY(counts.users > 0);
    QVERIFY(counts.artists > 0);
    QVERIFY(counts.tracks > 0);
    QVERIFY(counts.listens > 0);
    auto* view = w.findChild<QTableView*>(QStringLiteral("libraryView"));
    QVERIFY(view);
    QVERIFY(view->isVisible());
    QCOMPARE(qint64(view->model()->rowCount()), counts.tracks);
    const QString header = w.workspacePage()->header()->countsText();
    QVERIFY2(header.contains(QLocale().toString(counts.tracks) + QStringLiteral(" tracks")),
             qPrintable(header));
    QVERIFY(w.findChild<QWidget*>(QStringLiteral("demoBadge"))->isVisible());
    QVERIFY(action(w, "importHistoryAction")->isEnabled());
    QVERIFY(RecentProjects().paths().contains(demoProject_));
}

void TestUiShell::libraryFilterNarrowsRows() {
    if (demoProject_.isEmpty()) QSKIP("needs the demo generated by the previous test");
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QVERIFY(w.openProject(demoProject_));
    w.show();
    auto* view = w.findChild<QTableView*>(QStringLiteral("libraryView"));
    auto* filter = w.findChild<QLineEdit*>(QStringLiteral("libraryFilter"));
    QVERIFY(view && filter);
    const int all = view->model()->rowCount();
    QVERIFY(all > 1);

    // Filter by the artist of one row: fewer rows, and every one of them matches.
    const QString artist = view->model()->index(0, catalog_columns::TrackArtist).data().toString();
    QVERIFY(!artist.isEmpty());
    QTest::keyClicks(filter, artist);
    const int narrowed = view->model()->rowCount();
    QVERIFY(narrowed > 0);
    QVERIFY2(narrowed < all, qPrintable(QStringLiteral("%1 of %2").arg(narrowed).arg(all)));
    for (int r = 0; r < narrowed; ++r) {
        bool matches = false;
        for (int c = 0; c < view->model()->columnCount(); ++c)
            matches = matches || view->model()->index(r, c).data().toString().contains(
                                     artist, Qt::CaseInsensitive);
        QVERIFY(matches);
    }
    filter->setText(QStringLiteral("no track is called this zqxj"));
    QCOMPARE(view->model()->rowCount(), 0);
    filter->clear();
    QCOMPARE(view->model()->rowCount(), all);
}

void TestUiShell::selectingTrackShowsDetails() {
    if (demoProject_.isEmpty()) QSKIP("needs the demo generated by an earlier test");
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QVERIFY(w.openProject(demoProject_));
    w.show();
    TrackDetailsPanel* details = w.workspacePage()->details();
    QCOMPARE(details->trackId(), Id(0));
    auto* view = w.findChild<QTableView*>(QStringLiteral("libraryView"));
    view->selectRow(2);
    const QModelIndex row = view->model()->index(2, catalog_columns::TrackTitle);
    QCOMPARE(details->trackId(), row.data(CatalogTableModel::kTrackIdRole).toLongLong());
    QCOMPARE(details->fieldText(QStringLiteral("Title")), row.data().toString());
    QCOMPARE(details->fieldText(QStringLiteral("Artist")),
             view->model()->index(2, catalog_columns::TrackArtist).data().toString());
    // A demo world knows each track's genre.
    QVERIFY(details->fieldText(QStringLiteral("Genre")).contains(QStringLiteral("ground truth")));
    // Every demo track has audio: its log-mel spectrogram is computed and drawn.
    SpectrogramPanel* spectrogram = w.workspacePage()->spectrogram();
    QVERIFY(spectrogram->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(spectrogram->view()->data() != nullptr, 30000);
    QCOMPARE(spectrogram->view()->data()->bands, 128);
    maybeGrab(&w, QStringLiteral("track-selected"));
}

void TestUiShell::trainingCfShowsTheModelInUse() {
    if (demoProject_.isEmpty()) QSKIP("needs the demo generated by an earlier test");
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QVERIFY(w.openProject(demoProject_));
    w.show();
    auto* models = w.findChild<QLabel*>(QStringLiteral("projectModels"));
    auto* train = w.findChild<QAction*>(QStringLiteral("trainCfAction"));
    QVERIFY(models && train);
    QVERIFY(train->isEnabled());
    QVERIFY2(models->text().contains(QStringLiteral("none trained")), qPrintable(models->text()));

    QSignalSpy completed(&w, &MainWindow::jobCompleted);
    train->trigger();
    QVERIFY(completed.wait(60000));
    QVERIFY2(completed.at(0).at(0).value<Status>().isOk(),
             qPrintable(completed.at(0).at(0).value<Status>().message()));
    // The header says which CF mode is in use: the demo has a community of listeners.
    QVERIFY2(models->text().contains(QStringLiteral("implicit ALS")), qPrintable(models->text()));
    QVERIFY(models->text().contains(QStringLiteral("listeners as rows")));
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("share its genre")));
    QVERIFY(!models->text().contains(QStringLiteral("Text:")));
    maybeGrab(&w, QStringLiteral("cf-trained"));

    // The text model gets a line of its own under the CF one.
    auto* trainText = w.findChild<QAction*>(QStringLiteral("trainTextAction"));
    QVERIFY(trainText && trainText->isEnabled());
    trainText->trigger();
    QVERIFY(completed.wait(60000));
    QVERIFY2(completed.at(1).at(0).value<Status>().isOk(),
             qPrintable(completed.at(1).at(0).value<Status>().message()));
    const QStringList lines = models->text().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines[0].contains(QStringLiteral("implicit ALS")));
    QVERIFY2(lines[1].startsWith(QStringLiteral("Text: ")) &&
                 lines[1].contains(QStringLiteral("LSA dimensions")),
             qPrintable(lines[1]));
    maybeGrab(&w, QStringLiteral("text-trained"));
}

void TestUiShell::importedCfModelSaysWhereItCameFrom() {
    if (demoProject_.isEmpty()) QSKIP("needs the demo generated by an earlier test");
    // On a copy: factors trained "elsewhere" (here, then written as NumPy writes them).
    const QString copy = work_.filePath(QStringLiteral("imported.tastelab"));
    QVERIFY(QFile::copy(demoProject_, copy));
    {
        auto store = ProjectStore::open(copy);
        QVERIFY(bool(store));
        auto model = loadCfModel(*store.value());
        QVERIFY2(bool(model), "needs the CF model trained by the test before");
        const QString exportDir = work_.filePath(QStringLiteral("export"));
        QVERIFY(bool(
            exportInteractions(*store.value(), model.value().interactions, exportDir, Progress())));
        // As NumPy writes them (float32, C order): what a model trained elsewhere hands back.
        for (const auto& [name, m] :
             {std::pair{QStringLiteral("items.npy"), &model.value().itemFactors},
              std::pair{QStringLiteral("users.npy"), &model.value().userFactors}})
            QVERIFY(writeNpy(work_.filePath(name), "<f4", m->data(),
                             qint64(m->size()) * qint64(sizeof(float)), {m->rows(), m->cols()})
                        .isOk());
        FactorImport request;
        request.items = work_.filePath(QStringLiteral("items.npy"));
        request.users = work_.filePath(QStringLiteral("users.npy"));
        auto imported = importFactors(*store.value(), request, Progress());
        QVERIFY2(bool(imported), qPrintable(imported.status().message()));
    }
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QVERIFY(w.openProject(copy));
    w.show();
    auto* models = w.findChild<QLabel*>(QStringLiteral("projectModels"));
    QVERIFY(models);
    QVERIFY2(models->text().startsWith(
                 QStringLiteral("Collaborative filtering: imported from items.npy (npy), ")),
             qPrintable(models->text()));
    QVERIFY(!models->text().contains(QStringLiteral("implicit ALS")));
    QVERIFY(!models->text().contains(QStringLiteral("Out of date")));
}

void TestUiShell::cancellingDemoStopsQuicklyAndKeepsNothing() {
    // A project is open while the demo runs: cancelling must leave it exactly as it was.
    const QString project = newProject(QStringLiteral("beforeCancel"));
    QVERIFY(!project.isEmpty());
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QVERIFY(w.openProject(project));
    w.show();
    const CatalogCounts before = w.store()->counts();

    const QString dir = QDir(work_.path()).filePath(QStringLiteral("cancelled-demo"));
    QSignalSpy progress(w.jobRunner(), &JobRunner::progressChanged);
    QElapsedTimer sinceCancel;
    qint64 stopMs = -1;
    Status finalStatus;
    connect(w.jobRunner(), &JobRunner::finished, this, [&](const Status& s, double) {
        stopMs = sinceCancel.isValid() ? sinceCancel.elapsed() : -1;
        finalStatus = s;
    });
    QSignalSpy completed(&w, &MainWindow::jobCompleted);
    QElapsedTimer sinceTick;
    qint64 longestStallMs = 0;
    QTimer ticker;
    ticker.setInterval(20);
    connect(&ticker, &QTimer::timeout, this,
            [&] { longestStallMs = qMax(longestStallMs, sinceTick.restart()); });
    sinceTick.start();
    ticker.start();
    // The medium world takes long enough that the cancel lands mid-job on any machine.
    QVERIFY(w.startDemo(dir, 7, DemoSize::Medium));
    QVERIFY(progress.wait(20000));  // the job is under way
    // Mid-job, where the work is heaviest (audio synthesis on every core), not at its start.
    QTRY_VERIFY_WITH_TIMEOUT(w.jobStatus()->progressBar()->value() > 200, 60000);
    QVERIFY(w.jobRunner()->isRunning());
    // The window keeps painting while the job keeps its threads busy: Qt's raster engine
    // borrows pool threads, and a full pool once froze the window, Cancel button included,
    // until the job ended. A timer ticking on the GUI thread measures the longest stall.
    QTest::qWait(1000);
    QVERIFY(!w.grab().isNull());
    ticker.stop();
    QVERIFY2(longestStallMs < 1500,
             qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(longestStallMs)));
    QVERIFY(w.jobRunner()->isRunning());

    auto* cancel = w.findChild<QPushButton*>(QStringLiteral("jobCancelButton"));
    QVERIFY(cancel && cancel->isVisible());
    sinceCancel.start();
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(completed.wait(5000));
    QVERIFY2(finalStatus.isCancelled(), qPrintable(finalStatus.message()));
    qInfo("the demo job stopped %lld ms after Cancel was clicked", stopMs);
    QVERIFY2(stopMs >= 0 && stopMs <= 200,
             qPrintable(QStringLiteral("the job took %1 ms to stop").arg(stopMs)));
    QVERIFY(!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("demo.tastelab"))));
    QVERIFY(!w.jobStatus()->isVisible());
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("cancelled")));
    // The open project is the same one, with the same contents.
    QVERIFY(w.hasProject());
    QCOMPARE(w.store()->path(), QFileInfo(project).absoluteFilePath());
    const CatalogCounts after = w.store()->counts();
    QCOMPARE(after.tracks, before.tracks);
    QCOMPARE(after.listens, before.listens);
    QCOMPARE(currentPage(w)->objectName(), QStringLiteral("workspacePage"));
}

void TestUiShell::corruptProjectShowsError() {
    const QString path = QDir(work_.path()).filePath(QStringLiteral("corrupt.tastelab"));
    QVERIFY(test::writeFile(path,
                            QByteArray("this is not a database, just some bytes\n").repeated(200)));
    MainWindow w;
    w.setModalDialogsEnabled(false);
    w.show();
    QSignalSpy errors(&w, &MainWindow::errorShown);
    QVERIFY(!w.openProject(path));
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.first().at(0).toString(), QStringLiteral("Could not open project"));
    const QString message = errors.first().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("corrupt.tastelab")), qPrintable(message));
    QVERIFY(!w.hasProject());
    QCOMPARE(currentPage(w)->objectName(), QStringLiteral("welcomePage"));
    QVERIFY(!RecentProjects().paths().contains(path));

    // A missing file says so too.
    QVERIFY(!w.openProject(QDir(work_.path()).filePath(QStringLiteral("gone.tastelab"))));
    QCOMPARE(errors.count(), 2);
    QVERIFY(errors.last().at(1).toString().contains(QStringLiteral("does not exist")));
}

void TestUiShell::newerSchemaShowsError() {
    const QString path = newProject(QStringLiteral("fromTheFuture"));
    QVERIFY(!path.isEmpty());
    {
        auto store = ProjectStore::open(path);
        QVERIFY(store.ok());
        QSqlQuery q(store.value()->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 99")));
    }
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QSignalSpy errors(&w, &MainWindow::errorShown);
    QVERIFY(!w.openProject(path));
    QCOMPARE(errors.count(), 1);
    QVERIFY2(errors.first().at(1).toString().contains(QStringLiteral("newer")),
             qPrintable(errors.first().at(1).toString()));
    QVERIFY(!w.hasProject());
}

void TestUiShell::recentProjectsUpdateAndPersist() {
    const QString a = newProject(QStringLiteral("recentA"));
    const QString b = newProject(QStringLiteral("recentB"));
    const QString c = newProject(QStringLiteral("recentC"));
    {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(a));
        QVERIFY(w.openProject(b));
        QVERIFY(w.openProject(c));
        QVERIFY(w.openProject(a));  // reopening moves it to the top, without a duplicate
        QCOMPARE(w.recentProjects()->paths(), (QStringList{a, c, b}));
        w.closeProject();
        QCOMPARE(currentPage(w)->objectName(), QStringLiteral("welcomePage"));
        QCOMPARE(w.welcomePage()->recentList()->count(), 3);
        auto* menu = w.findChild<QMenu*>(QStringLiteral("recentMenu"));
        QVERIFY(menu);
        QVERIFY(menu->actions().first()->text().contains(QStringLiteral("recentA")));
    }
    // A new window (a restart) reads the same list from the settings.
    MainWindow again;
    again.setModalDialogsEnabled(false);
    QCOMPARE(again.recentProjects()->paths(), (QStringList{a, c, b}));
    QCOMPARE(again.welcomePage()->recentList()->count(), 3);

    // Double-clicking an entry opens it.
    QListWidget* list = again.welcomePage()->recentList();
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    const QRect second = list->visualItemRect(list->item(1));
    // A real double-click: the first click selects, the second press arrives as a double-click.
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, second.center());
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, second.center());
    QVERIFY(again.hasProject());
    QCOMPARE(again.store()->path(), c);

    // Files that vanished are pruned when the list is read; the list holds at most 8.
    QVERIFY(QFile::remove(b));
    QCOMPARE(again.recentProjects()->paths(), (QStringList{c, a}));
    for (int i = 0; i < 10; ++i)
        again.recentProjects()->add(newProject(QStringLiteral("many%1").arg(i)));
    QCOMPARE(again.recentProjects()->paths().size(), RecentProjects::kMaxEntries);
    again.recentProjects()->clear();
    QVERIFY(RecentProjects().paths().isEmpty());
}

void TestUiShell::droppingProjectFileOpensIt() {
    const QString path = newProject(QStringLiteral("dropped"));
    MainWindow w;
    w.setModalDialogsEnabled(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(!w.hasProject());
    QVERIFY(dropPaths(w, {path}));
    QVERIFY(w.hasProject());
    QCOMPARE(w.store()->path(), path);
    QCOMPARE(currentPage(w)->objectName(), QStringLiteral("workspacePage"));
    QCOMPARE(w.windowTitle(), QStringLiteral("dropped — Tastelab"));

    // Remote URLs are not files Tastelab can use: the drag is refused.
    QMimeData web;
    web.setUrls({QUrl(QStringLiteral("https://example.org/x.tastelab"))});
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &web, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&w, &enter);
    QVERIFY(!enter.isAccepted());
}

void TestUiShell::emptyProjectAreasShowHints() {
    const QString project = newProject(QStringLiteral("empty"));
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QVERIFY(w.openProject(project));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    WorkspacePage* page = w.workspacePage();
    for (const char* name : {"mapArea", "playlistArea", "blendPanel", "detailsArea",
                             "spectrogramArea", "libraryPanel"})
        QVERIFY2(w.findChild<QWidget*>(QString::fromLatin1(name)), name);
    for (HintPanel* hint : {page->mapHint(), page->spectrogramHint()}) {
        QVERIFY(hint->isVisible());
        QVERIFY(!hint->title().isEmpty());
        QVERIFY(hint->body().size() > 40);
    }
    QVERIFY(page->mapHint()->body().contains(QStringLiteral("Import History")));
    QVERIFY(!page->playlistHint()->body().isEmpty());
    // An empty library says what to do instead of showing an empty grid.
    QVERIFY(!w.findChild<QTableView*>(QStringLiteral("libraryView"))->isVisible());
    QVERIFY(!page->blend()->slider(0)->isEnabled());
    QVERIFY(page->blend()->hintText().contains(QStringLiteral("weekly playlist")));
    QVERIFY(!w.findChild<QWidget*>(QStringLiteral("demoBadge"))->isVisible());
    QVERIFY(page->header()->countsText().contains(QStringLiteral("0 tracks")));
    maybeGrab(&w, QStringLiteral("empty-project"));
}

// Issue 19, item 9: a project with music but no history said "The map view is not in this
// build yet". The hint says what is missing (a dated listening history) and names the menu item
// that adds it and the button that then draws the map; play counts without dates are named as
// what they are.
void TestUiShell::musicWithoutHistorySaysWhatIsMissing() {
    const QString project = newProject(QStringLiteral("music-only"));
    {
        auto opened = ProjectStore::open(project);
        QVERIFY(opened.ok());
        ProjectStore& store = *opened.value();
        Artist artist{0, QStringLiteral("Band"), {}};
        QVERIFY(store.addArtist(artist).isOk());
        for (int t = 1; t <= 3; ++t) {
            Track track;
            track.artistId = artist.id;
            track.title = QStringLiteral("Song %1").arg(t);
            QVERIFY(store.addTrack(track).isOk());
            AudioFile file{0,    track.id, QStringLiteral("/music/song%1.flac").arg(t),
                           1000, 0,        44100,
                           2,    180000,   QStringLiteral("FLAC")};
            QVERIFY(store.addFile(file).isOk());
        }
    }
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QVERIFY(w.openProject(project));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    WorkspacePage* page = w.workspacePage();
    // Music with no history is mapped by sound (issue 18): the map, not a hint, with Sound as
    // its source and CF disabled; a catalog with no files at all gets the hint (below).
    QVERIFY(!page->mapHint()->isVisible());
    QVERIFY(page->map()->isVisible());
    QCOMPARE(page->map()->currentSource(), QStringLiteral("sound"));
    maybeGrab(&w, QStringLiteral("music-without-history-sound-map"));
    w.closeProject();
    {
        auto opened = ProjectStore::open(project);
        QVERIFY(opened.ok());
        QSqlQuery q(opened.value()->database());
        QVERIFY(q.exec(QStringLiteral("DELETE FROM files")));
    }
    QVERIFY(w.openProject(project));
    page = w.workspacePage();
    HintPanel* hint = page->mapHint();
    QVERIFY(hint->isVisible());
    QCOMPARE(hint->body(),
             QStringLiteral("This project has 3 tracks but no listening history yet, and the map "
                            "is drawn from one. Import a listening history with File > Import "
                            "History… (Ctrl+I); then Compute Map places every track near the "
                            "tracks the listening (collaborative-filtering) model finds "
                            "similar.\n\nMeanwhile the Library tab lists every track this "
                            "project holds."));
    // The names it gives are the GUI's own: the menu item, its shortcut and the map's button.
    QAction* import = action(w, "importHistoryAction");
    QVERIFY(import);
    QVERIFY(hint->body().contains(QStringLiteral("File > ") + import->text().remove(u'&')));
    QVERIFY(hint->body().contains(import->shortcut().toString(QKeySequence::NativeText)));
    QCOMPARE(w.findChild<QPushButton*>(QStringLiteral("mapCompute"))->text(),
             QStringLiteral("Compute Map"));
    QVERIFY(page->playlistHint()->body().endsWith(
        QStringLiteral("It needs a listening history first: File > Import History… (Ctrl+I).")));
    maybeGrab(&w, QStringLiteral("music-without-history"));

    // Play counts without dates (a research data set) are a history, but not a dated one.
    w.closeProject();
    {
        auto opened = ProjectStore::open(project);
        QVERIFY(opened.ok());
        User u{0, QStringLiteral("listener"), false};
        QVERIFY(opened.value()->addUser(u).isOk());
        const PlayCount counts[] = {{u.id, 1, 4}, {u.id, 2, 1}};
        QVERIFY(opened.value()->addPlayCounts(counts, 2, false).isOk());
    }
    QVERIFY(w.openProject(project));
    hint = w.workspacePage()->mapHint();
    QVERIFY(hint->isVisible());
    QCOMPARE(hint->body(),
             QStringLiteral("This project's history is 2 play counts without dates, and the map "
                            "is shown once it has dated listens. Import a dated history with "
                            "File > Import History… (Ctrl+I); then Compute Map places every "
                            "track near the tracks the listening (collaborative-filtering) model "
                            "finds similar.\n\nMeanwhile the Library tab lists every track this "
                            "project holds."));
    QVERIFY(w.workspacePage()->playlistHint()->body().endsWith(
        QStringLiteral("It is made from the weeks of a dated listening history; this project's "
                       "play counts have no dates. Import a dated history: File > Import "
                       "History… (Ctrl+I).")));
    maybeGrab(&w, QStringLiteral("play-counts-without-history"));
}

void TestUiShell::panelVisibilityPersists() {
    const QString project = newProject(QStringLiteral("layout"));
    {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project));
        w.show();
        QAction* toggleMap = action(w, "togglePanel0");
        QVERIFY(toggleMap && toggleMap->isChecked());
        toggleMap->trigger();
        QVERIFY(!w.findChild<QWidget*>(QStringLiteral("mapArea"))->isVisible());
        w.close();  // saves the layout
    }
    {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project));
        w.show();
        QVERIFY(!w.workspacePage()->isPanelVisible(WorkspacePage::MapPanel));
        QVERIFY(!action(w, "togglePanel0")->isChecked());
        action(w, "resetLayoutAction")->trigger();
        QVERIFY(w.findChild<QWidget*>(QStringLiteral("mapArea"))->isVisible());
        QVERIFY(action(w, "togglePanel0")->isChecked());
    }
}

QTEST_MAIN(TestUiShell)
#include "test_ui_shell.moc"
