#include "util/ParallelFor.h"

#include <algorithm>
#include <atomic>
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
    auto worker = [&] {
        for (;;) {
            if (progress && progress->cancelled()) {
                stopped = true;
                return;
            }
            const int64_t chunk = next.fetch_add(1, std::memory_order_relaxed);
            if (chunk >= chunks) return;
            const int64_t begin = chunk * grain;
            body(begin, std::min(count, begin + grain));
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
    return !stopped;
}

}  // namespace tl
