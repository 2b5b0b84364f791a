// The model-training window: loss curves drawn as epochs arrive, the baseline to beat, the
// kept epoch marked, and words that say where the run stands.
#include <QAction>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>
#include <cmath>

#include "MainWindow.h"
#include "ModelTrainingWindow.h"
#include "TrainingCurvesView.h"
#include "UiTestSupport.h"
#include "job/JobRunner.h"
#include "job/Status.h"

using namespace tl;

class TestUiTraining : public QObject {
    Q_OBJECT
private:
    static QList<QLineSeries*> lines(TrainingCurvesView* view) {
        QList<QLineSeries*> out;
        for (QAbstractSeries* s : view->chart()->series())
            if (auto* line = qobject_cast<QLineSeries*>(s)) out << line;
        return out;
    }
    static QValueAxis* epochAxis(TrainingCurvesView* view) {
        return qobject_cast<QValueAxis*>(view->chart()->axes(Qt::Horizontal).value(0));
    }
    static QLogValueAxis* lossAxis(TrainingCurvesView* view) {
        return qobject_cast<QLogValueAxis*>(view->chart()->axes(Qt::Vertical).value(0));
    }

private Q_SLOTS:
    void curvesGrowAndAxesFollow() {
        TrainingCurvesView view;
        view.setBaseline(QStringLiteral("Ridge baseline"), 0.80);
        const double trainLoss[] = {1.10, 0.90, 0.75, 0.70, 0.66};
        const double validLoss[] = {1.00, 0.85, 0.78, 0.74, 0.76};
        for (int e = 0; e < 5; ++e) view.addEpoch(e + 1, trainLoss[e], validLoss[e]);
        view.setBestEpoch(4);
        QCOMPARE(view.epochCount(), 5);
        QCOMPARE(view.lastValidationLoss(), 0.76);
        const auto series = lines(&view);
        QCOMPARE(series.size(), 3);  // training, validation, baseline
        QCOMPARE(series[0]->count(), 5);
        QCOMPARE(series[1]->at(2), QPointF(3, 0.78));
        QCOMPARE(series[2]->at(0).y(), 0.80);  // the baseline spans the epochs drawn
        QCOMPARE(series[2]->at(1).x(), 5.0);
        QScatterSeries* best = nullptr;
        for (QAbstractSeries* s : view.chart()->series())
            if (auto* scatter = qobject_cast<QScatterSeries*>(s)) best = scatter;
        QVERIFY(best);
        QCOMPARE(best->count(), 1);
        QCOMPARE(best->at(0), QPointF(4, 0.74));
        QLogValueAxis* y = lossAxis(&view);
        QVERIFY(y);
        QVERIFY(y->min() <= 0.66 && y->max() >= 1.10);
        QCOMPARE(epochAxis(&view)->max(), 5.0);
    }

    // Issue 19, item 7: the epoch axis has its gridlines and labels at whole epochs (every
    // epoch up to 11, then every 2, 5, 10... so that at most 11 ticks show), so the kept epoch
    // sits on its own label. Before, 12 epochs had 11 ticks 1.1 apart under "%d" labels.
    void epochAxisTicksAreWholeEpochs() {
        for (const int epochs : {2, 5, 10, 11, 12, 17, 25, 40, 100}) {
            TrainingCurvesView view;
            view.resize(640, 360);
            for (int e = 1; e <= epochs; ++e) view.addEpoch(e, 1.0 / e, 1.2 / e);
            const int kept = (epochs * 2 + 2) / 3;
            view.setBestEpoch(kept);
            test::maybeGrab(&view, QStringLiteral("training-axis-%1").arg(epochs), QSize());
            QValueAxis* x = epochAxis(&view);
            QCOMPARE(x->min(), 1.0);
            QCOMPARE(x->max(), double(epochs));
            QCOMPARE(x->labelFormat(), QStringLiteral("%d"));
            // Where Qt Charts draws the ticks: with TicksDynamic at every anchor + k * interval
            // inside the range, with TicksFixed at tickCount points evenly over it.
            QList<double> ticks;
            if (x->tickType() == QValueAxis::TicksDynamic) {
                const double i = x->tickInterval();
                for (double t = x->tickAnchor() + std::ceil((x->min() - x->tickAnchor()) / i) * i;
                     t <= x->max() + 1e-9; t += i)
                    ticks << t;
            } else {
                for (int k = 0; k < x->tickCount(); ++k)
                    ticks << x->min() + k * (x->max() - x->min()) / (x->tickCount() - 1);
            }
            // Every epoch up to 11; then multiples of the smallest of 2, 5, 10 that leaves at
            // most 11 ticks.
            const int step = epochs <= 11 ? 1 : epochs <= 23 ? 2 : epochs <= 59 ? 5 : 10;
            QList<double> expected;
            for (int t = step == 1 ? 1 : step; t <= epochs; t += step) expected << t;
            QCOMPARE(ticks, expected);
            QVERIFY(ticks.size() >= 2 && ticks.size() <= 11);
            if (step == 1) QVERIFY(ticks.contains(double(kept)));
        }
    }

    void aNewRunStartsOverAndNaNIsNotDrawn() {
        TrainingCurvesView view;
        view.addEpoch(1, 1.0, 1.0);
        view.addEpoch(2, 0.5, 0.6);
        view.addEpoch(1, 0.9, 0.95);  // epoch 1 again: a new run
        QCOMPARE(view.epochCount(), 1);
        view.addEpoch(2, std::nan(""), INFINITY);
        QCOMPARE(view.epochCount(), 1);  // nothing drawn for the diverged epoch
        QVERIFY(std::isfinite(lossAxis(&view)->max()) && lossAxis(&view)->min() > 0);
    }

    void windowSaysWhereTheRunStands() {
        ModelTrainingWindow window;
        window.start(QStringLiteral("Audio model: CNN on log-mel excerpts"), 40);
        window.setBaseline(QStringLiteral("Ridge on descriptors (validation)"), 0.80);
        window.addEpoch(1, 0.95, 0.90, 2.5);
        QVERIFY(window.statusText().contains(QStringLiteral("Epoch 1 of at most 40")));
        QVERIFY(!window.statusText().contains(QStringLiteral("below the baseline")));
        window.addEpoch(2, 0.70, 0.75, 2.4);
        QVERIFY(window.statusText().contains(QStringLiteral("below the baseline")));
        window.addEpoch(3, std::nan(""), std::nan(""), 2.4);
        QVERIFY(window.statusText().contains(QStringLiteral("diverged")));
        window.setBestEpoch(2);
        window.finish(QStringLiteral("Kept epoch 2: validation 0.750 against ridge 0.800."));
        QCOMPARE(window.statusText(),
                 QStringLiteral("Kept epoch 2: validation 0.750 against ridge 0.800."));
        window.show();
        tl::test::maybeGrab(&window, QStringLiteral("training-window"), QSize(640, 460));
    }

    // The whole path a user takes: CF first, then Models > Train Audio Model analyses the music,
    // trains the CNN as a job and the window draws every epoch as it arrives.
    void trainingTheAudioModelFromTheMenu() {
        QTemporaryDir work;
        tl::test::isolateSettings(work.path());
        const QString project = tl::test::smallDemoProject(work.path(), 3);
        QVERIFY(!project.isEmpty());
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project));
        w.show();
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        auto* audio = w.findChild<QAction*>(QStringLiteral("trainAudioAction"));
        QVERIFY(audio && audio->isEnabled());

        // Without a CF model there is nothing to learn: the error says what to do.
        audio->trigger();
        QVERIFY(completed.wait(60000));
        const Status first = completed.at(0).at(0).value<Status>();
        QVERIFY(!first.isOk());
        QCOMPARE(first.remedy(), Remedy::TrainCf);
        // ... in this app's words: its menu item, not a tastelab-cli command.
        QVERIFY2(w.lastError().endsWith(
                     QStringLiteral("Train it: Models > Train Collaborative Filtering (Ctrl+T).")),
                 qPrintable(w.lastError()));
        QVERIFY(w.trainingWindow()->statusText().startsWith(QStringLiteral("Not trained")));

        w.findChild<QAction*>(QStringLiteral("trainCfAction"))->trigger();
        QVERIFY(completed.wait(60000));
        QVERIFY(completed.at(1).at(0).value<Status>().isOk());

        int epochsSeen = 0;
        connect(w.jobRunner(), &JobRunner::progressChanged, this, [&] {
            epochsSeen = std::max(epochsSeen, w.trainingWindow()->curves()->epochCount());
        });
        audio->trigger();
        QVERIFY(completed.wait(180000));
        const Status trained = completed.at(2).at(0).value<Status>();
        QVERIFY2(trained.isOk(), qPrintable(trained.message()));
        ModelTrainingWindow* window = w.trainingWindow();
        QVERIFY(window->isVisible());
        TrainingCurvesView* curves = window->curves();
        QVERIFY(curves->epochCount() >= 3);
        QVERIFY2(epochsSeen >= 1, "epochs are drawn while the job runs, not only at the end");
        QVERIFY(curves->bestEpoch() >= 1 && curves->bestEpoch() <= curves->epochCount());
        QVERIFY(curves->baselineLoss() > 0);
        // The demo's sounds carry the genre: the network must beat the bag-of-features baseline.
        QVERIFY2(window->statusText().contains(QStringLiteral("Kept epoch")),
                 qPrintable(window->statusText()));
        QVERIFY2(window->statusText().contains(QStringLiteral("never-played tracks")),
                 qPrintable(window->statusText()));
        auto* models = w.findChild<QLabel*>(QStringLiteral("projectModels"));
        QVERIFY2(models->text().contains(QStringLiteral("Audio: ")), qPrintable(models->text()));
        tl::test::maybeGrab(window, QStringLiteral("audio-training"), QSize(700, 480));
        tl::test::maybeGrab(&w, QStringLiteral("audio-trained"));

        // Again with nothing changed: the stored model is reused at once.
        audio->trigger();
        QVERIFY(completed.wait(60000));
        QVERIFY(completed.at(3).at(0).value<Status>().isOk());
        QVERIFY2(window->statusText().contains(QStringLiteral("up to date")),
                 qPrintable(window->statusText()));
    }
};

QTEST_MAIN(TestUiTraining)
#include "test_ui_training.moc"
