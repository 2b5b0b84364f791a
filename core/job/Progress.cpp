#include "job/Progress.h"

#include <algorithm>

namespace tl {

Progress::Progress() : state_(std::make_shared<State>()) {}

Progress::Progress(Listener listener) : state_(std::make_shared<State>()) {
    state_->listener = std::move(listener);
}

Progress::Progress(std::shared_ptr<State> state, double from, double to)
    : state_(std::move(state)), from_(from), to_(to) {}

Progress Progress::sub(double from, double to) const {
    from = std::clamp(from, 0.0, 1.0);
    to = std::clamp(to, from, 1.0);
    return Progress(state_, from_ + (to_ - from_) * from, from_ + (to_ - from_) * to);
}

void Progress::report(double fraction, const QString& message) const {
    const double whole = from_ + (to_ - from_) * std::clamp(fraction, 0.0, 1.0);
    Listener listener;
    QString text;
    double shown = 0.0;
    {
        std::lock_guard lock(state_->mutex);
        // Progress never goes backwards: a sub-step restarting at 0 must not make the bar jump.
        state_->fraction = std::max(state_->fraction, whole);
        if (!message.isEmpty()) state_->message = message;
        listener = state_->listener;
        text = state_->message;
        shown = state_->fraction;
    }
    if (listener) listener(shown, text);
}

bool Progress::cancelled() const {
    return state_->cancelled.load(std::memory_order_relaxed);
}

void Progress::cancel() const {
    state_->cancelled.store(true, std::memory_order_relaxed);
}

double Progress::fraction() const {
    std::lock_guard lock(state_->mutex);
    return state_->fraction;
}

QString Progress::message() const {
    std::lock_guard lock(state_->mutex);
    return state_->message;
}

}  // namespace tl
