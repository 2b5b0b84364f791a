// The columns a map can be coloured by, read from a five-track project written here row by row:
// each track's album, plays, listeners and cold start (the library table's), its first file's
// format, the import that brought most of its rows (ties to the earlier import; a file and no
// history: "Music folder"); and the numeric part of the legends (a continuous range and where a
// value sits on it, linear and log; the largest categories, "Other" and "No value" counted).
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "job/Progress.h"
#include "maps/MapColumns.h"
#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

const MapColumn* find(const std::vector<MapColumn>& columns, const QString& key) {
    for (const MapColumn& c : columns)
        if (c.key == key) return &c;
    return nullptr;
}

}  // namespace

class MapsColumnsTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::unique_ptr<ProjectStore> store_;

private Q_SLOTS:
    void initTestCase() {
        auto created = ProjectStore::create(dir_.filePath(QStringLiteral("five.tastelab")));
        QVERIFY2(created.ok(), qPrintable(created.status().message()));
        store_ = std::move(created).value();
        QSqlQuery q(store_->database());
        const QStringList rows{
            "INSERT INTO users(id, name, is_me) VALUES (1, 'ana', 1), (2, 'bo', 0)",
            "INSERT INTO artists(id, name) VALUES (1, 'Alpha'), (2, 'Beta')",
            "INSERT INTO tracks(id, artist_id, title, album) VALUES (1, 1, 'One', 'First'), "
            "(2, 1, 'Two', 'First'), (3, 2, 'Three', 'Second'), (4, 2, 'Four', ''), "
            "(5, 2, 'Five', '')",
            // Track 1 has two files: its first (FLAC) is the one that counts.
            "INSERT INTO files(id, track_id, path, size, mtime, format) VALUES "
            "(1, 1, '/m/1.flac', 1, 1, 'flac'), (2, 1, '/m/1.mp3', 1, 1, 'mp3'), "
            "(3, 3, '/m/3.wav', 1, 1, 'wav'), (4, 4, '/m/4.flac', 1, 1, 'FLAC'), "
            "(5, NULL, '/m/loose.ogg', 1, 1, 'ogg')",
            "INSERT INTO imports(id, label, imported_at) VALUES (1, 'Spotify export', 'x'), "
            "(2, 'Last.fm scrobbles', 'y')",
            // Track 1: 3 rows from import 1, 1 from import 2. Track 2: one each (a tie).
            "INSERT INTO listens(user_id, track_id, ended_at, import_id) VALUES (1, 1, 10, 1), "
            "(1, 1, 20, 1), (1, 1, 30, 1), (2, 1, 40, 2), (1, 2, 50, 2), (2, 2, 60, 1)",
            // Track 3: only a play count (5 plays) from import 2.
            "INSERT INTO play_counts(user_id, track_id, plays, import_id) VALUES (2, 3, 5, 2)",
        };
        for (const QString& sql : rows) QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    }

    void libraryTableColumns() {
        auto tables = loadCatalogTables(*store_, CatalogTracks, Progress());
        QVERIFY(tables.ok());
        const std::vector<MapColumn> columns = trackTableColumns(*tables->tracks);
        const MapColumn* album = find(columns, QStringLiteral("album"));
        const MapColumn* plays = find(columns, QStringLiteral("plays"));
        const MapColumn* listeners = find(columns, QStringLiteral("listeners"));
        const MapColumn* cold = find(columns, QStringLiteral("cold_start"));
        QVERIFY(album && plays && listeners && cold);
        QVERIFY(album->categorical && cold->categorical);
        QVERIFY(!plays->categorical && plays->logScale && plays->integer);
        QCOMPARE(album->categories, (QHash<Id, QString>{{1, QStringLiteral("First")},
                                                        {2, QStringLiteral("First")},
                                                        {3, QStringLiteral("Second")}}));
        QCOMPARE(plays->numbers, (QHash<Id, double>{{1, 4}, {2, 2}, {3, 5}, {4, 0}, {5, 0}}));
        QCOMPARE(listeners->numbers, (QHash<Id, double>{{1, 2}, {2, 2}, {3, 1}, {4, 0}, {5, 0}}));
        const QString played = QStringLiteral("Played"),
                      nobody = QStringLiteral("Nobody played it");
        QCOMPARE(
            cold->categories,
            (QHash<Id, QString>{{1, played}, {2, played}, {3, played}, {4, nobody}, {5, nobody}}));
    }

    void storeColumnsFormatAndImport() {
        const std::vector<MapColumn> columns = storeColumns(*store_);
        // No file's tags give a year: that column is left out rather than shown empty.
        QCOMPARE(int(columns.size()), 2);
        QVERIFY(!find(columns, QStringLiteral("year")));
        const MapColumn* format = find(columns, QStringLiteral("format"));
        const MapColumn* import = find(columns, QStringLiteral("import"));
        QVERIFY(format && import && format->categorical && import->categorical);
        QCOMPARE(format->categories, (QHash<Id, QString>{{1, QStringLiteral("FLAC")},
                                                         {3, QStringLiteral("WAV")},
                                                         {4, QStringLiteral("FLAC")}}));
        QCOMPARE(import->categories, (QHash<Id, QString>{{1, QStringLiteral("Spotify export")},
                                                         {2, QStringLiteral("Spotify export")},
                                                         {3, QStringLiteral("Last.fm scrobbles")},
                                                         {4, QStringLiteral("Music folder")}}));
        // In a map's order, with no value where a track has none.
        const std::vector<Id> map{5, 4, 3, 1};
        QCOMPARE(columnCategories(*format, map),
                 (std::vector<QString>{
                     {}, QStringLiteral("FLAC"), QStringLiteral("WAV"), QStringLiteral("FLAC")}));
    }

    void yearFromTheFilesTags() {
        // What a scan stores (file_tags.year, schema 5): the first file with a year counts,
        // 0 is no year.
        QSqlQuery q(store_->database());
        QVERIFY2(q.exec(QStringLiteral(
                     "INSERT INTO file_tags(file_id, year) VALUES (1, 0), (2, 1987), (3, 2003), "
                     "(4, 0), (5, 1990)")),
                 qPrintable(q.lastError().text()));
        const std::vector<MapColumn> columns = storeColumns(*store_);
        const MapColumn* year = find(columns, QStringLiteral("year"));
        QVERIFY(year && !year->categorical);
        QCOMPARE(year->numbers, (QHash<Id, double>{{1, 1987}, {3, 2003}}));
        QVERIFY(q.exec(QStringLiteral("DELETE FROM file_tags")));
    }

    void continuousScales() {
        const double nan = std::nan("");
        const ContinuousScale years = continuousScale({1987, nan, 2003, 1990}, false);
        QCOMPARE(years.min, 1987.0);
        QCOMPARE(years.max, 2003.0);
        QCOMPARE(years.count, 3);
        QCOMPARE(years.position(1995), 0.5);
        QCOMPARE(years.position(1987), 0.0);
        QCOMPARE(years.position(2010), 1.0);  // clamped
        QVERIFY(std::isnan(years.position(nan)));
        QCOMPARE(years.valueAt(0.25), 1991.0);
        const ContinuousScale plays = continuousScale({0, 9, 99}, true);
        QCOMPARE(plays.position(9), 0.5);  // log1p: log 10 / log 100
        QVERIFY(std::abs(plays.valueAt(0.5) - 9.0) < 1e-9);
        QCOMPARE(continuousScale({7, 7}, false).position(7), 0.5);  // one value: the middle
        QCOMPARE(continuousScale({nan}, false).count, 0);
        MapColumn year;
        year.numbers = {{1, 1987}, {3, 2003}};
        const std::vector<double> values = columnNumbers(year, {3, 2, 1});
        QCOMPARE(values[0], 2003.0);
        QVERIFY(std::isnan(values[1]));
        QCOMPARE(values[2], 1987.0);
    }

    void categoryBinsCountExactly() {
        const std::vector<QString> values{"a", "b", "a", "", "c", "b", "a", "d"};
        const CategoryBins bins = categoryBins(values, 2);
        QCOMPARE(bins.names, (std::vector<QString>{"a", "b"}));
        QCOMPARE(bins.counts, (std::vector<int>{3, 2}));
        QCOMPARE(bins.other, 2);
        QCOMPARE(bins.otherCategories, 2);
        QCOMPARE(bins.noValue, 1);
        const int O = CategoryBins::kOther, N = CategoryBins::kNoValue;
        QCOMPARE(bins.binOf, (std::vector<int>{0, 1, 0, N, O, 1, 0, O}));
        // Ties by name; all named when there is room.
        const CategoryBins all = categoryBins({"y", "x", "y", "x", "z"}, 9);
        QCOMPARE(all.names, (std::vector<QString>{"x", "y", "z"}));
        QCOMPARE(all.other, 0);
        // Another map's categories and order (a side-by-side view's primary map).
        const std::vector<QString> order{"a", "b"};
        const CategoryBins second = categoryBins({"b", "c", ""}, 9, &order);
        QCOMPARE(second.names, order);
        QCOMPARE(second.counts, (std::vector<int>{0, 1}));
        QCOMPARE(second.binOf, (std::vector<int>{1, O, N}));
    }
};

QTEST_GUILESS_MAIN(MapsColumnsTest)
#include "test_maps_columns.moc"
