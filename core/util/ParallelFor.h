// core/util/: small shared building blocks (parallel loops, seeded random numbers).
#pragma once

#include <cstdint>
#include <functional>

#include "job/Progress.h"

namespace tl {

// Runs body(begin, end) over [0, count) in chunks of `grain` on `threads` threads (0 = all
// cores). Chunks are handed out dynamically, so uneven rows (a user with 10,000 plays beside
// one with 3) still balance. Each index is processed exactly once whatever the scheduling, so a
// body that writes only its own rows gives the same result with any thread count. Stops handing
// out chunks once progress is cancelled; returns false then. An exception thrown by `body` on
// any thread stops the loop and is rethrown on the caller's thread (never std::terminate).
bool parallelFor(int64_t count, int64_t grain, int threads,
                 const std::function<void(int64_t begin, int64_t end)>& body,
                 const Progress* progress = nullptr);

int defaultThreadCount();  // std::thread::hardware_concurrency(), at least 1

}  // namespace tl
