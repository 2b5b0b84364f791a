#include "job/JobRunner.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>
#include "job/Guarded.h"

namespace tl {
namespace {
constexpr qint64 kProgressIntervalMs = 50;  // at most 20 progress updates a second reach the GUI
}

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
    pool_.setMaxThreadCount(1);
    qRegisterMetaType<tl::Status>("tl::Status");
    connect(&watcher_, &QFutureWatcher<Status>::finished, this, [this] {
        const Status status = watcher_.future().resultCount() > 0
                                  ? watcher_.future().result()
                                  : Status::error(QStringLiteral("the job ended without a result"));
        const double seconds = double(clock_.elapsed()) / 1000.0;
        // A job that noticed the cancel request may still report a plain error on its way out;
        // what the user asked for is what they should see.
        Q_EMIT finished(progress_.cancelled() && !status.isOk() ? Status::cancelled() : status,
                        seconds);
    });
}

JobRunner::~JobRunner() {
    cancel();
    waitForFinished();
}

bool JobRunner::start(const QString& title, Work work) {
    if (isRunning()) return false;
    title_ = title;
    clock_.start();

    // Reports arrive on the worker thread; throttle them there and queue the survivors to this
    // object's thread. The last report always goes through so bars end at their true value.
    auto lastSent = std::make_shared<std::atomic<qint64>>(-kProgressIntervalMs);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QPointer<JobRunner> self(this);
    progress_ = Progress([self, lastSent, clock](double fraction, const QString& message) {
        const qint64 now = clock->elapsed();
        if (fraction < 1.0 && now - lastSent->load() < kProgressIntervalMs) return;
        lastSent->store(now);
        if (!self) return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, fraction, message] {
                if (self) Q_EMIT self->progressChanged(fraction, message);
            },
            Qt::QueuedConnection);
    });
    Q_EMIT started(title);
    const Progress progress = progress_;
    watcher_.setFuture(
        QtConcurrent::run(&pool_, [work = std::move(work), progress, title]() -> Status {
            if (progress.cancelled()) return Status::cancelled();
            // The job's exception barrier: whatever escapes the work becomes this job's error,
            // never the process's end (QFuture would rethrow it on the GUI thread).
            return runGuarded(title, [&] { return work(progress); });
        }));
    return true;
}

bool JobRunner::isRunning() const {
    return watcher_.isRunning();
}

void JobRunner::cancel() {
    progress_.cancel();
}

void JobRunner::waitForFinished() {
    watcher_.waitForFinished();
}

}  // namespace tl
