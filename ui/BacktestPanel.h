#pragma once

#include <QWidget>
#include <map>
#include <memory>

#include "playlist/Backtest.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace tl {

class BacktestHeatMap;
struct BacktestSession;

// The back-test beside the blend sliders: how the last weeks' playlists would have done against
// what the user really discovered in them (a job the window runs: it trains a CF model per past
// week the first time). Then a table of the metrics at the sliders' current weights — re-scored
// from the session's cached weeks as the sliders move, no model touched — beside the best grid
// point and each source alone, and a heat map of NDCG over the weight grid whose points set the
// sliders when clicked.
class BacktestPanel : public QWidget {
    Q_OBJECT
public:
    enum Row { CurrentRow = 0, BestRow = 1, FirstSourceRow = 2 };
    enum Column {
        NameColumn,
        NdcgColumn,
        HitColumn,
        NoveltyColumn,
        DiversityColumn,
        ArtistsColumn
    };

    explicit BacktestPanel(QWidget* parent = nullptr);

    void setBusy(bool busy);
    void setBacktest(std::shared_ptr<const BacktestSession> session, const BacktestReport& report,
                     const QString& userName);
    void clear();
    // The sliders' weights (by source name): re-scores the current row and moves the ring.
    void setWeights(const std::map<QString, double>& weights);

    const BacktestSession* session() const { return session_.get(); }
    const PlaylistScore& currentScore() const { return current_; }
    double lastScoreMs() const { return lastScoreMs_; }  // the last re-score's wall time
    QTableWidget* table() const { return table_; }
    BacktestHeatMap* heatMap() const { return heatMap_; }
    // With more than three sources the heat map is the triangle of three with this one held at
    // 0 (popularity by default, leaving the three models); hidden with three or fewer.
    QComboBox* heldAtZero() const { return heldAtZero_; }
    QPushButton* runButton() const { return run_; }
    QString statusText() const;

    // A metric as the table shows it, and the exact value kept in its item's Qt::UserRole.
    static QString format(Column column, double value);

Q_SIGNALS:
    void runRequested();
    void weightsPicked(const std::map<QString, double>& weights);
    void backtestChanged();  // shown or cleared: session() tells which sources it has

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitTableHeight();
    void setRow(int row, const QString& name, const PlaylistScore& score, const QString& tip);
    void setMissingRow(int row, const QString& name, const QString& why);
    void showStatus();
    void showHeatMap();

    QPushButton* run_;
    QLabel* status_;
    QTableWidget* table_;
    QLabel* bestWeights_;
    std::map<QString, double> heldOutWeights_;  // the held-out choice ("Use these weights")
    BacktestHeatMap* heatMap_;
    QComboBox* heldAtZero_;
    std::vector<QString> gridSources_;
    std::vector<GridPoint> gridPoints_;
    std::map<QString, double> gridBest_;
    std::shared_ptr<const BacktestSession> session_;
    QString summary_;
    std::map<QString, double> weights_;
    PlaylistScore current_;
    double lastScoreMs_ = 0.0;
};

}  // namespace tl
