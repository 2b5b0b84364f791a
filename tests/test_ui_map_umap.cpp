// The map panel offers UMAP beside t-SNE and PCA (issue 22): choosing it shows its two settings
// (n_neighbors, min_dist) in place of t-SNE's, Compute Map streams its epochs into the view and
// stores a UMAP map under its own key with the settings shown, and the figures line names it.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "MainWindow.h"
#include "MapPanel.h"
#include "UiTestSupport.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "maps/ProjectMaps.h"
#include "store/ProjectStore.h"

using namespace tl;

class TestUiMapUmap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(work_.isValid() && settings_.isValid());
        test::isolateSettings(settings_.path());
        project_ = test::smallDemoProject(work_.path(), 9);
        QVERIFY(!project_.isEmpty());
    }

    void umapFromTheMethodCombo() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project_));
        w.show();
        MapPanel* panel = w.workspacePage()->map();
        auto* method = panel->findChild<QComboBox*>(QStringLiteral("mapMethod"));
        auto* perplexity = panel->findChild<QDoubleSpinBox*>(QStringLiteral("mapPerplexity"));
        auto* neighbours = panel->findChild<QSpinBox*>(QStringLiteral("mapNeighbours"));
        auto* minDist = panel->findChild<QDoubleSpinBox*>(QStringLiteral("mapMinDist"));
        auto* quality = panel->findChild<QLabel*>(QStringLiteral("mapQuality"));
        QVERIFY(method && perplexity && neighbours && minDist && quality);
        // t-SNE by default: its settings shown, UMAP's not.
        QVERIFY(perplexity->isVisible());
        QVERIFY(!neighbours->isVisible() && !minDist->isVisible());
        const int umap = method->findText(QStringLiteral("UMAP"));
        QVERIFY(umap >= 0);
        method->setCurrentIndex(umap);
        QCOMPARE(panel->method(), MapMethod::Umap);
        QVERIFY(neighbours->isVisible() && minDist->isVisible());
        QVERIFY(!perplexity->isVisible());
        QCOMPARE(neighbours->value(), 15);
        QCOMPARE(minDist->value(), 0.1);
        neighbours->setValue(10);
        minDist->setValue(0.3);
        QCOMPARE(panel->projectionOptions().umap.neighbours, 10);
        QCOMPARE(panel->projectionOptions().umap.minDist, 0.3);
        QCOMPARE(panel->state().value(QStringLiteral("method")).toString(), QStringLiteral("umap"));
        QCOMPARE(panel->state().value(QStringLiteral("n_neighbors")).toInt(), 10);

        QVERIFY(w.computeMap());
        QTRY_VERIFY_WITH_TIMEOUT(!w.isMapRunning() && !w.jobRunner()->isRunning(), 120000);
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        const auto stored = loadProjectMap(*w.store(), QStringLiteral("cf"), MapMethod::Umap);
        QVERIFY2(stored.ok(), qPrintable(stored.status().message()));
        QCOMPARE(stored->meta.value(QStringLiteral("n_neighbors")).toInt(), 10);
        QCOMPARE(stored->meta.value(QStringLiteral("min_dist")).toDouble(), 0.3);
        QCOMPARE(stored->meta.value(QStringLiteral("epochs")).toInt(), 500);
        QVERIFY(stored->meta.value(QStringLiteral("genre_accuracy")).toDouble() > 0.8);
        QTRY_VERIFY(panel->hasMap() &&
                    panel->map()->meta.contains(QStringLiteral("trustworthiness")));
        QVERIFY2(quality->text().contains(QLatin1String("UMAP of the")),
                 qPrintable(quality->text()));
        QVERIFY(!quality->text().contains(QLatin1String("t-SNE")));
        test::maybeGrab(&w, QStringLiteral("map-umap"));

        // Picking a method shows its stored map: none for t-SNE here, the UMAP map again.
        const auto pick = [&](int index) {
            method->setCurrentIndex(index);
            Q_EMIT method->activated(index);  // as a click on the item does
        };
        pick(method->findText(QStringLiteral("t-SNE")));
        QTRY_VERIFY(!panel->hasMap());
        pick(umap);
        QTRY_VERIFY(panel->hasMap());
        QCOMPARE(panel->map()->method, MapMethod::Umap);
        QCOMPARE(panel->map()->meta.value(QStringLiteral("n_neighbors")).toInt(), 10);

        // The state round-trips through a bookmark's JSON.
        const QJsonObject state = panel->state();
        method->setCurrentIndex(0);
        QVERIFY(panel->applyState(state));
        QCOMPARE(panel->method(), MapMethod::Umap);
        QCOMPARE(neighbours->value(), 10);
        QCOMPARE(minDist->value(), 0.3);
    }

    // The sound source's descriptors compare by Euclidean distance, as the CLI maps them; the
    // panel's options said cosine for every source.
    void soundMapUsesItsOwnMetric() {
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project_));
        w.show();
        MapPanel* panel = w.workspacePage()->map();
        auto* method = panel->findChild<QComboBox*>(QStringLiteral("mapMethod"));
        QVERIFY(method);
        method->setCurrentIndex(method->findText(QStringLiteral("PCA")));
        panel->setCurrentSource(QStringLiteral("sound"));
        QCOMPARE(panel->currentSource(), QStringLiteral("sound"));
        QVERIFY(w.computeMap());
        QTRY_VERIFY_WITH_TIMEOUT(!w.isMapRunning() && !w.jobRunner()->isRunning(), 180000);
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        const auto stored = loadProjectMap(*w.store(), QStringLiteral("sound"), MapMethod::Pca);
        QVERIFY2(stored.ok(), qPrintable(stored.status().message()));
        QCOMPARE(stored->meta.value(QStringLiteral("metric")).toString(),
                 QStringLiteral("euclidean"));
    }

private:
    QTemporaryDir work_;
    QTemporaryDir settings_;
    QString project_;
};

QTEST_MAIN(TestUiMapUmap)
#include "test_ui_map_umap.moc"
