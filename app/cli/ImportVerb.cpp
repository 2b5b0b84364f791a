#include <QCommandLineParser>
#include <QFileInfo>
#include <cstdio>

#include "Cli.h"
#include "importers/HistoryImporter.h"
#include "store/MatchReport.h"
#include "store/ProjectStore.h"

namespace tl::cli {

int runImport(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption me(
        QStringLiteral("me"),
        QStringLiteral("Your user name: the owner of exports that name nobody (Spotify account "
                       "data, Last.fm), the name that replaces the account ID of a Spotify "
                       "extended history, and the user marked as me. ListenBrainz files keep "
                       "the user they name."),
        QStringLiteral("NAME"));
    const QCommandLineOption create(QStringLiteral("create"),
                                    QStringLiteral("Create the project if it does not exist."));
    const QCommandLineOption incognito(
        QStringLiteral("include-incognito"),
        QStringLiteral("Keep Spotify plays from private sessions (skipped by default)."));
    const qsizetype listed = ImportOptions().maxFilesListed;
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("Print a JSON summary. Its \"files\" lists the first %1 files read; "
                       "\"files_total\", \"files_by_status\" and \"files_by_reason\" count them "
                       "all.")
            .arg(listed));
    const QCommandLineOption allFiles(
        QStringLiteral("all-files"),
        QStringLiteral("List every file read in the summary (text or JSON), not only the first "
                       "%1: an archive of many small files gives a long list.")
            .arg(listed));
    parser.addOptions({project, me, create, incognito, json, allFiles});
    parser.addPositionalArgument(
        QStringLiteral("FILE|DIR|ZIP"),
        QStringLiteral("History exports, folders to search, or archives (.zip, .tar.gz, .gz)."),
        QStringLiteral("FILE|DIR|ZIP..."));
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("import"),
                   QStringLiteral("Imports listening histories: Spotify account data and extended "
                                  "streaming history,\nListenBrainz exports (JSONL or JSON) and "
                                  "Last.fm CSVs (lastfm-to-csv, lastfm.ghan.nl),\nand the "
                                  "research data sets Last.fm-1K, Last.fm-360K and the Echo Nest "
                                  "Taste\nProfile (with the MSD's unique_tracks.txt for names). "
                                  "Formats are detected by content;\nfolders are searched "
                                  "recursively and archives (.zip, .tar.gz, .gz) read in place. "
                                  "Each\nlisten is added once, however often it is imported; "
                                  "play counts are replaced, not added."),
                   &help))
        return help ? kOk : kUsage;
    const QStringList inputs = parser.positionalArguments();
    if (!parser.isSet(project) || inputs.isEmpty()) {
        std::fprintf(stderr, "tastelab-cli import: %s\n\n%s",
                     !parser.isSet(project) ? "--project P is required"
                                            : "name at least one FILE or DIR to import",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    if (parser.isSet(me) && parser.value(me).trimmed().isEmpty()) {
        std::fprintf(stderr, "tastelab-cli import: --me takes a user name\n");
        return kUsage;
    }

    const QString path = parser.value(project);
    const bool creating = parser.isSet(create) && !QFileInfo::exists(path);
    auto opened = creating ? ProjectStore::create(path) : ProjectStore::open(path);
    if (!opened) {
        // With --create, create() says why it could not (no such folder, the system's reason).
        if (!creating && !QFileInfo::exists(path))
            return reportFailure(Status::error(
                QStringLiteral("%1: no such project (pass --create to make one)").arg(path)));
        return reportFailure(opened.status());
    }
    ImportOptions options;
    options.paths = inputs;
    options.me = parser.value(me).trimmed();
    options.includeIncognito = parser.isSet(incognito);
    if (parser.isSet(allFiles)) options.maxFilesListed = 0;
    const auto result =
        importHistories(*opened.value(), options, stderrProgress(QStringLiteral("import")));
    if (!result) return reportFailure(result.status());
    const ImportReport& report = result.value();
    // How my history meets the others' now, before anything is trained.
    const auto match = computeMatchReport(*opened.value());
    if (!match) return reportFailure(match.status());
    // Written a piece at a time: with --all-files the list can hold 300,000 files.
    if (parser.isSet(json)) {
        report.writeJson(
            [](const QByteArray& piece) {
                std::fwrite(piece.constData(), 1, size_t(piece.size()), stdout);
            },
            {{QStringLiteral("project_path"), QFileInfo(path).absoluteFilePath()},
             {QStringLiteral("match"), match->toJson()}});
    } else {
        const auto print = [](const QString& line) {
            std::fputs(qPrintable(line), stdout);
            std::fputc('\n', stdout);
        };
        report.writeText(print);
        for (const QString& line : match->lines()) print(line);
    }
    if (!report.anythingValid()) {
        std::fprintf(stderr, "tastelab-cli import: nothing valid was imported%s\n",
                     report.problemCount > 0 ? " (see the problems above)" : "");
        return kError;
    }
    return kOk;
}

}  // namespace tl::cli
