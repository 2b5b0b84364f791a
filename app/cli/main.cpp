#include <QCoreApplication>
#include <cstdio>
#include <cstring>
#include <exception>

#include "Cli.h"
#include "util/NativePath.h"

namespace {

constexpr tl::cli::Verb kVerbs[] = {
    {"demo", "generate the demo world (history, music, text, ground truth, project)",
     tl::cli::runDemo},
    {"new", "create a project, empty or from a music folder alone", tl::cli::runNew},
    {"import",
     "import listening histories (Spotify, ListenBrainz, Last.fm exports, data sets, zips)",
     tl::cli::runImport},
    {"analyze", "run the audio front-end (log-mel excerpts, descriptors) over the music files",
     tl::cli::runAnalyze},
    {"scan", "scan a music folder: tags, match files to tracks, cold-start new ones",
     tl::cli::runScan},
    {"info", "show what a project holds (catalog counts, schema, stored results)",
     tl::cli::runInfo},
    {"train", "train a model and store it in the project (cf, text, audio, all)",
     tl::cli::runTrain},
    {"eval-cf", "score ALS, BPR and popularity on held-out listens", tl::cli::runEvalCf},
    {"eval-audio",
     "the audio paper's table: random, ridge, CNN and true CF vectors on held-out tracks",
     tl::cli::runEvalAudio},
    {"weekly", "generate, save and export a user's weekly playlist (m3u8, xspf, jspf)",
     tl::cli::runWeekly},
    {"backtest", "score past weeks' playlists against what the user discovered in them",
     tl::cli::runBacktest},
    {"similar", "a track's nearest tracks by one model; by default, what it sounds like",
     tl::cli::runSimilar},
    {"map", "map a model's track vectors to 2-D (t-SNE, UMAP, PCA) and write them as CSV",
     tl::cli::runMap},
    {"export", "export interactions: the CF input as integer-id triples for Spark or implicit",
     tl::cli::runExport},
    {"import-factors", "store ALS factors trained elsewhere (.npz, .npy, Spark JSON lines)",
     tl::cli::runImportFactors},
};

void printUsage(FILE* out) {
    std::fputs(
        "usage: tastelab-cli <verb> [options]   (tastelab-cli <verb> --help for details)\n\n"
        "verbs:\n",
        out);
    for (const auto& verb : kVerbs) std::fprintf(out, "  %-10s %s\n", verb.name, verb.summary);
    std::fputs(
        "\nEvery verb takes --json (one JSON object on stdout), prints progress on stderr\n"
        "and exits 0 on success, 1 on an error it explains, 2 on wrong usage.\n",
        out);
}

}  // namespace

int main(int argc, char** argv) {
    // While TZ is unset, glibc's mktime() stats /etc/localtime on every call, and libarchive calls
    // it for each zip entry: half the time of importing a zip of 300,000 small files.
    // ":/etc/localtime" is what an unset TZ means to glibc, and Qt reads it as the system zone.
    if (!qEnvironmentVariableIsSet("TZ")) qputenv("TZ", ":/etc/localtime");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tastelab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TASTELAB_VERSION));
    // Arguments by their bytes, not QCoreApplication::arguments(): a folder named in Latin-1
    // ("Caf\xe9") must reach the scan as the folder it is (util/NativePath.h). Valid UTF-8
    // decodes as Qt decodes it.
    QStringList args;
    for (int i = 0; i < argc; ++i) args << tl::pathFromNative(QByteArray(argv[i]));
    if (args.size() < 2) {
        printUsage(stderr);
        return tl::cli::kUsage;
    }
    const QString verbName = args.at(1);
    if (verbName == QLatin1String("--help") || verbName == QLatin1String("-h") ||
        verbName == QLatin1String("help")) {
        printUsage(stdout);
        return tl::cli::kOk;
    }
    if (verbName == QLatin1String("--version")) {
        std::printf("tastelab-cli %s\n", TASTELAB_VERSION);
        return tl::cli::kOk;
    }
    for (const auto& verb : kVerbs) {
        if (verbName == QLatin1String(verb.name)) {
            args.removeAt(1);
            args[0] = QStringLiteral("tastelab-cli ") + verbName;
            // The command's exception barrier: a library's exception is an error this verb
            // explains (exit 1), never an abort.
            try {
                return verb.run(args);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "tastelab-cli %s: internal error: %s\n", qPrintable(verbName),
                             e.what());
            } catch (...) {
                std::fprintf(stderr, "tastelab-cli %s: internal error (unknown exception)\n",
                             qPrintable(verbName));
            }
            return tl::cli::kError;
        }
    }
    std::fprintf(stderr, "tastelab-cli: unknown verb '%s'\n\n", qPrintable(verbName));
    printUsage(stderr);
    return tl::cli::kUsage;
}
