#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <cstdio>

#include "Cli.h"
#include "store/ImportRecords.h"
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
    auto sources = importRecords(store);  // the histories the project was given (schema v4)
    if (!sources) return reportFailure(sources.status());
    if (parser.isSet(json)) {
        QJsonArray list;
        for (const ImportRecord& r : sources.value())
            list.append(QJsonObject{
                {QStringLiteral("id"), double(r.id)},
                {QStringLiteral("label"), r.label},
                {QStringLiteral("paths"), QJsonArray::fromStringList(r.paths)},
                {QStringLiteral("formats"), QJsonArray::fromStringList(r.formats)},
                {QStringLiteral("user"), r.user},
                {QStringLiteral("imported_at"),
                 r.importedAt.isValid() ? r.importedAt.toString(Qt::ISODate) : QString()},
                {QStringLiteral("listens"), double(r.listens)},
                {QStringLiteral("play_counts"), double(r.playCounts)},
            });
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
            {QStringLiteral("sources"), list},
        });
    } else {
        std::printf("%s (schema %d)%s\n", qPrintable(store.path()), store.schemaVersion(),
                    truth.empty() ? "" : ", a demo world");
        std::printf("  %lld users, %lld artists, %lld tracks, %lld listens, %lld audio files\n",
                    static_cast<long long>(c.users), static_cast<long long>(c.artists),
                    static_cast<long long>(c.tracks), static_cast<long long>(c.listens),
                    static_cast<long long>(c.files));
        for (const ImportRecord& r : sources.value())
            std::printf("  source %lld: %s (%s) for %s, %s: %lld listens, %lld play counts\n",
                        static_cast<long long>(r.id), qPrintable(r.label),
                        qPrintable(r.formats.join(QStringLiteral(", "))),
                        qPrintable(r.user.isEmpty() ? QStringLiteral("-") : r.user),
                        qPrintable(r.importedAt.isValid() ? r.importedAt.toString(Qt::ISODate)
                                                          : QStringLiteral("before v4")),
                        static_cast<long long>(r.listens), static_cast<long long>(r.playCounts));
    }
    return kOk;
}

}  // namespace tl::cli
