// The map panel's sources, colourings, overlays and export, in the window on the small demo
// world: every map source is listed (untrained ones disabled with their reason), the text
// model's map is computed and switching sources keeps the selected track; genre, artist, play
// count, k-means cluster and CF-score colourings each colour known tracks as core computes them
// and show a legend; the history and playlist overlays ring the right tracks and draw lines to
// the picks' "because" tracks; PNG export is the view at 2x and SVG has one circle per dot;
// the projection settings are controls, a running t-SNE streams its positions, pauses without
// losing its state, resumes and restarts with new settings; a bookmark restores a view.
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <set>

#include "ColorMap.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "MapView.h"
#include "PlaylistPanel.h"
#include "ProjectSnapshot.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "maps/KMeans.h"
#include "maps/MapColouring.h"
#include "maps/ProjectMaps.h"
#include "playlist/WeeklyPlaylist.h"
#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

QRgb colourOf(const MapPanel* panel, Id track) {
    return panel->view()->points()[size_t(panel->indexOfTrack(track))].color;
}

QRgb legendColour(const MapView* view, const QString& label) {
    for (const auto& [text, colour] : view->legend())
        if (text == label) return colour;
    return 0;
}

}  // namespace

class TestUiMapModes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(work_.isValid() && settings_.isValid());
        test::isolateSettings(settings_.path());
        project_ = test::smallDemoProject(work_.path(), 9);
        QVERIFY(!project_.isEmpty());
    }

    void sourcesKeepTheSelection() {
        MainWindow w;
        QVERIFY(openDemo(w));
        MapPanel* panel = w.workspacePage()->map();
        auto* combo = panel->findChild<QComboBox*>(QStringLiteral("mapSource"));
        QCOMPARE(combo->count(), int(mapSourceNames().size()));
        QVERIFY(panel->isSourceAvailable(QStringLiteral("cf")));
        QVERIFY(!panel->isSourceAvailable(QStringLiteral("text")));
        QVERIFY2(panel->sourceReason(QStringLiteral("text")).contains(QStringLiteral("text")),
                 qPrintable(panel->sourceReason(QStringLiteral("text"))));
        const int textRow = combo->findData(QStringLiteral("text"));
        QCOMPARE(combo->itemData(textRow, Qt::ToolTipRole).toString(),
                 panel->sourceReason(QStringLiteral("text")));
        QVERIFY(!panel->setCurrentSource(QStringLiteral("audio")));

        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        QVERIFY(w.computeMap());
        QVERIFY(completed.wait(180000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(panel->map()->source, QStringLiteral("cf"));
        completed.clear();
        w.trainTextModel();
        QVERIFY(completed.wait(120000));
        QVERIFY(panel->isSourceAvailable(QStringLiteral("text")));

        // Select a track, switch to text: no text map yet, the selection is remembered; once
        // computed, the same track is selected on the text map, and again back on CF.
        MapView* view = panel->view();
        view->selectPoint(11);
        const Id selected = panel->selectedTrack();
        QVERIFY(selected != 0);
        QVERIFY(panel->setCurrentSource(QStringLiteral("text")));
        QVERIFY(!panel->hasMap());
        QCOMPARE(panel->selectedTrack(), selected);
        completed.clear();
        QVERIFY(w.computeMap());
        QVERIFY(completed.wait(180000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QVERIFY(panel->hasMap());
        QCOMPARE(panel->map()->source, QStringLiteral("text"));
        QVERIFY(view->points().size() > 100);
        QVERIFY(panel->qualityLabel()->text().contains(QStringLiteral("Text")));
        QVERIFY(panel->indexOfTrack(selected) >= 0);
        QCOMPARE(view->selectedPoint(), panel->indexOfTrack(selected));
        test::maybeGrab(&w, QStringLiteral("map-text"));
        QVERIFY(panel->setCurrentSource(QStringLiteral("cf")));
        QCOMPARE(panel->map()->source, QStringLiteral("cf"));
        QCOMPARE(view->selectedPoint(), panel->indexOfTrack(selected));

        // CF and text trained: the blend of them is a source too, with the same selection.
        QVERIFY2(panel->isSourceAvailable(QStringLiteral("blend")),
                 qPrintable(panel->sourceReason(QStringLiteral("blend"))));
        QVERIFY(panel->setCurrentSource(QStringLiteral("blend")));
        completed.clear();
        QVERIFY(w.computeMap());
        QVERIFY(completed.wait(180000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(panel->map()->source, QStringLiteral("blend"));
        QCOMPARE(view->selectedPoint(), panel->indexOfTrack(selected));
        test::maybeGrab(&w, QStringLiteral("map-blend"));
    }

    void colourModesAndLegends() {
        MainWindow w;
        QVERIFY(openDemo(w));
        MapPanel* panel = w.workspacePage()->map();
        MapView* view = panel->view();
        QVERIFY(panel->hasMap());
        const ProjectSnapshot* snapshot = w.workspacePage()->snapshot();
        const std::vector<Id>& ids = panel->map()->trackIds;

        // Genre: each genre's tracks wear the legend colour of their genre.
        panel->setColourBy(MapPanel::ColourBy::Genre);
        QCOMPARE(int(view->legend().size()), snapshot->genreNames.size());
        for (size_t i : {size_t(0), size_t(5), ids.size() - 1})
            QCOMPARE(colourOf(panel, ids[i]), legendColour(view, snapshot->genreOf(ids[i])));

        // Artist: one legend entry per artist on the map.
        panel->setColourBy(MapPanel::ColourBy::Artist);
        QSet<QString> artists;
        for (Id id : ids)
            artists.insert(snapshot->tracks->text(size_t(snapshot->tracks->rowOfId(id)),
                                                  catalog_columns::TrackArtist));
        QCOMPARE(int(view->legend().size()), artists.size());
        const QString firstArtist = snapshot->tracks->text(
            size_t(snapshot->tracks->rowOfId(ids[0])), catalog_columns::TrackArtist);
        QCOMPARE(colourOf(panel, ids[0]), legendColour(view, firstArtist));
        test::maybeGrab(&w, QStringLiteral("map-artist"));

        // Play count on a log scale: the most played track is the top of viridis.
        panel->setColourBy(MapPanel::ColourBy::PlayCount);
        Id most = ids[0];
        qint64 mostPlays = -1;
        for (Id id : ids) {
            const qint64 plays = snapshot->tracks->number(size_t(snapshot->tracks->rowOfId(id)),
                                                          catalog_columns::TrackPlays);
            if (plays > mostPlays) most = id, mostPlays = plays;
        }
        const ColorMap& viridis = ColorMap::get(ColorMap::Viridis);
        QCOMPARE(colourOf(panel, most), viridis.color(1.0f));
        QCOMPARE(view->legend().size(), size_t(5));
        QCOMPARE(view->legend().back().first, QStringLiteral("%1 plays").arg(mostPlays));
        QCOMPARE(view->legend().front().first, QStringLiteral("0 plays"));

        // Clusters: k-means of the CF vectors in core, k = 5 seeded; the panel's colours follow
        // its labels exactly.
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        panel->setClusterCount(5);
        panel->setColourBy(MapPanel::ColourBy::Cluster);
        QVERIFY(completed.wait(60000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        auto vectors = loadSourceVectors(*w.store(), QStringLiteral("cf"));
        KMeansOptions options;
        options.k = 5;
        options.metric = vectors->metric;
        const auto clusters = kMeans(vectors->vectors, options, Progress());
        QVERIFY(clusters.ok());
        QCOMPARE(int(view->legend().size()), int(clusters->sizes.size()));
        for (size_t r = 0; r < vectors->trackIds.size(); r += 17) {
            const int c = clusters->labels[r];
            QCOMPARE(
                colourOf(panel, vectors->trackIds[r]),
                legendColour(
                    view,
                    QStringLiteral("cluster %1 (%2)").arg(c + 1).arg(clusters->sizes[size_t(c)])));
        }
        test::maybeGrab(&w, QStringLiteral("map-clusters"));

        // The user's CF score: the best-scored track has the legend's top colour.
        panel->setColourBy(MapPanel::ColourBy::Score);
        const auto me = mapUser(*w.store());
        const auto scores = cfUserScores(*w.store(), me->id);
        QVERIFY(scores.ok());
        Id best = ids[0];
        for (Id id : ids)
            if (scores->value(id) > scores->value(best)) best = id;
        QCOMPARE(view->legend().size(), size_t(5));
        QCOMPARE(colourOf(panel, best), view->legend().front().second);
        QVERIFY(view->legend().front().first.startsWith(QStringLiteral("score ")));
        test::maybeGrab(&w, QStringLiteral("map-score"));
    }

    void overlaysAndExport() {
        MainWindow w;
        QVERIFY(openDemo(w));
        MapPanel* panel = w.workspacePage()->map();
        MapView* view = panel->view();
        panel->setColourBy(MapPanel::ColourBy::Genre);
        // History: every track of the map the user played is ringed.
        const auto me = mapUser(*w.store());
        const QHash<Id, qint64> plays = userPlayCounts(*w.store(), me->id);
        int played = 0;
        for (Id id : panel->map()->trackIds) played += plays.value(id) > 0;
        QVERIFY(played > 10);
        panel->setHistoryShown(true);
        QCOMPARE(int(view->highlighted().size()), played);
        panel->setHistoryShown(false);
        QVERIFY(view->highlighted().empty());

        // This week's playlist: its picks ringed, a line from each to its "because" tracks.
        PlaylistPanel* playlist = w.workspacePage()->playlist();
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        QVERIFY(w.generatePlaylist(playlist->currentUser(), QStringLiteral("2026-W47"), 0));
        QVERIFY(completed.wait(120000));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        const WeeklyPlaylist* week = playlist->playlist();
        QVERIFY(week && !week->entries.empty());
        panel->setPlaylistShown(true);
        int picksOnMap = 0;
        std::set<std::pair<int, int>> expected;
        for (const PlaylistEntry& e : week->entries) {
            const int p = panel->indexOfTrack(e.trackId);
            if (p < 0) continue;
            ++picksOnMap;
            for (const SourceShare& s : e.sources)
                for (Id b : s.evidence.becauseOf)
                    if (const int i = panel->indexOfTrack(b); i >= 0) expected.insert({p, i});
        }
        QVERIFY(picksOnMap > 0);
        QCOMPARE(int(view->highlighted().size()), picksOnMap);
        const std::set<std::pair<int, int>> links(view->links().begin(), view->links().end());
        QCOMPARE(links, expected);
        QVERIFY(!links.empty());
        test::maybeGrab(&w, QStringLiteral("map-playlist"));
        panel->setPlaylistShown(false);

        // PNG: the view at 2x. SVG: one circle per visible dot, plus the legend's swatches.
        view->selectPoint(-1);
        const QString png = work_.filePath(QStringLiteral("map.png"));
        QVERIFY(panel->exportPng(png));
        const QImage image(png);
        QCOMPARE(image.size(), view->size() * 2);
        const QString svgPath = work_.filePath(QStringLiteral("map.svg"));
        QString error;
        QVERIFY2(panel->exportSvg(svgPath, &error), qPrintable(error));
        QFile svg(svgPath);
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        const double r = view->pointSize() / 2.0;
        const QRectF area = QRectF(view->rect()).adjusted(-r, -r, r, r);
        int visible = 0;
        for (const MapPoint& p : view->points())
            visible += area.contains(view->toWidget({p.x, p.y}));
        QVERIFY(visible > 100);
        const int legend = int(std::min<size_t>(view->legend().size(), 16));
        QCOMPARE(int(text.count("<circle")), visible + legend);
        for (const auto& [label, colour] : view->legend())
            QVERIFY2(text.contains(label.toUtf8()), qPrintable(label));
        if (const QString grabs = qEnvironmentVariable("TASTELAB_UI_GRAB_DIR"); !grabs.isEmpty())
            for (const QString& file : {png, svgPath})
                QFile::copy(file, QDir(grabs).filePath(QStringLiteral("export-") +
                                                       QFileInfo(file).fileName()));
    }

    void projectionControlsPauseAndRestart() {
        MainWindow w;
        QVERIFY(openDemo(w));
        MapPanel* panel = w.workspacePage()->map();
        MapView* view = panel->view();
        // The settings are visible controls; PCA greys out the t-SNE-only ones.
        auto* method = panel->findChild<QComboBox*>(QStringLiteral("mapMethod"));
        auto* perplexity = panel->findChild<QDoubleSpinBox*>(QStringLiteral("mapPerplexity"));
        auto* iterations = panel->findChild<QSpinBox*>(QStringLiteral("mapIterations"));
        auto* seed = panel->findChild<QSpinBox*>(QStringLiteral("mapSeed"));
        auto* pause = panel->findChild<QPushButton*>(QStringLiteral("mapPause"));
        QVERIFY(method && perplexity && iterations && seed && pause);
        QVERIFY(perplexity->isVisible() && iterations->isVisible());
        method->setCurrentIndex(1);
        QCOMPARE(panel->projectionOptions().method, MapMethod::Pca);
        QVERIFY(!perplexity->isEnabled());
        method->setCurrentIndex(0);
        QVERIFY(perplexity->isEnabled());
        perplexity->setValue(12);
        iterations->setValue(5000);
        seed->setValue(4);
        QCOMPARE(panel->projectionOptions().tsne.perplexity, 12.0);
        QCOMPARE(panel->projectionOptions().tsne.iterations, 5000);
        QCOMPARE(panel->projectionOptions().tsne.seed, uint64_t(4));

        // Run: positions stream into the view while it converges.
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        QVERIFY(w.computeMap());
        QVERIFY(w.isMapRunning());
        // (A streamed frame has no quality figures yet: those come with the stored map.)
        const auto streamed = [panel] {
            return panel->hasMap() &&
                   !panel->map()->meta.contains(QStringLiteral("trustworthiness")) &&
                   panel->map()->meta.value(QStringLiteral("iterations")).toInt() >= 20;
        };
        QTRY_VERIFY_WITH_TIMEOUT(streamed(), 60000);
        QVERIFY(pause->isEnabled());
        // Pause: the job stays alive and the dots stop moving.
        QTest::mouseClick(pause, Qt::LeftButton);
        QCOMPARE(pause->text(), QStringLiteral("Resume"));
        QTest::qWait(400);  // frames already queued arrive; then nothing
        const int pausedAt = panel->map()->meta.value(QStringLiteral("iterations")).toInt();
        const MapPoint before = view->points()[3];
        QTest::qWait(500);
        QVERIFY(w.jobRunner()->isRunning());
        QCOMPARE(panel->map()->meta.value(QStringLiteral("iterations")).toInt(), pausedAt);
        QCOMPARE(view->points()[3].x, before.x);
        QVERIFY(pausedAt < 5000);
        // Resume: it continues from where it stopped (the next frame is 10 iterations on).
        QTest::mouseClick(pause, Qt::LeftButton);
        QCOMPARE(pause->text(), QStringLiteral("Pause"));
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->map()->meta.value(QStringLiteral("iterations")).toInt() > pausedAt, 30000);
        QCOMPARE(panel->map()->meta.value(QStringLiteral("iterations")).toInt() % 10, 0);
        test::maybeGrab(&w, QStringLiteral("map-running"));

        // Restart with new settings: the run is cancelled and a new one stores its map.
        iterations->setValue(500);
        perplexity->setValue(20);
        QVERIFY(w.computeMap());
        QTRY_VERIFY_WITH_TIMEOUT(!w.isMapRunning() && !w.jobRunner()->isRunning(), 120000);
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        const auto stored = loadProjectMap(*w.store(), QStringLiteral("cf"), MapMethod::Tsne);
        QVERIFY(stored.ok());
        QCOMPARE(stored->meta.value(QStringLiteral("iterations")).toInt(), 500);
        QCOMPARE(stored->meta.value(QStringLiteral("perplexity")).toDouble(), 20.0);
        QCOMPARE(panel->map()->meta.value(QStringLiteral("iterations")).toInt(), 500);
        QVERIFY(!pause->isEnabled());
    }

    void bookmarkRoundTrip() {
        MainWindow w;
        QVERIFY(openDemo(w));
        MapPanel* panel = w.workspacePage()->map();
        MapView* view = panel->view();
        QVERIFY(panel->hasMap());
        // A view: CF, coloured by artist, history on, a track selected, zoomed in on it.
        panel->setColourBy(MapPanel::ColourBy::Artist);
        panel->setHistoryShown(true);
        view->selectPoint(21);
        const Id track = panel->selectedTrack();
        view->setView(view->toData(view->rect().center() + QPoint(40, -25)), view->scale() * 3.5);
        const QPointF centre = view->centre();
        const double scale = view->scale();
        QVERIFY(w.bookmarkMapView(QStringLiteral("artist zoom")).isOk());
        QCOMPARE(panel->bookmarkCombo()->count(), 2);
        QCOMPARE(panel->bookmarkCombo()->itemText(1), QStringLiteral("artist zoom"));

        // Elsewhere: text source, genre colours, nothing selected, fitted.
        QVERIFY(panel->setCurrentSource(QStringLiteral("text")));
        panel->setColourBy(MapPanel::ColourBy::Genre);
        panel->setHistoryShown(false);
        view->selectPoint(-1);
        view->fitAll();

        // Restored from the combo as a person would.
        QComboBox* combo = panel->bookmarkCombo();
        combo->setCurrentIndex(1);
        Q_EMIT combo->activated(1);
        QCOMPARE(panel->currentSource(), QStringLiteral("cf"));
        QCOMPARE(panel->map()->source, QStringLiteral("cf"));
        QCOMPARE(panel->colourBy(), MapPanel::ColourBy::Artist);
        QVERIFY(!view->highlighted().empty());
        QCOMPARE(panel->selectedTrack(), track);
        QCOMPARE(view->selectedPoint(), panel->indexOfTrack(track));
        QVERIFY(std::abs(view->centre().x() - centre.x()) < 1e-9);
        QVERIFY(std::abs(view->centre().y() - centre.y()) < 1e-9);
        QCOMPARE(view->scale(), scale);
        QCOMPARE(combo->currentIndex(), 0);
        test::maybeGrab(&w, QStringLiteral("map-bookmark"));
        // Stored in the project: a reopened window lists it.
        w.closeProject();
        QVERIFY(w.openProject(project_));
        QCOMPARE(w.workspacePage()->map()->bookmarkCombo()->count(), 2);
        QVERIFY(!w.restoreMapView(QStringLiteral("no such view")));
    }

    void sideBySideLinksTheSelection() {
        MainWindow w;
        QVERIFY(openDemo(w));
        MapPanel* panel = w.workspacePage()->map();
        MapView* second = panel->secondView();
        QVERIFY(!second->isVisible());
        panel->setColourBy(MapPanel::ColourBy::Genre);
        panel->setSideBySide(true);
        QVERIFY(panel->setSecondSource(QStringLiteral("text")));
        QVERIFY(second->isVisible());
        QVERIFY(panel->secondMap());
        QCOMPARE(panel->secondMap()->source, QStringLiteral("text"));
        QVERIFY(second->points().size() > 100);
        // Coloured alike: a track wears the same genre colour on both maps.
        const Id track = panel->map()->trackIds[30];
        QVERIFY(panel->secondIndexOfTrack(track) >= 0);
        QCOMPARE(second->points()[size_t(panel->secondIndexOfTrack(track))].color,
                 panel->view()->points()[size_t(panel->indexOfTrack(track))].color);
        // Linked: selecting on either map selects the track on both.
        panel->view()->selectPoint(panel->indexOfTrack(track));
        QCOMPARE(second->selectedPoint(), panel->secondIndexOfTrack(track));
        const Id other = panel->secondMap()->trackIds[50];
        second->selectPoint(panel->secondIndexOfTrack(other));
        QCOMPARE(panel->selectedTrack(), other);
        QCOMPARE(panel->view()->selectedPoint(), panel->indexOfTrack(other));
        test::maybeGrab(&w, QStringLiteral("map-side-by-side"));
        // Unlinked: the first map keeps its selection.
        panel->setSelectionLinked(false);
        second->selectPoint(panel->secondIndexOfTrack(track));
        QCOMPARE(panel->view()->selectedPoint(), panel->indexOfTrack(other));
        panel->setSideBySide(false);
        QVERIFY(!second->isVisible());
    }

private:
    // A window on the demo project, shown, its dialogs reported instead of shown.
    bool openDemo(MainWindow& w) const {
        w.setModalDialogsEnabled(false);
        if (!w.openProject(project_)) return false;
        w.show();
        return true;
    }

    QTemporaryDir work_;
    QTemporaryDir settings_;
    QString project_;
};

QTEST_MAIN(TestUiMapModes)
#include "test_ui_map_modes.moc"
