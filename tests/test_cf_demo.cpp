// CF on the demo world, where the truth is known: ALS must recover the planted genres and beat
// the popularity baseline by a wide margin; the stored model is reused when nothing changed.
#include <QTemporaryDir>
#include <QtTest>

#include "cf/CfModel.h"
#include "demo/DemoWorld.h"
#include "eval/CfEvaluation.h"
#include "store/ProjectStore.h"

using namespace tl;

class CfDemoTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;

private Q_SLOTS:
    void initTestCase() {
        DemoOptions o;
        o.outDir = dir_.filePath(QStringLiteral("world"));
        o.seed = 7;
        const auto demo = generateDemo(o, Progress());
        QVERIFY2(demo.ok(), qPrintable(demo.status().message()));
        project_ = demo->projectPath;
    }

    void alsRecoversGenresAndIsStored() {
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        const auto first = trainCf(*store.value(), AlsOptions{}, InteractionOptions{}, Progress());
        QVERIFY2(first.ok(), qPrintable(first.status().message()));
        QVERIFY(!first->reused);
        QVERIFY(!first->sessionRows);  // a community of listeners: users are rows
        QVERIFY2(first->genrePrecision10 > 0.8,
                 qPrintable(QString::number(first->genrePrecision10)));
        // Chance is about 1/8 (eight genres).

        const auto model = loadCfModel(*store.value());
        QVERIFY(model.ok());
        QCOMPARE(model->itemFactors.rows(), qint64(first->items));
        QCOMPARE(model->itemFactors.cols(), qint64(64));
        QVERIFY(model->userFactors.allFinite() && model->itemFactors.allFinite());

        const auto again = trainCf(*store.value(), AlsOptions{}, InteractionOptions{}, Progress());
        QVERIFY(again.ok());
        QVERIFY(again->reused);  // same listens, same settings: nothing recomputed
        AlsOptions other;
        other.factors = 32;
        const auto retrained = trainCf(*store.value(), other, InteractionOptions{}, Progress());
        QVERIFY(retrained.ok());
        QVERIFY(!retrained->reused);
        QCOMPARE(loadCfModel(*store.value())->itemFactors.cols(), qint64(32));
    }

    void alsBeatsPopularityByAWideMargin() {
        auto store = ProjectStore::open(project_);
        QVERIFY(store.ok());
        CfEvalOptions o;
        o.bpr.epochs = 30;
        const auto report = evaluateCf(*store.value(), o, Progress());
        QVERIFY2(report.ok(), qPrintable(report.status().message()));
        const double als = report->models.at(QStringLiteral("als")).at(QStringLiteral("ndcg@10"));
        const double pop =
            report->models.at(QStringLiteral("popularity")).at(QStringLiteral("ndcg@10"));
        QVERIFY2(als > 2.0 * pop,
                 qPrintable(QStringLiteral("ALS %1, popularity %2").arg(als).arg(pop)));
        QVERIFY(report->models.at(QStringLiteral("als")).at(QStringLiteral("auc")) > 0.85);
        QVERIFY(report->models.at(QStringLiteral("bpr")).at(QStringLiteral("auc")) > 0.75);
        QVERIFY(report->models.at(QStringLiteral("als")).at(QStringLiteral("mpr")) < 0.2);

        o.split = CfEvalOptions::SplitKind::Time;
        const auto timed = evaluateCf(*store.value(), o, Progress());
        QVERIFY2(timed.ok(), qPrintable(timed.status().message()));
        QVERIFY(timed->weekStart > 0);
        QVERIFY(timed->testEntries > 0);  // the demo keeps discoveries in its last weeks
        QVERIFY(timed->models.at(QStringLiteral("als"))
                    .count(QStringLiteral("new_to_user_hit_rate@10")));
        QVERIFY(timed->models.at(QStringLiteral("als")).at(QStringLiteral("auc")) >
                timed->models.at(QStringLiteral("popularity")).at(QStringLiteral("auc")));
    }

    void explainsAnEmptyProject() {
        const QString path = dir_.filePath(QStringLiteral("empty.tastelab"));
        {
            auto created = ProjectStore::create(path);
            QVERIFY(created.ok());
        }
        auto store = ProjectStore::open(path);
        const auto r = trainCf(*store.value(), AlsOptions{}, InteractionOptions{}, Progress());
        QVERIFY(!r.ok());
        QVERIFY2(r.status().message().contains(QStringLiteral("no listens")),
                 qPrintable(r.status().message()));
        QVERIFY(!loadCfModel(*store.value()).ok());
    }
};

QTEST_GUILESS_MAIN(CfDemoTest)
#include "test_cf_demo.moc"
