#include "InterruptedTrainingBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>

namespace tl {
namespace {

// Today: "14:02"; another day: "3 Dec 14:02" (local time: the user's clock, not the file's UTC).
QString when(const QDateTime& utc) {
    const QDateTime local = utc.toLocalTime();
    const QString time = local.time().toString(QStringLiteral("HH:mm"));
    if (local.date() == QDate::currentDate()) return time;
    return QLocale().toString(local.date(), QStringLiteral("d MMM")) + QLatin1Char(' ') + time;
}

}  // namespace

InterruptedTrainingBanner::InterruptedTrainingBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("interruptedTrainingBanner"));
    setFrameShape(QFrame::StyledPanel);
    // The theme's tooltip colours: a notice that stands out in light and dark palettes alike.
    // Roles, not copied colours, so the banner follows a switch between light and dark.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    setForegroundRole(QPalette::ToolTipText);

    auto* icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(size, size));
    label_ = new QLabel(this);
    label_->setObjectName(QStringLiteral("interruptedTrainingText"));
    label_->setWordWrap(true);
    label_->setTextFormat(Qt::PlainText);
    label_->setForegroundRole(QPalette::ToolTipText);  // on the banner's tooltip background
    resume_ = new QPushButton(tr("Resume"), this);
    resume_->setObjectName(QStringLiteral("resumeTraining"));
    resume_->setToolTip(tr("Train this model again now, from the project as it is."));
    dismiss_ = new QPushButton(tr("Dismiss"), this);
    dismiss_->setObjectName(QStringLiteral("dismissInterruptedTraining"));
    dismiss_->setToolTip(tr("Keep the earlier model and forget the interrupted training."));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(icon);
    layout->addWidget(label_, 1);
    layout->addWidget(resume_);
    layout->addWidget(dismiss_);

    connect(resume_, &QPushButton::clicked, this, [this] {
        if (const auto* entry = current()) Q_EMIT resumeRequested(entry->job);
    });
    connect(dismiss_, &QPushButton::clicked, this, [this] {
        if (const auto* entry = current()) Q_EMIT dismissRequested(entry->job);
    });
    hide();
}

QString InterruptedTrainingBanner::describe(const TrainingJournalEntry& entry) {
    QString text =
        tr("Training %1 was interrupted at %2.").arg(entry.describe(), when(entry.started));
    if (entry.previousModel.isValid())
        text += QLatin1Char(' ') + tr("The model from %1 is shown.").arg(when(entry.previousModel));
    else
        text += QLatin1Char(' ') + tr("There is no earlier model of this kind yet.");
    return text;
}

void InterruptedTrainingBanner::setEntries(std::vector<TrainingJournalEntry> entries) {
    entries_ = std::move(entries);
    showCurrent();
}

void InterruptedTrainingBanner::removeCurrent() {
    if (!entries_.empty()) entries_.erase(entries_.begin());
    showCurrent();
}

QString InterruptedTrainingBanner::text() const {
    return isVisibleTo(parentWidget()) ? label_->text() : QString();
}

void InterruptedTrainingBanner::showCurrent() {
    if (entries_.empty()) {
        label_->clear();
        hide();
        return;
    }
    label_->setText(describe(entries_.front()));
    show();
}

}  // namespace tl
