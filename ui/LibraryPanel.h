#pragma once

#include <QWidget>

#include "catalog/Catalog.h"

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace tl {

class HintPanel;
class LibraryModel;

// The Library tab: every track the project holds, sortable, with a filter box that matches any
// column. An empty project shows what to do instead of an empty grid.
class LibraryPanel : public QWidget {
    Q_OBJECT
public:
    explicit LibraryPanel(QWidget* parent = nullptr);

    void setTracks(std::vector<TrackSummary> tracks);
    QTableView* view() const { return view_; }
    QLineEdit* filterEdit() const { return filter_; }
    int visibleRows() const;
    void focusFilter();

Q_SIGNALS:
    void currentTrackChanged(tl::Id trackId);  // 0 when nothing is selected

private:
    void applyFilter(const QString& text);
    void updateCount();
    void emitCurrent();

    LibraryModel* model_;
    QSortFilterProxyModel* proxy_;
    QLineEdit* filter_;
    QLabel* count_;
    QTableView* view_;
    HintPanel* emptyHint_;
    QStackedWidget* stack_;
};

}  // namespace tl
