#include <QCommandLineParser>
#include <QJsonObject>
#include <cstdio>

#include "CfOptionsArgs.h"
#include "Cli.h"
#include "cf/CfModel.h"
#include "store/ProjectStore.h"

namespace tl::cli {

int runTrain(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON summary."));
    parser.addOptions({project, json});
    CfOptionsArgs cfArgs(parser);
    parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("cf (the model this "
                                                                         "build trains)"));
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("train"),
                   QStringLiteral("Trains a model on the project and stores it there."), &help))
        return help ? kOk : kUsage;
    const QStringList models = parser.positionalArguments();
    if (!parser.isSet(project) || models.size() != 1) {
        std::fprintf(stderr, "tastelab-cli train: --project P and one model are required\n\n%s",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    const QString which = models.first();
    if (which != QLatin1String("cf") && which != QLatin1String("all")) {
        std::fprintf(stderr,
                     "tastelab-cli train: '%s' is not a model this build can train (it trains "
                     "cf; text and audio models are not part of it yet)\n",
                     qPrintable(which));
        return which == QLatin1String("text") || which == QLatin1String("audio") ? kError : kUsage;
    }
    AlsOptions als;
    InteractionOptions interactions;
    if (QString error; !cfArgs.read(parser, als, interactions, &error)) {
        std::fprintf(stderr, "tastelab-cli train: %s\n", qPrintable(error));
        return kUsage;
    }
    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    auto report =
        trainCf(*opened.value(), als, interactions, stderrProgress(QStringLiteral("train cf")));
    if (!report) return reportFailure(report.status());
    const CfTrainReport& r = report.value();
    QJsonObject cf{{QStringLiteral("rows"), r.rows},
                   {QStringLiteral("row_kind"),
                    r.sessionRows ? QStringLiteral("sessions") : QStringLiteral("users")},
                   {QStringLiteral("items"), r.items},
                   {QStringLiteral("non_zeros"), double(r.nonZeros)},
                   {QStringLiteral("listens_counted"), double(r.listensCounted)},
                   {QStringLiteral("listens_dropped"), double(r.listensDropped)},
                   {QStringLiteral("factors"), als.factors},
                   {QStringLiteral("iterations"), als.iterations},
                   {QStringLiteral("loss"), r.loss},
                   {QStringLiteral("reused"), r.reused},
                   {QStringLiteral("seconds"), r.seconds}};
    if (r.genrePrecision10 >= 0) cf[QStringLiteral("genre_precision@10")] = r.genrePrecision10;
    if (parser.isSet(json)) {
        printJson(QJsonObject{{QStringLiteral("cf"), cf}});
    } else {
        std::printf("CF (implicit ALS): %d %s x %d tracks, %lld entries, %d factors%s\n", r.rows,
                    r.sessionRows ? "sessions" : "users", r.items,
                    static_cast<long long>(r.nonZeros), als.factors,
                    r.reused ? " (unchanged inputs: stored model reused)" : "");
        std::printf("  loss %.6g, %.2f s\n", r.loss, r.seconds);
        if (r.sessionRows)
            std::printf("  one listener in the history: listening sessions stand in for users\n");
        if (r.genrePrecision10 >= 0)
            std::printf(
                "  demo ground truth: %.1f%% of each track's 10 nearest tracks share its "
                "genre\n",
                100.0 * r.genrePrecision10);
    }
    return kOk;
}

}  // namespace tl::cli
