// Loss curves of a network being trained, drawn with Qt Charts as the epochs arrive: training
// and validation loss per epoch, the baseline's validation loss as a dashed line to beat, and
// the epoch whose weights are kept marked. Used by the audio model's training window.
#pragma once

#include <QChartView>
#include <QString>

class QLineSeries;
class QScatterSeries;
class QLogValueAxis;
class QValueAxis;

namespace tl {

class TrainingCurvesView : public QChartView {
    Q_OBJECT
public:
    explicit TrainingCurvesView(QWidget* parent = nullptr);

    void clear();
    // Epochs count from 1. Appends; an epoch at or before the last one starts a new run.
    void addEpoch(int epoch, double trainLoss, double validationLoss);
    // A horizontal reference, e.g. the ridge baseline's validation loss. NaN hides it.
    void setBaseline(const QString& label, double validationLoss);
    void setBestEpoch(int epoch);  // <= 0: none

    int epochCount() const;
    double lastValidationLoss() const;
    double baselineLoss() const { return baselineLoss_; }
    int bestEpoch() const { return bestEpoch_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    // Qt Charts has its own themes and ignores the widget palette: copy the palette's colours
    // into the chart, so it reads in light and dark alike (called again on every palette change).
    void applyPalette();
    void updateAxes();
    void updateBaselineLine();

    QLineSeries* train_ = nullptr;
    QLineSeries* validation_ = nullptr;
    QLineSeries* baseline_ = nullptr;
    QScatterSeries* best_ = nullptr;
    QValueAxis* axisX_ = nullptr;
    QLogValueAxis* axisY_ = nullptr;  // log: the first epochs' loss would flatten the rest
    double baselineLoss_ = 0.0;
    bool hasBaseline_ = false;
    int bestEpoch_ = 0;
};

}  // namespace tl
