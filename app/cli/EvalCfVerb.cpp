#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonObject>
#include <cstdio>

#include "CfOptionsArgs.h"
#include "Cli.h"
#include "eval/CfEvaluation.h"
#include "store/ProjectStore.h"

namespace tl::cli {
namespace {

// "2026-W48" -> the Unix time of that ISO week's Monday, 00:00 UTC; 0 when malformed.
qint64 parseIsoWeek(const QString& text) {
    const QStringList parts = text.split(QStringLiteral("-W"));
    if (parts.size() != 2) return 0;
    bool okYear = false, okWeek = false;
    const int year = parts[0].toInt(&okYear), week = parts[1].toInt(&okWeek);
    if (!okYear || !okWeek || week < 1 || week > 53) return 0;
    QDate jan4(year, 1, 4);  // ISO week 1 holds January 4th
    const QDate monday = jan4.addDays(1 - jan4.dayOfWeek()).addDays(7 * (week - 1));
    return QDateTime(monday, QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
}

QString isoWeek(qint64 t) {
    int year = 0;
    const int week = QDateTime::fromSecsSinceEpoch(t, Qt::UTC).date().weekNumber(&year);
    return QStringLiteral("%1-W%2").arg(year).arg(week, 2, 10, QLatin1Char('0'));
}

}  // namespace

int runEvalCf(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption split(QStringLiteral("split"),
                                   QStringLiteral("random (default: 20% of each user's tracks "
                                                  "held out) or time (the last full week)."),
                                   QStringLiteral("KIND"), QStringLiteral("random"));
    const QCommandLineOption week(QStringLiteral("week"),
                                  QStringLiteral("Test week for --split time, e.g. 2026-W46."),
                                  QStringLiteral("YYYY-Www"));
    const QCommandLineOption k(QStringLiteral("k"), QStringLiteral("List length (default 10)."),
                               QStringLiteral("K"), QStringLiteral("10"));
    const QCommandLineOption bprEpochs(QStringLiteral("bpr-epochs"),
                                       QStringLiteral("BPR epochs (default 60)."),
                                       QStringLiteral("N"), QStringLiteral("60"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({project, split, week, k, bprEpochs, json});
    CfOptionsArgs cfArgs(parser);
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("eval-cf"),
                   QStringLiteral("Scores implicit ALS, BPR and the popularity baseline on "
                                  "held-out listens."),
                   &help))
        return help ? kOk : kUsage;
    if (!parser.isSet(project)) {
        std::fprintf(stderr, "tastelab-cli eval-cf: --project P is required\n\n%s",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    CfEvalOptions options;
    QString error;
    if (!cfArgs.read(parser, options.als, options.interactions, &error)) {
        std::fprintf(stderr, "tastelab-cli eval-cf: %s\n", qPrintable(error));
        return kUsage;
    }
    options.bpr.factors = options.als.factors;
    options.bpr.seed = options.als.seed;
    options.bpr.epochs = parser.value(bprEpochs).toInt();
    options.eval.k = parser.value(k).toInt();
    options.eval.seed = options.als.seed;
    if (parser.value(split) == QLatin1String("time")) {
        options.split = CfEvalOptions::SplitKind::Time;
        if (parser.isSet(week)) {
            options.weekStart = parseIsoWeek(parser.value(week));
            if (!options.weekStart) {
                std::fprintf(stderr,
                             "tastelab-cli eval-cf: --week takes YYYY-Www, e.g. 2026-W46\n");
                return kUsage;
            }
        }
    } else if (parser.value(split) != QLatin1String("random")) {
        std::fprintf(stderr, "tastelab-cli eval-cf: --split takes random or time\n");
        return kUsage;
    }
    if (options.eval.k < 1 || options.bpr.epochs < 0) {
        std::fprintf(stderr, "tastelab-cli eval-cf: --k must be >= 1\n");
        return kUsage;
    }

    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    auto report = evaluateCf(*opened.value(), options, stderrProgress(QStringLiteral("eval-cf")));
    if (!report) return reportFailure(report.status());
    const CfEvalReport& r = report.value();
    if (parser.isSet(json)) {
        QJsonObject models;
        for (const auto& [name, metrics] : r.models) {
            QJsonObject m;
            for (const auto& [metric, value] : metrics) m[metric] = value;
            m[QStringLiteral("fit_seconds")] = r.fitSeconds.at(name);
            models[name] = m;
        }
        QJsonObject out{{QStringLiteral("split"), r.split},
                        {QStringLiteral("users"), r.users},
                        {QStringLiteral("items"), r.items},
                        {QStringLiteral("train_entries"), double(r.trainEntries)},
                        {QStringLiteral("test_entries"), double(r.testEntries)},
                        {QStringLiteral("k"), options.eval.k},
                        {QStringLiteral("models"), models}};
        if (r.weekStart) out[QStringLiteral("week")] = isoWeek(r.weekStart);
        printJson(out);
        return kOk;
    }
    std::printf(
        "%s split%s: %d users x %d tracks, %lld train and %lld test entries\n", qPrintable(r.split),
        r.weekStart ? qPrintable(QStringLiteral(" (test week %1)").arg(isoWeek(r.weekStart))) : "",
        r.users, r.items, static_cast<long long>(r.trainEntries),
        static_cast<long long>(r.testEntries));
    const auto& first = r.models.begin()->second;
    std::printf("%-12s", "model");
    for (const auto& [metric, value] : first)
        if (metric != QLatin1String("users")) std::printf(" %13s", qPrintable(metric));
    std::printf("\n");
    for (const auto& [name, metrics] : r.models) {
        std::printf("%-12s", qPrintable(name));
        for (const auto& [metric, value] : first) {
            if (metric == QLatin1String("users")) continue;
            const auto it = metrics.find(metric);
            if (it == metrics.end())
                std::printf(" %13s", "-");
            else
                std::printf(" %13.4f", it->second);
        }
        std::printf("\n");
    }
    std::printf(
        "(mpr: expected percentile rank, 0 best, 0.5 random; all others higher is "
        "better)\n");
    return kOk;
}

}  // namespace tl::cli
