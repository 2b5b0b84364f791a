#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "cf/ImplicitAls.h"

namespace tl {

// A compact copy of unit-normalised item vectors, one signed byte per factor and a scale per
// row, for nearest-neighbour search over very many items. Exact cosine over a million 64-factor
// float rows reads 256 MB a query; this reads 64 MB, then the few best candidates are
// re-ranked exactly, so results match the exact search except for near-ties at the cut.
class QuantizedCosine {
public:
    void build(const FactorMatrix& items, int threads);
    bool empty() const { return rows_ == 0; }
    // Approximate cosine of every item with unit vector `query` into `out` (size rows).
    void scores(std::span<const float> query, std::span<float> out, int threads) const;

private:
    int64_t rows_ = 0;
    int64_t stride_ = 0;  // bytes per row: factors rounded up to 32
    std::vector<int8_t> codes_;
    std::vector<float> scale_;  // per row: cosine ~= scale * (codes . q) * queryScale
};

}  // namespace tl
