#include <QCommandLineParser>
#include <QJsonObject>
#include <cstdio>

#include "AudioOptionsArgs.h"
#include "CfOptionsArgs.h"
#include "Cli.h"
#include "audiomodel/AudioEvaluation.h"
#include "store/ProjectStore.h"

namespace tl::cli {

int runEvalAudio(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption heldOut(
        QStringLiteral("held-out"),
        QStringLiteral("Share of the tracks with audio and plays whose plays CF never sees "
                       "(default 0.2)."),
        QStringLiteral("F"), QStringLiteral("0.2"));
    const QCommandLineOption k(QStringLiteral("k"),
                               QStringLiteral("mAP@k (default 500, capped at the held-out "
                                              "tracks)."),
                               QStringLiteral("K"), QStringLiteral("500"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({project, heldOut, k, json});
    CfOptionsArgs cfArgs(parser);
    AudioOptionsArgs audioArgs(parser);
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("eval-audio"),
                   QStringLiteral("The paper's table: held-out tracks (plays hidden from CF) "
                                  "ranked for their listeners by random vectors, the ridge "
                                  "baseline, the CNN and the true CF vectors (upper bound). "
                                  "Nothing is stored."),
                   &help))
        return help ? kOk : kUsage;
    if (!parser.isSet(project)) {
        std::fprintf(stderr, "tastelab-cli eval-audio: --project P is required\n\n%s",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    audiomodel::AudioEvalOptions options;
    QString error;
    if (!cfArgs.read(parser, options.als, options.interactions, &error) ||
        !audioArgs.read(parser, options.model, &error)) {
        std::fprintf(stderr, "tastelab-cli eval-audio: %s\n", qPrintable(error));
        return kUsage;
    }
    bool okShare = false, okK = false;
    options.heldOut = parser.value(heldOut).toDouble(&okShare);
    options.k = parser.value(k).toInt(&okK);
    if (!okShare || !(options.heldOut > 0) || !(options.heldOut < 1) || !okK || options.k < 1) {
        std::fprintf(stderr,
                     "tastelab-cli eval-audio: --held-out takes a share in (0, 1), --k a whole "
                     "number >= 1\n");
        return kUsage;
    }
    options.seed = options.als.seed;
    options.model.train.seed = options.als.seed;
    options.model.data.seed = options.als.seed;
    options.model.threads = options.als.threads;

    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    auto report = audiomodel::evaluateAudio(*opened.value(), options,
                                            stderrProgress(QStringLiteral("eval-audio")));
    if (!report) return reportFailure(report.status());
    const audiomodel::AudioEvalReport& r = report.value();
    if (parser.isSet(json)) {
        printJson(r.toJson());
        return kOk;
    }
    std::printf(
        "%d held-out tracks (%lld listens hidden from CF), %d users; trained on %d tracks "
        "(%d for validation)\n",
        r.heldOutTracks, static_cast<long long>(r.heldOutListens), r.users, r.trainTracks,
        r.validationTracks);
    std::printf("%-12s %8s %10s\n", "vectors", "auc",
                qPrintable(QStringLiteral("map@%1").arg(r.k)));
    for (const char* name : {"random", "ridge", "cnn", "upper_bound"}) {
        const auto& m = r.methods.at(QString::fromLatin1(name));
        std::printf("%-12s %8.4f %10.4f\n", name, m.at(QStringLiteral("auc")),
                    m.at(QStringLiteral("map@k")));
    }
    std::printf("validation loss: ridge %.4f, CNN %.4f (best epoch %d of %zu)\n",
                r.ridgeValidationLoss, r.cnnValidationLoss, r.training.bestEpoch,
                r.training.epochs.size());
    if (!r.genrePrecision.empty())
        std::printf(
            "demo ground truth, same-genre share of the 10 nearest tracks of the %d held-out "
            "tracks (never trained on): CNN embedding %.1f%%, CNN %.1f%%, ridge %.1f%%, true CF "
            "%.1f%% (chance %.1f%%)\n",
            r.genreScoredTracks, 100 * r.genrePrecision.at(QStringLiteral("cnn_embedding")),
            100 * r.genrePrecision.at(QStringLiteral("cnn")),
            100 * r.genrePrecision.at(QStringLiteral("ridge")),
            100 * r.genrePrecision.at(QStringLiteral("upper_bound")),
            100 * r.genrePrecision.at(QStringLiteral("chance")));
    std::printf("%.1f s\n", r.seconds);
    return kOk;
}

}  // namespace tl::cli
