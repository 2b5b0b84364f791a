#pragma once

#include <QWidget>

#include "catalog/CatalogTable.h"

class QLineEdit;
class QTableView;

namespace tl {

class CatalogTablePanel;
class CurrentTrackSelection;

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
    // The window's current track: a row chosen here sets it, and the current row follows it
    // (without clearing the filter; no current row when the track is filtered out).
    void setSelection(CurrentTrackSelection* selection);
    bool selectTrack(Id trackId);  // clears the filter when it hides the track
    bool followTrack(Id trackId);  // see CatalogTablePanel::followId; announces nothing
    Id selectedTrack() const;

Q_SIGNALS:
    void currentTrackChanged(tl::Id trackId);  // 0 when nothing is selected

private:
    void announce(Id trackId);

    CatalogTablePanel* panel_;
    CurrentTrackSelection* selection_ = nullptr;
    bool following_ = false;  // moving the current row to the window's track: not a choice
};

}  // namespace tl
