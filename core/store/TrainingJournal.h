// core/store/TrainingJournal: which trainings are running on a project, so that a process
// killed mid-training (power cut, kill -9, a crash) is noticed when the project is reopened.
//
// A training writes one row into the project's `settings` table when it starts
// ("training.running.<job>" = JSON with the job, its start time, the process id, the host and
// the process's start time) and removes it when it ends, whatever the outcome (done, failed,
// cancelled). A row whose process is gone is therefore a training that was interrupted. The
// row lives in the project file, not beside it: it travels with the project, is written
// atomically by SQLite, and no schema change is needed. The results themselves need no repair:
// every training writes them in one transaction, so the file still holds the last good models.
// Holders: trainCf ("cf"), trainText ("text"), audio::analyzeProject and
// audiomodel::trainAudioModel ("audio": the analysis is the audio model's first stage).
#pragma once

#include <QDateTime>
#include <QString>
#include <optional>
#include <vector>

#include "job/Status.h"

namespace tl {

class ProjectStore;

struct TrainingJournalEntry {
    QString job;              // "cf", "text" or "audio": what to re-run to resume
    QDateTime started;        // UTC
    QDateTime previousModel;  // when the model the project still shows was made (UTC); null if none
    qint64 pid = 0;
    QString host;
    qint64 processStart = 0;  // the process's start time in clock ticks (Linux); 0 if unknown

    QString describe() const;  // "the audio model", for messages
};

namespace training_journal {

// The result a job's model is stored as (kind, key): what "the models from 13:40" means.
struct ModelResult {
    QString kind;
    QString key;
};
std::optional<ModelResult> modelResultOf(const QString& job);

// Records that `job` starts in this process. Replaces an older entry for the same job.
Status begin(ProjectStore& store, const QString& job);
// Clears this process's entry for `job` (another process's entry is left alone).
Status end(ProjectStore& store, const QString& job);
// Entries whose process no longer runs, oldest first.
std::vector<TrainingJournalEntry> interrupted(ProjectStore& store);
// Forgets an interrupted entry (the user dismissed it, or a resume started).
Status dismiss(ProjectStore& store, const QString& job);
// Whether the process an entry names is still running (false when it ran on another host: a
// project on a network share is then judged by the start time alone, see the .cpp).
bool isRunning(const TrainingJournalEntry& entry);

// RAII for a training function: begin() now, end() when it goes out of scope, on every path.
// A failure to write the journal never stops the training (it is a convenience, not data).
class Scope {
public:
    Scope(ProjectStore& store, QString job);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

private:
    ProjectStore& store_;
    QString job_;
};

}  // namespace training_journal
}  // namespace tl
