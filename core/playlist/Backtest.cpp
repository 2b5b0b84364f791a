#include "playlist/Backtest.h"

#include <cmath>
#include <functional>

#include "playlist/BacktestSession.h"

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

Result<BacktestReport> runBacktest(ProjectStore& store, Id user, const BacktestOptions& options,
                                   const Progress& progress) {
    auto session = openBacktestSession(store, user, options, progress.sub(0.0, 0.9));
    if (!session) return session.status();
    return backtestReport(*session.value(), options.settings.weights, options.gridStep,
                          progress.sub(0.9, 1.0));
}

}  // namespace tl
