#include <QCommandLineParser>
#include <QJsonArray>
#include <cstdio>

#include "Cli.h"
#include "PlaylistArgs.h"
#include "playlist/Backtest.h"
#include "playlist/DefaultBlend.h"
#include "playlist/IsoWeek.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

namespace tl::cli {
namespace {

QJsonObject scoreJson(const PlaylistScore& s) {
    return {{QStringLiteral("hit_rate"), s.hitRate},
            {QStringLiteral("precision"), s.precision},
            {QStringLiteral("ndcg"), s.ndcg},
            {QStringLiteral("novelty"), s.novelty},
            {QStringLiteral("diversity"), s.diversity},
            {QStringLiteral("artist_coverage"), s.artistCoverage},
            {QStringLiteral("cold_picks"), s.coldPicks}};  // share nobody had played before
}

QJsonObject weightsJson(const std::map<QString, double>& weights) {
    QJsonObject o;
    for (const auto& [name, w] : weights) o[name] = w;
    return o;
}

QString weightsText(const std::map<QString, double>& weights) {
    QStringList parts;
    for (const auto& [name, w] : weights) parts << QStringLiteral("%1=%2").arg(name).arg(w);
    return parts.join(QLatin1Char(','));
}

}  // namespace

int runBacktest(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file."),
                                     QStringLiteral("P"));
    const QCommandLineOption weeks(QStringLiteral("weeks"),
                                   QStringLiteral("How many of the last full weeks (default 8)."),
                                   QStringLiteral("N"), QStringLiteral("8"));
    const QCommandLineOption gridStep(QStringLiteral("grid-step"),
                                      QStringLiteral("Step of the weight grid (default 0.1)."),
                                      QStringLiteral("X"), QStringLiteral("0.1"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({project, weeks, gridStep, json});
    PlaylistArgs playlistArgs(parser);
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("backtest"),
                   QStringLiteral("Scores past weeks' playlists against what the user discovered "
                                  "in them, over a grid of weights."),
                   &help))
        return help ? kOk : kUsage;
    auto usage = [&](const QString& message) {
        std::fprintf(stderr, "tastelab-cli backtest: %s\n", qPrintable(message));
        return int(kUsage);
    };
    if (!parser.isSet(project)) return usage(QStringLiteral("--project P is required"));
    BacktestOptions options;
    QString error;
    if (!playlistArgs.read(parser, options.settings, &error)) return usage(error);
    bool ok = false;
    options.weeks = parser.value(weeks).toInt(&ok);
    if (!ok || options.weeks < 1 || options.weeks > 104)
        return usage(QStringLiteral("--weeks takes 1..104"));
    options.gridStep = parser.value(gridStep).toDouble(&ok);
    if (!ok || options.gridStep < 0.01 || options.gridStep > 1.0)
        return usage(QStringLiteral("--grid-step takes 0.01..1"));

    auto opened = ProjectStore::open(parser.value(project));
    if (!opened) return reportFailure(opened.status());
    playlistArgs.useProjectSettings(parser, readModelSettings(*opened.value()), options.settings);
    const PlaylistCatalog catalog = PlaylistCatalog::load(*opened.value());
    const Id user = resolveUser(parser, playlistArgs, catalog, &error);
    if (!user) return reportFailure(Status::error(error));
    auto report =
        runBacktest(*opened.value(), user, options, stderrProgress(QStringLiteral("backtest")));
    if (!report) return reportFailure(report.status());
    const BacktestReport& r = report.value();
    // What this back-test did to the project's default blend, in the words weekly uses.
    const QString blendNow = projectBlend(*opened.value()).sentence();
    if (parser.isSet(json)) {
        QJsonArray weekArray, grid;
        for (const BacktestWeek& w : r.weeks) {
            QJsonObject o = scoreJson(w.score);
            o[QStringLiteral("week")] = isoWeekName(w.weekStart);
            o[QStringLiteral("discoveries")] = w.discoveries;
            o[QStringLiteral("eligible")] = w.eligible;
            o[QStringLiteral("skipped")] = w.skipped;
            o[QStringLiteral("model_reused")] = w.modelReused;
            weekArray.append(o);
        }
        for (const GridPoint& g : r.grid) {
            QJsonObject o = scoreJson(g.mean);
            o[QStringLiteral("weights")] = weightsJson(g.weights);
            grid.append(o);
        }
        QJsonObject best = scoreJson(r.best.mean);
        best[QStringLiteral("weights")] = weightsJson(r.best.weights);
        QJsonObject single, missing;
        for (const auto& [name, s] : r.singleSource) single[name] = scoreJson(s);
        for (const auto& [name, why] : r.missing) missing[name] = why;
        QJsonObject heldOutSingle;
        for (const auto& [name, sc] : r.heldOut.singleSource) heldOutSingle[name] = scoreJson(sc);
        const QJsonObject heldOut{{QStringLiteral("choose_weeks"), r.heldOut.chooseWeeks},
                                  {QStringLiteral("score_weeks"), r.heldOut.scoreWeeks},
                                  {QStringLiteral("weights"), weightsJson(r.heldOut.weights)},
                                  {QStringLiteral("chosen"), scoreJson(r.heldOut.chosen)},
                                  {QStringLiteral("held_out"), scoreJson(r.heldOut.heldOut)},
                                  {QStringLiteral("requested"), scoreJson(r.heldOut.requested)},
                                  {QStringLiteral("single_source"), heldOutSingle}};
        printJson({{QStringLiteral("user"), catalog.userName(user)},
                   {QStringLiteral("sources"),
                    QJsonArray::fromStringList(QStringList(r.sources.begin(), r.sources.end()))},
                   {QStringLiteral("weights"), weightsJson(r.weights)},
                   {QStringLiteral("weeks"), weekArray},
                   {QStringLiteral("weeks_scored"), r.weeksScored},
                   {QStringLiteral("mean"), scoreJson(r.mean)},
                   {QStringLiteral("grid"), grid},
                   // No best when no week counts: every point scored 0 (not_scored says why).
                   {QStringLiteral("best"), r.weeksScored > 0 ? QJsonValue(best) : QJsonValue()},
                   {QStringLiteral("not_scored"), noWeekScoredReason(r)},
                   {QStringLiteral("single_source"), single},
                   {QStringLiteral("project_blend"), blendNow},
                   {QStringLiteral("held_out"), heldOut},
                   {QStringLiteral("missing_sources"), missing},
                   {QStringLiteral("models_trained"), r.modelsTrained},
                   {QStringLiteral("models_reused"), r.modelsReused},
                   {QStringLiteral("audio_vectors"), r.audioVectors}});
        return kOk;
    }
    std::printf(
        "back-test for %s over %d weeks (%d scored), sources: %s\n",
        qPrintable(catalog.userName(user)), int(r.weeks.size()), r.weeksScored,
        qPrintable(QStringList(r.sources.begin(), r.sources.end()).join(QStringLiteral(", "))));
    std::printf("%-9s %11s %8s %8s %8s %9s %9s %8s\n", "week", "discoveries", "hit", "prec", "ndcg",
                "novelty", "diversity", "artists");
    for (const BacktestWeek& w : r.weeks)
        std::printf("%-9s %11d %8.3f %8.3f %8.3f %9.2f %9.3f %8.3f%s\n",
                    qPrintable(isoWeekName(w.weekStart)), w.discoveries, w.score.hitRate,
                    w.score.precision, w.score.ndcg, w.score.novelty, w.score.diversity,
                    w.score.artistCoverage, w.skipped ? "  (not counted)" : "");
    auto line = [](const char* label, const PlaylistScore& s, const QString& weights) {
        std::printf(
            "%-26s hit %.3f  prec %.3f  ndcg %.3f  novelty %.2f  diversity %.3f  "
            "artists %.3f  %s\n",
            label, s.hitRate, s.precision, s.ndcg, s.novelty, s.diversity, s.artistCoverage,
            qPrintable(weights));
    };
    if (r.weeksScored == 0) {
        // Every blend would score 0 on no weeks: say why instead of naming a best.
        std::printf("%s\n", qPrintable(noWeekScoredReason(r)));
    } else {
        line("requested blend", r.mean, weightsText(r.weights));
        line("best on the grid", r.best.mean, weightsText(r.best.weights));
        for (const auto& [name, s] : r.singleSource)
            line(qPrintable(name + QStringLiteral(" alone")), s, {});
    }
    for (const auto& [name, why] : r.missing)
        std::printf("%-26s missing: %s\n", qPrintable(name + QStringLiteral(" alone")),
                    qPrintable(why));
    if (!r.audioVectors.isEmpty()) std::printf("audio: %s\n", qPrintable(r.audioVectors));
    if (const HeldOutCheck& h = r.heldOut; h.scoreWeeks > 0) {
        // The grid's best is chosen on the weeks it is scored on; this one is not.
        std::printf(
            "held out: best chosen on the first %d weeks that count, scored on the last %d\n",
            h.chooseWeeks, h.scoreWeeks);
        line("  chosen blend (held out)", h.heldOut, weightsText(h.weights));
        line("  requested blend", h.requested, {});
        for (const auto& [name, sc] : h.singleSource)
            line(qPrintable(QStringLiteral("  ") + name + QStringLiteral(" alone")), sc, {});
    }
    std::printf("project blend: %s\n", qPrintable(blendNow));
    return kOk;
}

}  // namespace tl::cli
