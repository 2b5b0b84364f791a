// Pausing a running job without losing its state: the job calls waitWhilePaused() between
// steps (t-SNE between iterations, from its observer) and sleeps there while the gate is
// closed, keeping everything it computed so far; resume() lets it continue where it stopped.
// A cancel still ends it within ~20 ms, paused or not. Shared by the GUI thread (pause, resume)
// and the worker (wait).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "job/Progress.h"

namespace tl {

class PauseGate {
public:
    void pause() {
        std::lock_guard lock(mutex_);
        paused_ = true;
    }
    void resume() {
        {
            std::lock_guard lock(mutex_);
            paused_ = false;
        }
        wake_.notify_all();
    }
    bool paused() const {
        std::lock_guard lock(mutex_);
        return paused_;
    }
    // Returns at once when open; otherwise when resumed or `progress` is cancelled.
    void waitWhilePaused(const Progress& progress) {
        std::unique_lock lock(mutex_);
        while (paused_ && !progress.cancelled())
            wake_.wait_for(lock, std::chrono::milliseconds(20));
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool paused_ = false;
};

}  // namespace tl
