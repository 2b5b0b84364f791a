#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <cstdio>

#include "Cli.h"
#include "audio/ProjectAnalysis.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

namespace tl::cli {
namespace {

// "3x10" (N windows of S seconds), "1x30", or "whole"; within the ranges a project keeps
// (model_settings_range), so what the CLI accepts the project can store.
bool parseExcerpts(const QString& text, audio::FrontEndOptions& o) {
    if (text == QLatin1String("whole")) {
        o.excerptMode = audio::ExcerptMode::Whole;
        return true;
    }
    static const QRegularExpression pattern(QStringLiteral("^(\\d+)x(\\d+(?:\\.\\d+)?)$"));
    const auto m = pattern.match(text);
    if (!m.hasMatch()) return false;
    o.excerptMode = audio::ExcerptMode::Windows;
    o.excerptCount = m.captured(1).toInt();
    o.excerptSeconds = m.captured(2).toDouble();
    namespace range = model_settings_range;
    return o.excerptCount >= range::kMinExcerpts && o.excerptCount <= range::kMaxExcerpts &&
           o.excerptSeconds >= range::kMinExcerptSeconds &&
           o.excerptSeconds <= range::kMaxExcerptSeconds;
}

}  // namespace

QJsonObject analyzeReportJson(const audio::AnalyzeReport& r) {
    QJsonArray failed;
    for (const auto& f : r.failed)
        failed.append(
            QJsonObject{{QStringLiteral("file"), f.file}, {QStringLiteral("reason"), f.reason}});
    return QJsonObject{{QStringLiteral("tracks_analysed"), r.analysed},
                       {QStringLiteral("tracks_skipped"), r.skipped},
                       {QStringLiteral("tracks_failed"), failed},
                       {QStringLiteral("seconds"), r.seconds},
                       {QStringLiteral("audio_seconds"), r.audioSeconds},
                       {QStringLiteral("realtime_factor"), r.realtimeFactor()},
                       {QStringLiteral("threads"), r.threads}};
}

void printAnalyzeReport(const audio::AnalyzeReport& r) {
    std::printf(
        "Audio front-end: %d tracks analysed, %d unchanged, %d failed (%.2f s, %.0fx "
        "real time on %d threads)\n",
        r.analysed, r.skipped, int(r.failed.size()), r.seconds, r.realtimeFactor(), r.threads);
    for (const auto& f : r.failed) std::printf("  failed: %s\n", qPrintable(f.reason));
}

int runAnalyze(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON summary."));
    const QCommandLineOption excerpts(
        QStringLiteral("excerpts"),
        QStringLiteral("Which parts of each track: NxS (N windows of S seconds), 1x30, or whole. "
                       "Default: the project's own plan (3x10 unless changed). A plan given "
                       "here becomes the project's, so train all and the desktop app use it."),
        QStringLiteral("PLAN"));
    const QCommandLineOption melScale(QStringLiteral("mel-scale"),
                                      QStringLiteral("slaney (default) or htk."),
                                      QStringLiteral("SCALE"), QStringLiteral("slaney"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Worker threads (default: every core)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    parser.addOptions({project, json, excerpts, melScale, threads});
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("analyze"),
                   QStringLiteral("Runs the audio front-end (log-mel excerpts and descriptors) "
                                  "over the project's music files; unchanged files are skipped."),
                   &help))
        return help ? kOk : kUsage;
    if (!parser.isSet(project)) {
        std::fprintf(stderr, "tastelab-cli analyze: --project P is required\n\n%s",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    // Parse every flag before opening the project: a usage error changes nothing.
    audio::FrontEndOptions asked;
    if (parser.isSet(excerpts) && !parseExcerpts(parser.value(excerpts), asked)) {
        std::fprintf(stderr,
                     "tastelab-cli analyze: --excerpts must be NxS (N 1-%d, S %g-%g seconds, "
                     "e.g. 3x10) or whole\n",
                     model_settings_range::kMaxExcerpts, model_settings_range::kMinExcerptSeconds,
                     model_settings_range::kMaxExcerptSeconds);
        return kUsage;
    }
    const QString scale = parser.value(melScale);
    if (scale != QLatin1String("slaney") && scale != QLatin1String("htk")) {
        std::fprintf(stderr, "tastelab-cli analyze: --mel-scale must be slaney or htk\n");
        return kUsage;
    }
    bool threadsOk = false;
    const int threadCount = parser.value(threads).toInt(&threadsOk);
    if (!threadsOk || threadCount < 0) {
        std::fprintf(stderr, "tastelab-cli analyze: --threads must be a whole number >= 0\n");
        return kUsage;
    }

    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    // The project's own front-end settings, as the desktop app and `train all` use them: a
    // file analysed here is not analysed again by them with other settings.
    ModelSettings settings = readModelSettings(*opened.value());
    if (parser.isSet(excerpts)) {
        settings.excerptMode = asked.excerptMode;
        settings.excerptCount = asked.excerptCount;
        settings.excerptSeconds = asked.excerptSeconds;
        if (Status saved = writeModelSettings(*opened.value(), settings); !saved.isOk())
            return reportFailure(saved);
    }
    audio::AnalyzeOptions options = analyzeOptions(settings, threadCount);
    options.frontEnd.melScale =
        scale == QLatin1String("htk") ? audio::MelScale::Htk : audio::MelScale::Slaney;
    auto report =
        audio::analyzeProject(*opened.value(), options, stderrProgress(QStringLiteral("analyze")));
    if (!report) return reportFailure(report.status());
    const audio::AnalyzeReport& r = report.value();
    if (parser.isSet(json)) {
        QJsonObject o = analyzeReportJson(r);
        o.insert(QStringLiteral("options"), options.frontEnd.toJson());
        printJson(o);
    } else {
        printAnalyzeReport(r);
    }
    return kOk;
}

}  // namespace tl::cli
