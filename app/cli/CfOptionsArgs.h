#pragma once

#include <QCommandLineParser>

#include "cf/ImplicitAls.h"
#include "cf/Interactions.h"

namespace tl::cli {

// The CF settings every CF verb (train, eval-cf) accepts, with the same names and defaults.
class CfOptionsArgs {
public:
    explicit CfOptionsArgs(QCommandLineParser& parser);
    bool read(const QCommandLineParser& parser, AlsOptions& als, InteractionOptions& interactions,
              QString* error) const;
    // Options not given on the command line take `project`'s values (the project's settings,
    // Preferences in the app), so `train` trains what the app would. Threads stay as read.
    void takeUnsetFrom(const QCommandLineParser& parser, AlsOptions& als,
                       const AlsOptions& project) const;

private:
    QCommandLineOption factors_, iterations_, regularization_, alpha_, confidence_, solver_,
        cgSteps_, seed_, threads_, strength_, shortPlays_, rows_;
};

}  // namespace tl::cli
