#include "PlaylistArgs.h"

#include "playlist/DefaultBlend.h"

namespace tl::cli {

PlaylistArgs::PlaylistArgs(QCommandLineParser& parser)
    : user_(QStringLiteral("user"), QStringLiteral("me (the user marked as me) or a user name."),
            QStringLiteral("me|NAME"), QStringLiteral("me")),
      weights_(QStringLiteral("weights"),
               QStringLiteral("Source weights, e.g. cf=0.9,text=0.05,audio=0.05 (sources: cf, "
                              "text, audio, popularity; a missing one is disabled). Default: "
                              "the project's blend, as the desktop app's sliders left it; "
                              "without one, the back-test's held-out choice (4 scored weeks "
                              "or more), else CF-heavy."),
               QStringLiteral("LIST")),
      seed_(QStringLiteral("seed"),
            QStringLiteral("Base seed (each week derives its own). Default: the project's "
                           "playlist seed (Preferences), else 1."),
            QStringLiteral("N")),
      normalisation_(QStringLiteral("normalisation"),
                     QStringLiteral("Per-source score normalisation: rank or zscore."),
                     QStringLiteral("KIND"), QStringLiteral("rank")),
      novelty_(QStringLiteral("novelty"),
               QStringLiteral("0..1: how far from your most played artists (default 0.1)."),
               QStringLiteral("X"), QStringLiteral("0.1")),
      diversity_(QStringLiteral("diversity"),
                 QStringLiteral("0..1: MMR diversity trade-off (default 0.2)."),
                 QStringLiteral("X"), QStringLiteral("0.2")),
      rediscover_(QStringLiteral("rediscover"),
                  QStringLiteral("Allow tracks not played in the last N weeks (default 0: "
                                 "nothing ever played)."),
                  QStringLiteral("N"), QStringLiteral("0")),
      length_(QStringLiteral("length"),
              QStringLiteral("Tracks in the playlist (default 30; 50 for exploration/jams)."),
              QStringLiteral("N")) {
    parser.addOptions(
        {user_, weights_, seed_, normalisation_, novelty_, diversity_, rediscover_, length_});
}

bool PlaylistArgs::read(const QCommandLineParser& parser, PlaylistSettings& s,
                        QString* error) const {
    if (parser.isSet(weights_) && !parseWeights(parser.value(weights_), &s.weights, error))
        return false;
    bool ok = false;
    if (parser.isSet(seed_)) {
        s.seed = parser.value(seed_).toULongLong(&ok);
        if (!ok) return *error = QStringLiteral("--seed takes a non-negative integer"), false;
    }
    const QString norm = parser.value(normalisation_);
    if (norm == QLatin1String("rank"))
        s.normalisation = Normalisation::Rank;
    else if (norm == QLatin1String("zscore"))
        s.normalisation = Normalisation::ZScore;
    else
        return *error = QStringLiteral("--normalisation takes rank or zscore"), false;
    s.novelty = parser.value(novelty_).toDouble(&ok);
    if (!ok || s.novelty < 0.0 || s.novelty > 1.0)
        return *error = QStringLiteral("--novelty takes a number in 0..1"), false;
    s.diversity = parser.value(diversity_).toDouble(&ok);
    if (!ok || s.diversity < 0.0 || s.diversity > 1.0)
        return *error = QStringLiteral("--diversity takes a number in 0..1"), false;
    s.rediscoverWeeks = parser.value(rediscover_).toInt(&ok);
    if (!ok || s.rediscoverWeeks < 0)
        return *error = QStringLiteral("--rediscover takes a number of weeks >= 0"), false;
    if (parser.isSet(length_)) {
        s.length = parser.value(length_).toInt(&ok);
        if (!ok || s.length < 1 || s.length > 1000)
            return *error = QStringLiteral("--length takes 1..1000"), false;
    }
    return true;
}

void PlaylistArgs::useProjectSettings(const QCommandLineParser& parser,
                                      const ModelSettings& project, PlaylistSettings& s) const {
    if (!parser.isSet(weights_)) s.weights = project.weights;
    if (!parser.isSet(seed_)) s.seed = project.playlistSeed;
}

QString PlaylistArgs::weightsOrigin(const QCommandLineParser& parser,
                                    const ProjectStore& store) const {
    if (parser.isSet(weights_)) return QStringLiteral("Weights as --weights gave them.");
    return projectBlend(store).sentence();
}

Id resolveUser(const QCommandLineParser& parser, const PlaylistArgs& args,
               const PlaylistCatalog& catalog, QString* error) {
    const QString name = parser.value(args.user_);
    if (const Id id = catalog.findUser(name)) return id;
    QStringList names;
    for (const User& u : catalog.users)
        if (names.size() < 10) names << (u.isMe ? u.name + QStringLiteral(" (me)") : u.name);
    *error = name == QLatin1String("me")
                 ? QStringLiteral(
                       "no user is marked as me in this project; use --user NAME "
                       "(users: %1)")
                       .arg(names.join(QStringLiteral(", ")))
                 : QStringLiteral("no user '%1' in this project (users: %2)")
                       .arg(name, names.join(QStringLiteral(", ")));
    return 0;
}

}  // namespace tl::cli
