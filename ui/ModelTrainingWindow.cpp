#include "ModelTrainingWindow.h"

#include <QJsonArray>
#include <QLabel>
#include <QVBoxLayout>
#include <cmath>

#include "TrainingCurvesView.h"

namespace tl {

ModelTrainingWindow::ModelTrainingWindow(QWidget* parent) : QWidget(parent, Qt::Window) {
    setWindowTitle(tr("Model training"));
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(this);
    QFont bold = title_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    title_->setFont(bold);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    curves_ = new TrainingCurvesView(this);
    layout->addWidget(title_);
    layout->addWidget(status_);
    layout->addWidget(curves_, 1);
    resize(640, 460);
}

void ModelTrainingWindow::start(const QString& what, int plannedEpochs) {
    title_->setText(what);
    plannedEpochs_ = plannedEpochs;
    status_->setText(tr("Preparing the training data…"));
    curves_->clear();
}

void ModelTrainingWindow::addEpoch(int epoch, double trainLoss, double validationLoss,
                                   double seconds) {
    curves_->addEpoch(epoch, trainLoss, validationLoss);
    QString text = tr("Epoch %1 of at most %2 · training loss %3 · validation loss %4 · %5 s")
                       .arg(epoch)
                       .arg(plannedEpochs_)
                       .arg(trainLoss, 0, 'f', 4)
                       .arg(validationLoss, 0, 'f', 4)
                       .arg(seconds, 0, 'f', 1);
    if (!std::isfinite(trainLoss) || !std::isfinite(validationLoss))
        text += tr(" — the loss is not a number: training diverged");
    else if (curves_->baselineLoss() > 0 && validationLoss < curves_->baselineLoss())
        text += tr(" — below the baseline");
    status_->setText(text);
}

void ModelTrainingWindow::setBaseline(const QString& label, double validationLoss) {
    curves_->setBaseline(label, validationLoss);
}

void ModelTrainingWindow::setBestEpoch(int epoch) {
    curves_->setBestEpoch(epoch);
}

void ModelTrainingWindow::showReport(const QJsonObject& report) {
    curves_->clear();
    const QJsonArray epochs = report.value(QStringLiteral("epochs")).toArray();
    for (const QJsonValue& value : epochs) {
        const QJsonObject e = value.toObject();
        curves_->addEpoch(e.value(QStringLiteral("epoch")).toInt(),
                          e.value(QStringLiteral("train_loss")).toDouble(),
                          e.value(QStringLiteral("validation_loss")).toDouble());
    }
    const double ridge = report.value(QStringLiteral("ridge_validation_loss")).toDouble(-1);
    if (ridge >= 0) curves_->setBaseline(tr("Ridge on descriptors (validation)"), ridge);
    curves_->setBestEpoch(report.value(QStringLiteral("best_epoch")).toInt());
}

void ModelTrainingWindow::showOutcome(double ridgeValidationLoss, int bestEpoch) {
    if (ridgeValidationLoss >= 0)
        curves_->setBaseline(tr("Ridge on descriptors (validation)"), ridgeValidationLoss);
    curves_->setBestEpoch(bestEpoch);
}

void ModelTrainingWindow::finish(const QString& summary) {
    status_->setText(summary);
}

QString ModelTrainingWindow::statusText() const {
    return status_->text();
}

}  // namespace tl
