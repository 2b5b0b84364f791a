#include "JobListView.h"

#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "job/StageQueue.h"

namespace tl {

namespace {
enum Column { StageColumn, StateColumn, ProgressColumn, TimeColumn, DetailsColumn };

QString clockText(double seconds) {
    const int s = int(seconds + 0.5);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString stateText(StageState state) {
    switch (state) {
        case StageState::Waiting:
            return JobListView::tr("Waiting");
        case StageState::Running:
            return JobListView::tr("Running");
        case StageState::Done:
            return JobListView::tr("Done");
        case StageState::Failed:
            return JobListView::tr("Failed");
        case StageState::NotRun:
            return JobListView::tr("Not run");
        case StageState::Cancelled:
            return JobListView::tr("Cancelled");
    }
    return {};
}
}  // namespace

JobListView::JobListView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("jobListView"));
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("jobListSummary"));
    summary_->setWordWrap(true);
    list_ = new QTreeWidget(this);
    list_->setObjectName(QStringLiteral("jobList"));
    list_->setRootIsDecorated(false);
    list_->setUniformRowHeights(true);
    list_->setSelectionMode(QAbstractItemView::NoSelection);
    list_->setHeaderLabels({tr("Stage"), tr("State"), tr("Progress"), tr("Time"), tr("Details")});
    list_->header()->setStretchLastSection(true);
    list_->setColumnWidth(StageColumn, 230);
    list_->setColumnWidth(StateColumn, 80);
    list_->setColumnWidth(ProgressColumn, 140);
    list_->setColumnWidth(TimeColumn, 150);
    list_->setToolTip(
        tr("Every stage of the run in the order it runs: a stage starts once what it "
           "needs is done"));
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setObjectName(QStringLiteral("jobListCancel"));
    cancel_->setToolTip(
        tr("Stop the running stage and every stage still waiting; what is done "
           "stays done"));
    connect(cancel_, &QPushButton::clicked, this, &JobListView::cancelRequested);

    auto* top = new QHBoxLayout;
    top->addWidget(summary_, 1);
    top->addWidget(cancel_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addLayout(top);
    layout->addWidget(list_, 1);

    tick_.setInterval(1000);
    connect(&tick_, &QTimer::timeout, this, [this] { refresh(runningMessage_); });
    setQueue(nullptr, QString());
}

void JobListView::setQueue(const StageQueue* queue, const QString& title) {
    queue_ = queue;
    title_ = title;
    runningId_.clear();
    runningMessage_.clear();
    list_->clear();
    if (queue_) {
        for (const Stage& stage : queue_->stages()) {
            auto* item = new QTreeWidgetItem(list_);
            item->setText(StageColumn, stage.title);
            auto* bar = new QProgressBar(list_);
            bar->setRange(0, 1000);
            bar->setTextVisible(false);
            bar->setMaximumHeight(14);
            list_->setItemWidget(item, ProgressColumn, bar);
        }
    }
    refresh();
}

void JobListView::refresh(const QString& message) {
    if (!queue_) {
        summary_->setText(
            tr("No queued run. “Try the demo” and Models > Train All list their "
               "stages here."));
        cancel_->setEnabled(false);
        tick_.stop();
        return;
    }
    const Stage* running = queue_->current();
    if (running && running->id != runningId_) {
        runningId_ = running->id;
        stageClock_.start();
        // A short dock shows a few rows: keep the one that is running in sight.
        for (int i = 0; i < int(queue_->stages().size()); ++i)
            if (&queue_->stages()[size_t(i)] == running && list_->topLevelItem(i))
                list_->scrollToItem(list_->topLevelItem(i));
    }
    if (running)
        runningMessage_ = message.isEmpty() ? runningMessage_ : message;
    else
        runningId_.clear();

    const auto& stages = queue_->stages();
    for (int i = 0; i < int(stages.size()) && i < list_->topLevelItemCount(); ++i) {
        const Stage& stage = stages[size_t(i)];
        QTreeWidgetItem* item = list_->topLevelItem(i);
        item->setText(StateColumn, stateText(stage.state));
        QString time, details = stage.message;
        if (stage.state == StageState::Running) {
            const double elapsed = stageClock_.elapsed() / 1000.0;
            time = clockText(elapsed);
            // Time left from the pace so far; too early a guess is noise, so none before 5%.
            if (stage.fraction >= 0.05 && stage.fraction < 1)
                time += tr(", about %1 left")
                            .arg(clockText(elapsed * (1 - stage.fraction) / stage.fraction));
            details = runningMessage_;
        } else if (stage.state == StageState::Done || stage.state == StageState::Failed ||
                   (stage.state == StageState::Cancelled && stage.seconds > 0)) {
            time = tr("%1 s").arg(stage.seconds, 0, 'f', 1);
        }
        item->setText(TimeColumn, time);
        item->setText(DetailsColumn, details);
        item->setToolTip(DetailsColumn, details);
        const bool bad = stage.state == StageState::Failed || stage.state == StageState::NotRun;
        QFont font = item->font(StageColumn);
        font.setBold(stage.state == StageState::Running);
        for (int c = 0; c <= DetailsColumn; ++c) {
            item->setFont(c, font);
            item->setForeground(c, bad ? palette().brush(QPalette::Disabled, QPalette::Text)
                                       : palette().brush(QPalette::Text));
        }
        if (bad) item->setForeground(StateColumn, QColor(0xc0, 0x39, 0x2b));
        if (auto* bar = qobject_cast<QProgressBar*>(list_->itemWidget(item, ProgressColumn)))
            bar->setValue(int(1000 * (stage.state == StageState::Done ? 1.0 : stage.fraction)));
    }

    const int total = int(stages.size());
    const int done = queue_->count(StageState::Done);
    if (!queue_->finished()) {
        summary_->setText(tr("%1: %2 of %3 stages done%4")
                              .arg(title_)
                              .arg(done)
                              .arg(total)
                              .arg(running ? tr("; now: %1").arg(running->title) : QString()));
    } else {
        double seconds = 0;
        for (const Stage& s : stages) seconds += s.seconds;
        const int failed = queue_->count(StageState::Failed) + queue_->count(StageState::NotRun);
        const int cancelled = queue_->count(StageState::Cancelled);
        summary_->setText(
            failed + cancelled == 0
                ? tr("%1: all %2 stages done in %3.").arg(title_).arg(total).arg(clockText(seconds))
                : tr("%1: %2 of %3 stages done, %4 failed or not run, %5 cancelled.")
                      .arg(title_)
                      .arg(done)
                      .arg(total)
                      .arg(failed)
                      .arg(cancelled));
    }
    cancel_->setEnabled(!queue_->finished());
    if (queue_->finished())
        tick_.stop();
    else if (!tick_.isActive())
        tick_.start();
}

QString JobListView::summaryText() const {
    return summary_->text();
}

QStringList JobListView::rowTexts(int row) const {
    const QTreeWidgetItem* item = list_->topLevelItem(row);
    if (!item) return {};
    return {item->text(StageColumn), item->text(StateColumn), item->text(TimeColumn),
            item->text(DetailsColumn)};
}

}  // namespace tl
