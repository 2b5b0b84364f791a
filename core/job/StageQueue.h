// A queue of named stages run one after another in dependency order ("Try the demo": generate,
// CF, text, audio, playlist, back-test). It holds only the bookkeeping — which stage may run
// next, what each one ended as and why — so the rules are unit-tested without a window; the
// caller starts each stage's real job and reports how it ended.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

#include "job/Status.h"

namespace tl {

enum class StageState { Waiting, Running, Done, Failed, NotRun, Cancelled };

QString stageStateName(StageState state);  // "waiting", "running", ... (tests, logs)

struct Stage {
    QString id;
    QString title;
    QStringList needs;  // ids of stages that must be Done first
    StageState state = StageState::Waiting;
    QString message;      // the reason for Failed/NotRun/Cancelled, the outcome for Done
    double fraction = 0;  // progress while running, 0..1
    double seconds = 0;   // wall time once ended
};

class StageQueue {
public:
    // False when the id is already taken or a dependency is unknown (declare stages in order).
    bool add(const QString& id, const QString& title, const QStringList& needs = {});

    // The next Waiting stage whose dependencies are all Done, marked Running; nullptr when none
    // can run. Stages whose dependency ended any other way become NotRun, naming it.
    const Stage* startNext();
    // The Running stage's ending: Done, Failed (with the status's message) or Cancelled.
    void finishCurrent(const Status& status, double seconds, const QString& outcome = {});
    void setProgress(double fraction);
    // Stops the queue: the Running stage (if any) and every Waiting one become Cancelled.
    void cancelAll(const QString& reason);

    const std::vector<Stage>& stages() const { return stages_; }
    const Stage* current() const;
    const Stage* find(const QString& id) const;
    bool finished() const;  // nothing Waiting or Running
    int count(StageState state) const;

private:
    Stage* findMutable(const QString& id);
    std::vector<Stage> stages_;
};

}  // namespace tl
