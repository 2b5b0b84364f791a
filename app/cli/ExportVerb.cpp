#include <QCommandLineParser>
#include <QJsonObject>
#include <cstdio>

#include "CfOptionsArgs.h"
#include "Cli.h"
#include "cf/ExternalFactors.h"
#include "store/ProjectStore.h"

namespace tl::cli {

// `export interactions`: the CF input as integer-id triples for Spark ML's ALS or implicit.
int runExport(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("The folder to write interactions.csv, "
                                                "users.csv, items.csv and export.json to."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON summary."));
    parser.addOptions({project, out, json});
    // The interaction options (--strength, --short-plays, --rows) decide the strengths; the ALS
    // ones are accepted, as by every CF verb, and do not change an export.
    CfOptionsArgs cfArgs(parser);
    parser.addPositionalArgument(QStringLiteral("interactions"),
                                 QStringLiteral("What to export (only interactions so far)."));
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("export"),
                   QStringLiteral("Writes the CF input as integer-id triples (user, item, "
                                  "strength) with the id maps, for ALS trained elsewhere."),
                   &help))
        return help ? kOk : kUsage;
    const auto usage = [&](const QString& message) {
        std::fprintf(stderr, "tastelab-cli export: %s\n\n%s", qPrintable(message),
                     qPrintable(parser.helpText()));
        return kUsage;
    };
    if (parser.positionalArguments() != QStringList{QStringLiteral("interactions")})
        return usage(QStringLiteral("say what to export: `export interactions`"));
    if (!parser.isSet(project) || !parser.isSet(out))
        return usage(QStringLiteral("--project P and --out DIR are required"));
    AlsOptions als;
    InteractionOptions interactions;
    if (QString error; !cfArgs.read(parser, als, interactions, &error)) return usage(error);
    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    auto done = exportInteractions(*opened.value(), interactions, parser.value(out),
                                   stderrProgress(QStringLiteral("export interactions")));
    if (!done) return reportFailure(done.status());
    const InteractionExport& e = done.value();
    if (parser.isSet(json)) {
        printJson(QJsonObject{{QStringLiteral("dir"), e.dir},
                              {QStringLiteral("users"), e.users},
                              {QStringLiteral("items"), e.items},
                              {QStringLiteral("interactions"), double(e.interactions)},
                              {QStringLiteral("session_rows"), e.sessionRows},
                              {QStringLiteral("listens_counted"), double(e.listensCounted)},
                              {QStringLiteral("listens_dropped"), double(e.listensDropped)}});
        return kOk;
    }
    std::printf("Exported %lld interactions of %d %s x %d items to %s\n",
                static_cast<long long>(e.interactions), e.users,
                e.sessionRows ? "sessions" : "users", e.items, qPrintable(e.dir));
    std::printf(
        "  interactions.csv (user_index,item_index,strength), users.csv, items.csv, "
        "export.json\n");
    std::printf(
        "  train there (e.g. tools/spark_als.py), then: tastelab-cli import-factors "
        "--project P --items F [--users F]\n");
    return kOk;
}

}  // namespace tl::cli
