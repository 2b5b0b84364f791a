#include "cf/Recommender.h"

#include <algorithm>

namespace tl {

std::vector<ScoredItem> Recommender::explain(int, int, int) const {
    return {};
}

std::vector<ScoredItem> Recommender::recommend(int user, int n, const SparseMatrix* exclude) const {
    if (!exclude) return {};
    std::vector<float> scores(static_cast<size_t>(exclude->cols));
    scoreItems(user, scores);
    // Pointer arithmetic, not &*iterator: an empty last row would dereference end().
    const int32_t* heard = exclude->colIndex.data() + exclude->rowStart[size_t(user)];
    return topN(scores, n, std::span<const int32_t>(heard, size_t(exclude->rowSize(user))));
}

std::vector<ScoredItem> topN(std::span<const float> scores, int n, std::span<const int32_t> skip) {
    auto better = [](const ScoredItem& a, const ScoredItem& b) {
        return a.score != b.score ? a.score > b.score : a.item < b.item;
    };
    // A bounded min-heap of the best n: one pass, O(items log n), no copy of all scores.
    std::vector<ScoredItem> heap;
    heap.reserve(size_t(std::max(0, n)) + 1);
    if (n <= 0) return heap;
    size_t s = 0;
    for (size_t i = 0; i < scores.size(); ++i) {
        while (s < skip.size() && size_t(skip[s]) < i) ++s;
        if (s < skip.size() && size_t(skip[s]) == i) continue;
        const ScoredItem candidate{int32_t(i), scores[i]};
        if (heap.size() < size_t(n)) {
            heap.push_back(candidate);
            std::push_heap(heap.begin(), heap.end(), better);
        } else if (better(candidate, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), better);
            heap.back() = candidate;
            std::push_heap(heap.begin(), heap.end(), better);
        }
    }
    std::sort(heap.begin(), heap.end(), better);
    return heap;
}

}  // namespace tl
