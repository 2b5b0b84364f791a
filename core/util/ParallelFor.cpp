#include "util/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tl {

int defaultThreadCount() {
    return std::max(1u, std::thread::hardware_concurrency());
}

bool parallelFor(int64_t count, int64_t grain, int threads,
                 const std::function<void(int64_t, int64_t)>& body, const Progress* progress) {
    if (count <= 0) return true;
    grain = std::max<int64_t>(1, grain);
    if (threads <= 0) threads = defaultThreadCount();
    const int64_t chunks = (count + grain - 1) / grain;
    threads = int(std::min<int64_t>(threads, chunks));
    std::atomic<int64_t> next{0};
    std::atomic<bool> stopped{false};
    // An exception escaping a std::thread terminates the process: each worker catches the
    // first one, the others stop taking chunks, and it is rethrown on the calling thread after
    // the join, where the job's barrier (JobRunner, the CLI) turns it into that job's error.
    std::exception_ptr thrown;
    std::mutex thrownMutex;
    std::atomic<bool> failed{false};
    auto worker = [&] {
        try {
            for (;;) {
                if (failed) return;
                if (progress && progress->cancelled()) {
                    stopped = true;
                    return;
                }
                const int64_t chunk = next.fetch_add(1, std::memory_order_relaxed);
                if (chunk >= chunks) return;
                const int64_t begin = chunk * grain;
                body(begin, std::min(count, begin + grain));
            }
        } catch (...) {
            const std::lock_guard lock(thrownMutex);
            if (!thrown) thrown = std::current_exception();
            failed = true;
        }
    };
    if (threads == 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        pool.reserve(size_t(threads) - 1);
        for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
        worker();
        for (auto& t : pool) t.join();
    }
    if (thrown) std::rethrow_exception(thrown);
    return !stopped;
}

}  // namespace tl
