// tastelab-cli similar: a track's nearest tracks by one source. Without --source it answers
// "what does this sound like?": the audio model's embeddings when trained, else the analysed
// descriptors, so a music folder with no history can be asked too (issue 18).
#include <QCommandLineParser>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <cstdio>

#include "Cli.h"
#include "maps/NearestTracks.h"
#include "store/ProjectStore.h"

namespace tl::cli {

int runSimilar(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption trackId(QStringLiteral("track-id"),
                                     QStringLiteral("The track, by its id (info, map CSV)."),
                                     QStringLiteral("N"));
    const QCommandLineOption track(
        QStringLiteral("track"),
        QStringLiteral("The track, as \"Artist - Title\" (case is ignored)."),
        QStringLiteral("TEXT"));
    const QCommandLineOption source(
        QStringLiteral("source"),
        QStringLiteral("cf, text, audio, sound or blend (default: what it sounds like: audio "
                       "when the audio model is trained, else sound)."),
        QStringLiteral("SOURCE"));
    const QCommandLineOption count(QStringLiteral("k"), QStringLiteral("How many (default 10)."),
                                   QStringLiteral("K"), QStringLiteral("10"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({project, trackId, track, source, count, json});
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("similar"),
                   QStringLiteral("Lists a track's nearest tracks by one model's vectors; by "
                                  "default, what it sounds like."),
                   &help))
        return help ? kOk : kUsage;
    auto usage = [&](const char* message) {
        std::fprintf(stderr, "tastelab-cli similar: %s\n\n%s", message,
                     qPrintable(parser.helpText()));
        return kUsage;
    };
    if (!parser.isSet(project) || parser.isSet(trackId) == parser.isSet(track))
        return usage("--project and one of --track-id or --track are required");
    bool okK = false;
    const int k = parser.value(count).toInt(&okK);
    if (!okK || k < 1) return usage("--k takes a positive number");
    if (parser.isSet(source) && !mapSourceNames().contains(parser.value(source)))
        return usage("--source takes cf, text, audio, sound or blend");

    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    const ProjectStore& store = *opened.value();
    QHash<Id, QString> artistName;
    for (const Artist& a : store.artists()) artistName.insert(a.id, a.name);
    QHash<Id, QString> name;  // "Artist - Title"
    for (const Track& t : store.tracks())
        name.insert(t.id, artistName.value(t.artistId) + QStringLiteral(" - ") + t.title);
    Id query = 0;
    if (parser.isSet(trackId)) {
        bool ok = false;
        query = parser.value(trackId).toLongLong(&ok);
        if (!ok || !name.contains(query))
            return reportFailure(Status::error(
                QStringLiteral("no track %1 in this project").arg(parser.value(trackId))));
    } else {
        for (auto it = name.cbegin(); it != name.cend(); ++it)
            if (it.value().compare(parser.value(track), Qt::CaseInsensitive) == 0 &&
                (query == 0 || it.key() < query))
                query = it.key();
        if (query == 0)
            return reportFailure(Status::error(
                QStringLiteral("no track named \"%1\" in this project").arg(parser.value(track))));
    }
    QString from = parser.value(source);
    if (from.isEmpty()) {
        auto chosen = soundsLikeSource(store);
        if (!chosen) return reportFailure(chosen.status());
        from = chosen.value();
    }
    auto vectors = loadSourceVectors(store, from);
    if (!vectors) return reportFailure(vectors.status());
    for (const QString& w : vectors->warnings)
        std::fprintf(stderr, "tastelab-cli similar: warning: %s\n", qPrintable(w));
    const std::vector<NearTrack> near = nearestTracks(vectors.value(), query, k);
    if (near.empty())
        return reportFailure(
            Status::error(QStringLiteral("%1 has no %2 vector, so nothing is near it by %2")
                              .arg(name.value(query), from)));
    if (parser.isSet(json)) {
        QJsonArray list;
        for (const NearTrack& n : near)
            list.append(QJsonObject{{QStringLiteral("track_id"), double(n.trackId)},
                                    {QStringLiteral("name"), name.value(n.trackId)},
                                    {QStringLiteral("distance"), n.distance}});
        QJsonArray warnings;
        for (const QString& w : vectors->warnings) warnings.append(w);
        printJson({{QStringLiteral("track_id"), double(query)},
                   {QStringLiteral("name"), name.value(query)},
                   {QStringLiteral("source"), from},
                   {QStringLiteral("nearest"), list},
                   {QStringLiteral("warnings"), warnings}});
        return kOk;
    }
    std::printf("Nearest to %s by %s:\n", qPrintable(name.value(query)), qPrintable(from));
    for (size_t i = 0; i < near.size(); ++i)
        std::printf("%3zu. %s  (%s %.3f)\n", i + 1, qPrintable(name.value(near[i].trackId)),
                    vectors->metric == MapMetric::Cosine ? "cosine distance" : "distance",
                    near[i].distance);
    return kOk;
}

}  // namespace tl::cli
