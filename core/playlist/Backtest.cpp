#include "playlist/Backtest.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "playlist/BacktestSession.h"
#include "playlist/DefaultBlend.h"
#include "store/ProjectStore.h"

namespace tl {

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

QString noWeekScoredReason(const BacktestReport& report) {
    if (report.weeksScored > 0 || report.weeks.empty()) return {};
    const int total = int(report.weeks.size());
    std::map<BacktestSkip, int> counts;
    for (const BacktestWeek& w : report.weeks) ++counts[w.whySkipped];
    const QString tried = total == 1 ? QStringLiteral("the week tried")
                                     : QStringLiteral("the %1 weeks tried").arg(total);
    const QString head = QStringLiteral("No week was scored: ");
    if (counts.size() == 1) {
        switch (counts.begin()->first) {
            case BacktestSkip::NoDiscoveries:
                return head + QStringLiteral(
                                  "no discoveries in %1 (this user played no track "
                                  "for the first time in %2).")
                                  .arg(tried, total == 1 ? QStringLiteral("it")
                                                         : QStringLiteral("any of them"));
            case BacktestSkip::NothingKnownBefore:
                return head + QStringLiteral("no listens before %1 to learn from.").arg(tried);
            case BacktestSkip::UserNewThatWeek:
                return head + QStringLiteral("%1 came before this user's first listen.").arg(tried);
            case BacktestSkip::NoModel:
            case BacktestSkip::None:
                break;
        }
    }
    // Most weeks first; the reasons in a fixed order among equals.
    std::vector<std::pair<BacktestSkip, int>> byCount(counts.begin(), counts.end());
    std::stable_sort(byCount.begin(), byCount.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    QStringList parts;
    for (const auto& [why, n] : byCount) {
        const QString them = n == 1 ? QStringLiteral("it") : QStringLiteral("them");
        switch (why) {
            case BacktestSkip::NoDiscoveries:
                parts << QStringLiteral("%1 had no discoveries (no track first played in %2)")
                             .arg(n)
                             .arg(them);
                break;
            case BacktestSkip::NothingKnownBefore:
                parts
                    << QStringLiteral("%1 had no listens before %2 to learn from").arg(n).arg(them);
                break;
            case BacktestSkip::UserNewThatWeek:
                parts << QStringLiteral("%1 came before this user's first listen").arg(n);
                break;
            case BacktestSkip::NoModel:
                parts << QStringLiteral("%1 had no CF model (it could not be trained)").arg(n);
                break;
            case BacktestSkip::None:
                parts << QStringLiteral("%1 could not be scored").arg(n);
                break;
        }
    }
    const QString last = parts.takeLast();
    const QString list =
        parts.isEmpty() ? last : parts.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
    return head + QStringLiteral("of %1, %2.").arg(tried, list);
}

Result<BacktestReport> runBacktest(ProjectStore& store, Id user, const BacktestOptions& options,
                                   const Progress& progress) {
    auto session = openBacktestSession(store, user, options, progress.sub(0.0, 0.9));
    if (!session) return session.status();
    auto report = backtestReport(*session.value(), options.settings.weights, options.gridStep,
                                 progress.sub(0.9, 1.0));
    if (!report) return report;
    // Its held-out choice is the project's default blend from now on (with enough weeks).
    QString name;
    for (const User& u : store.users())
        if (u.id == user) name = u.name;
    if (Status s = storeBacktestChoice(store, report.value(), name); !s.isOk()) return s;
    return report;
}

}  // namespace tl
