// The map's labels, colour-by-any-column legends and search filter, driven headless: labels
// ("Artist — Title") appear once the zoom leaves room and never overlap, the selected track's
// and the emphasised tracks' labels are drawn at any zoom; colouring by a continuous column
// (listeners, year) shows a ramp with the map's minimum and maximum, by a categorical one (file
// format, read from the store only once a colouring needs it) the categories with their exact
// track counts; the search box fades exactly the tracks that do not match it and says how many
// do; in the window, the same colourings read the demo project's columns. With
// TASTELAB_UI_GRAB_DIR set, screenshots of the demo map zoomed in with labels, coloured by year
// and by format, in a light and a dark scheme.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <map>
#include <set>

#include "ColorMap.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "MapView.h"
#include "ProjectSnapshot.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "cf/CfModel.h"
#include "maps/MapColumns.h"
#include "maps/ProjectMaps.h"
#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

// A 20 x 20 lattice, one data unit apart.
std::shared_ptr<std::vector<MapPoint>> lattice() {
    auto pts = std::make_shared<std::vector<MapPoint>>();
    for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 20; ++x) pts->push_back({float(x), float(y), qRgb(55, 126, 184)});
    return pts;
}

QString latticeLabel(int i) {
    return QStringLiteral("Artist %1 — Title %1").arg(i);
}

void verifyNoOverlap(const std::vector<MapView::PlacedLabel>& labels) {
    for (size_t a = 0; a < labels.size(); ++a)
        for (size_t b = a + 1; b < labels.size(); ++b)
            QVERIFY2(!labels[a].rect.intersects(labels[b].rect),
                     qPrintable(QStringLiteral("labels of dots %1 and %2 overlap")
                                    .arg(labels[a].index)
                                    .arg(labels[b].index)));
}

QPalette darkPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xd8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    for (const auto role : {QPalette::ButtonText, QPalette::WindowText, QPalette::Text})
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return p;
}

}  // namespace

class TestUiMapLabels : public QObject {
    Q_OBJECT
private:
    QTemporaryDir work_;
    QString demo_;
    std::shared_ptr<const ProjectMap> demoMap_;
    std::unique_ptr<ProjectStore> store_;
    ProjectSnapshot snapshot_;

    std::shared_ptr<MapTrackData> demoData() {
        auto data = std::make_shared<MapTrackData>();
        data->columns = storeColumns(*store_);
        return data;
    }

private Q_SLOTS:
    // The small demo world's CF map, made as Compute Map makes it (a second or two).
    void initTestCase() {
        QVERIFY(work_.isValid());
        test::isolateSettings(work_.filePath(QStringLiteral("settings")));
        demo_ = test::smallDemoProject(work_.path(), 5);
        QVERIFY(!demo_.isEmpty());
        auto store = ProjectStore::open(demo_);
        QVERIFY(store.ok());
        store_ = std::move(store).value();
        QVERIFY(trainCf(*store_, AlsOptions{}, InteractionOptions{}, Progress()).ok());
        MapPanel panel;
        auto map =
            buildProjectMap(*store_, QStringLiteral("cf"), panel.projectionOptions(), Progress());
        QVERIFY2(map.ok(), qPrintable(map.status().message()));
        demoMap_ = std::make_shared<const ProjectMap>(std::move(map.value()));
        snapshot_ = loadProjectSnapshot(*store_);
        QVERIFY(snapshot_.tracks);
    }

    void labelsAppearWhenZoomedInAndNeverOverlap() {
        MapView view;
        view.resize(600, 400);
        view.setPoints(lattice());
        view.setLabelProvider(latticeLabel);
        // 8 px between neighbours: no room for labels, and none is selected.
        view.setView(QPointF(9.5, 9.5), 8.0);
        QVERIFY(!view.labelsShown());
        QVERIFY(view.layoutLabels().empty());
        // 60 px apart: labels, nearest the centre first, none overlapping, all inside the view
        // and beside their dot.
        view.setView(QPointF(9.5, 9.5), 60.0);
        QVERIFY(view.labelsShown());
        const std::vector<MapView::PlacedLabel> labels = view.layoutLabels();
        QVERIFY2(labels.size() >= 15, qPrintable(QString::number(labels.size())));
        verifyNoOverlap(labels);
        const std::set<int> centre{9 * 20 + 9, 9 * 20 + 10, 10 * 20 + 9, 10 * 20 + 10};
        QVERIFY(centre.count(labels.front().index));
        const QRectF inside(view.rect());
        for (const MapView::PlacedLabel& l : labels) {
            QVERIFY(!l.forced);
            QVERIFY(inside.contains(l.rect));
            const MapPoint& p = view.points()[size_t(l.index)];
            const QPointF at = view.toWidget({p.x, p.y});
            QVERIFY(inside.contains(at));
            // Beside the dot (right or left), or centred above or below it; never over a dot.
            const bool beside = std::abs(l.rect.center().y() - at.y()) < 1.0 &&
                                (l.rect.left() > at.x() || l.rect.right() < at.x());
            const bool overUnder = std::abs(l.rect.center().x() - at.x()) < 1.0 &&
                                   (l.rect.top() > at.y() || l.rect.bottom() < at.y());
            QVERIFY(beside || overUnder);
            const double r = view.pointSize() / 2.0;
            for (const MapPoint& q : view.points()) {
                const QPointF dot = view.toWidget({q.x, q.y});
                QVERIFY(!l.rect.intersects(
                    QRectF(dot - QPointF(r, r), dot + QPointF(r, r)).adjusted(1, 1, -1, -1)));
            }
        }
        // The frame draws exactly these, text on a box of the background colour.
        const QImage frame = view.renderFrame();
        QCOMPARE(view.lastLabels().size(), labels.size());
        for (size_t k = 0; k < labels.size(); ++k)
            QCOMPARE(view.lastLabels()[k].rect, labels[k].rect);
        const QRect box = labels.front().rect.toAlignedRect().adjusted(4, 2, -4, -2);
        const QRgb text = view.palette().color(QPalette::Text).rgb();
        int dark = 0;
        for (int y = box.top(); y <= box.bottom(); ++y)
            for (int x = box.left(); x <= box.right(); ++x)
                dark += qGray(frame.pixel(x, y)) < qGray(text) + 60;
        QVERIFY2(dark > 20, qPrintable(QString::number(dark)));  // glyphs were drawn
        // Labels keep out of the legend's box.
        view.setLegend({{QStringLiteral("a long legend entry, a long one"), qRgb(0, 0, 0)}});
        const QRectF legend = view.legendRect();
        for (const MapView::PlacedLabel& l : view.layoutLabels())
            QVERIFY(!l.rect.intersects(legend));
    }

    void selectedAndEmphasisedLabelsAreAlwaysDrawn() {
        MapView view;
        view.resize(600, 400);
        view.setPoints(lattice());
        view.setLabelProvider(latticeLabel);
        view.setView(QPointF(9.5, 9.5), 8.0);
        view.selectPoint(9 * 20 + 7);
        view.setEmphasised({9 * 20 + 8, 10 * 20 + 7, 5 * 20 + 15});
        std::vector<MapView::PlacedLabel> labels = view.layoutLabels();
        QCOMPARE(int(labels.size()), 4);
        QCOMPARE(labels.front().index, 9 * 20 + 7);  // the selected first
        std::set<int> shown;
        for (const MapView::PlacedLabel& l : labels) {
            QVERIFY(l.forced);
            shown.insert(l.index);
        }
        QCOMPARE(shown, (std::set<int>{187, 188, 207, 115}));
        verifyNoOverlap(labels);  // neighbours' labels go above or below when beside is taken
        // Zoomed in, the others join them, after them and around them.
        view.setView(QPointF(9.5, 9.5), 60.0);
        labels = view.layoutLabels();
        QCOMPARE(labels.front().index, 187);
        QVERIFY(labels.size() > 4);
        for (size_t k = 0; k < 3; ++k) QVERIFY(labels[k].forced);
        verifyNoOverlap(labels);
        // The selected dot's label is drawn even where the view is crowded (off: nothing).
        view.setView(QPointF(9.5, 9.5), 1.0);
        labels = view.layoutLabels();
        QVERIFY(!labels.empty() && labels.front().index == 187);
        view.selectPoint(-1);
        view.setEmphasised({});
        QVERIFY(view.layoutLabels().empty());

        // The panel takes track ids and emphasises those its map has.
        MapPanel panel;
        panel.setMap(demoMap_, &snapshot_);
        const Id a = demoMap_->trackIds[3], b = demoMap_->trackIds[40];
        panel.setEmphasisedTracks({a, b, Id(987654321)});
        QCOMPARE(panel.view()->emphasised(), (std::vector<int>{3, 40}));
        panel.selectTrack(demoMap_->trackIds[7]);
        labels = panel.view()->layoutLabels();
        QVERIFY(labels.size() >= 3);
        QCOMPARE(labels[0].index, 7);
        const QString expected = QStringLiteral("%1 — %2").arg(
            snapshot_.tracks->text(size_t(snapshot_.tracks->rowOfId(demoMap_->trackIds[7])),
                                   catalog_columns::TrackArtist),
            snapshot_.tracks->text(size_t(snapshot_.tracks->rowOfId(demoMap_->trackIds[7])),
                                   catalog_columns::TrackTitle));
        QCOMPARE(panel.view()->labelOf(7), expected);
        // A new map of the same tracks keeps the emphasis.
        panel.setMap(demoMap_, &snapshot_);
        QCOMPARE(panel.view()->emphasised(), (std::vector<int>{3, 40}));
    }

    void continuousColumnsShowARampWithTheMapsRange() {
        MapPanel panel;
        panel.resize(900, 600);
        panel.setMap(demoMap_, &snapshot_);
        panel.setTrackData(demoData());
        MapView* view = panel.view();
        // Listeners: the catalog's count per track, its minimum and maximum over the map.
        QVERIFY(panel.isColourAvailable(MapPanel::ColourBy::Listeners));
        panel.setColourBy(MapPanel::ColourBy::Listeners);
        qint64 lo = std::numeric_limits<qint64>::max(), hi = -1;
        std::vector<qint64> listeners;
        for (const Id id : demoMap_->trackIds) {
            const qint64 row = snapshot_.tracks->rowOfId(id);
            QVERIFY(row >= 0);
            listeners.push_back(
                snapshot_.tracks->number(size_t(row), catalog_columns::TrackListeners));
            lo = std::min(lo, listeners.back());
            hi = std::max(hi, listeners.back());
        }
        QVERIFY(hi > lo);
        QCOMPARE(view->legendTitle(), QStringLiteral("Listeners"));
        QCOMPARE(int(view->legendRamp().size()), 16);
        QCOMPARE(view->rampLabels(), qMakePair(QLocale().toString(lo), QLocale().toString(hi)));
        QVERIFY(view->legend().empty());  // every track has a value
        const ColorMap& viridis = ColorMap::get(ColorMap::Viridis);
        for (size_t i = 0; i < listeners.size(); ++i) {
            if (listeners[i] == hi) QCOMPARE(view->points()[i].color, viridis.color(1.f));
            if (listeners[i] == lo) QCOMPARE(view->points()[i].color, viridis.color(0.f));
        }

        // Year: the demo's files carry none (the entry is disabled and says why); a project
        // whose tags give years shows their range and counts the tracks without one.
        QVERIFY(!panel.isColourAvailable(MapPanel::ColourBy::Year));
        auto data = demoData();
        MapColumn year;
        year.key = QStringLiteral("year");
        year.title = QStringLiteral("Year");
        year.integer = true;
        int withYear = 0;
        for (size_t i = 0; i < demoMap_->trackIds.size(); i += 3, ++withYear)
            year.numbers.insert(demoMap_->trackIds[i], double(1971 + (i * 7) % 38));
        data->columns.push_back(year);
        panel.setTrackData(data);
        QVERIFY(panel.isColourAvailable(MapPanel::ColourBy::Year));
        panel.setColourBy(MapPanel::ColourBy::Year);
        double ylo = 1e9, yhi = 0;
        for (const double y : year.numbers) ylo = std::min(ylo, y), yhi = std::max(yhi, y);
        QCOMPARE(view->legendTitle(), QStringLiteral("Year"));
        QCOMPARE(view->rampLabels(),
                 qMakePair(QString::number(int(ylo)), QString::number(int(yhi))));
        const int without = int(demoMap_->trackIds.size()) - withYear;
        QCOMPARE(int(view->legend().size()), 1);
        QCOMPARE(view->legend()[0].first,
                 QStringLiteral("No value (%1)").arg(QLocale().toString(without)));
        for (size_t i = 0; i < demoMap_->trackIds.size(); ++i)
            if (i % 3 != 0) QCOMPARE(view->points()[i].color, view->legend()[0].second);
    }

    void formatColumnShowsCategoriesWithExactCounts() {
        MapPanel panel;
        panel.resize(900, 600);
        panel.setMap(demoMap_, &snapshot_);
        // As the window gives them: the store's columns read once, when a colouring needs them.
        auto data = std::make_shared<MapTrackData>();
        int reads = 0;
        data->readColumns = [&] {
            ++reads;
            return storeColumns(*store_);
        };
        panel.setTrackData(data);
        QCOMPARE(reads, 0);
        QVERIFY(panel.isColourAvailable(MapPanel::ColourBy::Format));
        QVERIFY(panel.isColourAvailable(MapPanel::ColourBy::Year));  // offered until read
        panel.setColourBy(MapPanel::ColourBy::Format);
        QCOMPARE(reads, 1);
        QVERIFY(!panel.isColourAvailable(MapPanel::ColourBy::Year));  // the demo's tags: no year
        // Each track's first file's format, counted over the map's tracks straight from SQL.
        std::map<Id, QString> formatOf;
        QSqlQuery q(store_->database());
        QVERIFY(q.exec(QStringLiteral(
            "SELECT track_id, upper(format) FROM files f WHERE track_id IS NOT NULL AND id = "
            "(SELECT min(id) FROM files g WHERE g.track_id = f.track_id)")));
        while (q.next()) formatOf[q.value(0).toLongLong()] = q.value(1).toString();
        std::map<QString, int> counts;
        int none = 0;
        for (const Id id : demoMap_->trackIds)
            if (const auto it = formatOf.find(id); it != formatOf.end())
                ++counts[it->second];
            else
                ++none;
        QVERIFY(counts.size() >= 2);
        std::vector<std::pair<QString, int>> order(counts.begin(), counts.end());
        std::stable_sort(order.begin(), order.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        QStringList expected;
        for (const auto& [format, n] : order)
            expected << QStringLiteral("%1 (%2)").arg(format, QLocale().toString(n));
        if (none > 0) expected << QStringLiteral("No value (%1)").arg(QLocale().toString(none));
        QStringList shown;
        for (const auto& entry : panel.view()->legend()) shown << entry.first;
        QCOMPARE(shown, expected);
        QCOMPARE(panel.view()->legendTitle(), QStringLiteral("File format"));
        QVERIFY(panel.view()->legendRamp().empty());
        // Every dot wears its category's colour.
        for (size_t i = 0; i < demoMap_->trackIds.size(); ++i) {
            const auto it = formatOf.find(demoMap_->trackIds[i]);
            const QString format = it == formatOf.end() ? QString() : it->second;
            int k = 0;
            while (k < int(order.size()) && order[size_t(k)].first != format) ++k;
            QCOMPARE(panel.view()->points()[i].color, panel.view()->legend()[size_t(k)].second);
        }
        // The demo's catalog columns are all offered; what it lacks is disabled with a reason.
        for (const auto mode : {MapPanel::ColourBy::Album, MapPanel::ColourBy::ColdStart,
                                MapPanel::ColourBy::Import, MapPanel::ColourBy::Listeners})
            QVERIFY(panel.isColourAvailable(mode));
        QVERIFY(!panel.isColourAvailable(MapPanel::ColourBy::BlendScore));
        panel.setColourBy(MapPanel::ColourBy::Import);
        QCOMPARE(reads, 1);
        QVERIFY(!panel.view()->legend().empty());
        auto* combo = panel.findChild<QComboBox*>(QStringLiteral("mapColour"));
        QVERIFY(!combo->itemData(int(MapPanel::ColourBy::BlendScore), Qt::ToolTipRole)
                     .toString()
                     .isEmpty());
    }

    void searchFadesExactlyTheTracksThatDoNotMatch() {
        MapPanel panel;
        panel.resize(900, 600);
        panel.setMap(demoMap_, &snapshot_);
        MapView* view = panel.view();
        view->resize(600, 400);
        view->fitAll();
        // The artist of the map's first track: that artist's tracks match, and any other whose
        // title or album holds the same words.
        const CatalogTable& tracks = *snapshot_.tracks;
        const QString artist = tracks.text(size_t(tracks.rowOfId(demoMap_->trackIds[0])),
                                           catalog_columns::TrackArtist);
        const QStringList words = artist.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        std::vector<uint8_t> expected;
        int matching = 0;
        for (const Id id : demoMap_->trackIds) {
            const size_t row = size_t(tracks.rowOfId(id));
            const QString all = tracks.text(row, catalog_columns::TrackArtist) + u'\x1f' +
                                tracks.text(row, catalog_columns::TrackTitle) + u'\x1f' +
                                tracks.text(row, catalog_columns::TrackAlbum);
            bool every = true;
            for (const QString& w : words) every = every && all.contains(w, Qt::CaseInsensitive);
            expected.push_back(every ? 1 : 0);
            matching += every;
        }
        QVERIFY(matching > 0 && matching < int(expected.size()));
        auto* search = panel.findChild<QLineEdit*>(QStringLiteral("mapSearch"));
        QTest::keyClicks(search, artist.toLower());
        QCOMPARE(view->matches(), expected);
        QCOMPARE(panel.matchCount(), matching);
        QVERIFY(!panel.matchLabel()->isHidden());
        QCOMPARE(panel.matchLabel()->text(),
                 QStringLiteral("%1 of %2 match")
                     .arg(QLocale().toString(matching),
                          QLocale().toString(int(demoMap_->trackIds.size()))));
        // Drawn so: the matching dots over the faded ones. A dot that no dot drawn after it
        // covers shows its colour at its centre: a matching dot at full colour, a faded one
        // faded.
        view->setView(view->toData(view->toWidget({view->points()[0].x, view->points()[0].y})),
                      view->scale() * 3);
        const QImage frame = view->renderFrame();
        const double legendLeft = view->legendRect().isEmpty() ? 1e9 : view->legendRect().left();
        int sawMatch = 0, sawFaded = 0;
        const std::vector<MapPoint>& pts = view->points();
        for (size_t i = 0; i < pts.size(); ++i) {
            const QPointF at = view->toWidget({pts[i].x, pts[i].y});
            if (at.x() < 10 || at.y() < 10 || at.x() > legendLeft - 10 ||
                at.y() > view->height() - 40)
                continue;
            bool underLabel = false;
            for (const MapView::PlacedLabel& l : view->lastLabels())
                underLabel = underLabel || l.rect.adjusted(-1, -1, 1, 1).contains(at);
            bool alone = !underLabel;
            // Drawn after it: a matching dot of a higher index, or any matching dot over a faded
            // one, or a faded one of a higher index.
            for (size_t j = 0; j < pts.size() && alone; ++j)
                if (j != i && (expected[j] > expected[i] || (expected[j] == expected[i] && j > i)))
                    alone = QLineF(at, view->toWidget({pts[j].x, pts[j].y})).length() >
                            view->pointSize() + 2;
            if (!alone) continue;
            const QRgb pixel = frame.pixel(at.toPoint());
            if (expected[i]) {
                QCOMPARE(pixel, pts[i].color);
                ++sawMatch;
            } else {
                QCOMPARE(pixel, view->fadedColour(pts[i].color));
                ++sawFaded;
            }
        }
        qInfo("checked %d matching and %d faded dots' pixels", sawMatch, sawFaded);
        QVERIFY(sawMatch && sawFaded);
        // Cleared: no filter, no count.
        search->clear();
        QVERIFY(view->matches().empty());
        QCOMPARE(panel.matchCount(), -1);
        QVERIFY(panel.matchLabel()->isHidden());
    }

    // The window hands the panel the project's columns: format and import read when chosen.
    void windowColoursByTheProjectsColumns() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(demo_));
        w.show();
        MapPanel* panel = w.workspacePage()->map();
        QTRY_VERIFY(panel->hasMap());
        QVERIFY(panel->isColourAvailable(MapPanel::ColourBy::Format));
        panel->setColourBy(MapPanel::ColourBy::Format);
        QCOMPARE(panel->view()->legendTitle(), QStringLiteral("File format"));
        QVERIFY(panel->view()->legend().size() >= 3);
        QVERIFY(panel->view()->legend()[0].first.startsWith(QLatin1String("FLAC (")) ||
                panel->view()->legend()[0].first.startsWith(QLatin1String("OGG (")) ||
                panel->view()->legend()[0].first.startsWith(QLatin1String("WAV (")));
        QVERIFY(!panel->isColourAvailable(MapPanel::ColourBy::Year));
        panel->setColourBy(MapPanel::ColourBy::Import);
        QCOMPARE(panel->view()->legendTitle(), QStringLiteral("Import"));
        QVERIFY(!panel->view()->legend().empty());
        panel->setColourBy(MapPanel::ColourBy::Genre);
    }

    // Only with TASTELAB_UI_GRAB_DIR: the demo map zoomed in with labels, coloured by year and
    // by format, in the default (light) and a dark scheme, for a person to look at.
    void screenshots() {
        if (qEnvironmentVariable("TASTELAB_UI_GRAB_DIR").isEmpty())
            QSKIP("TASTELAB_UI_GRAB_DIR not set");
        for (const bool dark : {false, true}) {
            MapPanel panel;
            if (dark) panel.setPalette(darkPalette());
            panel.resize(1100, 760);
            panel.setMap(demoMap_, &snapshot_);
            auto data = demoData();
            MapColumn year;
            year.key = QStringLiteral("year");
            year.title = QStringLiteral("Year");
            year.integer = true;
            for (size_t i = 0; i < demoMap_->trackIds.size(); i += 3)
                year.numbers.insert(demoMap_->trackIds[i], double(1971 + (i * 7) % 38));
            data->columns.push_back(year);
            panel.setTrackData(data);
            panel.show();
            QVERIFY(QTest::qWaitForWindowExposed(&panel));
            MapView* view = panel.view();
            view->fitAll();
            const int focus = 11;
            const MapPoint& p = view->points()[focus];
            view->setView(QPointF(p.x, p.y), view->scale() * 14);
            panel.selectTrack(demoMap_->trackIds[focus]);
            panel.setEmphasisedTracks({demoMap_->trackIds[12], demoMap_->trackIds[13]});
            const QString scheme = dark ? QStringLiteral("dark") : QStringLiteral("light");
            panel.setColourBy(MapPanel::ColourBy::Year);
            test::maybeGrab(&panel, QStringLiteral("map-labels-year-") + scheme, QSize());
            panel.setColourBy(MapPanel::ColourBy::Format);
            test::maybeGrab(&panel, QStringLiteral("map-labels-format-") + scheme, QSize());

            panel.setFilterText(
                snapshot_.tracks->text(size_t(snapshot_.tracks->rowOfId(demoMap_->trackIds[focus])),
                                       catalog_columns::TrackArtist));
            test::maybeGrab(&panel, QStringLiteral("map-filter-") + scheme, QSize());
        }
    }
};

QTEST_MAIN(TestUiMapLabels)
#include "test_ui_map_labels.moc"
