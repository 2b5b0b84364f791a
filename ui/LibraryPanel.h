#pragma once

#include <QWidget>

#include "catalog/CatalogTable.h"

class QLineEdit;
class QTableView;

namespace tl {

class CatalogTablePanel;

// The Library tab: every track the project holds, sortable, with a filter box that matches
// words in the artist, title and album. An empty project shows what to do instead of an empty
// grid; a large one shows "Loading…" while its table is read off the GUI thread.
class LibraryPanel : public QWidget {
    Q_OBJECT
public:
    explicit LibraryPanel(QWidget* parent = nullptr);

    void setTracks(std::vector<TrackSummary> tracks);
    void setTable(CatalogTablePtr tracks);  // catalog_columns::TrackColumn columns; null = none
    void setLoading();
    bool isLoading() const;
    QTableView* view() const;
    QLineEdit* filterEdit() const;
    CatalogTablePanel* table() const { return panel_; }
    int visibleRows() const;
    void focusFilter();
    bool selectTrack(Id trackId);
    bool followTrack(Id trackId);  // see CatalogTablePanel::followId
    Id selectedTrack() const;

Q_SIGNALS:
    void currentTrackChanged(tl::Id trackId);  // 0 when nothing is selected

private:
    CatalogTablePanel* panel_;
};

}  // namespace tl
