#include "cf/Popularity.h"

#include <algorithm>

namespace tl {

Status Popularity::fit(const SparseMatrix& userItems, const Progress& progress) {
    if (userItems.cols == 0 || userItems.nonZeros() == 0)
        return Status::error(
            QStringLiteral("the interaction matrix is empty: no listens to count"));
    listeners_.assign(size_t(userItems.cols), 0.f);
    for (int32_t c : userItems.colIndex) listeners_[size_t(c)] += 1.f;
    progress.report(1.0);
    return Status::ok();
}

void Popularity::scoreItems(int, std::span<float> out) const {
    std::copy_n(listeners_.begin(), std::min(out.size(), listeners_.size()), out.begin());
}

std::vector<ScoredItem> Popularity::similarItems(int item, int n) const {
    const int32_t self = item;
    return topN(listeners_, n, std::span<const int32_t>(&self, 1));
}

}  // namespace tl
