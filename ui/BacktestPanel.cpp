#include "BacktestPanel.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "BacktestHeatMap.h"
#include "SourceColors.h"
#include "playlist/BacktestSession.h"

namespace tl {
namespace {

QString weightsLine(const std::vector<QString>& sources, const std::map<QString, double>& w) {
    QStringList parts;
    for (const QString& s : sources) {
        const auto it = w.find(s);
        parts << QStringLiteral("%1 %2")
                     .arg(sourceShortTitle(s))
                     .arg(it == w.end() ? 0.0 : it->second, 0, 'f', 2);
    }
    return parts.join(QStringLiteral(" · "));
}

}  // namespace

BacktestPanel::BacktestPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("backtestPanel"));
    run_ = new QPushButton(tr("Run back-test"), this);
    run_->setObjectName(QStringLiteral("backtestRun"));
    run_->setToolTip(
        tr("Scores the last 8 weeks' playlists of the selected user against what they first "
           "played in each week, from models that saw only what came before it (a CF model is "
           "trained per week the first time, then reused)"));
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("backtestStatus"));
    status_->setWordWrap(true);

    table_ = new QTableWidget(0, 6, this);
    table_->setObjectName(QStringLiteral("backtestTable"));
    table_->setHorizontalHeaderLabels(
        {tr("Blend"), tr("NDCG"), tr("Hit rate"), tr("Novelty"), tr("Diversity"), tr("Artists")});
    table_->horizontalHeaderItem(NdcgColumn)
        ->setToolTip(tr("Ranking quality of the 30 picks against the week's discoveries"));
    table_->horizontalHeaderItem(HitColumn)->setToolTip(
        tr("Share of weeks with at least one discovery among the picks"));
    table_->horizontalHeaderItem(NoveltyColumn)
        ->setToolTip(tr("Mean self-information of the picks, in bits: higher is less popular"));
    table_->horizontalHeaderItem(DiversityColumn)
        ->setToolTip(tr("1 - mean pairwise similarity of the picks"));
    table_->horizontalHeaderItem(ArtistsColumn)
        ->setToolTip(tr("Distinct artists per pick (artist coverage)"));
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setFocusPolicy(Qt::NoFocus);
    table_->setWordWrap(false);
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView* header = table_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setStretchLastSection(false);
    table_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    table_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);

    bestWeights_ = new QLabel(this);
    bestWeights_->setObjectName(QStringLiteral("backtestBestWeights"));
    bestWeights_->setWordWrap(true);
    bestWeights_->setTextFormat(Qt::RichText);
    // "Use these weights" sets the sliders to the held-out choice, as a click on the heat map
    // sets them to a point of it.
    connect(bestWeights_, &QLabel::linkActivated, this, [this] {
        if (!heldOutWeights_.empty()) Q_EMIT weightsPicked(heldOutWeights_);
    });
    heatMap_ = new BacktestHeatMap(this);
    heatMap_->setToolTip(tr("NDCG over the weight grid: click a point to set the sliders"));
    auto* heldRow = new QWidget(this);  // shown only with more than three sources
    heldAtZero_ = new QComboBox(heldRow);
    heldAtZero_->setObjectName(QStringLiteral("backtestHeldAtZero"));
    heldAtZero_->setToolTip(
        tr("Four sources do not fit a triangle: the heat map shows the other three with this "
           "one's weight at 0"));
    auto* heldLayout = new QHBoxLayout(heldRow);
    heldLayout->setContentsMargins(0, 0, 0, 0);
    heldAtZero_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    heldLayout->addWidget(new QLabel(tr("Heat map holds at 0:"), heldRow));
    heldLayout->addWidget(heldAtZero_, 1);
    auto* mapColumn = new QVBoxLayout;
    mapColumn->addWidget(heldRow);
    mapColumn->addWidget(heatMap_, 1);
    connect(heldAtZero_, &QComboBox::currentIndexChanged, this, &BacktestPanel::showHeatMap);

    auto* controls = new QHBoxLayout;
    controls->addWidget(status_, 1);
    controls->addWidget(run_, 0, Qt::AlignTop);
    // The table and the heat map side by side: the tab sits above the sliders and is short.
    auto* numbers = new QVBoxLayout;
    numbers->addWidget(table_);
    numbers->addStretch(1);
    auto* body = new QHBoxLayout;
    body->addLayout(numbers, 3);
    body->addLayout(mapColumn, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(controls);
    layout->addWidget(bestWeights_);
    layout->addLayout(body, 1);

    connect(run_, &QPushButton::clicked, this, &BacktestPanel::runRequested);
    connect(heatMap_, &BacktestHeatMap::pointClicked, this, &BacktestPanel::weightsPicked);
    clear();
}

void BacktestPanel::showHeatMap() {
    // The held source goes last: the heat map draws the first three, the rest at 0.
    std::vector<QString> axes = gridSources_;
    const QString held = heldAtZero_->currentData().toString();
    if (axes.size() > 3) {
        const auto it = std::find(axes.begin(), axes.end(), held);
        if (it != axes.end()) std::rotate(it, it + 1, axes.end());
    }
    std::vector<BacktestHeatMap::Point> points;
    int best = -1;
    for (const GridPoint& g : gridPoints_) {
        // The star only where the best point is drawn: off the slice it would sit on a point
        // that is not the best (the line above the table names the best in full).
        const auto heldWeight = g.weights.find(held);
        const bool onSlice =
            axes.size() <= 3 || heldWeight == g.weights.end() || heldWeight->second == 0.0;
        if (g.weights == gridBest_ && onSlice) best = int(points.size());
        points.push_back({g.weights, g.mean.ndcg});
    }
    if (gridPoints_.empty()) return heatMap_->clear();
    heatMap_->setGrid(axes, std::move(points), best);
    if (session_) heatMap_->setCurrent(session_->normalised(weights_));
}

QString BacktestPanel::format(Column column, double value) {
    return QString::number(value, 'f', column == NoveltyColumn ? 2 : 3);
}

void BacktestPanel::setBusy(bool busy) {
    run_->setEnabled(!busy);
    if (busy)
        status_->setText(
            tr("Back-testing: preparing each past week (the first time, training its CF "
               "model, and one audio model on the listens before them all)…"));
    else
        showStatus();
}

void BacktestPanel::clear() {
    session_.reset();
    summary_.clear();
    table_->setRowCount(0);
    table_->setVisible(false);
    bestWeights_->clear();
    heldOutWeights_.clear();
    heatMap_->clear();
    heatMap_->setVisible(true);  // its placeholder says a back-test draws it
    gridSources_.clear();
    gridPoints_.clear();
    heldAtZero_->clear();
    heldAtZero_->parentWidget()->setVisible(false);
    showStatus();
    Q_EMIT backtestChanged();
}

void BacktestPanel::showStatus() {
    if (!session_) {
        status_->setText(
            tr("How would the blend have done? A back-test makes each of the last 8 weeks' "
               "playlists from what was known before it and scores it against what was really "
               "discovered that week."));
        return;
    }
    if (session_->weeksScored == 0) return status_->setText(summary_);  // nothing to re-score
    status_->setText(summary_ + tr(" · re-scored in %1 ms").arg(lastScoreMs_, 0, 'f', 1));
}

QString BacktestPanel::statusText() const {
    return status_->text();
}

void BacktestPanel::setRow(int row, const QString& name, const PlaylistScore& s,
                           const QString& tip) {
    auto* label = new QTableWidgetItem(name);
    label->setToolTip(tip);
    table_->setItem(row, NameColumn, label);
    const double values[] = {0.0, s.ndcg, s.hitRate, s.novelty, s.diversity, s.artistCoverage};
    for (int c = NdcgColumn; c <= ArtistsColumn; ++c) {
        auto* item = new QTableWidgetItem(format(Column(c), values[c]));
        item->setData(Qt::UserRole, values[c]);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(tip);
        table_->setItem(row, c, item);
    }
}

void BacktestPanel::setMissingRow(int row, const QString& name, const QString& why) {
    auto* label = new QTableWidgetItem(name);
    label->setForeground(palette().color(QPalette::PlaceholderText));
    label->setToolTip(why);
    table_->setItem(row, NameColumn, label);
    auto* missing = new QTableWidgetItem(tr("missing"));
    missing->setForeground(palette().color(QPalette::PlaceholderText));
    missing->setToolTip(why);
    table_->setItem(row, NdcgColumn, missing);
    table_->setSpan(row, NdcgColumn, 1, ArtistsColumn - NdcgColumn + 1);
}

void BacktestPanel::setBacktest(std::shared_ptr<const BacktestSession> session,
                                const BacktestReport& report, const QString& userName) {
    session_ = std::move(session);
    if (!session_) return clear();
    summary_ = tr("%1, %2 weeks (%3 scored), %4 week models trained")
                   .arg(userName)
                   .arg(report.weeks.size())
                   .arg(report.weeksScored)
                   .arg(report.modelsTrained);
    heldOutWeights_.clear();
    if (report.weeksScored == 0) {
        // Every blend scores 0 on no weeks: no best, no table of zeros, no heat map of one
        // colour. Say why, in the words `tastelab-cli backtest` uses.
        table_->setRowCount(0);
        table_->setVisible(false);
        gridSources_.clear();
        gridPoints_.clear();
        gridBest_.clear();
        heatMap_->clear();
        heatMap_->setVisible(false);
        heldAtZero_->parentWidget()->setVisible(false);
        bestWeights_->setText(noWeekScoredReason(report).toHtmlEscaped());
        bestWeights_->setToolTip(
            tr("A week counts when this user had listened before it and played some track for "
               "the first time in it: those tracks are what its playlist is scored against."));
        current_ = {};
        showStatus();
        Q_EMIT backtestChanged();
        return;
    }
    heatMap_->setVisible(true);
    table_->clearSpans();
    table_->setRowCount(FirstSourceRow + int(report.singleSource.size() + report.missing.size()));
    setRow(BestRow, tr("Best on the grid"), report.best.mean,
           weightsLine(report.sources, report.best.weights));
    int row = FirstSourceRow;
    for (const QString& source : report.sources) {
        const auto it = report.singleSource.find(source);
        if (it == report.singleSource.end()) continue;
        setRow(row++, tr("%1 alone").arg(sourceShortTitle(source)), it->second,
               sourceTitle(source));
    }
    for (const auto& [source, why] : report.missing)
        setMissingRow(row++, tr("%1 alone").arg(sourceShortTitle(source)), why);
    QString best = tr("Best: %1 (NDCG %2)")
                       .arg(weightsLine(report.sources, report.best.weights))
                       .arg(format(NdcgColumn, report.best.mean.ndcg))
                       .toHtmlEscaped();
    // The grid's best is chosen on the weeks it is scored on; say how a point chosen on the
    // earlier weeks does on the later ones, beside the best single source there.
    if (const HeldOutCheck& h = report.heldOut; h.scoreWeeks > 0 && !h.singleSource.empty()) {
        const auto single = std::max_element(
            h.singleSource.begin(), h.singleSource.end(),
            [](const auto& a, const auto& b) { return a.second.ndcg < b.second.ndcg; });
        best += QStringLiteral("<br>") +
                tr("Held out: the best point on the first %1 weeks (%2) scores NDCG %3 on the "
                   "last %4; %5 alone scores %6 there.")
                    .arg(h.chooseWeeks)
                    .arg(weightsLine(report.sources, h.weights))
                    .arg(format(NdcgColumn, h.heldOut.ndcg))
                    .arg(h.scoreWeeks)
                    .arg(sourceShortTitle(single->first))
                    .arg(format(NdcgColumn, single->second.ndcg))
                    .toHtmlEscaped() +
                QStringLiteral(" <a href=\"held-out\">%1</a>").arg(tr("Use these weights"));
        heldOutWeights_ = h.weights;
    }
    // Which of the back-test's own audio models gave its sound vectors, and why (the CNN's, or
    // ridge's when the CNN validated worse), as `tastelab-cli backtest` prints it.
    if (!report.audioVectors.isEmpty())
        best += QStringLiteral("<br>") + tr("Audio: %1").arg(report.audioVectors).toHtmlEscaped();
    bestWeights_->setText(best);
    bestWeights_->setToolTip(
        tr("The best point of the grid is picked on the same weeks it is scored on, which "
           "flatters it. The held-out line picks the best point on the earlier half of the "
           "weeks that count and scores it on the later half, which it never saw."));
    gridSources_ = report.sources;
    gridPoints_ = report.grid;
    gridBest_ = report.best.weights;
    {
        const QSignalBlocker block(heldAtZero_);
        const QString held = heldAtZero_->currentData().toString();
        heldAtZero_->clear();
        for (const QString& source : report.sources)
            heldAtZero_->addItem(sourceShortTitle(source), source);
        int index = heldAtZero_->findData(held.isEmpty() ? QStringLiteral("popularity") : held);
        heldAtZero_->setCurrentIndex(index < 0 ? heldAtZero_->count() - 1 : index);
        heldAtZero_->parentWidget()->setVisible(report.sources.size() > 3);
    }
    showHeatMap();
    table_->setVisible(true);
    setWeights(weights_);
    table_->resizeColumnsToContents();
    fitTableHeight();
    Q_EMIT backtestChanged();
}

void BacktestPanel::fitTableHeight() {
    // Every row shown, and room for the horizontal scroll bar when a narrow window needs it.
    const int frame = 2 * table_->frameWidth();
    const bool scrolls =
        table_->horizontalHeader()->length() + frame > table_->width() && table_->width() > 0;
    table_->setFixedHeight(table_->horizontalHeader()->height() +
                           table_->verticalHeader()->length() + frame +
                           (scrolls ? table_->horizontalScrollBar()->sizeHint().height() : 0));
}

void BacktestPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (session_) fitTableHeight();
}

void BacktestPanel::setWeights(const std::map<QString, double>& weights) {
    weights_ = weights;
    if (!session_ || session_->weeksScored == 0) return;
    // Only a re-rank of each cached week: fast enough to follow a slider (BENCHMARKS.md).
    QElapsedTimer timer;
    timer.start();
    const std::map<QString, double> normalised = session_->normalised(weights);
    current_ = session_->score(normalised);
    lastScoreMs_ = double(timer.nsecsElapsed()) / 1e6;
    setRow(CurrentRow, tr("Sliders now"), current_, weightsLine(session_->sources, normalised));
    heatMap_->setCurrent(normalised);
    showStatus();
}

}  // namespace tl
