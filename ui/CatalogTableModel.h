#pragma once

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <memory>
#include <vector>

#include "catalog/CatalogTable.h"

namespace tl {

// A view of one CatalogTable: the rows in the chosen order that match the filter words. Sorting
// a column computes a row permutation once (off the GUI thread for large tables) and caches it
// per column, so sorting again, reversing or filtering is a linear pass over row numbers. The
// table itself is immutable and shared; this model only holds row numbers.
class CatalogTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kIdRole = Qt::UserRole + 1;       // the row's id (qint64)
    static constexpr int kTrackIdRole = Qt::UserRole + 2;  // the track a row is about, or 0
    // Tables with fewer rows sort on the calling thread: a worker would only add latency.
    static constexpr size_t kSyncSortRows = 50000;

    explicit CatalogTableModel(QObject* parent = nullptr);

    void setTable(CatalogTablePtr table);
    const CatalogTablePtr& table() const { return table_; }
    int allRows() const { return table_ ? int(table_->rowCount()) : 0; }
    void setFilterText(const QString& text);
    QString filterText() const { return filter_; }
    bool isSorting() const { return sortWatcher_.isRunning(); }
    int sortColumn() const { return sortColumn_; }
    Qt::SortOrder sortOrder() const { return sortOrder_; }
    int tableRow(int viewRow) const { return int(rows_[size_t(viewRow)]); }
    int viewRowOfId(Id id) const;  // -1 when filtered out or unknown

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void sortingChanged(bool running);  // a large sort started or ended
    void rowsChanged();                 // the filter or the table changed the visible rows

private:
    using Order = std::shared_ptr<const std::vector<quint32>>;
    void applyOrder();
    void rebuildRows(bool keepSelection);
    QString displayText(size_t row, int column) const;

    CatalogTablePtr table_;
    std::vector<Order> ascending_;   // per column, computed on demand
    std::vector<quint32> matching_;  // rows matching the filter, increasing
    bool matchAll_ = true;
    std::vector<quint32> rows_;  // what the view shows, in order
    QString filter_;
    int sortColumn_ = -1;
    Qt::SortOrder sortOrder_ = Qt::AscendingOrder;
    QFutureWatcher<Order> sortWatcher_;
    int pendingColumn_ = -1;
    quint64 pendingGeneration_ = 0;
    quint64 generation_ = 0;  // a new table drops sorts started for the old one
};

}  // namespace tl
