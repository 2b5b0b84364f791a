#include "TourOverlay.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tl {

namespace {
constexpr int kWidth = 340;
constexpr int kGap = 12;  // between the callout and the view it is about
}  // namespace

TourOverlay::TourOverlay(QWidget* window) : QFrame(window) {
    setObjectName(QStringLiteral("tourCallout"));
    setFrameShape(QFrame::Box);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    setForegroundRole(QPalette::ToolTipText);
    setFocusPolicy(Qt::StrongFocus);
    ring_ = new QFrame(window);
    ring_->setObjectName(QStringLiteral("tourRing"));
    ring_->setAttribute(Qt::WA_TransparentForMouseEvents);
    ring_->setStyleSheet(
        QStringLiteral("#tourRing { border: 3px solid palette(highlight); border-radius: 4px; }"));
    ring_->hide();

    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("tourTitle"));
    QFont bold = title_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    title_->setFont(bold);
    title_->setWordWrap(true);
    body_ = new QLabel(this);
    body_->setObjectName(QStringLiteral("tourText"));
    body_->setWordWrap(true);
    body_->setTextFormat(Qt::RichText);
    counter_ = new QLabel(this);
    back_ = new QPushButton(tr("Back"), this);
    back_->setToolTip(tr("The previous step (Left arrow)"));
    next_ = new QPushButton(tr("Next"), this);
    next_->setObjectName(QStringLiteral("tourNext"));
    next_->setToolTip(tr("The next step (Right arrow)"));
    next_->setDefault(true);
    close_ = new QPushButton(tr("Close"), this);
    close_->setToolTip(tr("End the tour (Esc)"));
    connect(back_, &QPushButton::clicked, this, &TourOverlay::back);
    connect(next_, &QPushButton::clicked, this, &TourOverlay::next);
    connect(close_, &QPushButton::clicked, this, &TourOverlay::finish);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(counter_);
    buttons->addStretch(1);
    buttons->addWidget(back_);
    buttons->addWidget(next_);
    buttons->addWidget(close_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->addWidget(title_);
    layout->addWidget(body_);
    layout->addLayout(buttons);
    setFixedWidth(kWidth);
    window->installEventFilter(this);  // follows the window's size
    hide();
}

void TourOverlay::start(std::vector<TourStep> steps) {
    steps_ = std::move(steps);
    if (steps_.empty()) return;
    QFrame::show();
    raise();
    setFocus();
    show(0);
}

void TourOverlay::next() {
    if (current_ + 1 < stepCount())
        show(current_ + 1);
    else
        finish();
}

void TourOverlay::back() {
    if (current_ > 0) show(current_ - 1);
}

void TourOverlay::show(int step) {
    current_ = step;
    const TourStep& s = steps_[size_t(step)];
    if (s.prepare) s.prepare();
    if (target_) target_->removeEventFilter(this);
    target_ = s.target ? s.target() : nullptr;
    // The step's preparation (a selected track, another tab) re-lays the window out: follow the
    // view wherever it ends up.
    if (target_) target_->installEventFilter(this);
    title_->setText(s.title);
    body_->setText(s.describe ? s.describe() : s.text);
    counter_->setText(tr("%1 of %2").arg(step + 1).arg(stepCount()));
    back_->setEnabled(step > 0);
    next_->setText(step + 1 < stepCount() ? tr("Next") : tr("Finish"));
    adjustSize();
    place();
}

void TourOverlay::place() {
    QWidget* window = parentWidget();
    if (!window) return;
    const QRect bounds = window->rect().adjusted(4, 4, -4, -4);
    QRect callout(QPoint(0, 0), sizeHint().expandedTo(QSize(kWidth, 0)));
    callout.setWidth(kWidth);
    if (!target_ || !target_->isVisible()) {
        ring_->hide();
        callout.moveCenter(bounds.center());
        setGeometry(callout);
        raise();
        return;
    }
    const QRect t(target_->mapTo(window, QPoint(0, 0)), target_->size());
    ring_->setGeometry(t.adjusted(-3, -3, 3, 3));
    ring_->show();
    ring_->raise();
    // Beside the view: right, left, below, above — the first place it fits without covering it.
    const QList<QPoint> places{
        QPoint(t.right() + kGap, t.top()), QPoint(t.left() - kGap - callout.width(), t.top()),
        QPoint(t.left(), t.bottom() + kGap), QPoint(t.left(), t.top() - kGap - callout.height())};
    QRect chosen;
    for (const QPoint& p : places) {
        QRect r = callout;
        r.moveTopLeft(p);
        // Slide along the side it is on to stay inside the window.
        if (r.bottom() > bounds.bottom()) r.moveBottom(bounds.bottom());
        if (r.top() < bounds.top()) r.moveTop(bounds.top());
        if (r.right() > bounds.right() && (p == places[2] || p == places[3]))
            r.moveRight(bounds.right());
        if (bounds.contains(r) && !r.intersects(t)) {
            chosen = r;
            break;
        }
    }
    if (chosen.isNull()) {  // a view filling the window: the callout sits in its corner
        chosen = callout;
        chosen.moveBottomRight(bounds.bottomRight());
    }
    setGeometry(chosen);
    raise();
}

void TourOverlay::finish() {
    if (target_) target_->removeEventFilter(this);
    target_ = nullptr;
    QFrame::hide();
    ring_->hide();
    current_ = -1;
    Q_EMIT finished();
}

QString TourOverlay::titleText() const {
    return title_->text();
}

QString TourOverlay::bodyText() const {
    return body_->text();
}

void TourOverlay::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
        case Qt::Key_Escape:
            return finish();
        case Qt::Key_Right:
            return next();
        case Qt::Key_Left:
            return back();
        default:
            QFrame::keyPressEvent(event);
    }
}

bool TourOverlay::eventFilter(QObject* watched, QEvent* event) {
    const bool moved = event->type() == QEvent::Resize || event->type() == QEvent::Move ||
                       event->type() == QEvent::Show;
    if (moved && isVisible() && (watched == parentWidget() || watched == target_)) place();
    return QFrame::eventFilter(watched, event);
}

}  // namespace tl
