#include "playlist/Backtest.h"

#include <cmath>
#include <functional>
#include <unordered_set>

#include "eval/Splits.h"
#include "playlist/CfSource.h"
#include "playlist/PlaylistCatalog.h"
#include "playlist/PopularitySource.h"
#include "playlist/WeekSources.h"
#include "store/ProjectStore.h"

namespace tl {
namespace {

constexpr qint64 kWeek = 7 * 86400;

PlaylistScore scorePicks(const PreparedWeek& week, const std::vector<Pick>& picks,
                         const std::unordered_set<Id>& discovered, const PopularitySource* pop) {
    PlaylistScore s;
    const CandidateTable& t = week.table;
    if (picks.empty()) return s;
    double dcg = 0.0, idcg = 0.0;
    int hits = 0;
    std::unordered_set<int> artists;
    for (size_t i = 0; i < picks.size(); ++i) {
        const Id track = t.tracks[size_t(picks[i].candidate)];
        if (discovered.count(track)) {
            ++hits;
            dcg += 1.0 / std::log2(double(i) + 2.0);
        }
        if (i < discovered.size()) idcg += 1.0 / std::log2(double(i) + 2.0);
        artists.insert(t.artist[size_t(picks[i].candidate)]);
        if (pop)
            s.novelty += -std::log2((double(pop->listeners(track)) + 1.0) /
                                    (double(pop->totalListeners()) + 1.0));
    }
    const double n = double(picks.size());
    s.hitRate = hits > 0 ? 1.0 : 0.0;
    s.precision = double(hits) / n;
    s.ndcg = idcg > 0.0 ? dcg / idcg : 0.0;
    s.novelty /= n;
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
}

PlaylistScore divided(PlaylistScore s, int n) {
    if (n <= 0) return {};
    const double d = double(n);
    return {s.hitRate / d, s.precision / d, s.ndcg / d,
            s.novelty / d, s.diversity / d, s.artistCoverage / d};
}

}  // namespace

std::vector<std::map<QString, double>> weightGrid(const std::vector<QString>& sources,
                                                  double step) {
    std::vector<std::map<QString, double>> out;
    if (sources.empty() || !(step > 0.0) || step > 1.0) return out;
    const int units = int(std::lround(1.0 / step));
    std::vector<int> parts(sources.size(), 0);
    std::function<void(size_t, int)> fill = [&](size_t i, int left) {
        if (i + 1 == sources.size()) {
            parts[i] = left;
            std::map<QString, double> w;
            for (size_t k = 0; k < sources.size(); ++k) w[sources[k]] = double(parts[k]) / units;
            out.push_back(std::move(w));
            return;
        }
        for (int v = left; v >= 0; --v) {
            parts[i] = v;
            fill(i + 1, left - v);
        }
    };
    fill(0, units);
    return out;
}

Result<BacktestReport> runBacktest(ProjectStore& store, Id user, const BacktestOptions& options,
                                   const Progress& progress) {
    auto loaded = loadListens(store, progress.sub(0.0, 0.05));
    if (!loaded) return loaded.status();
    const std::vector<Listen>& listens = loaded.value();
    if (listens.empty()) return Status::error(QStringLiteral("the project has no listens"));
    if (options.weeks < 1) return Status::error(QStringLiteral("--weeks must be at least 1"));
    const PlaylistCatalog catalog = PlaylistCatalog::load(store);
    BacktestReport report;
    report.userId = user;
    const qint64 last = lastFullWeekStart(listens);
    std::vector<StoredResult> trained;  // week models, written together at the end
    std::vector<std::map<QString, double>> grid;
    std::vector<PlaylistScore> gridSums;
    PlaylistScore requestedSum;
    for (int i = options.weeks - 1; i >= 0; --i) {
        const double from = 0.05 + 0.95 * double(options.weeks - 1 - i) / options.weeks;
        const Progress step = progress.sub(from, from + 0.95 / options.weeks);
        if (progress.cancelled()) return Status::cancelled();
        BacktestWeek week;
        week.weekStart = last - qint64(i) * kWeek;
        auto model = cfModelBefore(store, listens, week.weekStart, options.als,
                                   options.interactions, step.sub(0.0, 0.8), &trained);
        if (!model) {
            if (model.status().isCancelled()) return model.status();
            week.skipped = true;
            report.weeks.push_back(week);
            continue;
        }
        week.modelReused = model->reused;
        ++(model->reused ? report.modelsReused : report.modelsTrained);
        const std::vector<SourceSlot> sources = weekSources(model.value());
        auto prepared = prepareWeek(catalog, listens, sources, user, week.weekStart,
                                    options.settings, step.sub(0.8, 0.9));
        if (!prepared) return prepared.status();
        const PreparedWeek& w = prepared.value();
        week.eligible = int(w.table.size());
        std::unordered_set<Id> discovered;
        const qint64 end = week.weekStart + kWeek;
        for (const Listen& l : listens) {
            if (l.userId != user || l.endedAt < week.weekStart || l.endedAt >= end) continue;
            if (l.skipped || (l.msPlayed > 0 && l.msPlayed < options.interactions.shortPlayMs))
                continue;
            if (!w.profile.played.count(l.trackId)) discovered.insert(l.trackId);
        }
        week.discoveries = int(discovered.size());
        week.skipped = w.fallback || discovered.empty();
        if (report.sources.empty()) {
            report.sources = w.table.sources;
            grid = weightGrid(report.sources, options.gridStep);
            gridSums.assign(grid.size(), {});
            const std::vector<float> tw = tableWeights(w, options.settings.weights);
            float total = 0.f;
            for (float v : tw) total += v;
            for (size_t s = 0; s < tw.size(); ++s)
                report.weights[report.sources[s]] = total > 0.f ? tw[s] / total : 0.0;
        }
        const PopularitySource* pop = nullptr;
        for (const SourceSlot& s : w.sources)
            if (s.name == QLatin1String("popularity"))
                pop = dynamic_cast<const PopularitySource*>(s.source.get());
        RerankOptions ro;
        ro.length = options.settings.length;
        ro.maxPerArtist = options.settings.maxPerArtist;
        ro.novelty = options.settings.novelty;
        ro.diversity = options.settings.diversity;
        week.score =
            scorePicks(w, rerank(w.table, tableWeights(w, report.weights), ro), discovered, pop);
        if (!week.skipped) {
            ++report.weeksScored;
            accumulate(requestedSum, week.score);
            for (size_t g = 0; g < grid.size(); ++g)
                accumulate(gridSums[g], scorePicks(w, rerank(w.table, tableWeights(w, grid[g]), ro),
                                                   discovered, pop));
        }
        report.weeks.push_back(week);
    }
    if (progress.cancelled()) return Status::cancelled();
    if (!trained.empty()) {
        ProjectStore::Transaction tx(store);
        for (const StoredResult& r : trained)
            if (Status s = store.putResult(r); !s.isOk()) return s;
        if (Status s = tx.commit(); !s.isOk()) return s;
    }
    report.mean = divided(requestedSum, report.weeksScored);
    for (size_t g = 0; g < grid.size(); ++g) {
        GridPoint p{grid[g], divided(gridSums[g], report.weeksScored)};
        const bool better =
            report.grid.empty() || p.mean.ndcg > report.best.mean.ndcg ||
            (p.mean.ndcg == report.best.mean.ndcg && p.mean.precision > report.best.mean.precision);
        if (better) report.best = p;
        for (const auto& [name, weight] : p.weights)
            if (weight == 1.0) report.singleSource[name] = p.mean;
        report.grid.push_back(std::move(p));
    }
    progress.report(1.0, QStringLiteral("back-test done"));
    return report;
}

}  // namespace tl
