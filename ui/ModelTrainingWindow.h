// A window that follows one network's training as it happens: what is being trained, the epoch
// and losses so far in words, the loss curves, and at the end what was kept and how it compares
// with the baseline. It holds no model state: the training job feeds it epoch by epoch.
#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;

namespace tl {

class TrainingCurvesView;

class ModelTrainingWindow : public QWidget {
    Q_OBJECT
public:
    explicit ModelTrainingWindow(QWidget* parent = nullptr);

    // A new run: clears the curves. `plannedEpochs` is the most the run will take.
    void start(const QString& what, int plannedEpochs);
    void addEpoch(int epoch, double trainLoss, double validationLoss, double seconds);
    void setBaseline(const QString& label, double validationLoss);
    void setBestEpoch(int epoch);
    // The run ended (finished, reused, failed or cancelled): the summary replaces the status.
    void finish(const QString& summary);
    // Redraws a stored run from its report JSON ("epochs" [{epoch, train_loss, validation_loss,
    // seconds}], "best_epoch", "ridge_validation_loss"): a reused model shows how it was trained.
    void showReport(const QJsonObject& report);
    // After a run drawn live: the ridge baseline and the kept epoch, without redrawing it.
    void showOutcome(double ridgeValidationLoss, int bestEpoch);

    // The project whose model the window draws: one opened on another project is drawn afresh
    // from that project's stored model.
    void setProject(const QString& path) { project_ = path; }
    QString project() const { return project_; }

    TrainingCurvesView* curves() const { return curves_; }
    QString statusText() const;

private:
    QLabel* title_ = nullptr;
    QLabel* status_ = nullptr;
    TrainingCurvesView* curves_ = nullptr;
    int plannedEpochs_ = 0;
    QString project_;
};

}  // namespace tl
