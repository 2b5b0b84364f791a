// core/cf/: collaborative filtering on implicit feedback — the interaction matrix built from the
// catalog, implicit ALS (Hu, Koren & Volinsky 2008), the baselines, and the shared model interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tl {

// Compressed sparse rows of float weights: row r holds columns cols[rowStart[r] .. rowStart[r+1]).
// Columns within a row are sorted and unique. Used both ways round: users x items and its
// transpose, items x users, since ALS solves each side from the rows of the other.
struct SparseMatrix {
    int rows = 0;
    int cols = 0;
    std::vector<int64_t> rowStart{0};
    std::vector<int32_t> colIndex;
    std::vector<float> values;

    int64_t nonZeros() const { return int64_t(colIndex.size()); }
    int64_t rowSize(int r) const { return rowStart[size_t(r) + 1] - rowStart[size_t(r)]; }

    struct Entry {
        int32_t row;
        int32_t col;
        float value;
    };
    // Builds from unordered entries; duplicates of the same (row, col) are summed.
    static SparseMatrix fromEntries(int rows, int cols, std::vector<Entry> entries);
    SparseMatrix transposed() const;
};

}  // namespace tl
