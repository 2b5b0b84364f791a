#include "job/StageQueue.h"

#include <algorithm>

namespace tl {

QString stageStateName(StageState state) {
    switch (state) {
        case StageState::Waiting:
            return QStringLiteral("waiting");
        case StageState::Running:
            return QStringLiteral("running");
        case StageState::Done:
            return QStringLiteral("done");
        case StageState::Failed:
            return QStringLiteral("failed");
        case StageState::NotRun:
            return QStringLiteral("not run");
        case StageState::Cancelled:
            return QStringLiteral("cancelled");
    }
    return {};
}

bool StageQueue::add(const QString& id, const QString& title, const QStringList& needs) {
    if (id.isEmpty() || find(id)) return false;
    for (const QString& need : needs)
        if (!find(need)) return false;
    Stage stage;
    stage.id = id;
    stage.title = title;
    stage.needs = needs;
    stages_.push_back(std::move(stage));
    return true;
}

const Stage* StageQueue::startNext() {
    if (current()) return nullptr;
    // Stages are declared after what they need, so one pass in order settles every state.
    for (Stage& stage : stages_) {
        if (stage.state != StageState::Waiting) continue;
        bool ready = true;
        for (const QString& need : stage.needs) {
            const Stage* dep = find(need);
            if (dep->state == StageState::Done) continue;
            ready = false;
            if (dep->state == StageState::Failed || dep->state == StageState::NotRun ||
                dep->state == StageState::Cancelled) {
                stage.state = StageState::NotRun;
                stage.message =
                    QStringLiteral("needs “%1”, which %2")
                        .arg(dep->title, dep->state == StageState::Failed ? QStringLiteral("failed")
                                         : dep->state == StageState::Cancelled
                                             ? QStringLiteral("was cancelled")
                                             : QStringLiteral("did not run"));
                break;
            }
        }
        if (!ready) continue;
        stage.state = StageState::Running;
        stage.fraction = 0;
        return &stage;
    }
    return nullptr;
}

void StageQueue::finishCurrent(const Status& status, double seconds, const QString& outcome) {
    auto it = std::find_if(stages_.begin(), stages_.end(),
                           [](const Stage& s) { return s.state == StageState::Running; });
    if (it == stages_.end()) return;
    it->seconds = seconds;
    if (status.isOk()) {
        it->state = StageState::Done;
        it->fraction = 1;
        it->message = outcome;
    } else {
        it->state = status.isCancelled() ? StageState::Cancelled : StageState::Failed;
        it->message = status.message();
    }
}

void StageQueue::setProgress(double fraction) {
    for (Stage& s : stages_)
        if (s.state == StageState::Running) s.fraction = std::clamp(fraction, 0.0, 1.0);
}

void StageQueue::cancelAll(const QString& reason) {
    for (Stage& s : stages_)
        if (s.state == StageState::Waiting || s.state == StageState::Running) {
            s.state = StageState::Cancelled;
            s.message = reason;
        }
}

const Stage* StageQueue::current() const {
    for (const Stage& s : stages_)
        if (s.state == StageState::Running) return &s;
    return nullptr;
}

const Stage* StageQueue::find(const QString& id) const {
    for (const Stage& s : stages_)
        if (s.id == id) return &s;
    return nullptr;
}

bool StageQueue::finished() const {
    return count(StageState::Waiting) == 0 && count(StageState::Running) == 0;
}

int StageQueue::count(StageState state) const {
    return int(std::count_if(stages_.begin(), stages_.end(),
                             [state](const Stage& s) { return s.state == state; }));
}

}  // namespace tl
