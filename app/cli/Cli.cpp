#include "Cli.h"

#include <unistd.h>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <cstdio>
#include <memory>
#include <mutex>

namespace tl::cli {

bool parseArgs(QCommandLineParser& parser, const QStringList& args, const QString& verb,
               const QString& synopsis, bool* helpShown) {
    *helpShown = false;
    parser.setApplicationDescription(synopsis);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(args)) {
        std::fprintf(stderr, "tastelab-cli %s: %s\n\n%s", qPrintable(verb),
                     qPrintable(parser.errorText()), qPrintable(parser.helpText()));
        return false;
    }
    if (parser.isSet(help)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        *helpShown = true;
        return false;
    }
    return true;
}

Progress stderrProgress(const QString& title) {
    struct State {
        std::mutex mutex;
        int lastTenth = -1;
        QElapsedTimer clock;
        bool tty = isatty(fileno(stderr)) != 0;
    };
    auto state = std::make_shared<State>();
    state->clock.start();
    return Progress([state, title](double fraction, const QString& message) {
        std::lock_guard lock(state->mutex);
        const int tenth = int(fraction * 10.0);
        if (state->tty) {
            std::fprintf(stderr, "\r%s: %3d%% %s\033[K", qPrintable(title), int(fraction * 100.0),
                         qPrintable(message));
            if (fraction >= 1.0) std::fputc('\n', stderr);
        } else if (tenth != state->lastTenth) {
            std::fprintf(stderr, "%s: %3d%% %s (%.1f s)\n", qPrintable(title), tenth * 10,
                         qPrintable(message), double(state->clock.elapsed()) / 1000.0);
        }
        state->lastTenth = tenth;
    });
}

QString remedyText(Remedy remedy) {
    // The core names the step; the command line names the command or flag that takes it.
    switch (remedy) {
        case Remedy::None:
            return {};
        case Remedy::ScanMusicFolder:
            return QStringLiteral("scan a music folder first (tastelab-cli scan --project P DIR)");
        case Remedy::AnalyzeAudio:
            return QStringLiteral("run the audio front-end (tastelab-cli analyze --project P)");
        case Remedy::TrainCf:
            return QStringLiteral("train CF (tastelab-cli train --project P cf)");
        case Remedy::TrainText:
            return QStringLiteral("train it first (tastelab-cli train --project P text)");
        case Remedy::TrainAudio:
            return QStringLiteral("train it first (tastelab-cli train --project P audio)");
        case Remedy::MorePlaysWithAudio:
            return QStringLiteral(
                "import more listening history, or scan and analyze the music you play "
                "(tastelab-cli import, scan, analyze); or lower --min-plays");
        case Remedy::AddTextSources:
            return QStringLiteral(
                "give it writing about the music or tags (tastelab-cli train --project P text "
                "--corpus DIR or --tags FILE), or tag the music files with genres and scan again");
        case Remedy::LowerLearningRate:
            return QStringLiteral(
                "lower --learning-rate (tastelab-cli train --project P audio "
                "--learning-rate 0.0003)");
    }
    return {};
}

QString failureText(const Status& status) {
    const QString remedy = remedyText(status.remedy());
    return remedy.isEmpty() ? status.message() : status.message() + QStringLiteral(": ") + remedy;
}

int reportFailure(const Status& status) {
    std::fprintf(stderr, "tastelab-cli: %s\n", qPrintable(failureText(status)));
    return kError;
}

QCommandLineOption valueOption(const char* name, const char* help, const char* valueName,
                               const QString& fallback) {
    return QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                              QString::fromLatin1(valueName), fallback);
}

void printJson(const QJsonObject& object) {
    std::fputs(QJsonDocument(object).toJson(QJsonDocument::Indented).constData(), stdout);
}

}  // namespace tl::cli
