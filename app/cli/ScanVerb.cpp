#include <QCommandLineParser>
#include <QFileInfo>
#include <cstdio>

#include "Cli.h"
#include "library/MusicFolderScan.h"
#include "store/ProjectStore.h"

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
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("The music folder."),
                                 QStringLiteral("DIR"));
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("scan"),
                   QStringLiteral("Scans a music folder (WAV, FLAC, Ogg Vorbis, Opus, MP3, AIFF; "
                                  "symbolic links followed,\nloops skipped), reads tags, matches "
                                  "each file to a catalog track or adds a new\ntrack with no "
                                  "plays. Rescans read only files whose size or time changed and\n"
                                  "remove files that are gone. The folder is remembered in the "
                                  "project."),
                   &help))
        return help ? kOk : kUsage;
    const QStringList folders = parser.positionalArguments();
    if (!parser.isSet(project) || folders.size() != 1) {
        std::fprintf(stderr, "tastelab-cli scan: %s\n\n%s",
                     !parser.isSet(project) ? "--project P is required"
                                            : "name exactly one music folder DIR",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    ScanOptions options;
    options.folder = folders.front();
    if (parser.isSet(threads)) {
        bool ok = false;
        options.threads = parser.value(threads).toInt(&ok);
        if (!ok || options.threads < 1) {
            std::fprintf(stderr, "tastelab-cli scan: --threads takes a positive number\n");
            return kUsage;
        }
    }
    if (!QFileInfo(options.folder).isDir())
        return reportFailure(
            Status::error(QStringLiteral("%1: no such folder").arg(options.folder)));

    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    const auto result =
        scanMusicFolder(*opened.value(), options, stderrProgress(QStringLiteral("scan")));
    if (!result) return reportFailure(result.status());
    const ScanReport& report = result.value();
    if (parser.isSet(json)) {
        QJsonObject o = report.toJson();
        o.insert(QStringLiteral("project_path"),
                 QFileInfo(parser.value(project)).absoluteFilePath());
        printJson(o);
    } else {
        std::fputs(qPrintable(report.toText()), stdout);
    }
    if (!report.anythingReadable()) {
        std::fprintf(stderr, "tastelab-cli scan: none of the %lld audio files could be read\n",
                     static_cast<long long>(report.filesScanned));
        return kError;
    }
    return kOk;
}

}  // namespace tl::cli
