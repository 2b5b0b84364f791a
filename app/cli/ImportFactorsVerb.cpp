#include <QCommandLineParser>
#include <QJsonObject>
#include <cstdio>

#include "Cli.h"
#include "cf/ExternalFactors.h"
#include "store/ProjectStore.h"

namespace tl::cli {

// `import-factors`: ALS factors trained elsewhere become the project's CF model.
int runImportFactors(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption items(
        QStringLiteral("items"),
        QStringLiteral("Item factors: implicit's model.save() .npz (item_factors and "
                       "user_factors), a NumPy .npy, or a folder of Spark JSON-lines part files."),
        QStringLiteral("F"));
    const QCommandLineOption users(
        QStringLiteral("users"),
        QStringLiteral("User factors (.npy or a Spark folder). Default: the .npz's user_factors; "
                       "otherwise each user's vector is solved from the item factors."),
        QStringLiteral("F"));
    const QCommandLineOption exportDir(
        QStringLiteral("export"),
        QStringLiteral("The folder `export interactions` wrote (default: the project's last)."),
        QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON summary."));
    parser.addOptions({project, items, users, exportDir, json});
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("import-factors"),
                   QStringLiteral("Stores ALS factors trained elsewhere (implicit, Spark ML) on "
                                  "this project's exported interactions as its CF model."),
                   &help))
        return help ? kOk : kUsage;
    if (!parser.isSet(project) || !parser.isSet(items)) {
        std::fprintf(stderr,
                     "tastelab-cli import-factors: --project P and --items F are "
                     "required\n\n%s",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    FactorImport request{parser.value(items), parser.value(users), parser.value(exportDir)};
    auto done =
        importFactors(*opened.value(), request, stderrProgress(QStringLiteral("import factors")));
    if (!done) return reportFailure(done.status());
    const FactorImportReport& r = done.value();
    if (parser.isSet(json)) {
        printJson(QJsonObject{{QStringLiteral("export"), r.exportDir},
                              {QStringLiteral("users"), r.users},
                              {QStringLiteral("items"), r.items},
                              {QStringLiteral("rank"), r.rank},
                              {QStringLiteral("items_format"), r.itemsFormat},
                              {QStringLiteral("users_format"), r.usersFormat},
                              {QStringLiteral("external"), true}});
        return kOk;
    }
    std::printf("External CF model stored: %d users x %d items, rank %d (items: %s, users: %s)\n",
                r.users, r.items, r.rank, qPrintable(r.itemsFormat), qPrintable(r.usersFormat));
    std::printf("  indices mapped back through the export in %s\n", qPrintable(r.exportDir));
    return kOk;
}

}  // namespace tl::cli
