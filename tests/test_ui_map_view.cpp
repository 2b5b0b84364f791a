// The map view driven headless: dots land where the view says, the nearest-dot query, click and
// rubber-band selection, zoom around the cursor, flying to a track, and bad coordinates.
#include <QSignalSpy>
#include <QTest>
#include <cmath>
#include <random>

#include "MapView.h"
#include "UiTestSupport.h"

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

}  // namespace

class TestUiMapView : public QObject {
    Q_OBJECT
private Q_SLOTS:
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
