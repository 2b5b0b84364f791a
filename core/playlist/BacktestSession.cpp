#include "playlist/BacktestSession.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "audiomodel/AudioDataSet.h"
#include "eval/Splits.h"
#include "playlist/BacktestAudio.h"
#include "playlist/ContentSourceList.h"
#include "playlist/ContentSources.h"
#include "playlist/PopularitySource.h"
#include "playlist/WeekSources.h"
#include "store/ProjectStore.h"
#include "util/ParallelFor.h"

namespace tl {
namespace {

// The week's audio source: the back-test's own audio model (BacktestAudio.h), trained on CF
// from before the first week, or missing with the reason it could not be trained.
void useBacktestAudio(std::vector<SourceSlot>& sources, const Result<BacktestAudio>& audio,
                      const std::vector<Listen>& listens, qint64 weekStart) {
    if (audio)
        return setAudioSource(sources, audio->predicted.vectors, audio->predicted.trackIds, listens,
                              weekStart);
    for (SourceSlot& slot : sources)
        if (slot.name == QLatin1String("audio")) {
            slot.source.reset();  // never the project's own model: it would leak
            slot.missingReason = audio.status().message();
        }
}

constexpr qint64 kWeek = 7 * 86400;

// The list is scored condensed (Sakai 2007, for incomplete judgements): a pick nobody had
// played before the week that the user did not discover either has no judgement in the held-out
// data (nobody else could have played it), so it is left out of the ranks that precision and
// NDCG count, and reported as coldPicks instead. A cold pick the user did discover is a hit like
// any other. Without cold picks this is the plain list.
PlaylistScore scorePicks(const BacktestWeekState& state, const std::vector<Pick>& picks) {
    PlaylistScore s;
    const CandidateTable& t = state.table.table;
    if (picks.empty()) return s;
    double dcg = 0.0, idcg = 0.0;
    int hits = 0, judged = 0;
    std::unordered_set<int> artists;
    for (size_t i = 0; i < picks.size(); ++i) {
        const Id track = t.tracks[size_t(picks[i].candidate)];
        const bool hit = state.discovered.count(track) > 0;
        artists.insert(t.artist[size_t(picks[i].candidate)]);
        if (const PopularitySource* pop = state.popularity) {
            s.novelty += -std::log2((double(pop->listeners(track)) + 1.0) /
                                    (double(pop->totalListeners()) + 1.0));
            if (pop->listeners(track) == 0) {
                s.coldPicks += 1.0;
                if (!hit) continue;  // unjudged: not a rank
            }
        }
        if (hit) {
            ++hits;
            dcg += 1.0 / std::log2(double(judged) + 2.0);
        }
        if (size_t(judged) < state.discovered.size()) idcg += 1.0 / std::log2(double(judged) + 2.0);
        ++judged;
    }
    const double n = double(picks.size());
    s.hitRate = hits > 0 ? 1.0 : 0.0;
    s.precision = judged > 0 ? double(hits) / double(judged) : 0.0;
    s.ndcg = idcg > 0.0 ? dcg / idcg : 0.0;
    s.novelty /= n;
    s.coldPicks /= n;
    s.artistCoverage = double(artists.size()) / n;
    double sim = 0.0;
    int pairs = 0;
    for (size_t a = 0; a < picks.size(); ++a)
        for (size_t b = a + 1; b < picks.size(); ++b) {
            const float* va = t.vectors.empty() ? nullptr : t.vectors[size_t(picks[a].candidate)];
            const float* vb = t.vectors.empty() ? nullptr : t.vectors[size_t(picks[b].candidate)];
            double d = 0.0;
            if (va && vb)
                for (int k = 0; k < t.dims; ++k) d += double(va[k]) * double(vb[k]);
            sim += d;
            ++pairs;
        }
    s.diversity = pairs ? 1.0 - sim / double(pairs) : 0.0;
    return s;
}

void accumulate(PlaylistScore& sum, const PlaylistScore& s) {
    sum.hitRate += s.hitRate;
    sum.precision += s.precision;
    sum.ndcg += s.ndcg;
    sum.novelty += s.novelty;
    sum.diversity += s.diversity;
    sum.artistCoverage += s.artistCoverage;
    sum.coldPicks += s.coldPicks;
}

PlaylistScore divided(PlaylistScore s, int n) {
    if (n <= 0) return {};
    const double d = double(n);
    return {s.hitRate / d,   s.precision / d,      s.ndcg / d,     s.novelty / d,
            s.diversity / d, s.artistCoverage / d, s.coldPicks / d};
}

RerankOptions rerankOptions(const PlaylistSettings& settings) {
    RerankOptions ro;
    ro.length = settings.length;
    ro.maxPerArtist = settings.maxPerArtist;
    ro.novelty = settings.novelty;
    ro.diversity = settings.diversity;
    return ro;
}

}  // namespace

std::map<QString, double> BacktestSession::normalised(
    const std::map<QString, double>& weights) const {
    // In float, as the blend itself weighs (tableWeights), so a report shows what was ranked.
    std::map<QString, float> given;
    float total = 0.f;
    for (const QString& name : sources) {
        const auto it = weights.find(name);
        const float w = it == weights.end() ? 0.f : float(std::max(0.0, it->second));
        given[name] = w;
        total += w;
    }
    std::map<QString, double> out;
    for (const auto& [name, w] : given) out[name] = total > 0.f ? double(w / total) : 0.0;
    return out;
}

PlaylistScore BacktestSession::score(const std::map<QString, double>& weights,
                                     std::vector<PlaylistScore>* perWeek) const {
    const RerankOptions ro = rerankOptions(settings);
    PlaylistScore sum;
    if (perWeek) perWeek->assign(weeks.size(), {});
    for (size_t i = 0; i < weeks.size(); ++i) {
        const BacktestWeekState& w = weeks[i];
        if (!w.prepared || (w.week.skipped && !perWeek)) continue;
        const PlaylistScore s =
            scorePicks(w, rerank(w.table.table, tableWeights(w.table, weights), ro));
        if (perWeek) (*perWeek)[i] = s;
        if (!w.week.skipped) accumulate(sum, s);
    }
    return divided(sum, weeksScored);
}

std::vector<PlaylistScore> BacktestSession::scoreAll(
    const std::vector<std::map<QString, double>>& weights, const Progress& progress,
    std::vector<std::vector<PlaylistScore>>* perWeek) const {
    std::vector<PlaylistScore> out(weights.size());
    if (perWeek) perWeek->assign(weights.size(), {});
    // Each grid point writes only its own slot: the same numbers on any number of threads.
    const bool done = parallelFor(
        int64_t(weights.size()), 1, 0,
        [&](int64_t begin, int64_t end) {
            for (int64_t g = begin; g < end; ++g)
                out[size_t(g)] =
                    score(weights[size_t(g)], perWeek ? &(*perWeek)[size_t(g)] : nullptr);
        },
        &progress);
    if (!done || progress.cancelled()) return {};
    return out;
}

Result<std::shared_ptr<BacktestSession>> openBacktestSession(ProjectStore& store,
                                                             const std::vector<Listen>& listens,
                                                             Id user,
                                                             const BacktestOptions& options,
                                                             const Progress& progress) {
    if (listens.empty()) return Status::error(QStringLiteral("the project has no listens"));
    if (options.weeks < 1) return Status::error(QStringLiteral("--weeks must be at least 1"));
    const PlaylistCatalog catalog = PlaylistCatalog::load(store);
    auto session = std::make_shared<BacktestSession>();
    session->userId = user;
    session->settings = options.settings;
    const qint64 last = lastFullWeekStart(listens);
    std::vector<StoredResult> trained;  // week models, written together at the end
    // 1. Each week's CF model, from the listens before it (0 .. 0.35).
    std::vector<std::optional<WeekModel>> models;
    for (int i = options.weeks - 1; i >= 0; --i) {
        const double from = 0.35 * double(options.weeks - 1 - i) / options.weeks;
        const Progress step = progress.sub(from, from + 0.35 / options.weeks);
        if (progress.cancelled()) return Status::cancelled();
        auto model = cfModelBefore(store, listens, last - qint64(i) * kWeek, options.als,
                                   options.interactions, step, &trained);
        if (!model && model.status().isCancelled()) return model.status();
        models.push_back(model ? std::optional<WeekModel>(std::move(model).value()) : std::nullopt);
    }
    progress.report(0.35, QStringLiteral("week models ready"));
    // 2. The audio model, trained once on the earliest week's CF model: strictly before every
    // scored week, so no week's answer leaks into it (0.35 .. 0.85).
    Result<BacktestAudio> audio =
        Status::error(QStringLiteral("no week has listens before it to train an audio model on"));
    for (size_t w = 0; w < models.size(); ++w) {
        if (!models[w]) continue;
        const qint64 cutoff = last - qint64(options.weeks - 1 - int(w)) * kWeek;
        if (audiomodel::analysedTrackFiles(store).empty()) {
            audio = Status::error(QStringLiteral("no analysed audio in this project yet"));
            break;
        }
        audio = backtestAudioVectors(store, models[w]->model, listens, cutoff,
                                     progress.sub(0.35, 0.85), &trained);
        if (!audio && audio.status().isCancelled()) return audio.status();
        if (!audio)
            audio = Status::error(
                QStringLiteral("no back-test audio model: %1").arg(audio.status().message()));
        break;
    }
    progress.report(0.85, QStringLiteral("preparing the weeks"));
    session->audioReused = audio && audio->reused;
    session->audioTrained = audio && !audio->reused;
    if (audio) session->audioVectors = audio->vectorsReason;
    // 3. Every week's sources and candidates (0.85 .. 1).
    for (int i = options.weeks - 1; i >= 0; --i) {
        const int w = options.weeks - 1 - i;
        const double from = 0.85 + 0.15 * double(w) / options.weeks;
        const Progress step = progress.sub(from, from + 0.15 / options.weeks);
        if (progress.cancelled()) return Status::cancelled();
        BacktestWeekState state;
        BacktestWeek& week = state.week;
        week.weekStart = last - qint64(i) * kWeek;
        if (!models[size_t(w)]) {
            week.skipped = true;
            const bool known = std::any_of(listens.begin(), listens.end(), [&](const Listen& l) {
                return l.endedAt < week.weekStart;
            });
            week.whySkipped = known ? BacktestSkip::NoModel : BacktestSkip::NothingKnownBefore;
            session->weeks.push_back(std::move(state));
            continue;
        }
        const WeekModel& model = *models[size_t(w)];
        week.modelReused = model.reused;
        ++(model.reused ? session->modelsReused : session->modelsTrained);
        std::vector<SourceSlot> sources = weekSources(model);
        addContentSources(sources, store, listens, week.weekStart);
        useBacktestAudio(sources, audio, listens, week.weekStart);
        auto prepared = prepareWeek(catalog, listens, std::move(sources), user, week.weekStart,
                                    options.settings, step);
        if (!prepared) return prepared.status();
        state.table = std::move(prepared).value();
        state.prepared = true;
        const PreparedWeek& pw = state.table;
        week.eligible = int(pw.table.size());
        const qint64 end = week.weekStart + kWeek;
        for (const Listen& l : listens) {
            if (l.userId != user || l.endedAt < week.weekStart || l.endedAt >= end) continue;
            if (l.skipped || (l.msPlayed > 0 && l.msPlayed < options.interactions.shortPlayMs))
                continue;
            if (!pw.profile.played.count(l.trackId)) state.discovered.insert(l.trackId);
        }
        week.discoveries = int(state.discovered.size());
        week.skipped = pw.fallback || state.discovered.empty();
        if (pw.fallback)
            week.whySkipped = BacktestSkip::UserNewThatWeek;
        else if (state.discovered.empty())
            week.whySkipped = BacktestSkip::NoDiscoveries;
        if (session->sources.empty()) {
            session->sources = pw.table.sources;
            session->missing = pw.missing;
        }
        for (const SourceSlot& s : pw.sources)
            if (s.name == QLatin1String("popularity"))
                state.popularity = dynamic_cast<const PopularitySource*>(s.source.get());
        if (!week.skipped) ++session->weeksScored;
        session->weeks.push_back(std::move(state));
        step.report(1.0, QStringLiteral("week %1 of %2 prepared").arg(w + 1).arg(options.weeks));
    }
    if (progress.cancelled()) return Status::cancelled();
    if (!trained.empty()) {
        ProjectStore::Transaction tx(store);
        for (const StoredResult& r : trained)
            if (Status s = store.putResult(r); !s.isOk()) return s;
        if (Status s = tx.commit(); !s.isOk()) return s;
    }
    return session;
}

Result<std::shared_ptr<BacktestSession>> openBacktestSession(ProjectStore& store, Id user,
                                                             const BacktestOptions& options,
                                                             const Progress& progress) {
    auto loaded = loadListens(store, progress.sub(0.0, 0.05));
    if (!loaded) return loaded.status();
    return openBacktestSession(store, loaded.value(), user, options, progress.sub(0.05, 1.0));
}

namespace {

// The mean of `perWeek` over the weeks at `indices`.
PlaylistScore meanOver(const std::vector<PlaylistScore>& perWeek,
                       const std::vector<size_t>& indices) {
    PlaylistScore sum;
    for (const size_t i : indices) accumulate(sum, perWeek[i]);
    return divided(sum, int(indices.size()));
}

// The grid's order of merit, in and out of sample: NDCG, then precision.
bool betterPoint(const PlaylistScore& a, const PlaylistScore& b) {
    return a.ndcg > b.ndcg || (a.ndcg == b.ndcg && a.precision > b.precision);
}

HeldOutCheck heldOutCheck(const BacktestSession& session,
                          const std::vector<std::map<QString, double>>& grid,
                          const std::vector<std::vector<PlaylistScore>>& perWeek,
                          const std::vector<PlaylistScore>& requestedPerWeek) {
    HeldOutCheck check;
    std::vector<size_t> counted;
    for (size_t i = 0; i < session.weeks.size(); ++i)
        if (session.weeks[i].prepared && !session.weeks[i].week.skipped) counted.push_back(i);
    if (counted.size() < 2) return check;
    const std::vector<size_t> choose(counted.begin(), counted.begin() + counted.size() / 2);
    const std::vector<size_t> later(counted.begin() + counted.size() / 2, counted.end());
    check.chooseWeeks = int(choose.size());
    check.scoreWeeks = int(later.size());
    size_t best = 0;
    for (size_t g = 0; g < grid.size(); ++g) {
        const PlaylistScore s = meanOver(perWeek[g], choose);
        if (g == 0 || betterPoint(s, check.chosen)) {
            check.chosen = s;
            best = g;
        }
        for (const auto& [name, weight] : grid[g])
            if (weight == 1.0) check.singleSource[name] = meanOver(perWeek[g], later);
    }
    if (grid.empty()) return check;
    check.weights = grid[best];
    check.heldOut = meanOver(perWeek[best], later);
    check.requested = meanOver(requestedPerWeek, later);
    return check;
}

}  // namespace

Result<BacktestReport> backtestReport(const BacktestSession& session,
                                      const std::map<QString, double>& weights, double gridStep,
                                      const Progress& progress) {
    BacktestReport report;
    report.userId = session.userId;
    report.sources = session.sources;
    report.missing = session.missing;
    report.weights = session.normalised(weights);
    report.weeksScored = session.weeksScored;
    report.modelsTrained = session.modelsTrained;
    report.audioVectors = session.audioVectors;
    report.modelsReused = session.modelsReused;
    std::vector<PlaylistScore> perWeek;
    report.mean = session.score(report.weights, &perWeek);
    for (size_t i = 0; i < session.weeks.size(); ++i) {
        BacktestWeek week = session.weeks[i].week;
        week.score = perWeek[i];
        report.weeks.push_back(week);
    }
    const std::vector<std::map<QString, double>> grid = weightGrid(session.sources, gridStep);
    std::vector<std::vector<PlaylistScore>> gridPerWeek;
    const std::vector<PlaylistScore> scores = session.scoreAll(grid, progress, &gridPerWeek);
    if (scores.size() != grid.size()) return Status::cancelled();
    report.heldOut = heldOutCheck(session, grid, gridPerWeek, perWeek);
    for (size_t g = 0; g < grid.size(); ++g) {
        GridPoint p{grid[g], scores[g]};
        // With no week counted every point scores 0: none of them is the best.
        if (session.weeksScored > 0 &&
            (report.grid.empty() || betterPoint(p.mean, report.best.mean)))
            report.best = p;
        for (const auto& [name, weight] : p.weights)
            if (weight == 1.0) report.singleSource[name] = p.mean;
        report.grid.push_back(std::move(p));
    }
    progress.report(1.0, QStringLiteral("back-test done"));
    return report;
}

}  // namespace tl
