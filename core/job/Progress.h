#pragma once

#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace tl {

// Progress and cancellation for one job, shared by the job and whoever runs it.
//
// A job calls report() as it goes and polls cancelled() often (every few milliseconds of work),
// returning Status::cancelled() when asked to stop. sub() hands a slice of the range to a
// sub-step, so nested steps report 0..1 of their own work without knowing the whole.
// Copies share state; all members are thread-safe.
class Progress {
public:
    using Listener = std::function<void(double fraction, const QString& message)>;

    Progress();  // a standalone handle: reports go nowhere, cancel() still works
    explicit Progress(Listener listener);

    Progress sub(double from, double to) const;
    void report(double fraction, const QString& message = {}) const;
    bool cancelled() const;
    void cancel() const;

    double fraction() const;  // the last reported fraction of the whole job
    QString message() const;

private:
    struct State {
        std::atomic<bool> cancelled{false};
        std::mutex mutex;
        double fraction = 0.0;
        QString message;
        Listener listener;
    };
    Progress(std::shared_ptr<State> state, double from, double to);

    std::shared_ptr<State> state_;
    double from_ = 0.0;
    double to_ = 1.0;
};

}  // namespace tl
