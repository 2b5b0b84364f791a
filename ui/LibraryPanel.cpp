#include "LibraryPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "Format.h"
#include "HintPanel.h"
#include "LibraryModel.h"

namespace tl {

LibraryPanel::LibraryPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("libraryPanel"));
    model_ = new LibraryModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setFilterKeyColumn(-1);  // a word may be an artist, a title or an album
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setSortCaseSensitivity(Qt::CaseInsensitive);

    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("libraryFilter"));
    filter_->setPlaceholderText(tr("Filter by artist, title or album (Ctrl+F)"));
    filter_->setClearButtonEnabled(true);
    filter_->setAccessibleName(tr("Library filter"));
    count_ = new QLabel(this);
    count_->setObjectName(QStringLiteral("libraryCount"));

    view_ = new QTableView(this);
    view_->setObjectName(QStringLiteral("libraryView"));
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(LibraryModel::Plays, Qt::DescendingOrder);  // the most played first
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(true);
    view_->setWordWrap(false);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView* header = view_->horizontalHeader();
    header->setHighlightSections(false);
    // The text columns share the width (artist, title and album are all worth reading); the
    // numbers get what their header needs. Widths come from the font, not from the rows:
    // sizing to contents would read every row of a large library.
    const int ch = fontMetrics().averageCharWidth();
    for (int column :
         {int(LibraryModel::Artist), int(LibraryModel::Title), int(LibraryModel::Album)})
        header->setSectionResizeMode(column, QHeaderView::Stretch);
    for (int column :
         {int(LibraryModel::Plays), int(LibraryModel::Listeners), int(LibraryModel::HasAudio)}) {
        header->setSectionResizeMode(column, QHeaderView::Interactive);
        header->resizeSection(column, fontMetrics().horizontalAdvance(
                                          model_->headerData(column, Qt::Horizontal).toString()) +
                                          ch * 4);
    }

    emptyHint_ = new HintPanel(
        tr("No tracks yet"),
        tr("Tracks appear here once the project has a listening history or a music folder. "
           "Choose File > Import History… (Ctrl+I) or File > Add Music Folder…, or drop files "
           "and folders onto this window."),
        this);
    stack_ = new QStackedWidget(this);
    stack_->addWidget(view_);
    stack_->addWidget(emptyHint_);

    auto* top = new QHBoxLayout;
    top->addWidget(filter_, 1);
    top->addWidget(count_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(stack_, 1);

    connect(filter_, &QLineEdit::textChanged, this, &LibraryPanel::applyFilter);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LibraryPanel::emitCurrent);
    connect(proxy_, &QAbstractItemModel::modelReset, this, &LibraryPanel::emitCurrent);
    setTracks({});
}

void LibraryPanel::setTracks(std::vector<TrackSummary> tracks) {
    const bool empty = tracks.empty();
    model_->setTracks(std::move(tracks));
    stack_->setCurrentWidget(empty ? static_cast<QWidget*>(emptyHint_) : view_);
    filter_->setEnabled(!empty);
    updateCount();
}

int LibraryPanel::visibleRows() const {
    return proxy_->rowCount();
}

void LibraryPanel::focusFilter() {
    filter_->setFocus(Qt::ShortcutFocusReason);
    filter_->selectAll();
}

void LibraryPanel::applyFilter(const QString& text) {
    proxy_->setFilterFixedString(text.trimmed());
    updateCount();
    emitCurrent();
}

void LibraryPanel::updateCount() {
    const int all = model_->rowCount();
    const int shown = proxy_->rowCount();
    if (shown == all)
        count_->setText(countText(all, tr("track"), tr("tracks")));
    else if (shown == 0)
        count_->setText(tr("No track matches"));
    else
        count_->setText(
            tr("%1 of %2")
                .arg(QLocale().toString(shown), countText(all, tr("track"), tr("tracks"))));
}

void LibraryPanel::emitCurrent() {
    const QModelIndex current = view_->selectionModel()->currentIndex();
    Q_EMIT currentTrackChanged(
        current.isValid() ? current.data(LibraryModel::kTrackIdRole).toLongLong() : 0);
}

}  // namespace tl
