#include "AudioOptionsArgs.h"

namespace tl::cli {
namespace {
QCommandLineOption option(const char* name, const char* help, const char* valueName,
                          const QString& fallback) {
    return QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                              QString::fromLatin1(valueName), fallback);
}
}  // namespace

AudioOptionsArgs::AudioOptionsArgs(QCommandLineParser& parser)
    : epochs_(option("epochs", "Audio model: most training epochs (default 40).", "N",
                     QStringLiteral("40"))),
      minPlays_(option("min-plays",
                       "Audio model: plays a track needs for its CF vector to be a target "
                       "(default 5).",
                       "N", QStringLiteral("5"))),
      excerptFrames_(option("excerpt-frames",
                            "Audio model: crop length in log-mel frames (default 216, ~5 s).", "N",
                            QStringLiteral("216"))),
      batchSize_(option("batch-size", "Audio model: mini-batch size (default 32).", "N",
                        QStringLiteral("32"))),
      learningRate_(option("learning-rate", "Audio model: Adam learning rate (default 0.001).",
                           "LR", QStringLiteral("0.001"))),
      patience_(option("patience",
                       "Audio model: epochs without a better validation loss before stopping "
                       "(default 6).",
                       "N", QStringLiteral("6"))),
      weightByPlays_(QStringLiteral("weight-by-plays"),
                     QStringLiteral("Audio model: weight each track's loss by log(1 + plays).")),
      validationShare_(option("validation-share",
                              "Audio model: share of the target tracks kept for validation "
                              "(default 0.2).",
                              "F", QStringLiteral("0.2"))),
      arch_(option("arch", "Audio model: default, small or tiny.", "NAME",
                   QStringLiteral("default"))) {
    parser.addOptions({epochs_, minPlays_, excerptFrames_, batchSize_, learningRate_, patience_,
                       weightByPlays_, validationShare_, arch_});
}

bool AudioOptionsArgs::architecture(const QString& name, nn::Architecture* arch) {
    nn::Architecture a = audiomodel::AudioModelOptions::defaultArchitecture();
    if (name == QLatin1String("small")) {
        a.conv = {{32, 4, 4}, {32, 4, 2}, {64, 4, 1}};
        a.dense = {128};
    } else if (name == QLatin1String("tiny")) {
        a.conv = {{8, 4, 4}, {8, 4, 2}};
        a.dense = {16};
        a.dropout = 0.1f;
    } else if (name != QLatin1String("default")) {
        return false;
    }
    *arch = a;
    return true;
}

bool AudioOptionsArgs::read(const QCommandLineParser& p, audiomodel::AudioModelOptions& o,
                            QString* error) const {
    auto integer = [&](const QCommandLineOption& opt, int min, int* out) {
        bool good = false;
        const int v = p.value(opt).toInt(&good);
        if (!good || v < min) {
            *error = QStringLiteral("--%1 takes a whole number of at least %2")
                         .arg(opt.names().first())
                         .arg(min);
            return false;
        }
        *out = v;
        return true;
    };
    auto real = [&](const QCommandLineOption& opt, double min, double max, double* out) {
        bool good = false;
        const double v = p.value(opt).toDouble(&good);
        if (!good || !(v > min) || !(v < max)) {
            *error = QStringLiteral("--%1 takes a number between %2 and %3")
                         .arg(opt.names().first())
                         .arg(min)
                         .arg(max);
            return false;
        }
        *out = v;
        return true;
    };
    if (!architecture(p.value(arch_), &o.architecture)) {
        *error = QStringLiteral("--arch takes default, small or tiny");
        return false;
    }
    double learningRate = 0, share = 0;
    if (!integer(epochs_, 1, &o.train.epochs) || !integer(minPlays_, 1, &o.data.minPlays) ||
        !integer(excerptFrames_, 8, &o.architecture.inputFrames) ||
        !integer(batchSize_, 1, &o.train.batchSize) || !integer(patience_, 1, &o.train.patience) ||
        !real(learningRate_, 0.0, 1.0, &learningRate) || !real(validationShare_, 0.0, 1.0, &share))
        return false;
    o.train.adam.learningRate = float(learningRate);
    o.data.validationShare = share;
    o.data.weightByPlays = p.isSet(weightByPlays_);
    return true;
}

}  // namespace tl::cli
