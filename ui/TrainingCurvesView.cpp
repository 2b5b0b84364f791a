#include "TrainingCurvesView.h"

#include <QChart>
#include <QEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace tl {

namespace {

QLineSeries* makeLine(const QString& name, const QColor& colour, Qt::PenStyle style) {
    auto* series = new QLineSeries;
    series->setName(name);
    QPen pen(colour);
    pen.setWidthF(2.0);
    pen.setStyle(style);
    series->setPen(pen);
    return series;
}

}  // namespace

TrainingCurvesView::TrainingCurvesView(QWidget* parent) : QChartView(parent) {
    auto* chart = new QChart;
    chart->setTitle(tr("Loss per epoch (mean squared error on unit-length CF vectors)"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));

    train_ = makeLine(tr("Training"), QColor(0x1f, 0x77, 0xb4), Qt::SolidLine);
    validation_ = makeLine(tr("Validation"), QColor(0xd6, 0x27, 0x28), Qt::SolidLine);
    baseline_ = makeLine(tr("Baseline"), QColor(0x55, 0x55, 0x55), Qt::DashLine);
    best_ = new QScatterSeries;
    best_->setName(tr("Kept (best validation)"));
    best_->setMarkerSize(11);
    best_->setColor(QColor(0xd6, 0x27, 0x28));
    best_->setBorderColor(Qt::black);

    axisX_ = new QValueAxis;
    axisX_->setTitleText(tr("Epoch"));
    axisX_->setLabelFormat(QStringLiteral("%d"));
    axisX_->setTickType(QValueAxis::TicksDynamic);
    axisY_ = new QLogValueAxis;
    axisY_->setTitleText(tr("Loss (log scale)"));
    axisY_->setLabelFormat(QStringLiteral("%.3g"));
    axisY_->setBase(2.0);  // labels at 0.25, 0.5, 1, 2: a loss curve spans few decades
    axisY_->setMinorTickCount(3);
    chart->addAxis(axisX_, Qt::AlignBottom);
    chart->addAxis(axisY_, Qt::AlignLeft);
    for (QXYSeries* series : {static_cast<QXYSeries*>(train_), static_cast<QXYSeries*>(validation_),
                              static_cast<QXYSeries*>(baseline_), static_cast<QXYSeries*>(best_)}) {
        chart->addSeries(series);
        series->attachAxis(axisX_);
        series->attachAxis(axisY_);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(360, 240);
    applyPalette();
    clear();
}

void TrainingCurvesView::changeEvent(QEvent* event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyPalette();
}

void TrainingCurvesView::applyPalette() {
    const QPalette& pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor grid = pal.color(QPalette::Mid);
    QChart* c = chart();
    c->setBackgroundBrush(pal.base());
    c->setTitleBrush(text);
    c->legend()->setLabelColor(text);
    for (QAbstractAxis* axis :
         {static_cast<QAbstractAxis*>(axisX_), static_cast<QAbstractAxis*>(axisY_)}) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(grid);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(pal.color(QPalette::Midlight));
    }
    setBackgroundBrush(pal.window());
    // The baseline is a reference, drawn in the theme's secondary text; the kept point's ring
    // in the text colour, so it shows on either background.
    QPen baselinePen = baseline_->pen();
    baselinePen.setColor(pal.color(QPalette::PlaceholderText));
    baseline_->setPen(baselinePen);
    best_->setBorderColor(text);
}

void TrainingCurvesView::clear() {
    train_->clear();
    validation_->clear();
    best_->clear();
    bestEpoch_ = 0;
    updateBaselineLine();
    updateAxes();
}

void TrainingCurvesView::addEpoch(int epoch, double trainLoss, double validationLoss) {
    if (train_->count() > 0 && epoch <= train_->at(train_->count() - 1).x()) clear();
    // A diverged epoch (inf/NaN) would wreck the axes; the window reports it in words instead.
    if (std::isfinite(trainLoss)) train_->append(epoch, trainLoss);
    if (std::isfinite(validationLoss)) validation_->append(epoch, validationLoss);
    updateBaselineLine();
    updateAxes();
}

void TrainingCurvesView::setBaseline(const QString& label, double validationLoss) {
    hasBaseline_ = std::isfinite(validationLoss);
    baselineLoss_ = hasBaseline_ ? validationLoss : 0.0;
    baseline_->setName(label);
    updateBaselineLine();
    updateAxes();
}

void TrainingCurvesView::setBestEpoch(int epoch) {
    bestEpoch_ = std::max(0, epoch);
    best_->clear();
    for (int i = 0; i < validation_->count(); ++i)
        if (static_cast<int>(validation_->at(i).x()) == bestEpoch_)
            best_->append(validation_->at(i));
}

int TrainingCurvesView::epochCount() const {
    return static_cast<int>(train_->count());
}

double TrainingCurvesView::lastValidationLoss() const {
    return validation_->count() > 0 ? validation_->at(validation_->count() - 1).y() : std::nan("");
}

void TrainingCurvesView::updateBaselineLine() {
    baseline_->clear();
    baseline_->setVisible(hasBaseline_);
    const auto markers = chart() ? chart()->legend()->markers(baseline_) : QList<QLegendMarker*>{};
    for (QLegendMarker* marker : markers) marker->setVisible(hasBaseline_);
    if (!hasBaseline_) return;
    const double last = train_->count() > 0 ? train_->at(train_->count() - 1).x() : 1.0;
    baseline_->append(1.0, baselineLoss_);
    baseline_->append(std::max(2.0, last), baselineLoss_);
}

void TrainingCurvesView::updateAxes() {
    double lo = INFINITY, hi = -INFINITY;
    double lastEpoch = 1.0;
    for (const QLineSeries* series : {train_, validation_}) {
        for (int i = 0; i < series->count(); ++i) {
            lo = std::min(lo, series->at(i).y());
            hi = std::max(hi, series->at(i).y());
            lastEpoch = std::max(lastEpoch, series->at(i).x());
        }
    }
    if (hasBaseline_) {
        lo = std::min(lo, baselineLoss_);
        hi = std::max(hi, baselineLoss_);
    }
    if (!std::isfinite(lo) || lo <= 0.0) {
        lo = std::isfinite(hi) && hi > 0.0 ? hi / 10.0 : 0.1;
        hi = std::isfinite(hi) && hi > 0.0 ? hi : 1.0;
    }
    // A margin of 10% either way in log terms, and at least a factor of 2 shown.
    double bottom = lo / 1.1, top = hi * 1.1;
    if (top / bottom < 2.0) {
        const double centre = std::sqrt(top * bottom);
        bottom = centre / std::sqrt(2.0);
        top = centre * std::sqrt(2.0);
    }
    axisY_->setRange(bottom, top);
    const int epochs = std::max(2, static_cast<int>(std::ceil(lastEpoch)));
    axisX_->setRange(1, epochs);
    // Ticks at whole epochs only: every epoch up to 11, then the multiples of the smallest of
    // 2, 5, 10, 20, 50... that leaves at most 11 (a fixed tick count would spread them over the
    // range at fractional epochs under rounded "%d" labels).
    int step = 1;
    for (int scale = 1; epochs > 11 && step == 1; scale *= 10) {
        for (const int m : {2, 5, 10}) {
            if (epochs / (m * scale) <= 11) {
                step = m * scale;
                break;
            }
        }
    }
    axisX_->setTickAnchor(0.0);
    axisX_->setTickInterval(step);
}

}  // namespace tl
