#pragma once

#include <QCommandLineParser>
#include <QJsonObject>

#include "playlist/PlaylistCatalog.h"
#include "playlist/WeeklyPlaylist.h"
#include "store/ModelSettings.h"

namespace tl::cli {

// The playlist settings `weekly` and `backtest` share, with the same names and defaults.
class PlaylistArgs {
public:
    explicit PlaylistArgs(QCommandLineParser& parser);
    // Fills settings from the options; false with `error` set on a wrong value (exit 2).
    bool read(const QCommandLineParser& parser, PlaylistSettings& settings, QString* error) const;
    // What the command line did not set comes from the project, as the desktop app uses it: the
    // blend (its sliders) for --weights and the playlist's base seed for --seed.
    void useProjectSettings(const QCommandLineParser& parser, const ModelSettings& project,
                            PlaylistSettings& settings) const;
    // Where the weights come from, in a sentence: "--weights as given", or the project's own
    // weights or its default blend (playlist/DefaultBlend.h) and which default it is.
    QString weightsOrigin(const QCommandLineParser& parser, const ProjectStore& store) const;

private:
    QCommandLineOption user_, weights_, seed_, normalisation_, novelty_, diversity_, rediscover_,
        length_;
    friend Id resolveUser(const QCommandLineParser&, const PlaylistArgs&, const PlaylistCatalog&,
                          QString*);
};

// --user me|NAME -> a user id; 0 with `error` naming the users there are.
Id resolveUser(const QCommandLineParser& parser, const PlaylistArgs& args,
               const PlaylistCatalog& catalog, QString* error);

}  // namespace tl::cli
