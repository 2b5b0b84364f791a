#pragma once

#include <QCommandLineParser>

#include "text/TextTraining.h"

namespace tl::cli {

// The text-model settings `train text` accepts. Corpus folders and tag files given here are
// remembered in the project; without them the remembered ones (the demo's text/ folder) are used.
class TextOptionsArgs {
public:
    explicit TextOptionsArgs(QCommandLineParser& parser);
    // `saved` are the project's remembered sources; `sourcesGiven` says whether the command line
    // named any (then they replace the saved ones).
    bool read(const QCommandLineParser& parser, const TextSourceOptions& saved,
              TextOptions& options, bool* sourcesGiven, QString* error) const;

private:
    QCommandLineOption corpus_, tags_, minDf_, topTerms_, lsaDims_, lsaSeed_, languages_,
        nearWindow_, noFileTags_, noSidecars_;
};

}  // namespace tl::cli
