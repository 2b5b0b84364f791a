#include "JobStatusWidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include "ElidedLabel.h"
#include "job/JobRunner.h"

namespace tl {
namespace {
constexpr int kBarSteps = 1000;
constexpr int kLabelChars = 64;  // the label's width, in average characters; longer text elides

QString formatElapsed(qint64 ms) {
    const qint64 s = ms / 1000;
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}
}  // namespace

JobStatusWidget::JobStatusWidget(JobRunner* runner, QWidget* parent)
    : QWidget(parent), runner_(runner) {
    setObjectName(QStringLiteral("jobStatus"));
    label_ = new ElidedLabel(this);
    label_->setElideMode(Qt::ElideRight);
    label_->setObjectName(QStringLiteral("jobLabel"));
    label_->setFixedWidth(fontMetrics().averageCharWidth() * kLabelChars);
    bar_ = new QProgressBar(this);
    bar_->setObjectName(QStringLiteral("jobProgress"));
    bar_->setRange(0, kBarSteps);
    bar_->setFixedWidth(fontMetrics().averageCharWidth() * 24);
    bar_->setAccessibleName(tr("Job progress"));
    elapsed_ = new QLabel(this);
    elapsed_->setObjectName(QStringLiteral("jobElapsed"));
    elapsed_->setToolTip(tr("Time since the job started"));
    // Fixed width so the layout does not jitter as the seconds tick over.
    elapsed_->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("00:00")) + 4);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setObjectName(QStringLiteral("jobCancelButton"));
    cancel_->setToolTip(tr("Stop the job; nothing it has done so far is kept"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addWidget(bar_);
    layout->addWidget(elapsed_);
    layout->addWidget(cancel_);

    tick_.setInterval(250);
    connect(&tick_, &QTimer::timeout, this, &JobStatusWidget::updateElapsed);
    connect(cancel_, &QPushButton::clicked, this, &JobStatusWidget::requestCancel);
    connect(runner_, &JobRunner::started, this, &JobStatusWidget::onStarted);
    connect(runner_, &JobRunner::progressChanged, this, &JobStatusWidget::onProgress);
    connect(runner_, &JobRunner::finished, this, &JobStatusWidget::onFinished);
    hide();
}

QString JobStatusWidget::text() const {
    return message_.isEmpty() ? title_ : title_ + QStringLiteral(" — ") + message_;
}

void JobStatusWidget::onStarted(const QString& title) {
    title_ = title;
    message_.clear();
    // A busy bar until the job's first report: some jobs spend a moment before they know
    // how much there is to do.
    bar_->setRange(0, 0);
    cancel_->setEnabled(true);
    cancel_->setText(tr("Cancel"));
    clock_.start();
    updateLabel();
    updateElapsed();
    tick_.start();
    show();
}

void JobStatusWidget::onProgress(double fraction, const QString& message) {
    if (bar_->maximum() == 0) bar_->setRange(0, kBarSteps);
    bar_->setValue(qBound(0, int(fraction * kBarSteps + 0.5), kBarSteps));
    if (!message.isEmpty()) message_ = message;
    updateLabel();
}

void JobStatusWidget::onFinished(const Status&, double) {
    tick_.stop();
    hide();
}

void JobStatusWidget::requestCancel() {
    runner_->cancel();
    cancel_->setEnabled(false);
    cancel_->setText(tr("Cancelling…"));
}

void JobStatusWidget::updateLabel() {
    label_->setFullText(text());
}

void JobStatusWidget::updateElapsed() {
    elapsed_->setText(formatElapsed(clock_.elapsed()));
}

}  // namespace tl
