#include <QCommandLineParser>
#include <QJsonObject>
#include <cstdio>

#include "Cli.h"
#include "demo/DemoWorld.h"

namespace tl::cli {

int runDemo(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Folder to write into."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Random seed (default 1)."), QStringLiteral("N"),
                                  QStringLiteral("1"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("small (default), medium or large."),
                                  QStringLiteral("SIZE"), QStringLiteral("small"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON summary."));
    parser.addOptions({out, seed, size, json});
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("demo"),
                   QStringLiteral("Generates the demo world: a music world with known genres, "
                                  "users and tastes,\nwritten as export files, a music folder, "
                                  "text and DIR/demo.tastelab."),
                   &help))
        return help ? kOk : kUsage;
    if (!parser.isSet(out) || !parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "tastelab-cli demo: --out DIR is required\n\n%s",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    DemoOptions options;
    options.outDir = parser.value(out);
    bool seedOk = false;
    options.seed = parser.value(seed).toULongLong(&seedOk);
    const auto parsedSize = parseDemoSize(parser.value(size));
    if (!seedOk || !parsedSize) {
        std::fprintf(
            stderr, "tastelab-cli demo: %s\n",
            !seedOk ? "--seed takes a whole number" : "--size takes small, medium or large");
        return kUsage;
    }
    options.size = *parsedSize;

    const auto result = generateDemo(options, stderrProgress(QStringLiteral("demo")));
    if (!result) return reportFailure(result.status());
    const DemoSummary& s = result.value();
    if (parser.isSet(json)) {
        printJson(QJsonObject{
            {QStringLiteral("project"), s.projectPath},
            {QStringLiteral("music_dir"), s.musicDir},
            {QStringLiteral("history_dir"), s.historyDir},
            {QStringLiteral("text_dir"), s.textDir},
            {QStringLiteral("ground_truth"), s.truthPath},
            {QStringLiteral("seed"), QString::number(options.seed)},
            {QStringLiteral("size"), demoSizeName(options.size)},
            {QStringLiteral("genres"), s.genres},
            {QStringLiteral("artists"), s.artists},
            {QStringLiteral("tracks"), s.tracks},
            {QStringLiteral("tracks_with_audio"), s.tracksWithAudio},
            {QStringLiteral("cold_start_tracks"), s.coldStartTracks},
            {QStringLiteral("users"), s.users},
            {QStringLiteral("listens"), double(s.listens)},
            {QStringLiteral("text_documents"), s.textDocuments},
            {QStringLiteral("bytes_on_disk"), double(s.bytesOnDisk)},
            {QStringLiteral("seconds"), s.seconds},
        });
    } else {
        std::printf("Demo world (%s, seed %llu) in %s\n", qPrintable(demoSizeName(options.size)),
                    static_cast<unsigned long long>(options.seed), qPrintable(s.outDir));
        std::printf("  %d genres, %d artists, %d tracks (%d with audio, %d cold start)\n", s.genres,
                    s.artists, s.tracks, s.tracksWithAudio, s.coldStartTracks);
        std::printf("  %d users, %lld listens, %d text documents, %.1f MB, %.1f s\n", s.users,
                    static_cast<long long>(s.listens), s.textDocuments, double(s.bytesOnDisk) / 1e6,
                    s.seconds);
        std::printf("  project: %s\n", qPrintable(s.projectPath));
    }
    return kOk;
}

}  // namespace tl::cli
