// The catalog views: exact plays, listeners and user figures from a small hand-made project
// (listens and timestamp-less play counts), sorting by every kind of column, word filters (AND,
// case- and accent-insensitive) that keep the sort order, the counts, the catalog window's tabs
// and the Library tab built on the same model. A track with an audio file shows the file's
// length (the demo world's files are 10 s excerpts of songs its history says last minutes).
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

#include "AppSettings.h"
#include "CatalogTableModel.h"
#include "CatalogTablePanel.h"
#include "CatalogWindow.h"
#include "LibraryPanel.h"
#include "MainWindow.h"
#include "TrackDetailsPanel.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "playlist/PlaylistCatalog.h"
#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"

using namespace tl;
using namespace tl::test;
using namespace catalog_columns;

class TestUiCatalog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    QString project_;
    CatalogTables tables_;

    // Ids in the order the model shows them.
    static QList<Id> shownIds(const CatalogTableModel& model) {
        QList<Id> ids;
        for (int r = 0; r < model.rowCount(); ++r)
            ids << model.index(r, 0).data(CatalogTableModel::kIdRole).toLongLong();
        return ids;
    }
    static QString cell(const CatalogTable& t, Id id, int column) {
        return t.text(size_t(t.rowOfId(id)), column);
    }
    static qint64 number(const CatalogTable& t, Id id, int column) {
        return t.number(size_t(t.rowOfId(id)), column);
    }

private Q_SLOTS:
    void initTestCase();
    void foldsCaseAndAccents();
    void countsPlaysListenersAndUsers();
    void sortsEveryKindOfColumn();
    void filterWordsMustAllMatchAndKeepTheOrder();
    void panelCountsWhatItShows();
    void libraryTabShowsTheProject();
    void librarySortsNumbersInNamesByValue();
    void demoTracksShowTheirFilesLength();
    void catalogWindowFillsEveryTab();
    void cancelledReadReturnsCancelled();
};

// users: alice (me), Bob, Zoë. Artists: Sigur Rós (1), ABBA (2), the Beatles (3).
// Tracks: 1 Hoppípolla, 5 Glósóli (Sigur Rós, Takk); 2 Dancing Queen, 3 Waterloo (ABBA);
// 4 Yesterday (the Beatles, the only one with a file).
// Listens: alice 1 x3 (t 100, 200, 300) and 2 x1 (400); Bob 1 x1 (150), 3 x2 (500, 600);
// Zoë 2 x1 (50). Play counts without times: Zoë 1 x5, Bob 1 x2 (Bob also has a listen of 1).
void TestUiCatalog::initTestCase() {
    QVERIFY(settingsDir_.isValid() && work_.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
    openAppSettings()->clear();

    project_ = work_.filePath(QStringLiteral("catalog.tastelab"));
    auto created = ProjectStore::create(project_);
    QVERIFY2(created.ok(), qPrintable(created.status().message()));
    ProjectStore& store = *created.value();
    ProjectStore::Transaction tx(store);
    for (auto [name, me] :
         {std::pair{"alice", true}, std::pair{"Bob", false}, std::pair{"Zoë", false}}) {
        User u{0, QString::fromUtf8(name), me};
        QVERIFY(store.addUser(u).isOk());
    }
    for (const char* name : {"Sigur Rós", "ABBA", "the Beatles"}) {
        Artist a{0, QString::fromUtf8(name), {}};
        QVERIFY(store.addArtist(a).isOk());
    }
    // The history gives two lengths: Hoppípolla's (no file) and Yesterday's, whose file is
    // shorter (2:05) and wins.
    const struct {
        Id artist;
        const char* title;
        const char* album;
        int durationMs;
    } tracks[] = {{1, "Hoppípolla", "Takk", 240000},
                  {2, "Dancing Queen", "Arrival", 0},
                  {2, "Waterloo", "Waterloo", 0},
                  {3, "Yesterday", "Help!", 413000},
                  {1, "Glósóli", "Takk", 0}};
    for (const auto& t : tracks) {
        Track track;
        track.artistId = t.artist;
        track.title = QString::fromUtf8(t.title);
        track.album = QString::fromUtf8(t.album);
        track.durationMs = t.durationMs;
        QVERIFY(store.addTrack(track).isOk());
    }
    const Listen listens[] = {{1, 1, 100, 0, false}, {1, 1, 200, 0, false}, {1, 1, 300, 0, false},
                              {1, 2, 400, 0, false}, {2, 1, 150, 0, false}, {2, 3, 500, 0, false},
                              {2, 3, 600, 0, false}, {3, 2, 50, 0, false}};
    for (const Listen& l : listens) QVERIFY(store.addListen(l).isOk());
    QSqlQuery q(store.database());
    QVERIFY(q.exec(QStringLiteral(
        "INSERT INTO play_counts(user_id, track_id, plays) VALUES (3, 1, 5), (2, 1, 2)")));
    AudioFile matched{0,    4,      QStringLiteral("/music/The Beatles/Yesterday.flac"),
                      1000, 0,      44100,
                      2,    125000, QStringLiteral("FLAC")};
    AudioFile loose{
        0, 0, QStringLiteral("/music/unknown.wav"), 10, 0, 48000, 1, 3000, QStringLiteral("WAV")};
    QVERIFY(store.addFile(matched).isOk());
    QVERIFY(store.addFile(loose).isOk());
    QVERIFY(tx.commit().isOk());

    auto loaded = loadCatalogTables(store, kAllCatalogParts, Progress());
    QVERIFY2(loaded.ok(), qPrintable(loaded.status().message()));
    tables_ = loaded.value();
    QVERIFY(tables_.users && tables_.artists && tables_.tracks && tables_.files);
}

void TestUiCatalog::foldsCaseAndAccents() {
    QCOMPARE(foldForMatching(QStringLiteral("Sigur Rós")), std::string("sigur ros"));
    QCOMPARE(foldForMatching(QStringLiteral("BJÖRK Guðmundsdóttir")),
             std::string("bjork guðmundsdottir"));
    QCOMPARE(foldForMatching(QStringLiteral("ＡＢＢＡ")), std::string("abba"));  // full width
}

void TestUiCatalog::countsPlaysListenersAndUsers() {
    const CatalogTable& t = *tables_.tracks;
    QCOMPARE(t.rowCount(), size_t(5));
    QCOMPARE(cell(t, 1, TrackArtist), QStringLiteral("Sigur Rós"));
    QCOMPARE(cell(t, 5, TrackTitle), QStringLiteral("Glósóli"));
    // Track 1: alice 3 + Bob 1 listen + 2 counted + Zoë 5 counted; Bob is one listener.
    const qint64 plays[] = {11, 2, 2, 0, 0}, listeners[] = {3, 2, 1, 0, 0},
                 audio[] = {0, 0, 0, 1, 0}, length[] = {240000, 0, 0, 125000, 0};
    for (Id id = 1; id <= 5; ++id) {
        QCOMPARE(number(t, id, TrackLength), length[id - 1]);
        QCOMPARE(number(t, id, TrackPlays), plays[id - 1]);
        QCOMPARE(number(t, id, TrackListeners), listeners[id - 1]);
        QCOMPARE(number(t, id, TrackHasAudio), audio[id - 1]);
    }
    const CatalogTable& a = *tables_.artists;
    QCOMPARE(number(a, 1, ArtistTracks), 2);
    QCOMPARE(number(a, 1, ArtistPlays), 11);
    QCOMPARE(number(a, 1, ArtistListeners), 3);
    QCOMPARE(number(a, 2, ArtistTracks), 2);
    QCOMPARE(number(a, 2, ArtistPlays), 4);
    QCOMPARE(number(a, 2, ArtistListeners), 3);  // alice and Zoë (Dancing Queen), Bob (Waterloo)
    QCOMPARE(number(a, 3, ArtistPlays), 0);
    QCOMPARE(number(a, 3, ArtistListeners), 0);

    const CatalogTable& u = *tables_.users;
    QCOMPARE(cell(u, 3, UserName), QStringLiteral("Zoë"));
    const qint64 me[] = {1, 0, 0}, userPlays[] = {4, 5, 6}, userTracks[] = {2, 2, 2},
                 first[] = {100, 150, 50}, last[] = {400, 600, 50};
    for (Id id = 1; id <= 3; ++id) {
        QCOMPARE(number(u, id, UserIsMe), me[id - 1]);
        QCOMPARE(number(u, id, UserPlays), userPlays[id - 1]);
        QCOMPARE(number(u, id, UserTracks), userTracks[id - 1]);
        QCOMPARE(number(u, id, UserFirstListen), first[id - 1]);
        QCOMPARE(number(u, id, UserLastListen), last[id - 1]);
    }

    const CatalogTable& f = *tables_.files;
    QCOMPARE(f.rowCount(), size_t(2));
    QCOMPARE(cell(f, 1, FileTrack), QStringLiteral("the Beatles – Yesterday"));
    QCOMPARE(f.trackId(0), Id(4));
    QCOMPARE(number(f, 1, FileDuration), 125000);
    QCOMPARE(number(f, 2, FileSampleRate), 48000);
    QCOMPARE(cell(f, 2, FileTrack), QString());
    QCOMPARE(f.trackId(1), Id(0));
}

void TestUiCatalog::sortsEveryKindOfColumn() {
    CatalogTableModel model;
    model.setTable(tables_.tracks);
    QCOMPARE(shownIds(model), (QList<Id>{1, 2, 3, 4, 5}));  // unsorted: id order
    // Text, case- and accent-insensitive: "Glósóli" between "Dancing" and "Hoppípolla".
    model.sort(TrackTitle, Qt::AscendingOrder);
    QCOMPARE(shownIds(model), (QList<Id>{2, 5, 1, 3, 4}));
    QCOMPARE(model.index(1, TrackTitle).data().toString(), QStringLiteral("Glósóli"));
    // "ABBA" < "Sigur Rós" < "the Beatles": case does not count; ties keep id order.
    model.sort(TrackArtist, Qt::AscendingOrder);
    QCOMPARE(shownIds(model), (QList<Id>{2, 3, 1, 5, 4}));
    // Numbers numerically; descending is the ascending order reversed.
    model.sort(TrackPlays, Qt::AscendingOrder);
    QCOMPARE(shownIds(model), (QList<Id>{4, 5, 2, 3, 1}));
    model.sort(TrackPlays, Qt::DescendingOrder);
    QCOMPARE(shownIds(model), (QList<Id>{1, 3, 2, 5, 4}));
    QCOMPARE(model.index(0, TrackPlays).data().toString(), QStringLiteral("11"));
    // Lengths: unknown (shown empty) first, then the file's 2:05, then the history's 4:00.
    model.sort(TrackLength, Qt::AscendingOrder);
    QCOMPARE(shownIds(model), (QList<Id>{2, 3, 5, 4, 1}));
    QCOMPARE(model.index(0, TrackLength).data().toString(), QString());
    QCOMPARE(model.index(3, TrackLength).data().toString(), QStringLiteral("2:05"));
    QCOMPARE(model.index(4, TrackLength).data().toString(), QStringLiteral("4:00"));
    QCOMPARE(model.headerData(TrackLength, Qt::Horizontal).toString(), QStringLiteral("Length"));
    model.sort(TrackHasAudio, Qt::DescendingOrder);
    QCOMPARE(shownIds(model).first(), Id(4));
    QCOMPARE(model.index(0, TrackHasAudio).data().toString(), QStringLiteral("Yes"));

    CatalogTableModel users;
    users.setTable(tables_.users);
    users.sort(UserLastListen, Qt::AscendingOrder);  // timestamps
    QCOMPARE(shownIds(users), (QList<Id>{3, 1, 2}));
    users.sort(UserName, Qt::AscendingOrder);  // "alice" before "Bob" before "Zoë"
    QCOMPARE(shownIds(users), (QList<Id>{1, 2, 3}));
    QCOMPARE(users.index(0, UserIsMe).data().toString(), QStringLiteral("me"));
    QCOMPARE(users.index(1, UserIsMe).data().toString(), QString());
    QCOMPARE(users.index(2, UserFirstListen).data().toString(), QStringLiteral("1970-01-01 00:00"));

    CatalogTableModel files;
    files.setTable(tables_.files);
    files.sort(FileDuration, Qt::AscendingOrder);  // durations
    QCOMPARE(shownIds(files), (QList<Id>{2, 1}));
    QCOMPARE(files.index(1, FileDuration).data().toString(), QStringLiteral("2:05"));
}

void TestUiCatalog::filterWordsMustAllMatchAndKeepTheOrder() {
    CatalogTableModel model;
    model.setTable(tables_.tracks);
    model.sort(TrackTitle, Qt::AscendingOrder);
    model.setFilterText(QStringLiteral("SIGUR"));
    QCOMPARE(shownIds(model), (QList<Id>{5, 1}));         // still by title
    model.setFilterText(QStringLiteral("ros takk glo"));  // every word, any column, no accents
    QCOMPARE(shownIds(model), (QList<Id>{5}));
    // Typing on narrows the last result: "w" matches nothing of ABBA but "Waterloo".
    model.setFilterText(QStringLiteral("abba"));
    QCOMPARE(shownIds(model), (QList<Id>{2, 3}));
    model.setFilterText(QStringLiteral("abba w"));
    QCOMPARE(shownIds(model), (QList<Id>{3}));
    model.setFilterText(QStringLiteral("abba water"));
    QCOMPARE(shownIds(model), (QList<Id>{3}));
    model.setFilterText(QStringLiteral("abba"));  // and widens again on backspace
    QCOMPARE(shownIds(model), (QList<Id>{2, 3}));
    model.setFilterText(QStringLiteral("abba beatles"));  // never in one row
    QCOMPARE(model.rowCount(), 0);
    model.setFilterText(QStringLiteral("  "));
    QCOMPARE(shownIds(model), (QList<Id>{2, 5, 1, 3, 4}));
    // Sorting while filtered keeps the filter.
    model.setFilterText(QStringLiteral("o"));  // Hoppípolla, Waterloo, Glósóli
    model.sort(TrackPlays, Qt::DescendingOrder);
    QCOMPARE(shownIds(model), (QList<Id>{1, 3, 5}));
}

void TestUiCatalog::panelCountsWhatItShows() {
    CatalogTablePanel panel(QStringLiteral("test"),
                            {QStringLiteral("track"), QStringLiteral("tracks"), {}, {}, {}});
    panel.setLoading();
    QCOMPARE(panel.countLabel()->text(), QStringLiteral("Loading…"));
    QVERIFY(!panel.filterEdit()->isEnabled());
    panel.setTable(tables_.tracks);
    QCOMPARE(panel.countLabel()->text(), QStringLiteral("5 tracks"));
    QTest::keyClicks(panel.filterEdit(), QStringLiteral("takk"));  // small: no typing pause
    QCOMPARE(panel.visibleRows(), 2);
    QCOMPARE(panel.countLabel()->text(), QStringLiteral("2 of 5 tracks"));
    panel.filterEdit()->setText(QStringLiteral("zqxj"));
    QCOMPARE(panel.countLabel()->text(), QStringLiteral("No track matches"));
    // Selecting a filtered-out row clears the filter first.
    QVERIFY(panel.selectId(4));
    QVERIFY(panel.filterEdit()->text().isEmpty());
    QCOMPARE(panel.view()->currentIndex().data(CatalogTableModel::kIdRole).toLongLong(), Id(4));
}

void TestUiCatalog::libraryTabShowsTheProject() {
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QSignalSpy loaded(&w, &MainWindow::libraryLoaded);
    QVERIFY(w.openProject(project_));
    QCOMPARE(loaded.count(), 1);  // a small project reads its library at once
    w.show();
    LibraryPanel* library = w.workspacePage()->library();
    QCOMPARE(library->visibleRows(), 5);
    QTableView* view = library->view();
    // The most played first.
    QCOMPARE(view->model()->index(0, TrackTitle).data().toString(), QStringLiteral("Hoppípolla"));
    view->selectRow(0);
    TrackDetailsPanel* details = w.workspacePage()->details();
    QCOMPARE(details->trackId(), Id(1));
    QCOMPARE(details->fieldText(QStringLiteral("Plays")), QStringLiteral("11"));
    QCOMPARE(details->fieldText(QStringLiteral("Listeners")), QStringLiteral("3"));
    QCOMPARE(details->fieldText(QStringLiteral("Duration")), QStringLiteral("4:00"));
    // Yesterday: its file's 2:05, not the history's 6:53; no excerpt note outside the demo.
    QVERIFY(library->selectTrack(4));
    QCOMPARE(details->trackId(), Id(4));
    QCOMPARE(details->fieldText(QStringLiteral("Duration")), QStringLiteral("2:05"));
    QTest::keyClicks(library->filterEdit(), QStringLiteral("abba"));
    QCOMPARE(library->visibleRows(), 2);
}

// Issue 19, item 15: the library sorted track31, track30, track3, track29 (byte order). Names
// sort naturally, the numbers in them by value (as QCollator's numeric mode), in the Library
// view's own sort, either way, and mixed with case, accents and leading zeros.
void TestUiCatalog::librarySortsNumbersInNamesByValue() {
    const QString path = work_.filePath(QStringLiteral("natural.tastelab"));
    {
        auto created = ProjectStore::create(path);
        QVERIFY(created.ok());
        ProjectStore& store = *created.value();
        ProjectStore::Transaction tx(store);
        Artist artist{0, QStringLiteral("Band"), {}};
        QVERIFY(store.addArtist(artist).isOk());
        for (const char* title : {"track31", "track3", "Track 3", "track30", "track29", "track100",
                                  "track2", "tráck10", "track1", "track03", "track",
                                  "Disc 2 track 9", "Disc 10 track 1", "Disc 2 track 10"}) {
            Track track;
            track.artistId = artist.id;
            track.title = QString::fromUtf8(title);
            QVERIFY(store.addTrack(track).isOk());
        }
        QVERIFY(tx.commit().isOk());
    }
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QVERIFY(w.openProject(path));
    w.show();
    LibraryPanel* library = w.workspacePage()->library();
    QTableView* view = library->view();
    auto titles = [view] {
        QStringList out;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            out << view->model()->index(r, TrackTitle).data().toString();
        return out;
    };
    view->sortByColumn(TrackTitle, Qt::AscendingOrder);
    // "track03" is track3's equal (ties keep the order they were added in).
    const QStringList ascending{
        QStringLiteral("Disc 2 track 9"),  QStringLiteral("Disc 2 track 10"),
        QStringLiteral("Disc 10 track 1"), QStringLiteral("track"),
        QStringLiteral("Track 3"),         QStringLiteral("track1"),
        QStringLiteral("track2"),          QStringLiteral("track3"),
        QStringLiteral("track03"),         QString::fromUtf8("tráck10"),
        QStringLiteral("track29"),         QStringLiteral("track30"),
        QStringLiteral("track31"),         QStringLiteral("track100")};
    QCOMPARE(titles(), ascending);
    view->sortByColumn(TrackTitle, Qt::DescendingOrder);
    QStringList descending = ascending;
    std::reverse(descending.begin(), descending.end());
    QCOMPARE(titles(), descending);
    maybeGrab(&w, QStringLiteral("library-natural-order"));
}

// Issue 19, item 10: on the demo a track listed as 6:53 had a 10 s audio file. Every track with a
// file shows the file's length, in the Library and in Track details (which says it is a demo
// excerpt); a track without a file keeps its history's length.
void TestUiCatalog::demoTracksShowTheirFilesLength() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString demo = smallDemoProject(dir.path(), 3);
    QVERIFY(!demo.isEmpty());
    QHash<Id, int> fileLength, historyLength;
    {
        auto store = ProjectStore::open(demo);
        QVERIFY(store.ok());
        for (const AudioFile& f : store.value()->files())
            if (f.trackId && !fileLength.contains(f.trackId))
                fileLength.insert(f.trackId, f.durationMs);
        for (const Track& t : store.value()->tracks()) historyLength.insert(t.id, t.durationMs);
        // The playlist files a weekly playlist is exported to say the same, and the summaries.
        const PlaylistCatalog catalog = PlaylistCatalog::load(*store.value());
        for (auto it = historyLength.cbegin(); it != historyLength.cend(); ++it)
            QCOMPARE(catalog.lengthMs(it.key()), fileLength.value(it.key(), it.value()));
        for (const TrackSummary& t : store.value()->trackSummaries())
            QCOMPARE(t.lengthMs, fileLength.value(t.trackId, historyLength.value(t.trackId)));
    }
    QVERIFY(fileLength.size() >= 50);
    Id withFile = 0, withoutFile = 0;
    for (auto it = historyLength.cbegin(); it != historyLength.cend(); ++it) {
        if (fileLength.contains(it.key()) && !withFile) withFile = it.key();
        if (!fileLength.contains(it.key()) && !withoutFile) withoutFile = it.key();
    }
    QVERIFY(withFile && withoutFile);
    QCOMPARE(fileLength.value(withFile), 10000);  // the demo's excerpts are 10 s
    QVERIFY(historyLength.value(withFile) > 60000);

    MainWindow w;
    w.setModalDialogsEnabled(false);
    QVERIFY(w.openProject(demo));
    w.show();
    LibraryPanel* library = w.workspacePage()->library();
    // Every track with a file: 0:10 in the Library.
    for (auto it = fileLength.cbegin(); it != fileLength.cend(); ++it) {
        QVERIFY(library->selectTrack(it.key()));
        QCOMPARE(library->view()->currentIndex().siblingAtColumn(TrackLength).data().toString(),
                 QStringLiteral("0:10"));
    }
    TrackDetailsPanel* details = w.workspacePage()->details();
    QVERIFY(library->selectTrack(withFile));
    QCOMPARE(details->trackId(), withFile);
    QCOMPARE(details->fieldText(QStringLiteral("Duration")),
             QStringLiteral("0:10 (demo excerpt)"));
    QVERIFY(details->fieldText(QStringLiteral("Audio")).endsWith(QStringLiteral("0:10")));
    // No file: the history's length, with no note.
    const int ms = historyLength.value(withoutFile);
    const QString history = QStringLiteral("%1:%2")
                                .arg((ms + 500) / 1000 / 60)
                                .arg((ms + 500) / 1000 % 60, 2, 10, QLatin1Char('0'));
    QVERIFY(library->selectTrack(withoutFile));
    QCOMPARE(library->view()->currentIndex().siblingAtColumn(TrackLength).data().toString(),
             history);
    QCOMPARE(details->fieldText(QStringLiteral("Duration")), history);
    maybeGrab(&w, QStringLiteral("demo-excerpt-length"));
}

void TestUiCatalog::catalogWindowFillsEveryTab() {
    MainWindow w;
    w.setModalDialogsEnabled(false);
    QVERIFY(w.openProject(project_));
    w.show();
    QAction* action = w.findChild<QAction*>(QStringLiteral("catalogAction"));
    QVERIFY(action && action->isEnabled());
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+C")));
    action->trigger();
    CatalogWindow* catalog = w.catalogWindow();
    QVERIFY(catalog && catalog->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!catalog->isLoading(), 20000);
    QCOMPARE(catalog->panel(CatalogWindow::UsersTab)->visibleRows(), 3);
    QCOMPARE(catalog->panel(CatalogWindow::ArtistsTab)->visibleRows(), 3);
    QCOMPARE(catalog->panel(CatalogWindow::TracksTab)->visibleRows(), 5);
    QCOMPARE(catalog->panel(CatalogWindow::FilesTab)->visibleRows(), 2);
    QCOMPARE(catalog->panel(CatalogWindow::UsersTab)->countLabel()->text(),
             QStringLiteral("3 users"));
    // Users by plays, most first: Zoë 6, Bob 5, alice 4 — alice is "me".
    QAbstractItemModel* users = catalog->panel(CatalogWindow::UsersTab)->view()->model();
    QCOMPARE(users->index(2, UserName).data().toString(), QStringLiteral("alice"));
    QCOMPARE(users->index(2, UserIsMe).data().toString(), QStringLiteral("me"));
    catalog->tabs()->setCurrentIndex(CatalogWindow::UsersTab);
    maybeGrab(catalog, QStringLiteral("catalog-users"), QSize(1000, 500));

    // A file matched to a track selects that track in the workspace.
    CatalogTablePanel* files = catalog->panel(CatalogWindow::FilesTab);
    const int row = files->model()->viewRowOfId(1);
    QVERIFY(row >= 0);
    files->view()->selectRow(row);
    QCOMPARE(w.workspacePage()->details()->trackId(), Id(4));
    QCOMPARE(w.workspacePage()->details()->fieldText(QStringLiteral("Title")),
             QStringLiteral("Yesterday"));
    // And so does a row of the Tracks tab.
    CatalogTablePanel* tracks = catalog->panel(CatalogWindow::TracksTab);
    tracks->view()->selectRow(tracks->model()->viewRowOfId(3));
    QCOMPARE(w.workspacePage()->details()->trackId(), Id(3));
    catalog->tabs()->setCurrentIndex(CatalogWindow::FilesTab);
    maybeGrab(catalog, QStringLiteral("catalog-files"), QSize(1000, 500));
    maybeGrab(&w, QStringLiteral("catalog-main"));
}

void TestUiCatalog::cancelledReadReturnsCancelled() {
    auto opened = ProjectStore::openUnchecked(project_);  // what the GUI thread uses for big files
    QVERIFY(opened.ok());
    Progress progress;
    progress.cancel();
    const auto loaded = loadCatalogTables(*opened.value(), kAllCatalogParts, progress);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.status().code(), Status::Code::Cancelled);
}

QTEST_MAIN(TestUiCatalog)
#include "test_ui_catalog.moc"
