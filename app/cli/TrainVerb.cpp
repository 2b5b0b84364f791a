#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <cstdio>

#include "AudioOptionsArgs.h"
#include "CfOptionsArgs.h"
#include "Cli.h"
#include "TextOptionsArgs.h"
#include "audio/ProjectAnalysis.h"
#include "audiomodel/AudioModel.h"
#include "cf/CfModel.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"
#include "text/TextTraining.h"

namespace tl::cli {
namespace {

// Trains the text model; fills `out` with its JSON summary and prints the text one unless json.
int trainTextModel(ProjectStore& store, const TextOptions& options, bool json, QJsonObject& out) {
    auto report = trainText(store, options, stderrProgress(QStringLiteral("train text")));
    if (!report) return reportFailure(report.status());
    const TextTrainReport& r = report.value();
    QJsonArray warnings;
    for (const QString& w : r.warnings) warnings.append(w);
    out = QJsonObject{{QStringLiteral("vocabulary"), r.vocabulary},
                      {QStringLiteral("terms_seen"), r.termsSeen},
                      {QStringLiteral("artists"), r.artists},
                      {QStringLiteral("tracks"), r.tracks},
                      {QStringLiteral("entities"), r.artists + r.tracks},
                      {QStringLiteral("tracks_with_own_text"), r.tracksWithOwnText},
                      {QStringLiteral("documents"), double(r.documents)},
                      {QStringLiteral("documents_linked"), double(r.documentsLinked)},
                      {QStringLiteral("documents_skipped"), double(r.documentsSkipped)},
                      {QStringLiteral("decoded_latin1"), double(r.decodedAsLatin1)},
                      {QStringLiteral("decoded_utf16"), double(r.decodedAsUtf16)},
                      {QStringLiteral("tag_rows"), double(r.tagRows)},
                      {QStringLiteral("tag_rows_skipped"), double(r.tagRowsSkipped)},
                      {QStringLiteral("mentions"), double(r.mentions)},
                      {QStringLiteral("warning_count"), r.warningCount},
                      {QStringLiteral("warnings"), warnings},
                      {QStringLiteral("top_terms"), options.topTerms},
                      {QStringLiteral("min_df"), options.minDocumentFrequency},
                      {QStringLiteral("lsa_dims"), options.lsa.dims},
                      {QStringLiteral("reused"), r.reused},
                      {QStringLiteral("seconds"), r.seconds}};
    if (!r.nothingToLearn.isEmpty())
        out[QStringLiteral("nothing_to_learn")] =
            failureText(Status::error(r.nothingToLearn, Remedy::AddTextSources));
    if (r.genrePrecision5 >= 0) out[QStringLiteral("genre_precision@5")] = r.genrePrecision5;
    if (r.lsaGenrePrecision5 >= 0)
        out[QStringLiteral("lsa_genre_precision@5")] = r.lsaGenrePrecision5;
    if (json) return kOk;
    std::printf(
        "Text (TF-IDF top terms): %d terms, %d artists, %d tracks (%d with text of their "
        "own)%s\n",
        r.vocabulary, r.artists, r.tracks, r.tracksWithOwnText,
        r.reused ? " (unchanged inputs: stored model reused)" : "");
    if (!r.reused)
        std::printf(
            "  %lld documents read, %lld about catalog artists or tracks, %lld skipped; "
            "%d warnings\n",
            static_cast<long long>(r.documents), static_cast<long long>(r.documentsLinked),
            static_cast<long long>(r.documentsSkipped), r.warningCount);
    for (const QString& w : r.warnings) std::printf("  warning: %s\n", qPrintable(w));
    if (!r.nothingToLearn.isEmpty())
        std::printf(
            "  note: %s\n",
            qPrintable(failureText(Status::error(r.nothingToLearn, Remedy::AddTextSources))));
    std::printf("  %.2f s\n", r.seconds);
    if (r.genrePrecision5 >= 0)
        std::printf(
            "  demo ground truth: %.1f%% of each artist's 5 nearest artists by text share "
            "its genre (LSA: %.1f%%)\n",
            100.0 * r.genrePrecision5, 100.0 * r.lsaGenrePrecision5);
    return kOk;
}

// Trains (or imports) the audio model; fills `out` with its JSON summary and prints the text one
// unless json.
int trainAudio(ProjectStore& store, const audiomodel::AudioModelOptions& options,
               const QString& importFrom, const QString& exportTo, bool json, QJsonObject& out) {
    using namespace audiomodel;
    if (!importFrom.isEmpty()) {
        auto imported = importAudioModel(store, importFrom, options.threads,
                                         stderrProgress(QStringLiteral("import audio model")));
        if (!imported) return reportFailure(imported.status());
        out = QJsonObject{{QStringLiteral("imported_from"), importFrom},
                          {QStringLiteral("tracks_with_audio"), imported.value()}};
        if (!json)
            std::printf("Audio model imported from %s: vectors for %d tracks with audio\n",
                        qPrintable(importFrom), imported.value());
    } else {
        const bool live = !json;
        auto report = trainAudioModel(
            store, options, stderrProgress(QStringLiteral("train audio")),
            [live](const nn::EpochStats& e) {
                if (live)
                    std::fprintf(stderr, "  epoch %d: train %.4f, validation %.4f (%.1f s)\n",
                                 e.epoch, e.trainLoss, e.validationLoss, e.seconds);
            });
        if (!report) return reportFailure(report.status());
        const AudioTrainReport& r = report.value();
        out = r.toJson();
        if (!json) {
            std::printf(
                "Audio (CNN on log-mels -> CF vectors): %d tracks with audio, trained on %d, "
                "validated on %d, %lld parameters%s\n",
                r.tracksWithAudio, r.trainTracks, r.validationTracks,
                static_cast<long long>(r.parameters),
                r.reused ? " (unchanged inputs: stored model reused)" : "");
            std::printf("  %d below --min-plays, %d without a CF vector, %d skipped\n",
                        r.belowMinPlays, r.withoutCfVector, int(r.skipped.size()));
            for (const SkippedTrack& t : r.skipped)
                std::printf("  skipped track %lld (%s): %s\n", static_cast<long long>(t.trackId),
                            qPrintable(t.file), qPrintable(t.reason));
            std::printf("  validation loss: CNN %.4f (best epoch %d of %zu), ridge baseline %.4f\n",
                        r.cnnValidationLoss, r.training.bestEpoch, r.training.epochs.size(),
                        r.ridgeValidationLoss);
            std::printf("  %s\n", qPrintable(r.vectorsReason));
            if (!r.fewTracksNote.isEmpty()) std::printf("  %s\n", qPrintable(r.fewTracksNote));
            std::printf("  %d cold-start tracks (audio, no plays) got vectors; %.1f s\n",
                        r.coldStartTracks, r.seconds);
            if (r.predictedGenrePrecision >= 0)
                std::printf(
                    "  demo ground truth: of the %d held-out tracks (validation and never "
                    "played), %.1f%% of each one's 10 nearest tracks by sound vector share its "
                    "genre (CNN embedding %.1f%%, chance %.1f%%)\n",
                    r.genreScoredTracks, 100.0 * r.predictedGenrePrecision,
                    100.0 * r.embeddingGenrePrecision, 100.0 * r.genreChance);
        }
    }
    if (!exportTo.isEmpty()) {
        if (Status s = exportAudioModel(store, exportTo); !s.isOk()) return reportFailure(s);
        out[QStringLiteral("exported_to")] = exportTo;
        if (!json) std::printf("  model written to %s\n", qPrintable(exportTo));
    }
    return kOk;
}

}  // namespace

int runTrain(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON summary."));
    const QCommandLineOption exportModel(
        QStringLiteral("export-model"),
        QStringLiteral("Audio: also write the trained model to a standalone file."),
        QStringLiteral("FILE"));
    const QCommandLineOption importModel(
        QStringLiteral("import-model"),
        QStringLiteral("Audio: instead of training, read a model file (checked against this "
                       "project's front-end settings) and predict with it."),
        QStringLiteral("FILE"));
    parser.addOptions({project, json, exportModel, importModel});
    CfOptionsArgs cfArgs(parser);
    TextOptionsArgs textArgs(parser);
    AudioOptionsArgs audioArgs(parser);
    parser.addPositionalArgument(QStringLiteral("model"),
                                 QStringLiteral("cf, text, audio or all (audio only where the "
                                                "project has analysed music)"));
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("train"),
                   QStringLiteral("Trains a model on the project and stores it there."), &help))
        return help ? kOk : kUsage;
    const QStringList models = parser.positionalArguments();
    if (!parser.isSet(project) || models.size() != 1) {
        std::fprintf(stderr, "tastelab-cli train: --project P and one model are required\n\n%s",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    const QString which = models.first();
    const bool all = which == QLatin1String("all");
    const bool cfWanted = which == QLatin1String("cf") || all;
    const bool textWanted = which == QLatin1String("text") || all;
    bool audioWanted = which == QLatin1String("audio");
    if (!cfWanted && !textWanted && !audioWanted) {
        std::fprintf(stderr, "tastelab-cli train: '%s' is not a model (cf, text, audio or all)\n",
                     qPrintable(which));
        return kUsage;
    }
    AlsOptions als;
    InteractionOptions interactions;
    audiomodel::AudioModelOptions audioOptions;
    if (QString error; !cfArgs.read(parser, als, interactions, &error) ||
                       !audioArgs.read(parser, audioOptions, &error)) {
        std::fprintf(stderr, "tastelab-cli train: %s\n", qPrintable(error));
        return kUsage;
    }
    audioOptions.train.seed = als.seed;
    audioOptions.data.seed = als.seed;
    audioOptions.threads = als.threads;
    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    ProjectStore& store = *opened.value();
    const ModelSettings settings = readModelSettings(store);
    cfArgs.takeUnsetFrom(parser, als, alsOptions(settings, als.threads));
    // Without --seed the audio model trains as the desktop app does, with the project's audio
    // seed (Preferences), so both give the same model from the same project.
    if (!parser.isSet(QStringLiteral("seed"))) {
        const audiomodel::AudioModelOptions project = audioModelOptions(settings, als.threads);
        audioOptions.train.seed = project.train.seed;
        audioOptions.data.seed = project.data.seed;
    }
    QJsonObject summary;
    if (textWanted) {
        TextOptions textOptions;
        bool sourcesGiven = false;
        if (QString error;
            !textArgs.read(parser, savedTextSources(store), textOptions, &sourcesGiven, &error)) {
            std::fprintf(stderr, "tastelab-cli train: %s\n", qPrintable(error));
            return kUsage;
        }
        textOptions.threads = als.threads;
        if (sourcesGiven)
            if (Status s = saveTextSources(store, textOptions.sources); !s.isOk())
                return reportFailure(s);
        QJsonObject text;
        if (const int code = trainTextModel(store, textOptions, parser.isSet(json), text);
            code != kOk)
            return code;
        summary[QStringLiteral("text")] = text;
    }
    // `all` analyses the music not analysed yet (with the project's front-end settings, as the
    // desktop app's Train All does; unchanged files are skipped), then trains audio after CF
    // when the project has analysed music.
    if (all && !store.files().empty()) {
        auto analysed = audio::analyzeProject(store, analyzeOptions(settings, als.threads),
                                              stderrProgress(QStringLiteral("analyze")));
        if (!analysed) return reportFailure(analysed.status());
        summary[QStringLiteral("analyze")] = analyzeReportJson(analysed.value());
        if (!parser.isSet(json)) printAnalyzeReport(analysed.value());
    }
    if (all) audioWanted = !audiomodel::projectFrontEnd(store).isEmpty();
    auto trainAudioNow = [&]() {
        QJsonObject audio;
        const int code = trainAudio(store, audioOptions, parser.value(importModel),
                                    parser.value(exportModel), parser.isSet(json), audio);
        summary[QStringLiteral("audio")] = audio;
        return code;
    };
    if (!cfWanted) {
        if (audioWanted)
            if (const int code = trainAudioNow(); code != kOk) return code;
        if (parser.isSet(json)) printJson(summary);
        return kOk;
    }
    auto report =
        trainCf(*opened.value(), als, interactions, stderrProgress(QStringLiteral("train cf")));
    if (!report) return reportFailure(report.status());
    const CfTrainReport& r = report.value();
    QJsonObject cf{{QStringLiteral("rows"), r.rows},
                   {QStringLiteral("row_kind"),
                    r.sessionRows ? QStringLiteral("sessions") : QStringLiteral("users")},
                   {QStringLiteral("items"), r.items},
                   {QStringLiteral("non_zeros"), double(r.nonZeros)},
                   {QStringLiteral("listens_counted"), double(r.listensCounted)},
                   {QStringLiteral("listens_dropped"), double(r.listensDropped)},
                   {QStringLiteral("factors"), als.factors},
                   {QStringLiteral("iterations"), als.iterations},
                   {QStringLiteral("loss"), r.loss},
                   {QStringLiteral("reused"), r.reused},
                   {QStringLiteral("seconds"), r.seconds}};
    if (r.genrePrecision10 >= 0) cf[QStringLiteral("genre_precision@10")] = r.genrePrecision10;
    summary[QStringLiteral("cf")] = cf;
    if (!parser.isSet(json)) {
        std::printf("CF (implicit ALS): %d %s x %d tracks, %lld entries, %d factors%s\n", r.rows,
                    r.sessionRows ? "sessions" : "users", r.items,
                    static_cast<long long>(r.nonZeros), als.factors,
                    r.reused ? " (unchanged inputs: stored model reused)" : "");
        std::printf("  loss %.6g, %.2f s\n", r.loss, r.seconds);
        if (r.sessionRows)
            std::printf("  one listener in the history: listening sessions stand in for users\n");
        if (r.genrePrecision10 >= 0)
            std::printf(
                "  demo ground truth: %.1f%% of each track's 10 nearest tracks share its "
                "genre\n",
                100.0 * r.genrePrecision10);
    }
    if (audioWanted)
        if (const int code = trainAudioNow(); code != kOk) return code;
    if (parser.isSet(json)) printJson(summary);
    return kOk;
}

}  // namespace tl::cli
