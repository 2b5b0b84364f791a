// core/catalog/: a read-only, column-oriented table of catalog rows (tracks, artists, users,
// files) built once by a loader and then shared, immutable, between the GUI and worker threads.
// It holds what a million-row view needs to sort and filter quickly: text as UTF-8 in one buffer
// per column, numbers as plain arrays, and one case- and accent-folded buffer of every row's text
// that both the sort keys and the word filter read.
#pragma once

#include <QString>
#include <QtGlobal>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/Catalog.h"

namespace tl {

// Lower case, compatibility-decomposed, combining marks removed: "Sigur Rós" -> "sigur ros".
// The same fold is applied to rows and to filter words, so they compare alike.
std::string foldForMatching(const QString& text);

class CatalogTable {
public:
    enum class Kind {
        Text,       // compared by folded text
        Integer,    // counts
        Timestamp,  // Unix seconds, 0 = none
        Duration,   // milliseconds, 0 = unknown
        Flag,       // 0 or 1, shown as the column's flag label when 1
    };
    struct Column {
        QString title;
        Kind kind = Kind::Text;
        QString tooltip;
        QString flagLabel;  // Flag columns: the text shown for 1 ("me", "Yes")
    };

    // Building: declare the columns, then append rows: each row's text cells in column order
    // (numbers may be added the same way, or as whole columns with setNumbers() before the table
    // is shared); endRow() closes the row.
    explicit CatalogTable(std::vector<Column> columns);
    void reserve(size_t rows);
    void beginRow(Id id, Id trackId = 0);
    void addText(const QString& text);
    void addNumber(qint64 value);
    void endRow();
    void setNumbers(int column, std::vector<qint64> values);  // one value per row

    size_t rowCount() const { return ids_.size(); }
    int columnCount() const { return int(columns_.size()); }
    const Column& column(int c) const { return columns_[size_t(c)]; }
    Id id(size_t row) const { return ids_[row]; }
    Id trackId(size_t row) const { return trackIds_[row]; }  // the track a row is about, or 0
    QString text(size_t row, int column) const;              // Text columns
    std::string_view textUtf8(size_t row, int column) const;
    qint64 number(size_t row, int column) const;  // the other kinds
    // The row holding `id`, or -1. Rows are in increasing id order when a loader adds them so.
    qint64 rowOfId(Id id) const;

    // Row order for `column` ascending (ties by row): numbers numerically; text by folded key
    // in natural order, the numbers in it by value (track3, track29, track30, as QCollator's
    // numeric mode sorts them). Pure and thread-safe; a million text rows take about a second.
    std::vector<quint32> sortedRows(int column) const;

    // Rows whose folded text contains every word of `query` (folded, split on spaces), in
    // increasing row order. An empty query matches every row.
    std::vector<quint32> matchingRows(const QString& query) const;
    // The same, checking only `candidates` (increasing): the rows that matched a query this
    // one extends, as while typing. Reads only those rows' text.
    std::vector<quint32> matchingRowsAmong(const QString& query,
                                           const std::vector<quint32>& candidates) const;
    // Keeps the order of `order` while dropping rows that do not match.
    static std::vector<quint32> keepMatching(const std::vector<quint32>& order,
                                             const std::vector<quint32>& matching, size_t rowCount);

    size_t memoryBytes() const;

private:
    struct TextColumn {
        std::string utf8;                 // the cells back to back
        std::vector<quint32> offsets{0};  // cell i is [offsets[i], offsets[i+1])
    };
    std::string_view foldedCell(size_t row, int textIndex) const;

    std::vector<Column> columns_;
    std::vector<int> slot_;  // column -> index into texts_ or numbers_
    std::vector<TextColumn> texts_;
    std::vector<std::vector<qint64>> numbers_;
    std::vector<Id> ids_;
    std::vector<Id> trackIds_;
    bool idsIncreasing_ = true;
    // Every row's folded text cells, each followed by '\x1f', the row ended by '\n'; entry
    // row * textColumns + t is where the row's text cell t starts.
    std::string folded_;
    std::vector<quint32> foldedStarts_;
    std::vector<quint32> rowStarts_;  // where each row starts in folded_, plus the end
    size_t nextCell_ = 0;
};

using CatalogTablePtr = std::shared_ptr<const CatalogTable>;

}  // namespace tl
