#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonObject>
#include <cstdio>

#include "Cli.h"
#include "store/ProjectStore.h"

namespace tl::cli {

int runInfo(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({project, json});
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("info"),
                   QStringLiteral("Shows what a project holds."), &help))
        return help ? kOk : kUsage;
    if (!parser.isSet(project)) {
        std::fprintf(stderr, "tastelab-cli info: --project P is required\n\n%s",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    ProjectStore& store = *opened.value();
    const CatalogCounts c = store.counts();
    const GroundTruth truth = store.groundTruth();
    if (parser.isSet(json)) {
        printJson(QJsonObject{
            {QStringLiteral("project"), QFileInfo(store.path()).absoluteFilePath()},
            {QStringLiteral("schema_version"), store.schemaVersion()},
            {QStringLiteral("users"), double(c.users)},
            {QStringLiteral("artists"), double(c.artists)},
            {QStringLiteral("tracks"), double(c.tracks)},
            {QStringLiteral("listens"), double(c.listens)},
            {QStringLiteral("files"), double(c.files)},
            {QStringLiteral("demo_world"), !truth.empty()},
            {QStringLiteral("genres"), int(truth.genreNames.size())},
        });
    } else {
        std::printf("%s (schema %d)%s\n", qPrintable(store.path()), store.schemaVersion(),
                    truth.empty() ? "" : ", a demo world");
        std::printf("  %lld users, %lld artists, %lld tracks, %lld listens, %lld audio files\n",
                    static_cast<long long>(c.users), static_cast<long long>(c.artists),
                    static_cast<long long>(c.tracks), static_cast<long long>(c.listens),
                    static_cast<long long>(c.files));
    }
    return kOk;
}

}  // namespace tl::cli
