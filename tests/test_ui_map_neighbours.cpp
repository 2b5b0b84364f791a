// The map's nearest-neighbour list and disagreement view (issue 22), in the window on the small
// demo world: selecting a track fills the list with k rows, nearest first, equal to core's exact
// search in the model's own space; a row clicked becomes the window's current track; each source
// has its tab, and a track a source has no vector for says why; with two maps side by side the
// disagreement view draws one line per group track from its left position to its right one and
// lists the neighbour overlap core computes, the most disagreeing track first.
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include "CurrentTrackSelection.h"
#include "MainWindow.h"
#include "MapDisagreementOverlay.h"
#include "MapPanel.h"
#include "MapView.h"
#include "NeighbourListPanel.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "cf/CfModel.h"
#include "maps/MapDisagreement.h"
#include "maps/NearestTracks.h"
#include "maps/ProjectMaps.h"
#include "store/ProjectStore.h"
#include "text/TextSources.h"
#include "text/TextTraining.h"

using namespace tl;

class TestUiMapNeighbours : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(work_.isValid() && settings_.isValid());
        test::isolateSettings(settings_.path());
        project_ = test::smallDemoProject(work_.path(), 9);
        QVERIFY(!project_.isEmpty());
        // CF and text trained and mapped here, in core: the window only shows them.
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        ProjectStore& s = *store.value();
        QVERIFY(trainCf(s, AlsOptions{}, InteractionOptions{}, Progress()).ok());
        TextOptions textOptions;
        textOptions.sources = savedTextSources(s);  // the demo records its text corpus
        const auto text = trainText(s, textOptions, Progress());
        QVERIFY2(text.ok(), qPrintable(text.status().message()));
        MapOptions options;
        options.tsne.metric = MapMetric::Cosine;  // as the panel maps
        for (const QString& source : {QStringLiteral("cf"), QStringLiteral("text")}) {
            const auto map = buildProjectMap(s, source, options, Progress());
            QVERIFY2(map.ok(), qPrintable(map.status().message()));
        }
        QSqlQuery q(s.database());
        QVERIFY(q.exec(QStringLiteral(
            "SELECT t.id FROM tracks t WHERE NOT EXISTS (SELECT 1 FROM listens l WHERE "
            "l.track_id = t.id) ORDER BY t.id LIMIT 1")));
        QVERIFY(q.next());
        unplayed_ = q.value(0).toLongLong();
    }

    void selectingATrackListsItsNeighbours() {
        MainWindow w;
        QVERIFY(openDemo(w));
        WorkspacePage* page = w.workspacePage();
        MapPanel* map = page->map();
        NeighbourListPanel* list = page->neighbours();
        QVERIFY(map->hasMap());
        QCOMPARE(map->currentSource(), QStringLiteral("cf"));
        QCOMPARE(list->source(), QStringLiteral("cf"));
        QCOMPARE(list->sourceCombo()->currentText(), QStringLiteral("CF (listening) (map)"));
        QCOMPARE(list->sourceCombo()->count(), int(mapSourceNames().size()));

        // A dot clicked on the map: its 10 nearest by CF, nearest first, as core's exact search.
        map->view()->selectPoint(11);
        const Id track = map->selectedTrack();
        QCOMPARE(page->selection()->trackId(), track);
        QTRY_COMPARE(list->list()->topLevelItemCount(), 10);
        QCOMPARE(list->k(), 10);
        QVERIFY2(list->header().contains(QStringLiteral("cosine distance")),
                 qPrintable(list->header()));
        const auto cf = loadSourceVectors(*w.store(), QStringLiteral("cf"));
        QVERIFY(cf.ok());
        const std::vector<NearTrack> want = nearestTracks(cf.value(), track, 10);
        double last = -1.0;
        for (int i = 0; i < 10; ++i) {
            const QTreeWidgetItem* item = list->list()->topLevelItem(i);
            const double distance = item->data(1, Qt::UserRole).toDouble();
            QVERIFY2(distance >= last, qPrintable(QStringLiteral("row %1").arg(i)));
            last = distance;
            QCOMPARE(item->data(0, Qt::UserRole).toLongLong(), want[size_t(i)].trackId);
            QCOMPARE(distance, want[size_t(i)].distance);
            QCOMPARE(item->text(1), QString::number(want[size_t(i)].distance, 'f', 4));
        }
        // The map labels and rings the listed neighbours.
        QCOMPARE(map->emphasisedTracks().size(), qsizetype(10));
        for (int i = 0; i < 10; ++i) QCOMPARE(map->emphasisedTracks()[i], want[size_t(i)].trackId);
        test::maybeGrab(&w, QStringLiteral("neighbours-cf"), QSize(1440, 900));

        // A row clicked: that track becomes the window's current track (the map rings it) and
        // the list is then its neighbours.
        QTreeWidgetItem* row = list->list()->topLevelItem(3);
        const Id chosen = row->data(0, Qt::UserRole).toLongLong();
        const QRect rect = list->list()->visualItemRect(row);
        QVERIFY(rect.isValid());
        QTest::mouseClick(list->list()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(page->selection()->trackId(), chosen);
        QCOMPARE(map->selectedTrack(), chosen);
        QCOMPARE(map->view()->selectedPoint(), map->indexOfTrack(chosen));
        QCOMPARE(list->track(), chosen);
        QCOMPARE(list->list()->topLevelItem(0)->data(0, Qt::UserRole).toLongLong(),
                 nearestTracks(cf.value(), chosen, 1).front().trackId);

        // The text source's tab: the same track's neighbours in the text model's space.
        QVERIFY(list->setSource(QStringLiteral("text")));
        QTRY_COMPARE(list->list()->topLevelItemCount(), 10);
        const auto text = loadSourceVectors(*w.store(), QStringLiteral("text"));
        QVERIFY(text.ok());
        const std::vector<NearTrack> byText = nearestTracks(text.value(), chosen, 10);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(list->list()->topLevelItem(i)->data(0, Qt::UserRole).toLongLong(),
                     byText[size_t(i)].trackId);
        QVERIFY2(list->header().startsWith(QStringLiteral("10 nearest by Text (LSA)")),
                 qPrintable(list->header()));
        // A source with no vectors at all says why (no audio model in this project).
        QVERIFY(list->setSource(QStringLiteral("audio")));
        QTRY_VERIFY(!list->message().isEmpty() && !list->message().startsWith("Reading"));
        QCOMPARE(list->list()->topLevelItemCount(), 0);
        QVERIFY2(list->message().contains(QStringLiteral("audio model is not trained")),
                 qPrintable(list->message()));
        test::maybeGrab(&w, QStringLiteral("neighbours-no-audio"), QSize(1440, 900));

        // A track nobody played: no CF vector, and the list says so.
        QVERIFY(list->setSource(QStringLiteral("cf")));
        QVERIFY(page->selectTrack(unplayed_));
        QCOMPARE(list->track(), unplayed_);
        QTRY_VERIFY2(
            list->message().startsWith(QStringLiteral("No CF vector: nobody has played it.")),
            qPrintable(list->message()));
        QVERIFY2(!list->header().contains(QStringLiteral("nearest")), qPrintable(list->header()));
        QVERIFY(list->neighbours().empty());
        test::maybeGrab(&w, QStringLiteral("neighbours-unplayed"), QSize(1440, 900));
    }

    void disagreementLinesJoinTheTwoMaps() {
        MainWindow w;
        QVERIFY(openDemo(w));
        w.resize(1440, 900);
        WorkspacePage* page = w.workspacePage();
        MapPanel* map = page->map();
        MapDisagreementPanel* panel = page->disagreement();
        MapDisagreementOverlay* overlay = panel->overlay();
        QVERIFY(map->hasMap());
        QVERIFY(!overlay->isVisible());
        map->setSideBySide(true);
        QVERIFY(map->setSecondSource(QStringLiteral("text")));
        QVERIFY(map->secondMap());
        map->view()->selectPoint(20);
        const Id track = map->selectedTrack();
        QVERIFY(track != 0);

        // Turned on: the group is the track and its 10 nearest by CF, one line each.
        QSignalSpy computed(panel, &MapDisagreementPanel::computed);
        panel->setLinesShown(true);
        QTRY_VERIFY(panel->result() != nullptr && !panel->isComputing());
        QVERIFY(overlay->isVisible());
        const auto cf = loadSourceVectors(*w.store(), QStringLiteral("cf"));
        const auto text = loadSourceVectors(*w.store(), QStringLiteral("text"));
        std::vector<Id> group{track};
        for (const NearTrack& n : nearestTracks(cf.value(), track, 10)) group.push_back(n.trackId);
        QCOMPARE(panel->group(), group);
        const NeighbourSearch left(std::make_shared<const SourceVectors>(cf.value()));
        const NeighbourSearch right(std::make_shared<const SourceVectors>(text.value()));
        const auto want = neighbourOverlap(left, right, group, 10);
        QVERIFY(want.ok());
        const MapDisagreement& got = *panel->result();
        QCOMPARE(got.tracks.size(), want->tracks.size());
        for (size_t i = 0; i < got.tracks.size(); ++i) {
            QCOMPARE(got.tracks[i].trackId, want->tracks[i].trackId);
            QCOMPARE(got.tracks[i].shared, want->tracks[i].shared);
            if (i > 0) QVERIFY(got.tracks[i - 1].overlap() <= got.tracks[i].overlap());
        }
        QCOMPARE(got.meanShared, want->meanShared);

        // One line per group track both maps hold, from its dot on the left map to its dot on
        // the right one.
        int onBoth = 0;
        for (Id id : group)
            onBoth += map->indexOfTrack(id) >= 0 && map->secondIndexOfTrack(id) >= 0;
        QVERIFY(onBoth >= 10);
        const auto lines = overlay->lines();
        QCOMPARE(int(lines.size()), onBoth);
        const QRect leftRect(overlay->mapFromParent(map->view()->mapTo(map, QPoint(0, 0))),
                             map->view()->size());
        const QRect rightRect(overlay->mapFromParent(map->secondView()->mapTo(map, QPoint(0, 0))),
                              map->secondView()->size());
        for (const auto& line : lines) {
            QVERIFY(line.visible);
            QVERIFY(leftRect.contains(line.from.toPoint()));
            QVERIFY(rightRect.contains(line.to.toPoint()));
            const MapPoint& p = map->view()->points()[size_t(map->indexOfTrack(line.track))];
            const QPointF at =
                overlay->mapFromParent(map->view()->mapTo(map, map->view()->toWidget({p.x, p.y})));
            QVERIFY(std::abs(at.x() - line.from.x()) < 1e-6 &&
                    std::abs(at.y() - line.from.y()) < 1e-6);
            QVERIFY(line.overlap >= 0.0 && line.overlap <= 1.0);
        }
        // The table: the group, the most disagreeing first; its summary gives the mean.
        QCOMPARE(panel->table()->topLevelItemCount(), int(got.tracks.size() + got.missing.size()));
        QCOMPARE(panel->table()->topLevelItem(0)->data(0, Qt::UserRole).toLongLong(),
                 got.tracks.front().trackId);
        QCOMPARE(
            panel->table()->topLevelItem(0)->text(1),
            QStringLiteral("%1 of %2").arg(got.tracks.front().shared).arg(got.tracks.front().k));
        QVERIFY2(panel->summary().contains(QString::number(got.meanShared, 'f', 1)),
                 qPrintable(panel->summary()));
        test::maybeGrab(&w, QStringLiteral("disagreement-cf-text"), QSize(1440, 900));
        test::maybeGrab(&w, QStringLiteral("disagreement-cf-text-1920"), QSize(1920, 1080));
        QTRY_COMPARE(int(overlay->lines().size()), onBoth);  // laid out again: still one each

        // Panning the right map moves the lines' right ends with it.
        const QPointF before = overlay->lines().front().to;
        map->secondView()->setView(map->secondView()->centre() + QPointF(0.5, 0),
                                   map->secondView()->scale());
        const QPointF after = overlay->lines().front().to;
        QVERIFY(std::abs((before - after).x()) > 1.0);

        // A row of the table clicked: that track is the current one, and the group follows it.
        QTreeWidgetItem* row = panel->table()->topLevelItem(1);
        const Id chosen = row->data(0, Qt::UserRole).toLongLong();
        QTest::mouseClick(panel->table()->viewport(), Qt::LeftButton, {},
                          panel->table()->visualItemRect(row).center());
        QCOMPARE(page->selection()->trackId(), chosen);
        QTRY_VERIFY(!panel->group().empty() && panel->group().front() == chosen &&
                    !panel->isComputing());

        // A rubber band on the left map (Shift+drag): its tracks are the group, one line each.
        std::vector<int> band;
        for (int i = 0; i < 30; ++i) band.push_back(i * 5);
        Q_EMIT map->view()->rubberBandSelected(band);
        QCOMPARE(panel->groupMode(), MapDisagreementPanel::GroupMode::RubberBand);
        QTRY_VERIFY(panel->group().size() == band.size() && !panel->isComputing());
        for (size_t i = 0; i < band.size(); ++i)
            QCOMPARE(panel->group()[i], map->map()->trackIds[size_t(band[i])]);
        int bandOnBoth = 0;
        for (Id id : panel->group()) bandOnBoth += map->secondIndexOfTrack(id) >= 0;
        QCOMPARE(int(overlay->lines().size()), bandOnBoth);
        QCOMPARE(panel->table()->topLevelItemCount(), int(band.size()));
        test::maybeGrab(&w, QStringLiteral("disagreement-band"), QSize(1920, 1080));

        // Off: no lines drawn.
        panel->setLinesShown(false);
        QVERIFY(!overlay->isVisible());
        QVERIFY(overlay->lines().empty());
    }

private:
    bool openDemo(MainWindow& w) const {
        w.setModalDialogsEnabled(false);
        if (!w.openProject(project_)) return false;
        w.resize(1440, 900);
        w.show();
        return QTest::qWaitForWindowExposed(&w);
    }

    QTemporaryDir work_;
    QTemporaryDir settings_;
    QString project_;
    Id unplayed_ = 0;
};

QTEST_MAIN(TestUiMapNeighbours)
#include "test_ui_map_neighbours.moc"
