#include "cf/SparseMatrix.h"

#include <algorithm>

namespace tl {

SparseMatrix SparseMatrix::fromEntries(int rows, int cols, std::vector<Entry> entries) {
    // Stable, so duplicates are summed in the order given (loadInteractions sums in the same
    // order, and gets the same float sums).
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.row != b.row ? a.row < b.row : a.col < b.col;
    });
    SparseMatrix m;
    m.rows = rows;
    m.cols = cols;
    m.rowStart.assign(size_t(rows) + 1, 0);
    m.colIndex.reserve(entries.size());
    m.values.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        if (!m.colIndex.empty() && i > 0 && entries[i - 1].row == e.row &&
            entries[i - 1].col == e.col) {
            m.values.back() += e.value;
            continue;
        }
        m.colIndex.push_back(e.col);
        m.values.push_back(e.value);
        ++m.rowStart[size_t(e.row) + 1];
    }
    for (size_t r = 0; r < size_t(rows); ++r) m.rowStart[r + 1] += m.rowStart[r];
    return m;
}

SparseMatrix SparseMatrix::transposed() const {
    SparseMatrix t;
    t.rows = cols;
    t.cols = rows;
    t.rowStart.assign(size_t(cols) + 1, 0);
    for (int32_t c : colIndex) ++t.rowStart[size_t(c) + 1];
    for (size_t c = 0; c < size_t(cols); ++c) t.rowStart[c + 1] += t.rowStart[c];
    t.colIndex.resize(colIndex.size());
    t.values.resize(values.size());
    std::vector<int64_t> next(t.rowStart.begin(), t.rowStart.end() - 1);
    // Rows are visited in order, so each transposed row comes out sorted by column.
    for (int r = 0; r < rows; ++r) {
        for (int64_t k = rowStart[size_t(r)]; k < rowStart[size_t(r) + 1]; ++k) {
            const int64_t dst = next[size_t(colIndex[size_t(k)])]++;
            t.colIndex[size_t(dst)] = r;
            t.values[size_t(dst)] = values[size_t(k)];
        }
    }
    return t;
}

}  // namespace tl
