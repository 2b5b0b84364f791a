#pragma once

#include <QCommandLineParser>

#include "audiomodel/AudioModel.h"

namespace tl::cli {

// The audio model settings `train audio` and `eval-audio` accept, with the same names and
// defaults. The seed is the verb's --seed (shared with CF).
class AudioOptionsArgs {
public:
    explicit AudioOptionsArgs(QCommandLineParser& parser);
    bool read(const QCommandLineParser& parser, audiomodel::AudioModelOptions& options,
              QString* error) const;

    // The named architectures: "default" (~2 x 10^5 parameters), "small", "tiny" (tests).
    static bool architecture(const QString& name, nn::Architecture* arch);

private:
    QCommandLineOption epochs_, minPlays_, excerptFrames_, batchSize_, learningRate_, patience_,
        weightByPlays_, validationShare_, arch_;
};

}  // namespace tl::cli
