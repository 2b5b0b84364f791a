#pragma once

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QString>
#include <functional>

#include "job/Progress.h"
#include "job/Status.h"

namespace tl {

// Runs one long job at a time on a thread of its own pool and reports back on the thread that
// owns the runner (the GUI thread), through queued signals. Not the global pool: jobs fill that
// with their own parallel work, and Qt's painting also borrows it — a GUI thread waiting there
// behind a job would freeze the window. Progress signals are throttled so
// a job reporting thousands of times a second cannot flood the event loop.
class JobRunner : public QObject {
    Q_OBJECT
public:
    using Work = std::function<Status(const Progress&)>;

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;  // cancels and waits for a running job

    // Starts `work`; returns false (and does nothing) when a job is already running.
    bool start(const QString& title, Work work);
    bool isRunning() const;
    QString title() const { return title_; }
    void cancel();           // asks the job to stop; finished() follows with Status::cancelled()
    void waitForFinished();  // blocks; for tests and shutdown

Q_SIGNALS:
    void started(const QString& title);
    void progressChanged(double fraction, const QString& message);
    void finished(const tl::Status& status, double seconds);

private:
    QThreadPool pool_;
    QFutureWatcher<Status> watcher_;
    Progress progress_;
    QString title_;
    QElapsedTimer clock_;
};

}  // namespace tl

Q_DECLARE_METATYPE(tl::Status)
