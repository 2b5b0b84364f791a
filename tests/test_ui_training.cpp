// The model-training window: loss curves drawn as epochs arrive, the baseline to beat, the
// kept epoch marked, and words that say where the run stands.
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <QtTest>
#include <cmath>

#include "ModelTrainingWindow.h"
#include "TrainingCurvesView.h"
#include "UiTestSupport.h"

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
    static QValueAxis* axis(TrainingCurvesView* view, Qt::Orientation o) {
        return qobject_cast<QValueAxis*>(view->chart()->axes(o).value(0));
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
        QValueAxis* y = axis(&view, Qt::Vertical);
        QVERIFY(y->min() <= 0.66 && y->max() >= 1.10);
        QCOMPARE(axis(&view, Qt::Horizontal)->max(), 5.0);
    }

    void aNewRunStartsOverAndNaNIsNotDrawn() {
        TrainingCurvesView view;
        view.addEpoch(1, 1.0, 1.0);
        view.addEpoch(2, 0.5, 0.6);
        view.addEpoch(1, 0.9, 0.95);  // epoch 1 again: a new run
        QCOMPARE(view.epochCount(), 1);
        view.addEpoch(2, std::nan(""), INFINITY);
        QCOMPARE(view.epochCount(), 1);  // nothing drawn for the diverged epoch
        QVERIFY(std::isfinite(axis(&view, Qt::Vertical)->max()));
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
};

QTEST_MAIN(TestUiTraining)
#include "test_ui_training.moc"
