// The map view driven headless: dots land where the view says, the nearest-dot query, click and
// rubber-band selection, zoom around the cursor, flying to a track, and bad coordinates. Dots are
// sized by zoom and density (the small demo's t-SNE map reads at the default zoom), the view
// re-fits when a dock closes until the person moves it, a hint says how to move, the legend
// names the dots without a genre, and a playlist's lines are faint except the selected pick's.
#include <QDockWidget>
#include <QMainWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <random>

#include "MapPanel.h"
#include "MapView.h"
#include "ProjectSnapshot.h"
#include "UiTestSupport.h"
#include "cf/CfModel.h"
#include "maps/ProjectMaps.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

const QRgb kColours[3] = {qRgb(228, 26, 28), qRgb(55, 126, 184), qRgb(77, 175, 74)};

// Three tight clusters of 200 dots around (-5, 0), (5, 0) and (0, 8), seeded.
std::shared_ptr<std::vector<MapPoint>> clusters() {
    auto pts = std::make_shared<std::vector<MapPoint>>();
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.0f, 0.5f);
    const QPointF centres[3] = {{-5, 0}, {5, 0}, {0, 8}};
    for (int c = 0; c < 3; ++c)
        for (int i = 0; i < 200; ++i)
            pts->push_back({float(centres[c].x()) + noise(rng), float(centres[c].y()) + noise(rng),
                            kColours[c]});
    return pts;
}

// A 20 x 20 lattice, one data unit apart: every dot's nearest neighbour is exactly 1 away.
std::shared_ptr<std::vector<MapPoint>> lattice() {
    auto pts = std::make_shared<std::vector<MapPoint>>();
    for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 20; ++x) pts->push_back({float(x), float(y), kColours[(x + y) % 3]});
    return pts;
}

// How far a pixel is from the background, 0 (the same) to 255 (as far as a channel goes).
int distanceFrom(QRgb pixel, QRgb base) {
    return std::max({std::abs(qRed(pixel) - qRed(base)), std::abs(qGreen(pixel) - qGreen(base)),
                     std::abs(qBlue(pixel) - qBlue(base))});
}

}  // namespace

class TestUiMapView : public QObject {
    Q_OBJECT
private:
    QTemporaryDir work_;
    QString demo_;
    std::shared_ptr<const ProjectMap> demoMap_;

private Q_SLOTS:
    // The small demo world's CF map, made as Compute Map makes it (a second or two).
    void initTestCase() {
        QVERIFY(work_.isValid());
        test::isolateSettings(work_.filePath(QStringLiteral("settings")));
        demo_ = test::smallDemoProject(work_.path(), 5);
        QVERIFY(!demo_.isEmpty());
        auto store = ProjectStore::open(demo_);
        QVERIFY(store.ok());
        QVERIFY(trainCf(*store.value(), AlsOptions{}, InteractionOptions{}, Progress()).ok());
        MapPanel panel;
        auto map = buildProjectMap(*store.value(), QStringLiteral("cf"), panel.projectionOptions(),
                                   Progress());
        QVERIFY2(map.ok(), qPrintable(map.status().message()));
        demoMap_ = std::make_shared<const ProjectMap>(std::move(map.value()));
        QVERIFY(demoMap_->trackIds.size() > 200);
    }

    void fitsAndDrawsEveryDotInItsColour() {
        MapView view;
        view.resize(600, 400);
        auto pts = clusters();
        view.setPoints(pts);
        const QImage frame = view.renderFrame();
        for (size_t i = 0; i < pts->size(); i += 37) {
            const QPointF at = view.toWidget({(*pts)[i].x, (*pts)[i].y});
            QVERIFY(QRectF(view.rect()).contains(at));
            const QPointF back = view.toData(at);
            QVERIFY(std::abs(back.x() - (*pts)[i].x) < 1e-6);
        }
        // The last dot drawn at a pixel owns it: check the final dot of each cluster.
        for (int c = 0; c < 3; ++c) {
            const MapPoint& p = (*pts)[size_t(c * 200 + 199)];
            const QPoint at = view.toWidget({p.x, p.y}).toPoint();
            QCOMPARE(frame.pixel(at), p.color);
        }
        QCOMPARE(frame.pixel(2, 2), view.palette().color(QPalette::Base).rgb());
    }

    void nearestClickAndRubberBand() {
        MapView view;
        view.resize(600, 400);
        auto pts = clusters();
        view.setPoints(pts);
        const MapPoint& p = (*pts)[123];
        const QPointF at = view.toWidget({p.x, p.y});
        QCOMPARE(view.nearestPoint(at, 0.5), 123);
        QCOMPARE(view.nearestPoint(QPointF(3, 3)), -1);

        QSignalSpy selected(&view, &MapView::pointSelected);
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, at.toPoint());
        QCOMPARE(selected.size(), 1);
        const int chosen = selected.at(0).at(0).toInt();
        QVERIFY(chosen >= 0 && chosen < 200);  // a dot of the first cluster
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(3, 3));
        QCOMPARE(view.selectedPoint(), -1);

        // Shift+drag around the right-hand cluster selects exactly its 200 dots.
        QSignalSpy band(&view, &MapView::rubberBandSelected);
        const QPoint from = view.toWidget({2.0, 3.0}).toPoint();
        const QPoint to = view.toWidget({8.0, -3.0}).toPoint();
        QTest::mousePress(&view, Qt::LeftButton, Qt::ShiftModifier, from);
        QTest::mouseMove(&view, (from + to) / 2);
        QTest::mouseMove(&view, to);
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::ShiftModifier, to);
        QCOMPARE(band.size(), 1);
        const std::vector<int>& inside = view.rubberBandSelection();
        QCOMPARE(inside.size(), size_t(200));
        QCOMPARE(inside.front(), 200);
        QCOMPARE(inside.back(), 399);
    }

    void zoomKeepsTheAnchorAndDragPans() {
        MapView view;
        view.resize(600, 400);
        view.setPoints(clusters());
        const double fit = view.scale();
        const QPointF anchor(420, 150);
        const QPointF under = view.toData(anchor);
        QWheelEvent wheel(anchor, view.mapToGlobal(anchor), QPoint(), QPoint(0, 360), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(&view, &wheel);
        QVERIFY(std::abs(view.scale() - fit * std::pow(1.25, 3)) < 1e-9);
        const QPointF still = view.toWidget(under);
        QVERIFY(std::abs(still.x() - anchor.x()) < 1e-6 && std::abs(still.y() - anchor.y()) < 1e-6);

        const QPointF centre = view.centre();
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(300, 200));
        QTest::mouseMove(&view, QPoint(250, 200));
        QTest::mouseMove(&view, QPoint(200, 200));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(200, 200));
        QVERIFY(std::abs((view.centre().x() - centre.x()) * view.scale() - 100.0) < 1e-6);
        QTest::keyClick(&view, Qt::Key_Home);
        QVERIFY(std::abs(view.scale() - fit) < 1e-9);
    }

    void flyToCentresAndSelects() {
        MapView view;
        view.resize(600, 400);
        auto pts = clusters();
        view.setPoints(pts);
        const double fit = view.scale();
        view.flyTo(450);  // hidden: no animation
        QCOMPARE(view.selectedPoint(), 450);
        QVERIFY(std::abs(view.centre().x() - (*pts)[450].x) < 1e-6);
        QVERIFY(view.scale() >= 4.0 * fit - 1e-9);
    }

    void badCoordinatesAndEmptyMaps() {
        MapView view;
        view.resize(300, 200);
        QVERIFY(!view.renderFrame().isNull());  // no points: draws, says so
        QCOMPARE(view.nearestPoint(QPointF(150, 100)), -1);
        auto pts = std::make_shared<std::vector<MapPoint>>();
        pts->push_back({NAN, 1.0f, kColours[0]});
        pts->push_back({2.0f, INFINITY, kColours[1]});
        pts->push_back({3.0f, 3.0f, kColours[2]});
        pts->push_back({3.0f, 3.0f, kColours[0]});  // a duplicate
        view.setPoints(pts);
        QVERIFY(std::isfinite(view.scale()) && view.scale() > 0);
        const QPointF at = view.toWidget({3.0, 3.0});
        QVERIFY(QRectF(view.rect()).contains(at));
        QVERIFY(view.nearestPoint(at) >= 2);
        view.renderFrame();
        view.selectPoint(99);  // out of range: cleared, not a crash
        QCOMPARE(view.selectedPoint(), -1);
    }

    void dotsFollowZoomAndDensity() {
        MapView view;
        view.resize(600, 400);
        view.setPoints(lattice());
        QCOMPARE(view.typicalSpacing(), 1.0);
        // 400 dots fitted into 600 x 400: 19.4 px apart, so 0.9 x 19.4 = 17.4 -> the 16 px cap.
        QCOMPARE(view.pointSize(), 16);
        view.setView(view.centre(), 14.0);  // 14 px apart: 0.9 x 14 = 12.6 -> 13 px dots
        QCOMPARE(view.pointSize(), 13);
        view.setView(view.centre(), 2.0);  // 2 px apart: never below 10 px for 500 dots or fewer
        QCOMPARE(view.pointSize(), 10);
        view.setPointSize(4);  // a fixed size wins
        QCOMPARE(view.pointSize(), 4);
        view.setPointSize(0);
        QCOMPARE(view.pointSize(), 10);

        // 60,000 dots in the same room: small dots, as a dense map needs.
        auto dense = std::make_shared<std::vector<MapPoint>>();
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> at(0.0f, 100.0f);
        for (int i = 0; i < 60000; ++i) dense->push_back({at(rng), at(rng), kColours[i % 3]});
        view.setPoints(dense);
        QVERIFY2(view.typicalSpacing() > 0.1 && view.typicalSpacing() < 0.4,
                 qPrintable(QString::number(view.typicalSpacing())));
        QCOMPARE(view.pointSize(), 2);
    }

    // The small demo world's map at the size the workspace gives it at 1280 x 800: 245 tracks
    // in 8 tight t-SNE clusters. Its dots are 10 px across with a rim, so each genre covers
    // a readable area; zooming in makes them larger.
    void demoMapReadsAtTheDefaultZoom() {
        auto store = ProjectStore::open(demo_);
        QVERIFY(store.ok());
        const ProjectSnapshot snapshot = loadProjectSnapshot(*store.value());
        MapPanel panel;
        panel.setMap(demoMap_, &snapshot);
        MapView* view = panel.view();
        view->resize(600, 290);
        view->fitAll();
        QCOMPARE(view->pointSize(), 10);
        // Every genre's cluster is a patch at least 14 px across in its colour, rims aside (with
        // the 3 px dots of before: about 10 px).
        const QImage frame = view->renderFrame();
        QCOMPARE(int(view->legend().size()), snapshot.genreNames.size());
        for (const auto& [genre, colour] : view->legend()) {
            QRect patch;
            for (int y = 0; y < frame.height(); ++y)
                for (int x = 0; x < frame.width() - 140; ++x)  // not the legend's swatches
                    if (frame.pixel(x, y) == colour) patch |= QRect(x, y, 1, 1);
            QVERIFY2(std::min(patch.width(), patch.height()) >= 14,
                     qPrintable(QStringLiteral("%1: %2 x %3 px")
                                    .arg(genre)
                                    .arg(patch.width())
                                    .arg(patch.height())));
        }
        // Neighbours under 1 px apart at this zoom (0.86): 16 times larger they are about 11 px
        // apart and drawn about 10 px across (the t-SNE of ALS's [0, 0.1) start; 12 px with the
        // earlier start's); twice that, 16 px (the cap).
        const double apart = view->typicalSpacing() * view->scale();
        QVERIFY2(apart > 0.6 && apart < 1.1, qPrintable(QString::number(apart)));
        view->zoomBy(16.0, QPointF(300, 145));
        QCOMPARE(view->pointSize(), int(std::lround(0.9 * 16.0 * apart)));
        QVERIFY2(view->pointSize() >= 10,
                 qPrintable(QStringLiteral("%1 px, %2 apart").arg(view->pointSize()).arg(apart)));
        view->zoomBy(2.0, QPointF(300, 145));
        QCOMPARE(view->pointSize(), 16);
        QVERIFY(view->pointSize() <= 16);
    }

    // As in the window: the map is the central widget and the Jobs dock sits beside it.
    void refitsWhenTheDockClosesUntilMoved() {
        QMainWindow window;
        auto* view = new MapView;
        window.setCentralWidget(view);
        auto* dock = new QDockWidget(QStringLiteral("Jobs"), &window);
        auto* jobs = new QWidget;
        jobs->setMinimumWidth(300);
        dock->setWidget(jobs);
        window.addDockWidget(Qt::RightDockWidgetArea, dock);
        window.resize(800, 600);  // the map's width limits its scale, beside the dock
        view->setPoints(clusters());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const int narrow = view->width();
        view->fitAll();
        const double fitted = view->scale();

        dock->close();
        QTRY_VERIFY(view->width() > narrow + 250);
        const double after = view->scale();
        QVERIFY2(after > fitted * 1.05,
                 qPrintable(QStringLiteral("%1 -> %2").arg(fitted).arg(after)));
        view->fitAll();  // already fitted: fitting again changes nothing
        QCOMPARE(view->scale(), after);
        QVERIFY(!view->isViewAdjusted());

        // Zoomed by the wheel, the person's view survives the dock coming back.
        QWheelEvent wheel(QPointF(200, 200), view->mapToGlobal(QPointF(200, 200)), QPoint(),
                          QPoint(0, 240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view, &wheel);
        QVERIFY(view->isViewAdjusted());
        const double zoomed = view->scale();
        dock->show();
        QTRY_VERIFY(view->width() < narrow + 10);
        QCOMPARE(view->scale(), zoomed);

        // A double-click fits again.
        QTest::mouseDClick(view, Qt::LeftButton, Qt::NoModifier, QPoint(20, 20));
        QVERIFY(!view->isViewAdjusted());
        const double refitted = view->scale();
        QVERIFY(refitted < zoomed);
        view->fitAll();
        QCOMPARE(view->scale(), refitted);
    }

    void hintSaysHowToMove() {
        MapView view;
        view.resize(600, 400);
        QVERIFY(view.navigationHint().contains(QStringLiteral("zoom")));
        view.setPoints(clusters());
        QVERIFY(view.navigationHint().contains(QStringLiteral("Wheel")));
        QVERIFY(view.navigationHint().contains(QStringLiteral("double-click")));
        // Drawn on screen in the bottom-left corner, left out of the frame an export draws.
        const QImage shown = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
        const QImage exported = view.renderFrame();
        int differing = 0;
        for (int y = 400 - 30; y < 400; ++y)
            for (int x = 0; x < 200; ++x) differing += shown.pixel(x, y) != exported.pixel(x, y);
        QVERIFY2(differing > 100, qPrintable(QString::number(differing)));
        view.zoomBy(2.0, QPointF(300, 200));
        QVERIFY(view.navigationHint().contains(QStringLiteral("whole map")));
    }

    void legendNamesDotsWithoutAGenre() {
        auto map = std::make_shared<ProjectMap>();
        map->source = QStringLiteral("cf");
        map->points.resize(6, 2);
        for (int i = 0; i < 6; ++i) {
            map->trackIds.push_back(i + 1);
            map->points(i, 0) = float(i);
            map->points(i, 1) = float(i % 2);
        }
        auto data = std::make_shared<MapTrackData>();
        data->genre.insert(1, QStringLiteral("Jazz"));
        data->genre.insert(2, QStringLiteral("Jazz"));
        data->genre.insert(3, QStringLiteral("Jazz"));
        data->genre.insert(4, QStringLiteral("Folk"));  // tracks 5 and 6: no genre
        MapPanel panel;
        panel.setMap(map, nullptr);
        panel.setTrackData(data);
        panel.setColourBy(MapPanel::ColourBy::Genre);
        const auto& legend = panel.view()->legend();
        QCOMPARE(int(legend.size()), 3);
        QCOMPARE(legend[0].first, QStringLiteral("Jazz"));
        QCOMPARE(legend[1].first, QStringLiteral("No genre"));  // 2 tracks: after 3, before 1
        QCOMPARE(legend[2].first, QStringLiteral("Folk"));
        QCOMPARE(legend[1].second, panel.view()->points()[4].color);
        QCOMPARE(legend[1].second, panel.view()->points()[5].color);
        // Every track with a genre: no such entry.
        data->genre.insert(5, QStringLiteral("Folk"));
        data->genre.insert(6, QStringLiteral("Folk"));
        panel.setTrackData(data);
        QCOMPARE(int(panel.view()->legend().size()), 2);
    }

    // 60 lines from 30 picks: each faint and thin; selecting a pick draws its own lines strong
    // and the others fainter still.
    void linksAreFaintExceptTheSelectedPicks() {
        MapView view;
        view.resize(600, 400);
        auto pts = clusters();
        view.setPoints(pts);
        std::vector<std::pair<int, int>> links;
        for (int pick = 0; pick < 30; ++pick) {
            links.emplace_back(pick, 200 + pick);
            links.emplace_back(pick, 400 + pick);
        }
        view.setLinks(links);
        for (const auto& link : links) {
            const QPen pen = view.linkPen(link);
            QVERIFY2(pen.color().alpha() <= 70, qPrintable(QString::number(pen.color().alpha())));
            QVERIFY(pen.widthF() <= 1.0);
        }
        // Drawn: halfway along one line, between the clusters, the pixel is near the background.
        auto one = std::make_shared<std::vector<MapPoint>>(*pts);
        view.setPoints(one, true);
        view.setLinks({{0, 400}});
        const QPointF a = view.toWidget({(*pts)[0].x, (*pts)[0].y});
        const QPointF b = view.toWidget({(*pts)[400].x, (*pts)[400].y});
        const QPoint mid = ((a + b) / 2).toPoint();
        const QRgb base = view.palette().color(QPalette::Base).rgb();
        const QImage frame = view.renderFrame();
        int darkest = 0;
        for (int dy = -2; dy <= 2; ++dy)
            for (int dx = -2; dx <= 2; ++dx)
                darkest = std::max(darkest, distanceFrom(frame.pixel(mid + QPoint(dx, dy)), base));
        const int full = distanceFrom(view.palette().color(QPalette::Highlight).rgb(), base);
        QVERIFY2(darkest > 0 && darkest <= full * 40 / 100,
                 qPrintable(QStringLiteral("%1 of %2").arg(darkest).arg(full)));

        view.setLinks(links);
        view.selectPoint(7);
        QCOMPARE(view.linkPen({7, 207}).color().alpha(), 230);
        QCOMPARE(view.linkPen({7, 207}).widthF(), 2.0);
        QVERIFY(view.linkPen({8, 208}).color().alpha() <= 30);
        // Its linked tracks are ringed in the line colour, however short the lines.
        const QImage selected = view.renderFrame();
        const QColor highlight = view.palette().color(QPalette::Highlight);
        for (int linked : {207, 407}) {
            const QPointF at = view.toWidget({(*pts)[size_t(linked)].x, (*pts)[size_t(linked)].y});
            const double r = view.pointSize() / 2.0 + 4.0;
            int nearest = 255;
            for (int dx = -1; dx <= 1; ++dx)
                nearest = std::min(nearest,
                                   distanceFrom(selected.pixel(int(at.x() + r) + dx, int(at.y())),
                                                highlight.rgb()));
            QVERIFY2(nearest <= 40, qPrintable(QStringLiteral("%1: %2").arg(linked).arg(nearest)));
        }
    }

    void looksRight() {
        MapView view;
        auto pts = clusters();
        view.resize(700, 450);
        view.setPoints(pts);
        view.setLegend({{QStringLiteral("Shoegaze"), kColours[0]},
                        {QStringLiteral("Dub techno"), kColours[1]},
                        {QStringLiteral("Baroque pop"), kColours[2]}});
        view.setHighlighted({3, 9, 250});
        view.setLinks({{3, 450}, {9, 460}});
        view.selectPoint(450);
        view.show();
        test::maybeGrab(&view, QStringLiteral("map-view"), QSize(700, 450));
    }
};

QTEST_MAIN(TestUiMapView)
#include "test_ui_map_view.moc"
