#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <cstdio>

#include "Cli.h"
#include "library/MusicFolderScan.h"
#include "library/MusicFolders.h"
#include "store/MatchReport.h"
#include "store/ProjectStore.h"
#include "util/NativePath.h"

namespace tl::cli {

int runScan(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption threads(
        QStringLiteral("threads"),
        QStringLiteral("Threads that read tags (default: one per core)."), QStringLiteral("N"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON summary."));
    parser.addOptions({project, threads, json});
    parser.addPositionalArgument(
        QStringLiteral("DIR"),
        QStringLiteral("The music folder (none: rescan the folders the project remembers)."),
        QStringLiteral("[DIR]"));
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("scan"),
                   QStringLiteral("Scans a music folder (WAV, FLAC, Ogg Vorbis, Opus, MP3, AIFF; "
                                  "symbolic links followed,\nloops skipped), reads tags, matches "
                                  "each file to a catalog track or adds a new\ntrack with no "
                                  "plays. Rescans read only files whose size or time changed and\n"
                                  "remove files that are gone. The folder is remembered in the "
                                  "project;\nwithout DIR, every remembered folder is rescanned."),
                   &help))
        return help ? kOk : kUsage;
    const QStringList folders = parser.positionalArguments();
    if (!parser.isSet(project) || folders.size() > 1) {
        std::fprintf(stderr, "tastelab-cli scan: %s\n\n%s",
                     !parser.isSet(project) ? "--project P is required"
                                            : "name one music folder DIR (or none to rescan)",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    ScanOptions options;
    if (parser.isSet(threads)) {
        bool ok = false;
        options.threads = parser.value(threads).toInt(&ok);
        if (!ok || options.threads < 1) {
            std::fprintf(stderr, "tastelab-cli scan: --threads takes a positive number\n");
            return kUsage;
        }
    }
    if (!folders.isEmpty() && !statNative(folders.front()).isDir)
        return reportFailure(
            Status::error(QStringLiteral("%1: no such folder").arg(displayPath(folders.front()))));

    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    ProjectStore& store = *opened.value();
    // Without DIR: rescan every folder the project remembers.
    const QStringList toScan = folders.isEmpty() ? musicFolders(store) : folders;
    if (toScan.isEmpty()) {
        std::fprintf(stderr, "tastelab-cli scan: %s remembers no music folder; name one: DIR\n\n%s",
                     qPrintable(parser.value(project)), qPrintable(parser.helpText()));
        return kUsage;
    }
    QJsonArray reports;
    bool anythingReadable = true;
    for (const QString& folder : toScan) {
        options.folder = folder;
        const auto result = scanMusicFolder(store, options, stderrProgress(QStringLiteral("scan")));
        if (!result) return reportFailure(result.status());
        const ScanReport& report = result.value();
        if (!report.anythingReadable()) {
            std::fprintf(stderr,
                         "tastelab-cli scan: none of the %lld audio files in %s could be read\n",
                         static_cast<long long>(report.filesScanned), qPrintable(report.folder));
            anythingReadable = false;
        }
        if (!parser.isSet(json)) std::fputs(qPrintable(report.toText()), stdout);
        reports.append(report.toJson());
    }
    // How the folder and my history meet the others' now, before anything is trained.
    const auto match = computeMatchReport(store);
    if (!match) return reportFailure(match.status());
    if (!parser.isSet(json))
        for (const QString& line : match->lines()) std::printf("%s\n", qPrintable(line));
    if (parser.isSet(json)) {
        const QString projectPath = QFileInfo(parser.value(project)).absoluteFilePath();
        // One folder named: its report. A rescan of the remembered folders: one per folder.
        QJsonObject o = folders.isEmpty() ? QJsonObject{{QStringLiteral("folders"), reports}}
                                          : reports.first().toObject();
        o.insert(QStringLiteral("project_path"), projectPath);
        o.insert(QStringLiteral("match"), match->toJson());
        printJson(o);
    }
    return anythingReadable ? kOk : kError;
}

}  // namespace tl::cli
