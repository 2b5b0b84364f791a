#include "eval/Splits.h"

#include <QDateTime>
#include <algorithm>

#include "util/Random.h"

namespace tl {

Split randomHoldout(const SparseMatrix& m, double fraction, uint64_t seed, int minItems) {
    std::vector<SparseMatrix::Entry> train, test;
    train.reserve(size_t(m.nonZeros()));
    for (int u = 0; u < m.rows; ++u) {
        const int64_t start = m.rowStart[size_t(u)];
        const int64_t n = m.rowSize(u);
        std::vector<int64_t> order(static_cast<size_t>(n));
        for (int64_t a = 0; a < n; ++a) order[size_t(a)] = start + a;
        int64_t held = 0;
        if (n >= minItems) {
            SplitMix64 rng(seed, uint64_t(u));
            for (int64_t a = n - 1; a > 0; --a)
                std::swap(order[size_t(a)], order[rng.below(uint64_t(a) + 1)]);
            held = std::clamp<int64_t>(int64_t(double(n) * fraction + 0.5), 1, n - 1);
        }
        for (int64_t a = 0; a < n; ++a) {
            const int64_t e = order[size_t(a)];
            (a < held ? test : train).push_back({u, m.colIndex[size_t(e)], m.values[size_t(e)]});
        }
    }
    return {SparseMatrix::fromEntries(m.rows, m.cols, std::move(train)),
            SparseMatrix::fromEntries(m.rows, m.cols, std::move(test))};
}

TimeSplit timeSplit(const std::vector<Listen>& listens, qint64 weekStart,
                    const InteractionOptions& options) {
    InteractionOptions trainOptions = options;
    trainOptions.before = weekStart;
    trainOptions.rows = InteractionOptions::Rows::Users;  // the test is per user
    TimeSplit out{buildInteractions(listens, trainOptions), {}};
    const SparseMatrix& train = out.train.userItems;
    const qint64 weekEnd = weekStart + 7 * 24 * 3600;
    std::vector<SparseMatrix::Entry> test;
    for (const Listen& l : listens) {
        if (l.endedAt < weekStart || l.endedAt >= weekEnd) continue;
        if (l.skipped || (l.msPlayed > 0 && l.msPlayed < options.shortPlayMs)) continue;
        const int row = out.train.rowOf(l.userId);
        const int col = out.train.columnOf(l.trackId);
        if (row < 0 || col < 0) continue;
        const auto b = train.colIndex.begin() + train.rowStart[size_t(row)];
        const auto e = train.colIndex.begin() + train.rowStart[size_t(row) + 1];
        if (std::binary_search(b, e, col)) continue;  // heard before the week: not a discovery
        test.push_back({row, col, 1.f});
    }
    out.test = SparseMatrix::fromEntries(train.rows, train.cols, std::move(test));
    return out;
}

qint64 lastFullWeekStart(const std::vector<Listen>& listens) {
    qint64 last = 0;
    for (const Listen& l : listens) last = std::max(last, l.endedAt);
    const QDate day = QDateTime::fromSecsSinceEpoch(last, Qt::UTC).date();
    // The Monday of the week holding the last listen; if that week is the last one, step back
    // one week when it is not complete (the last listen is before Sunday).
    QDate monday = day.addDays(1 - day.dayOfWeek());
    if (day.dayOfWeek() < 7) monday = monday.addDays(-7);
    return QDateTime(monday, QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
}

}  // namespace tl
