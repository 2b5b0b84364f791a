#include "LibraryPanel.h"

#include <QTableView>
#include <QVBoxLayout>

#include "CatalogTableModel.h"
#include "CatalogTablePanel.h"
#include "CurrentTrackSelection.h"
#include "store/CatalogQueries.h"

namespace tl {

LibraryPanel::LibraryPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("libraryPanel"));
    panel_ = new CatalogTablePanel(
        QStringLiteral("library"),
        {tr("track"), tr("tracks"), tr("Filter by artist, title or album (Ctrl+F)"),
         tr("No tracks yet"),
         tr("Tracks appear here once the project has a listening history or a music folder. "
            "Choose File > Import History… (Ctrl+I) or File > Add Music Folder…, or drop files "
            "and folders onto this window.")},
        this);
    panel_->setStretchColumns(
        {catalog_columns::TrackArtist, catalog_columns::TrackTitle, catalog_columns::TrackAlbum});
    panel_->setDefaultSort(catalog_columns::TrackPlays, Qt::DescendingOrder);  // most played first
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(panel_);
    connect(panel_, &CatalogTablePanel::currentRowChanged, this, [this](Id, Id trackId) {
        Q_EMIT currentTrackChanged(trackId);
        announce(trackId);
    });
    // A click on the row that is already current is still a choice of its track.
    connect(panel_->view(), &QTableView::clicked, this, [this](const QModelIndex& index) {
        announce(index.data(CatalogTableModel::kTrackIdRole).toLongLong());
    });
}

void LibraryPanel::setSelection(CurrentTrackSelection* selection) {
    selection_ = selection;
    connect(selection_, &CurrentTrackSelection::currentTrackChanged, this,
            [this](Id trackId) { followTrack(trackId); });
}

void LibraryPanel::announce(Id trackId) {
    if (!following_ && selection_)
        selection_->setCurrentTrack(trackId, CurrentTrackSelection::Origin::Library);
}

void LibraryPanel::setTracks(std::vector<TrackSummary> tracks) {
    setTable(tracks.empty() ? nullptr : trackTableFrom(tracks));
}

void LibraryPanel::setTable(CatalogTablePtr tracks) {
    panel_->setTable(std::move(tracks));
}

void LibraryPanel::setLoading() {
    panel_->setLoading(
        tr("The library of a large project is read in the background; the "
           "window stays usable meanwhile."));
}

bool LibraryPanel::isLoading() const {
    return panel_->isLoading();
}

QTableView* LibraryPanel::view() const {
    return panel_->view();
}

QLineEdit* LibraryPanel::filterEdit() const {
    return panel_->filterEdit();
}

int LibraryPanel::visibleRows() const {
    return panel_->visibleRows();
}

void LibraryPanel::focusFilter() {
    panel_->focusFilter();
}

bool LibraryPanel::selectTrack(Id trackId) {
    return panel_->selectId(trackId);
}

bool LibraryPanel::followTrack(Id trackId) {
    if (trackId != 0 && selectedTrack() == trackId) return true;  // no scrolling back to it
    following_ = true;
    const bool found = panel_->followId(trackId);  // 0, or a filtered-out track: no row
    following_ = false;
    return found;
}

Id LibraryPanel::selectedTrack() const {
    return panel_->currentId();
}

}  // namespace tl
