#include "eval/CfEvaluation.h"

#include <QElapsedTimer>
#include <memory>

#include "cf/Popularity.h"
#include "eval/Splits.h"
#include "store/ProjectStore.h"

namespace tl {

Result<CfEvalReport> evaluateCf(const ProjectStore& store, const CfEvalOptions& options,
                                const Progress& progress) {
    auto listens = loadListens(store, progress.sub(0.0, 0.05));
    if (!listens) return listens.status();
    if (listens->empty()) return Status::error(QStringLiteral("the project has no listens"));

    CfEvalReport report;
    SparseMatrix train, test;
    std::vector<Id> itemTrack;
    if (options.split == CfEvalOptions::SplitKind::Time) {
        report.split = QStringLiteral("time");
        report.weekStart = options.weekStart ? options.weekStart : lastFullWeekStart(*listens);
        TimeSplit s = timeSplit(*listens, report.weekStart, options.interactions);
        train = std::move(s.train.userItems);
        test = std::move(s.test);
        itemTrack = std::move(s.train.itemTrack);
    } else {
        report.split = QStringLiteral("random");
        Interactions in = buildInteractions(*listens, options.interactions);
        Split s = randomHoldout(in.userItems, options.holdout, options.eval.seed);
        train = std::move(s.train);
        test = std::move(s.test);
        itemTrack = std::move(in.itemTrack);
    }
    report.users = train.rows;
    report.items = train.cols;
    report.trainEntries = train.nonZeros();
    report.testEntries = test.nonZeros();
    if (report.testEntries == 0)
        return Status::error(QStringLiteral("nothing to test on: no held-out listens in the %1 "
                                            "split")
                                 .arg(report.split));

    const std::vector<int> itemGenre = itemGenres(store.groundTruth(), itemTrack);

    std::vector<std::unique_ptr<Recommender>> models;
    models.push_back(std::make_unique<ImplicitAls>(options.als));
    models.push_back(std::make_unique<Bpr>(options.bpr));
    models.push_back(std::make_unique<Popularity>());
    const double share = 0.95 / double(models.size());
    for (size_t m = 0; m < models.size(); ++m) {
        Recommender& model = *models[m];
        const Progress part = progress.sub(0.05 + share * double(m), 0.05 + share * double(m + 1));
        part.report(0.0, QStringLiteral("Fitting %1").arg(model.name()));
        QElapsedTimer clock;
        clock.start();
        if (Status s = model.fit(train, part.sub(0.0, 0.7)); !s.isOk())
            return s.withContext(model.name());
        report.fitSeconds[model.name()] = double(clock.elapsed()) / 1000.0;
        auto metrics = evaluateRanking(model, train, test, options.eval, part.sub(0.7, 1.0));
        if (!metrics) return metrics.status().withContext(model.name());
        if (!itemGenre.empty() && model.name() != QLatin1String("popularity"))
            metrics.value()[QStringLiteral("genre_precision@10")] = neighbourGenrePrecision(
                itemGenre, 10, [&](int i, int n) { return model.similarItems(i, n); }, 2000);
        if (options.split == CfEvalOptions::SplitKind::Time) {
            // The time split tests only tracks each user had never played before the week, so
            // its hit rate is the "new to user" hit rate.
            const QString at = QStringLiteral("@%1").arg(options.eval.k);
            metrics.value()[QStringLiteral("new_to_user_hit_rate") + at] =
                metrics.value().at(QStringLiteral("hit_rate") + at);
        }
        report.models[model.name()] = std::move(metrics).value();
    }
    progress.report(1.0);
    return report;
}

}  // namespace tl
