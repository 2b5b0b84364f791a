// Evaluation: metrics against hand-computed values, splits that never leak, and how listens
// become interaction strengths (short plays, skips, sessions as pseudo-users, time cut-off).
#include <QtTest>

#include "cf/Interactions.h"
#include "cf/Popularity.h"
#include "eval/Metrics.h"
#include "eval/Splits.h"

using namespace tl;

namespace {

// Gives every user the same scores: ranking is then easy to work out by hand.
class FixedScores : public Recommender {
public:
    explicit FixedScores(std::vector<float> s) : scores_(std::move(s)) {}
    QString name() const override { return QStringLiteral("fixed"); }
    Status fit(const SparseMatrix&, const Progress&) override { return Status::ok(); }
    void scoreItems(int, std::span<float> out) const override {
        std::copy(scores_.begin(), scores_.end(), out.begin());
    }
    std::vector<ScoredItem> similarItems(int, int) const override { return {}; }

private:
    std::vector<float> scores_;
};

SparseMatrix matrix(int rows, int cols, std::vector<std::pair<int, int>> cells) {
    std::vector<SparseMatrix::Entry> e;
    for (auto [r, c] : cells) e.push_back({r, c, 1.f});
    return SparseMatrix::fromEntries(rows, cols, std::move(e));
}

}  // namespace

class EvalTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void metricsMatchHandComputedValues() {
        // Scores rank the items 0 > 2 > 5 > 1 > 4 > 3.
        const FixedScores model({9, 5, 8, 1, 3, 7});
        // User 0 heard item 0 and discovers 2 and 5: both in the top 2.
        // User 1 heard item 1 and discovers 3, ranked last of the 5 candidates.
        const auto train = matrix(2, 6, {{0, 0}, {1, 1}});
        const auto test = matrix(2, 6, {{0, 2}, {0, 5}, {1, 3}});
        EvalOptions o;
        o.k = 2;
        const auto m = evaluateRanking(model, train, test, o, Progress());
        QVERIFY(m.ok());
        const Metrics& v = m.value();
        QCOMPARE(v.at(QStringLiteral("users")), 2.0);
        QCOMPARE(v.at(QStringLiteral("precision@2")), 0.5);
        QCOMPARE(v.at(QStringLiteral("recall@2")), 0.5);
        QCOMPARE(v.at(QStringLiteral("map@2")), 0.5);
        QCOMPARE(v.at(QStringLiteral("ndcg@2")), 0.5);
        QCOMPARE(v.at(QStringLiteral("hit_rate@2")), 0.5);
        QCOMPARE(v.at(QStringLiteral("auc")), 0.5);
        // Percentiles: user 0's items at ranks 0 and 1 of 5 (0, 0.25), user 1's at 4 of 5 (1).
        QVERIFY(qAbs(v.at(QStringLiteral("mpr")) - 1.25 / 3.0) < 1e-12);
        QCOMPARE(v.at(QStringLiteral("coverage@2")), 0.5);  // items 2, 5 and 0 of 6
    }

    void partialHitsAreDiscounted() {
        const FixedScores model({9, 5, 8, 1, 3, 7});
        const auto train = matrix(1, 6, {{0, 0}});
        const auto test = matrix(1, 6, {{0, 5}});  // second of the top 2
        EvalOptions o;
        o.k = 2;
        const Metrics v = evaluateRanking(model, train, test, o, Progress()).value();
        QVERIFY(qAbs(v.at(QStringLiteral("ndcg@2")) - 1.0 / std::log2(3.0)) < 1e-12);
        QCOMPARE(v.at(QStringLiteral("map@2")), 0.5);
        QCOMPARE(v.at(QStringLiteral("precision@2")), 0.5);
        QCOMPARE(v.at(QStringLiteral("auc")), 0.75);  // one of the four negatives ranks above
    }

    void randomHoldoutIsDisjointAndComplete() {
        std::vector<std::pair<int, int>> cells;
        for (int u = 0; u < 50; ++u)
            for (int i = 0; i < 1 + u % 9; ++i) cells.push_back({u, (u * 7 + i * 13) % 100});
        const auto m = matrix(50, 100, cells);
        const Split s = randomHoldout(m, 0.2, 5);
        QCOMPARE(s.train.nonZeros() + s.test.nonZeros(), m.nonZeros());
        for (int u = 0; u < 50; ++u) {
            if (m.rowSize(u) >= 2) {
                QVERIFY(s.train.rowSize(u) >= 1);
                QVERIFY(s.test.rowSize(u) >= 1);
            } else {
                QCOMPARE(s.test.rowSize(u), 0);  // a single play cannot be split
            }
            for (int64_t e = s.test.rowStart[u]; e < s.test.rowStart[u + 1]; ++e) {
                const auto b = s.train.colIndex.begin() + s.train.rowStart[u];
                const auto en = s.train.colIndex.begin() + s.train.rowStart[u + 1];
                QVERIFY(!std::binary_search(b, en, s.test.colIndex[e]));
            }
        }
        const Split again = randomHoldout(m, 0.2, 5);
        QVERIFY(again.test.colIndex == s.test.colIndex);
        const Split other = randomHoldout(m, 0.2, 6);
        QVERIFY(other.test.colIndex != s.test.colIndex);
    }

    void listensBecomeStrengths() {
        // User 7: a full play, a 10 s play, a skip, and a play with unknown duration.
        const std::vector<Listen> listens{
            {7, 100, 1000, 200000, false}, {7, 100, 2000, 10000, false},
            {7, 200, 3000, 180000, true},  {7, 300, 4000, 0, false},
            {8, 300, 5000, 200000, false},
        };
        InteractionOptions o;
        o.rows = InteractionOptions::Rows::Users;
        Interactions in = buildInteractions(listens, o);
        QCOMPARE(in.userItems.rows, 2);
        QCOMPARE(in.userItems.cols, 3);
        QCOMPARE(in.itemTrack, (std::vector<Id>{100, 200, 300}));
        const int row = in.rowOf(7);
        QCOMPARE(in.userItems.rowSize(row), int64_t(3));
        QCOMPARE(in.userItems.values[in.userItems.rowStart[row] + 0], 1.2f);  // 1 + weak 0.2
        QCOMPARE(in.userItems.values[in.userItems.rowStart[row] + 1], 0.2f);  // a skip is weak
        QCOMPARE(in.userItems.values[in.userItems.rowStart[row] + 2], 1.0f);  // unknown = full

        o.shortPlays = InteractionOptions::ShortPlays::Drop;
        in = buildInteractions(listens, o);
        QCOMPARE(in.listensDropped, qint64(2));
        QCOMPARE(in.userItems.cols, 2);  // track 200 was only ever skipped

        o.shortPlays = InteractionOptions::ShortPlays::Weak;
        o.strength = InteractionOptions::Strength::PlayMinutes;
        o.before = 4500;  // user 8's play is after the cut-off
        in = buildInteractions(listens, o);
        QCOMPARE(in.userItems.rows, 1);
        QVERIFY(qAbs(in.userItems.values[0] - (200000.f / 60000.f + 0.2f * 10000.f / 60000.f)) <
                1e-5f);
    }

    void singleHistoryUsesSessions() {
        // One user, three sessions (gaps of more than 30 minutes between them).
        const std::vector<Listen> listens{
            {1, 10, 0, 200000, false},
            {1, 11, 200, 200000, false},
            {1, 12, 200 + 3600, 200000, false},
            {1, 10, 400 + 3600, 200000, false},
            {1, 13, 400 + 7200 + 60, 200000, false},
        };
        const Interactions in = buildInteractions(listens, InteractionOptions{});
        QVERIFY(in.sessionRows);
        QCOMPARE(in.userItems.rows, 3);
        QCOMPARE(in.userItems.rowSize(0), int64_t(2));
        QCOMPARE(in.userItems.rowSize(1), int64_t(2));
        QCOMPARE(in.userItems.rowSize(2), int64_t(1));
        QCOMPARE(in.rowUser, (std::vector<Id>{1, 1, 1}));
    }

    void timeSplitTestsOnlyDiscoveries() {
        const qint64 week = 1000000;
        const std::vector<Listen> listens{
            {1, 10, week - 100, 200000, false},  // known before the week
            {1, 11, week - 50, 200000, false},        {2, 12, week - 40, 200000, false},
            {1, 10, week + 100, 200000, false},  // a re-listen: not a discovery
            {1, 12, week + 200, 200000, false},  // new to user 1, known to CF (user 2)
            {1, 99, week + 300, 200000, false},  // nobody played 99 before: CF cannot score it
            {2, 11, week + 8 * 86400, 200000, false},  // after the week
        };
        const TimeSplit s = timeSplit(listens, week, InteractionOptions{});
        QCOMPARE(s.test.nonZeros(), int64_t(1));
        QCOMPARE(s.train.itemTrack[size_t(s.test.colIndex[0])], Id(12));
        QCOMPARE(s.train.rowUser[0], Id(1));
        Popularity pop;
        QVERIFY(pop.fit(s.train.userItems, Progress()).isOk());
    }
};

QTEST_GUILESS_MAIN(EvalTest)
#include "test_eval.moc"
