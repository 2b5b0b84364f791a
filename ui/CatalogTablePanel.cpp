#include "CatalogTablePanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "CatalogTableModel.h"
#include "Format.h"
#include "HintPanel.h"

namespace tl {

CatalogTablePanel::CatalogTablePanel(const QString& prefix, Texts texts, QWidget* parent)
    : QWidget(parent), texts_(std::move(texts)) {
    model_ = new CatalogTableModel(this);

    filter_ = new QLineEdit(this);
    filter_->setObjectName(prefix + QStringLiteral("Filter"));
    filter_->setPlaceholderText(texts_.placeholder);
    filter_->setClearButtonEnabled(true);
    filter_->setAccessibleName(texts_.placeholder);
    count_ = new QLabel(this);
    count_->setObjectName(prefix + QStringLiteral("Count"));

    view_ = new QTableView(this);
    view_->setObjectName(prefix + QStringLiteral("View"));
    view_->setModel(model_);
    view_->setSortingEnabled(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(true);
    view_->setWordWrap(false);
    view_->setTextElideMode(Qt::ElideRight);
    view_->verticalHeader()->hide();
    // Fixed row heights: a million rows must never be measured one by one.
    view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    view_->horizontalHeader()->setHighlightSections(false);

    emptyHint_ = new HintPanel(texts_.emptyTitle, texts_.emptyBody, this);
    loadingHint_ = new HintPanel(tr("Loading…"), {}, this);
    loadingHint_->setObjectName(prefix + QStringLiteral("Loading"));
    stack_ = new QStackedWidget(this);
    stack_->addWidget(view_);
    stack_->addWidget(emptyHint_);
    stack_->addWidget(loadingHint_);

    auto* top = new QHBoxLayout;
    top->addWidget(filter_, 1);
    top->addWidget(count_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(stack_, 1);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);
    connect(debounce_, &QTimer::timeout, this, &CatalogTablePanel::applyFilterNow);
    connect(filter_, &QLineEdit::textChanged, this, [this] {
        // Small tables follow every keystroke; large ones wait until typing pauses.
        if (model_->allRows() > kDebounceRows)
            debounce_->start();
        else
            applyFilterNow();
    });
    connect(model_, &CatalogTableModel::rowsChanged, this, [this] {
        updateCount();
        emitCurrent();
    });
    connect(model_, &CatalogTableModel::sortingChanged, this, [this](bool running) {
        view_->setCursor(running ? Qt::BusyCursor : Qt::ArrowCursor);
        updateCount();
    });
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CatalogTablePanel::emitCurrent);
    connect(model_, &QAbstractItemModel::modelReset, this, &CatalogTablePanel::emitCurrent);
    setTable(nullptr);
}

void CatalogTablePanel::setTable(CatalogTablePtr table) {
    loading_ = false;
    debounce_->stop();
    const bool empty = !table || table->rowCount() == 0;
    filter_->blockSignals(true);
    filter_->clear();
    filter_->blockSignals(false);
    model_->setTable(std::move(table));
    updateColumns();
    stack_->setCurrentWidget(empty ? static_cast<QWidget*>(emptyHint_) : view_);
    filter_->setEnabled(!empty);
    updateCount();
}

void CatalogTablePanel::setLoading(const QString& message) {
    model_->setTable(nullptr);
    loading_ = true;
    loadingHint_->setHint(tr("Loading…"), message);
    stack_->setCurrentWidget(loadingHint_);
    filter_->setEnabled(false);
    count_->setText(tr("Loading…"));
}

void CatalogTablePanel::setDefaultSort(int column, Qt::SortOrder order) {
    view_->sortByColumn(column, order);
}

void CatalogTablePanel::setStretchColumns(const QList<int>& columns) {
    stretch_ = columns;
    updateColumns();
}

void CatalogTablePanel::updateColumns() {
    // Text columns share the width; the others get what their header needs. Widths come from
    // the font, never from the rows: sizing to contents would read every row.
    QHeaderView* header = view_->horizontalHeader();
    const int ch = fontMetrics().averageCharWidth();
    for (int c = 0; c < model_->columnCount(); ++c) {
        if (stretch_.contains(c)) {
            header->setSectionResizeMode(c, QHeaderView::Stretch);
            continue;
        }
        header->setSectionResizeMode(c, QHeaderView::Interactive);
        const auto kind = model_->table()->column(c).kind;
        // Dates are shown whole ("2024-05-01 18:30"); the others are at least a few digits.
        const int minimum =
            kind == CatalogTable::Kind::Timestamp
                ? fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00")) + ch * 3
            : kind == CatalogTable::Kind::Text ? ch * 10
            // Counts up to ten million without eliding a digit.
            : kind == CatalogTable::Kind::Integer
                ? fontMetrics().horizontalAdvance(QLocale().toString(9999999)) + ch * 3
                : ch * 6;
        header->resizeSection(
            c, std::max(minimum, fontMetrics().horizontalAdvance(
                                     model_->headerData(c, Qt::Horizontal).toString()) +
                                     ch * 5));
    }
}

int CatalogTablePanel::visibleRows() const {
    return model_->rowCount();
}

void CatalogTablePanel::applyFilterNow() {
    debounce_->stop();
    model_->setFilterText(filter_->text());
}

bool CatalogTablePanel::selectId(Id id) {
    int row = model_->viewRowOfId(id);
    if (row < 0 && !filter_->text().isEmpty()) {
        filter_->clear();
        applyFilterNow();
        row = model_->viewRowOfId(id);
    }
    if (row < 0) return false;
    view_->selectRow(row);
    view_->scrollTo(model_->index(row, 0), QAbstractItemView::PositionAtCenter);
    return true;
}

bool CatalogTablePanel::followId(Id id) {
    const int row = model_->viewRowOfId(id);
    if (row < 0) {
        view_->clearSelection();
        view_->setCurrentIndex(QModelIndex());
        return false;
    }
    view_->selectRow(row);
    view_->scrollTo(model_->index(row, 0));
    return true;
}

Id CatalogTablePanel::currentId() const {
    const QModelIndex current = view_->currentIndex();
    return current.isValid() ? current.data(CatalogTableModel::kIdRole).toLongLong() : 0;
}

void CatalogTablePanel::focusFilter() {
    filter_->setFocus(Qt::ShortcutFocusReason);
    filter_->selectAll();
}

void CatalogTablePanel::updateCount() {
    if (loading_) return;
    const int all = model_->allRows();
    const int shown = model_->rowCount();
    QString text;
    if (shown == all)
        text = countText(all, texts_.one, texts_.many);
    else if (shown == 0)
        text = tr("No %1 matches").arg(texts_.one);
    else
        text =
            tr("%1 of %2").arg(QLocale().toString(shown), countText(all, texts_.one, texts_.many));
    if (model_->isSorting()) text += tr(" · sorting…");
    count_->setText(text);
}

void CatalogTablePanel::emitCurrent() {
    const QModelIndex current = view_->selectionModel()->currentIndex();
    if (!current.isValid()) return Q_EMIT currentRowChanged(0, 0);
    Q_EMIT currentRowChanged(current.data(CatalogTableModel::kIdRole).toLongLong(),
                             current.data(CatalogTableModel::kTrackIdRole).toLongLong());
}

}  // namespace tl
