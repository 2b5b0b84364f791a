#include "CatalogTableModel.h"

#include <QDateTime>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>
#include <numeric>

#include "Format.h"

namespace tl {

using Kind = CatalogTable::Kind;

CatalogTableModel::CatalogTableModel(QObject* parent) : QAbstractTableModel(parent) {
    connect(&sortWatcher_, &QFutureWatcher<Order>::finished, this, [this] {
        const Order order = sortWatcher_.result();
        const int column = pendingColumn_;
        pendingColumn_ = -1;
        if (order && table_ && pendingGeneration_ == generation_ && column >= 0 &&
            column < int(ascending_.size())) {
            ascending_[size_t(column)] = order;
            if (column == sortColumn_) applyOrder();
        }
        Q_EMIT sortingChanged(false);
        // The user may have asked for another column while this one sorted.
        if (sortColumn_ >= 0 && !ascending_[size_t(sortColumn_)]) sort(sortColumn_, sortOrder_);
    });
}

void CatalogTableModel::setTable(CatalogTablePtr table) {
    beginResetModel();
    table_ = std::move(table);
    ++generation_;
    ascending_.assign(table_ ? size_t(table_->columnCount()) : 0, nullptr);
    filter_.clear();
    matchAll_ = true;
    matching_.clear();
    rows_.resize(table_ ? table_->rowCount() : 0);
    std::iota(rows_.begin(), rows_.end(), 0u);
    endResetModel();
    if (table_ && sortColumn_ >= 0 && sortColumn_ < table_->columnCount())
        sort(sortColumn_, sortOrder_);
    Q_EMIT rowsChanged();
}

void CatalogTableModel::setFilterText(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed == filter_ || !table_) {
        filter_ = trimmed;
        return;
    }
    // Typing on narrows: a query that extends the last one (every old word is still a
    // substring of the new text) can only match rows the last one matched.
    const bool narrows = !matchAll_ && trimmed.startsWith(filter_);
    filter_ = trimmed;
    matchAll_ = filter_.isEmpty();
    if (matchAll_)
        matching_.clear();
    else if (narrows)
        matching_ = table_->matchingRowsAmong(filter_, matching_);
    else
        matching_ = table_->matchingRows(filter_);
    rebuildRows(false);
    Q_EMIT rowsChanged();
}

void CatalogTableModel::sort(int column, Qt::SortOrder order) {
    sortColumn_ = column;
    sortOrder_ = order;
    if (!table_ || column < 0 || column >= table_->columnCount()) return;
    if (ascending_[size_t(column)]) return applyOrder();
    if (table_->rowCount() < kSyncSortRows) {
        ascending_[size_t(column)] =
            std::make_shared<const std::vector<quint32>>(table_->sortedRows(column));
        return applyOrder();
    }
    if (sortWatcher_.isRunning()) return;  // the finished handler starts this one next
    pendingColumn_ = column;
    pendingGeneration_ = generation_;
    const CatalogTablePtr table = table_;
    sortWatcher_.setFuture(QtConcurrent::run([table, column]() -> Order {
        return std::make_shared<const std::vector<quint32>>(table->sortedRows(column));
    }));
    Q_EMIT sortingChanged(true);
}

void CatalogTableModel::applyOrder() {
    rebuildRows(true);
}

void CatalogTableModel::rebuildRows(bool keepSelection) {
    if (!table_) return;
    const size_t n = table_->rowCount();
    std::vector<quint32> order;
    const Order ascending = sortColumn_ >= 0 && sortColumn_ < int(ascending_.size())
                                ? ascending_[size_t(sortColumn_)]
                                : nullptr;
    if (ascending && sortOrder_ == Qt::DescendingOrder)
        order.assign(ascending->rbegin(), ascending->rend());
    else if (ascending)
        order = *ascending;
    else {
        order.resize(n);
        std::iota(order.begin(), order.end(), 0u);
    }
    std::vector<quint32> rows =
        matchAll_ ? std::move(order) : CatalogTable::keepMatching(order, matching_, n);
    if (!keepSelection || rows.size() != rows_.size()) {
        beginResetModel();
        rows_ = std::move(rows);
        endResetModel();
        return;
    }
    // Same rows, new order: move the selection and current row with them.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    if (!before.isEmpty()) {
        std::vector<qint32> viewRowOf(n, -1);
        for (size_t i = 0; i < rows.size(); ++i) viewRowOf[rows[i]] = qint32(i);
        for (const QModelIndex& index : before)
            after << this->index(viewRowOf[rows_[size_t(index.row())]], index.column());
    }
    rows_ = std::move(rows);
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int CatalogTableModel::viewRowOfId(Id id) const {
    if (!table_) return -1;
    const qint64 row = table_->rowOfId(id);
    if (row < 0) return -1;
    const auto it = std::find(rows_.begin(), rows_.end(), quint32(row));
    return it == rows_.end() ? -1 : int(it - rows_.begin());
}

int CatalogTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int CatalogTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !table_ ? 0 : table_->columnCount();
}

QString CatalogTableModel::displayText(size_t row, int column) const {
    const CatalogTable::Column& c = table_->column(column);
    switch (c.kind) {
        case Kind::Text:
            return table_->text(row, column);
        case Kind::Integer:
            return QLocale().toString(table_->number(row, column));
        case Kind::Timestamp: {
            const qint64 t = table_->number(row, column);
            return t > 0 ? QLocale().toString(QDateTime::fromSecsSinceEpoch(t, Qt::UTC),
                                              QStringLiteral("yyyy-MM-dd HH:mm"))
                         : QString();
        }
        case Kind::Duration: {
            const qint64 ms = table_->number(row, column);
            return ms > 0 ? durationText(int(ms)) : QString();
        }
        case Kind::Flag:
            return table_->number(row, column) ? c.flagLabel : QString();
    }
    return {};
}

QVariant CatalogTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !table_ || index.row() >= int(rows_.size())) return {};
    const size_t row = rows_[size_t(index.row())];
    const CatalogTable::Column& c = table_->column(index.column());
    switch (role) {
        case Qt::DisplayRole:
            return displayText(row, index.column());
        case kIdRole:
            return table_->id(row);
        case kTrackIdRole:
            return table_->trackId(row);
        case Qt::TextAlignmentRole:
            if (c.kind == Kind::Integer || c.kind == Kind::Duration)
                return int(Qt::AlignRight | Qt::AlignVCenter);
            if (c.kind == Kind::Flag) return int(Qt::AlignCenter);
            return {};
        case Qt::ToolTipRole:
            if (c.kind == Kind::Text) return displayText(row, index.column());  // when elided
            return c.tooltip.isEmpty() ? QVariant() : QVariant(c.tooltip);
        default:
            return {};
    }
}

QVariant CatalogTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || !table_ || section < 0 || section >= table_->columnCount())
        return {};
    if (role == Qt::DisplayRole) return table_->column(section).title;
    if (role == Qt::ToolTipRole && !table_->column(section).tooltip.isEmpty())
        return table_->column(section).tooltip;
    return {};
}

}  // namespace tl
