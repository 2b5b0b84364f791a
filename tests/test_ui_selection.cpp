// One current track for the window (issue 19, item 4): whichever view a track is chosen in —
// a playlist row, a library row, a map dot, the tour — the track details, the spectrogram, the
// map's ring and the rows highlighted in the playlist and the library all name that track, and
// choosing a row again after another view took the selection selects it again.
// And the tour says what is on screen on any project (issue 19, item 6): a user's project is not
// the demo, has no map until one is computed, and its most played track may have no audio.
#include <sndfile.h>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <set>

#include "CatalogTableModel.h"
#include "CatalogTablePanel.h"
#include "CurrentTrackSelection.h"
#include "HintPanel.h"
#include "LibraryPanel.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "MapView.h"
#include "PlaylistModel.h"
#include "PlaylistPanel.h"
#include "ProjectSnapshot.h"
#include "SoundFiles.h"
#include "SpectrogramPanel.h"
#include "TestSupport.h"
#include "TourOverlay.h"
#include "TrackDetailsPanel.h"
#include "TrackPlayer.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "maps/ProjectMaps.h"
#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

constexpr int kJobTimeoutMs = 240000;

std::set<Id> weekTracks(PlaylistPanel* playlist) {
    std::set<Id> ids;
    for (int row = 0; row < playlist->model()->rowCount(); ++row)
        ids.insert(playlist->model()->entry(row)->trackId);
    return ids;
}

Id rowTrack(QTableView* view, int role) {
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    return rows.size() == 1 ? rows.front().data(role).toLongLong() : 0;
}

// Every view names `id`: details, spectrogram, the map's ring, the highlighted rows.
void expectEverywhere(MainWindow& w, Id id, const char* step) {
    WorkspacePage* ws = w.workspacePage();
    const QByteArray where(step);
    QVERIFY2(id != 0, where);
    QCOMPARE(w.currentTrack()->trackId(), id);
    // Track details.
    QCOMPARE(ws->details()->trackId(), id);
    const qint64 libRow = ws->snapshot()->tracks->rowOfId(id);
    QVERIFY2(libRow >= 0, where);
    QCOMPARE(ws->details()->fieldText(QStringLiteral("Title")),
             ws->snapshot()->tracks->text(size_t(libRow), catalog_columns::TrackTitle));
    // The spectrogram: the track's own file, or the hint that says it has none.
    const auto file = ws->snapshot()->audioByTrack.constFind(id);
    if (file != ws->snapshot()->audioByTrack.constEnd()) {
        QVERIFY2(ws->spectrogram()->isVisible(), where);
        QCOMPARE(ws->spectrogram()->player()->file(), file->path);
    } else {
        QVERIFY2(!ws->spectrogram()->isVisible(), where);
        QVERIFY2(ws->spectrogramHint()->isVisible(), where);
        QVERIFY2(ws->spectrogramHint()->findChildren<QLabel*>().size() > 0, where);
    }
    // The map's ring: on the track's dot, or on none when the map lacks it.
    MapPanel* map = ws->map();
    QCOMPARE(map->view()->selectedPoint(), map->indexOfTrack(id));
    QVERIFY2(map->view()->selectedPoint() >= 0, where);  // the tracks chosen here are all mapped
    QCOMPARE(map->map()->trackIds[size_t(map->view()->selectedPoint())], id);
    // The library's highlighted row.
    QCOMPARE(ws->library()->selectedTrack(), id);
    QCOMPARE(rowTrack(ws->library()->view(), CatalogTableModel::kTrackIdRole), id);
    // The playlist's: the pick's row, or none at all (neither selected nor current).
    PlaylistPanel* playlist = ws->playlist();
    if (weekTracks(playlist).count(id)) {
        QCOMPARE(playlist->selectedTrack(), id);
        QCOMPARE(rowTrack(playlist->table(), PlaylistModel::kTrackIdRole), id);
    } else {
        QCOMPARE(playlist->selectedTrack(), Id(0));
        QVERIFY2(playlist->table()->selectionModel()->selectedRows().isEmpty(), where);
        QVERIFY2(!playlist->table()->currentIndex().isValid(), where);
    }
}

void clickRow(QTableView* view, int row) {
    const QModelIndex index = view->model()->index(row, 1);
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier,
                      view->visualRect(index).center());
}

QString historyJson(const std::vector<std::pair<QString, int>>& plays) {
    QStringList rows;
    int minute = 0;
    for (const auto& [artistTitle, count] : plays) {
        const QStringList parts = artistTitle.split(QStringLiteral(" - "));
        for (int i = 0; i < count; ++i, ++minute)
            rows
                << QStringLiteral(
                       R"({"endTime":"2026-10-%1 %2:%3","artistName":"%4","trackName":"%5","msPlayed":200000})")
                       .arg(1 + minute / 20, 2, 10, QLatin1Char('0'))
                       .arg(8 + (minute % 20) / 4, 2, 10, QLatin1Char('0'))
                       .arg((minute % 4) * 10, 2, 10, QLatin1Char('0'))
                       .arg(parts[0], parts[1]);
    }
    return QStringLiteral("[\n") + rows.join(QStringLiteral(",\n")) + QStringLiteral("\n]\n");
}

Id trackTitled(ProjectStore& store, const QString& title) {
    for (const TrackSummary& t : store.trackSummaries())
        if (t.title == title) return t.trackId;
    return 0;
}

}  // namespace

class TestUiSelection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(work_.isValid() && settings_.isValid());
        test::isolateSettings(settings_.path());
        demo_ = test::smallDemoProject(work_.path(), 7);
        QVERIFY(!demo_.isEmpty());
        // The demo with a CF map and a week's playlist, made once for the tests below.
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(demo_));
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        QVERIFY(w.computeMap());
        QVERIFY(completed.wait(kJobTimeoutMs));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QVERIFY(w.workspacePage()->map()->hasMap());
        QTRY_VERIFY(!w.jobRunner()->isRunning());
        PlaylistPanel* playlist = w.workspacePage()->playlist();
        QVERIFY(w.generatePlaylist(playlist->currentUser(), QStringLiteral("2026-W47"), 0));
        QTRY_COMPARE_WITH_TIMEOUT(playlist->model()->rowCount(), 30, kJobTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!w.jobRunner()->isRunning(), kJobTimeoutMs);  // its back-test
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
    }

    // Pick 3, a library track, a map dot, pick 3 again: each time every view names the track
    // just chosen. Before, choosing pick 3 again showed its explanation while the details, the
    // spectrogram and the map went on showing the library's (or the map's) track.
    void cyclePlaylistLibraryMapPlaylist() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(demo_));
        w.resize(1440, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        WorkspacePage* ws = w.workspacePage();
        PlaylistPanel* playlist = ws->playlist();
        LibraryPanel* library = ws->library();
        MapPanel* map = ws->map();
        QTRY_COMPARE(playlist->model()->rowCount(), 30);  // the saved week, restored
        QVERIFY(map->hasMap());
        const std::set<Id> week = weekTracks(playlist);

        // 1. Pick 3 in the playlist.
        ws->showPlaylistTab();
        const Id pick3 = playlist->model()->entry(2)->trackId;
        QVERIFY(map->indexOfTrack(pick3) >= 0);
        clickRow(playlist->table(), 2);
        expectEverywhere(w, pick3, "pick 3");
        QVERIFY(playlist->explanationText().contains(
            playlist->model()->entry(2)->title.toHtmlEscaped()));
        test::maybeGrab(&w, QStringLiteral("selection-1-pick3"), QSize());

        // 2. A track of the map that is not in the week, clicked in the Library.
        ws->showLibraryTab();
        QAbstractItemModel* rows = library->view()->model();
        int libraryRow = -1;
        Id libraryTrack = 0;
        for (int row = 0; row < rows->rowCount() && libraryRow < 0; ++row) {
            const Id id = rows->index(row, 0).data(CatalogTableModel::kTrackIdRole).toLongLong();
            if (id != 0 && !week.count(id) && map->indexOfTrack(id) >= 0 &&
                ws->snapshot()->audioByTrack.contains(id))
                libraryRow = row, libraryTrack = id;
        }
        QVERIFY(libraryRow >= 0);
        clickRow(library->view(), libraryRow);
        expectEverywhere(w, libraryTrack, "library track");
        test::maybeGrab(&w, QStringLiteral("selection-2-library"), QSize());

        // 3. A dot of the map (its track neither a pick nor the library's), clicked.
        MapView* view = map->view();
        const std::vector<MapPoint>& points = view->points();
        int dot = -1;
        double bestGap = -1;
        for (size_t i = 0; i < points.size(); ++i) {
            const Id id = map->map()->trackIds[i];
            if (week.count(id) || id == libraryTrack || !ws->snapshot()->audioByTrack.contains(id))
                continue;
            const QPointF at = view->toWidget({points[i].x, points[i].y});
            if (!view->rect().adjusted(4, 4, -4, -4).contains(at.toPoint())) continue;
            double gap = 1e9;  // to its nearest neighbour on screen: a click there is unambiguous
            for (size_t j = 0; j < points.size(); ++j)
                if (j != i)
                    gap = std::min(gap,
                                   QLineF(at, view->toWidget({points[j].x, points[j].y})).length());
            if (gap > bestGap) bestGap = gap, dot = int(i);
        }
        QVERIFY(dot >= 0 && bestGap > 0.5);
        const Id mapTrack = map->map()->trackIds[size_t(dot)];
        QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier,
                          view->toWidget({points[size_t(dot)].x, points[size_t(dot)].y}).toPoint());
        QCOMPARE(view->selectedPoint(), dot);
        expectEverywhere(w, mapTrack, "map dot");
        test::maybeGrab(&w, QStringLiteral("selection-3-map"), QSize());

        // 4. Pick 3 again: it is the current track again, everywhere.
        ws->showPlaylistTab();
        clickRow(playlist->table(), 2);
        expectEverywhere(w, pick3, "pick 3 again");
        QVERIFY(playlist->explanationText().contains(
            playlist->model()->entry(2)->title.toHtmlEscaped()));
        test::maybeGrab(&w, QStringLiteral("selection-4-pick3-again"), QSize());

        // And a click on the row that is current does not push the same track again.
        QSignalSpy pushes(w.currentTrack(), &CurrentTrackSelection::currentTrackChanged);
        clickRow(playlist->table(), 2);
        QCOMPARE(pushes.size(), 0);
        // The sliders re-rank the week: the current pick keeps its row, wherever it moves.
        playlist->setWeights({{QStringLiteral("cf"), 0.2}});
        expectEverywhere(w, pick3, "re-ranked");
    }

    // Tour step 4 selects the week's first pick: after another view held the selection, the
    // pick's row and every other view show that pick.
    void tourStepFourSelectsThePickEverywhere() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(demo_));
        w.resize(1440, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        WorkspacePage* ws = w.workspacePage();
        PlaylistPanel* playlist = ws->playlist();
        QTRY_COMPARE(playlist->model()->rowCount(), 30);
        const Id first = playlist->model()->entry(0)->trackId;
        ws->showPlaylistTab();
        clickRow(playlist->table(), 0);
        expectEverywhere(w, first, "pick 1");
        ws->showLibraryTab();
        const std::set<Id> week = weekTracks(playlist);
        QAbstractItemModel* rows = ws->library()->view()->model();
        int libraryRow = -1;
        for (int row = 0; row < rows->rowCount() && libraryRow < 0; ++row) {
            const Id id = rows->index(row, 0).data(CatalogTableModel::kTrackIdRole).toLongLong();
            if (!week.count(id) && ws->map()->indexOfTrack(id) >= 0) libraryRow = row;
        }
        QVERIFY(libraryRow >= 0);
        clickRow(ws->library()->view(), libraryRow);
        QVERIFY(w.currentTrack()->trackId() != first);

        w.takeTour();
        TourOverlay* tour = w.tour();
        QVERIFY(tour && tour->isVisible());
        // On the demo the first step speaks of its true genres: the map is coloured by them.
        QVERIFY2(tour->bodyText().contains(QStringLiteral("the demo's true genres")),
                 qPrintable(tour->bodyText()));
        QCOMPARE(tour->currentTarget(), static_cast<QWidget*>(ws->map()->view()));
        for (int step = 0; step < 3; ++step) QTest::keyClick(tour, Qt::Key_Right);
        QCOMPARE(tour->currentStep(), 3);
        expectEverywhere(w, first, "tour step 4");
        const PlaylistEntry* e = playlist->model()->entry(0);
        QVERIFY2(tour->bodyText().contains(
                     QStringLiteral("Selected: the first pick, <b>%1 — %2</b>")
                         .arg(e->artist.toHtmlEscaped(), e->title.toHtmlEscaped())),
                 qPrintable(tour->bodyText()));
        QVERIFY2(tour->bodyText().contains(QStringLiteral("30 tracks")),
                 qPrintable(tour->bodyText()));
        test::maybeGrab(&w, QStringLiteral("selection-tour-4"), QSize());
    }

    // A user's project with a history and music but no map: the tour speaks of no demo and no
    // genres, points at the button that makes the map, and names each track it shows — the most
    // played track (which has no audio file here), then the most played track with audio.
    void tourOnAUserProjectWithoutAMap() {
        const QString dir = work_.filePath(QStringLiteral("mine"));
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/music")));
        const QString history = dir + QStringLiteral("/StreamingHistory_music_0.json");
        QVERIFY(test::writeFile(history, historyJson({{QStringLiteral("Alpha - Most Played"), 5},
                                                      {QStringLiteral("Beta - Second"), 3},
                                                      {QStringLiteral("Gamma - Third"), 1}})
                                             .toUtf8()));
        // Audio for the second and third, and for a track nobody played; none for the first.
        int hz = 220;
        for (const QString& name :
             {QStringLiteral("Beta - Second"), QStringLiteral("Gamma - Third"),
              QStringLiteral("Delta - Unplayed")}) {
            const QString error = test::writeSound(
                dir + QStringLiteral("/music/") + name + QStringLiteral(".wav"),
                test::sine(hz, 3.0, 22050), 1, 22050, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            hz *= 2;
        }
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.createProject(dir + QStringLiteral("/mine.tastelab")));
        w.resize(1440, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        w.importPaths({history});
        QTRY_VERIFY_WITH_TIMEOUT(completed.size() >= 1 && !w.jobRunner()->isRunning(),
                                 kJobTimeoutMs);
        QVERIFY(w.startScan(dir + QStringLiteral("/music")));
        QTRY_VERIFY_WITH_TIMEOUT(completed.size() >= 2 && !w.jobRunner()->isRunning(),
                                 kJobTimeoutMs);
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        ProjectStore& store = *w.store();
        const Id most = trackTitled(store, QStringLiteral("Most Played"));
        const Id second = trackTitled(store, QStringLiteral("Second"));
        const Id unplayed = trackTitled(store, QStringLiteral("Unplayed"));
        QVERIFY(most && second && unplayed);
        WorkspacePage* ws = w.workspacePage();
        QVERIFY(!ws->snapshot()->isDemo());
        QVERIFY(!ws->snapshot()->audioByTrack.contains(most));
        QVERIFY(ws->snapshot()->audioByTrack.contains(second));

        w.takeTour();
        TourOverlay* tour = w.tour();
        QVERIFY(tour && tour->isVisible());
        for (int step = 0; step < tour->stepCount(); ++step) {
            QVERIFY2(!tour->bodyText().contains(QStringLiteral("demo")),
                     qPrintable(tour->bodyText()));
            QVERIFY2(!tour->bodyText().contains(QStringLiteral("genre")),
                     qPrintable(tour->bodyText()));
            QVERIFY2(tour->currentTarget() && tour->currentTarget()->isVisible(),
                     qPrintable(tour->titleText()));
            switch (step) {
                case 0:  // no map: the panel with Compute Map, not the empty "No map" view
                    QVERIFY(!ws->map()->hasMap());
                    QCOMPARE(tour->currentTarget(), static_cast<QWidget*>(ws->map()));
                    QVERIFY2(tour->bodyText().contains(QStringLiteral("no map yet")),
                             qPrintable(tour->bodyText()));
                    QVERIFY2(!tour->bodyText().contains(QStringLiteral("Each dot is a track")),
                             qPrintable(tour->bodyText()));
                    break;
                case 1:  // the most played track of all, which has no audio
                    QCOMPARE(ws->details()->trackId(), most);
                    QCOMPARE(w.currentTrack()->trackId(), most);
                    QVERIFY2(tour->bodyText().contains(QStringLiteral(
                                 "<b>Alpha — Most Played</b>, the most played track (5 plays)")),
                             qPrintable(tour->bodyText()));
                    break;
                case 2:  // the most played track with audio, said to be that
                    QCOMPARE(ws->details()->trackId(), second);
                    QCOMPARE(tour->currentTarget(), static_cast<QWidget*>(ws->spectrogram()));
                    QCOMPARE(ws->spectrogram()->player()->file(),
                             ws->snapshot()->audioByTrack.value(second).path);
                    QVERIFY2(tour->bodyText().contains(QStringLiteral(
                                 "<b>Beta — Second</b>, the most played track with an audio file "
                                 "(3 plays; the most played track, <b>Alpha — Most Played</b>, "
                                 "has none)")),
                             qPrintable(tour->bodyText()));
                    break;
                case 3:  // no week generated yet
                    QCOMPARE(tour->currentTarget(), static_cast<QWidget*>(ws->playlist()));
                    QVERIFY2(tour->bodyText().contains(QStringLiteral("No weekly playlist yet")),
                             qPrintable(tour->bodyText()));
                    break;
                case 6:  // the track nobody played
                    QCOMPARE(ws->details()->trackId(), unplayed);
                    QVERIFY2(tour->bodyText().contains(QStringLiteral("<b>Delta — Unplayed</b>")),
                             qPrintable(tour->bodyText()));
                    break;
                default:
                    break;
            }
            test::maybeGrab(&w, QStringLiteral("tour-mine-%1").arg(step + 1), QSize());
            if (step + 1 < tour->stepCount()) QTest::keyClick(tour, Qt::Key_Right);
        }
        QTest::keyClick(tour, Qt::Key_Escape);
    }

    // The demo's tracks and map without its ground truth (a user's project): the colours are
    // what the files' tags say, or nothing when they carry no genre — never "the demo's".
    void tourOnAUserProjectWithAMap() {
        const QString copy = work_.filePath(QStringLiteral("copy.tastelab"));
        QVERIFY(QFile::copy(demo_, copy));
        {
            auto opened = ProjectStore::open(copy);
            QVERIFY(opened.ok());
            QSqlQuery q(opened.value()->database());
            for (const char* table :
                 {"truth_track_genre", "truth_artist_genre", "truth_user_taste", "truth_genres"})
                QVERIFY2(q.exec(QStringLiteral("DELETE FROM %1").arg(QLatin1String(table))), table);
            QVERIFY(q.exec(QStringLiteral("UPDATE file_tags SET genre = ''")));
        }
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(copy));
        w.resize(1440, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        WorkspacePage* ws = w.workspacePage();
        QVERIFY(!ws->snapshot()->isDemo());
        w.takeTour();
        TourOverlay* tour = w.tour();
        QVERIFY(ws->map()->hasMap());
        QCOMPARE(tour->currentTarget(), static_cast<QWidget*>(ws->map()->view()));
        QVERIFY2(!tour->bodyText().contains(QStringLiteral("demo")), qPrintable(tour->bodyText()));
        QVERIFY2(tour->bodyText().contains(QStringLiteral("Your files carry no genre tags")),
                 qPrintable(tour->bodyText()));
        test::maybeGrab(&w, QStringLiteral("tour-copy-1"), QSize());
        QTest::keyClick(tour, Qt::Key_Escape);

        // Genre tags on some files: the colours are theirs.
        w.closeProject();
        {
            auto opened = ProjectStore::open(copy);
            QVERIFY(opened.ok());
            QSqlQuery q(opened.value()->database());
            QVERIFY(q.exec(QStringLiteral(
                "INSERT OR REPLACE INTO file_tags (file_id, genre) SELECT id, 'Ambient' FROM files "
                "WHERE track_id IS NOT NULL ORDER BY id LIMIT 12")));
        }
        QVERIFY(w.openProject(copy));
        int tagged = 0;
        QSqlQuery q(w.store()->database());
        QVERIFY(
            q.exec(QStringLiteral("SELECT DISTINCT f.track_id FROM file_tags t JOIN files f ON "
                                  "f.id = t.file_id WHERE t.genre = 'Ambient'")));
        while (q.next()) tagged += ws->map()->indexOfTrack(q.value(0).toLongLong()) >= 0;
        QVERIFY(tagged > 0);
        w.takeTour();
        QVERIFY2(!tour->bodyText().contains(QStringLiteral("demo")), qPrintable(tour->bodyText()));
        QVERIFY2(
            tour->bodyText().contains(
                QStringLiteral("The colours are the genres your files' tags name (%1 of the %2 "
                               "tracks have one)")
                    .arg(tagged)
                    .arg(ws->map()->map()->trackIds.size())),
            qPrintable(tour->bodyText()));
        test::maybeGrab(&w, QStringLiteral("tour-copy-tags"), QSize());
    }

private:
    QTemporaryDir work_;
    QTemporaryDir settings_;
    QString demo_;
};

QTEST_MAIN(TestUiSelection)
#include "test_ui_selection.moc"
