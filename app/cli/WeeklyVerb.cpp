#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <cstdio>

#include "Cli.h"
#include "PlaylistArgs.h"
#include "playlist/ContentSourceList.h"
#include "playlist/DefaultWeek.h"
#include "playlist/IsoWeek.h"
#include "playlist/PlaylistExport.h"
#include "playlist/PlaylistHistory.h"
#include "playlist/WeekSources.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

namespace tl::cli {

int runWeekly(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption week(QStringLiteral("week"),
                                  QStringLiteral("ISO week, e.g. 2026-W48 (default: the week "
                                                 "after the user's last listen)."),
                                  QStringLiteral("YYYY-Www"));
    const QCommandLineOption mode(QStringLiteral("mode"),
                                  QStringLiteral("blend (default), exploration or jams."),
                                  QStringLiteral("MODE"), QStringLiteral("blend"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("Write the playlist: .m3u8, .xspf or .jspf."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({project, week, mode, out, json});
    PlaylistArgs playlistArgs(parser);
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("weekly"),
                   QStringLiteral("Generates a user's weekly playlist, saves it in the project "
                                  "and exports it."),
                   &help))
        return help ? kOk : kUsage;
    auto usage = [&](const QString& message) {
        std::fprintf(stderr, "tastelab-cli weekly: %s\n", qPrintable(message));
        return int(kUsage);
    };
    if (!parser.isSet(project) || !parser.isSet(out))
        return usage(QStringLiteral("--project P and --out FILE are required"));
    PlaylistFormat format;
    if (!playlistFormatFor(parser.value(out), &format))
        return usage(QStringLiteral("--out %1: use .m3u8, .xspf or .jspf").arg(parser.value(out)));
    PlaylistSettings settings;
    if (!parsePlaylistMode(parser.value(mode), &settings.mode))
        return usage(QStringLiteral("--mode takes blend, exploration or jams"));
    if (settings.mode != PlaylistMode::Blend) settings.length = 50;
    QString error;
    if (!playlistArgs.read(parser, settings, &error)) return usage(error);
    // CF follows the project's trained model (train cf); defaults when there is none.
    const AlsOptions als;
    const InteractionOptions interactions;
    qint64 weekStart = 0;
    if (parser.isSet(week)) {
        weekStart = isoWeekStart(parser.value(week));
        if (!weekStart) return usage(QStringLiteral("--week takes YYYY-Www, e.g. 2026-W48"));
    }

    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    ProjectStore& store = *opened.value();
    playlistArgs.useProjectSettings(parser, readModelSettings(store), settings);
    const Progress progress = stderrProgress(QStringLiteral("weekly"));
    const PlaylistCatalog catalog = PlaylistCatalog::load(store);
    const Id user = resolveUser(parser, playlistArgs, catalog, &error);
    if (!user) return reportFailure(Status::error(error));
    auto listens = loadListens(store, progress.sub(0.0, 0.1));
    if (!listens) return reportFailure(listens.status());
    // No --week: the week after the user's last listen (the data's, when the user has none).
    QString weekReason = QStringLiteral("the week asked for");
    if (!weekStart) {
        const DefaultWeek chosen =
            defaultWeek(lastListens(listens.value()), user, QDateTime::currentSecsSinceEpoch());
        weekStart = chosen.weekStart;
        weekReason = chosen.reason(catalog.userName(user));
    }
    auto model =
        cfModelBefore(store, listens.value(), weekStart, als, interactions, progress.sub(0.1, 0.8));
    if (!model) return reportFailure(model.status());
    std::vector<SourceSlot> sources = weekSources(model.value());
    addContentSources(sources, store, listens.value(), weekStart);  // stored text and audio models
    auto playlist = generateWeeklyPlaylist(catalog, listens.value(), std::move(sources), user,
                                           weekStart, settings, progress.sub(0.8, 0.95));
    if (!playlist) return reportFailure(playlist.status());
    WeeklyPlaylist& p = playlist.value();
    if (!model->note.isEmpty()) p.warnings.prepend(model->note);
    if (Status s = savePlaylist(store, p); !s.isOk()) return reportFailure(s);
    if (Status s = writePlaylistFile(p, parser.value(out)); !s.isOk()) return reportFailure(s);
    progress.report(1.0, QStringLiteral("done"));
    for (const QString& w : p.warnings)
        std::fprintf(stderr, "tastelab-cli weekly: note: %s\n", qPrintable(w));

    const QString weightsOrigin = playlistArgs.weightsOrigin(parser, store);
    if (parser.isSet(json)) {
        QJsonObject o = p.toJson();
        o[QStringLiteral("week_reason")] = weekReason;
        o[QStringLiteral("weights_origin")] = weightsOrigin;
        o[QStringLiteral("out")] = parser.value(out);
        o[QStringLiteral("format")] = format == PlaylistFormat::M3U8   ? QStringLiteral("m3u8")
                                      : format == PlaylistFormat::XSPF ? QStringLiteral("xspf")
                                                                       : QStringLiteral("jspf");
        o[QStringLiteral("count")] = int(p.entries.size());
        o[QStringLiteral("cf_model_reused")] = model->reused;
        o[QStringLiteral("saved")] = true;
        printJson(o);
        return kOk;
    }
    std::printf("%s (%d tracks, seed %llu%s)\n", qPrintable(p.title()), int(p.entries.size()),
                static_cast<unsigned long long>(p.seed), p.fallback ? ", popularity fallback" : "");
    std::printf("week: %s\n", qPrintable(weekReason));
    if (p.mode == PlaylistMode::Blend && !p.fallback) {
        QStringList used;
        for (const auto& [name, w] : p.weights)
            if (w > 0.0) used << QStringLiteral("%1 %2").arg(name).arg(w, 0, 'f', 2);
        std::printf("weights: %s. %s\n", qPrintable(used.join(QStringLiteral(", "))),
                    qPrintable(weightsOrigin));
    }
    // Fewer than asked: why, in the words the desktop app shows.
    if (!p.shortfall.isEmpty()) std::printf("short: %s\n", qPrintable(p.shortfall));
    for (const PlaylistEntry& e : p.entries)
        std::printf("%3d  %s - %s\n     %s%s\n", e.position, qPrintable(e.artist),
                    qPrintable(e.title), qPrintable(e.summary),
                    e.because.isEmpty()
                        ? ""
                        : qPrintable(QStringLiteral("; because you played ") +
                                     e.because.mid(0, 2).join(QStringLiteral(" and "))));
    std::printf("written to %s\n", qPrintable(parser.value(out)));
    return kOk;
}

}  // namespace tl::cli
