#pragma once

#include <QWidget>

#include "catalog/CatalogTable.h"

class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableView;
class QTimer;

namespace tl {

class CatalogTableModel;
class HintPanel;

// One catalog table on screen: a filter box (words, all of them must match), a count ("12 of
// 1,000,000 tracks") and the sortable table; "Loading…" until the table arrives and a hint
// instead of an empty grid. Child object names start with `prefix` ("libraryFilter", …).
class CatalogTablePanel : public QWidget {
    Q_OBJECT
public:
    struct Texts {
        QString one, many;    // "track", "tracks"
        QString placeholder;  // in the filter box
        QString emptyTitle, emptyBody;
    };
    // Filtering tables above this size waits for a pause in typing.
    static constexpr int kDebounceRows = 20000;
    static constexpr int kDebounceMs = 120;

    CatalogTablePanel(const QString& prefix, Texts texts, QWidget* parent = nullptr);

    void setTable(CatalogTablePtr table);
    void setLoading(const QString& message = {});
    bool isLoading() const { return loading_; }
    // Sorts by `column` now and whenever a table arrives, until the user picks another.
    void setDefaultSort(int column, Qt::SortOrder order);
    void setStretchColumns(const QList<int>& columns);

    QTableView* view() const { return view_; }
    QLineEdit* filterEdit() const { return filter_; }
    QLabel* countLabel() const { return count_; }
    CatalogTableModel* model() const { return model_; }
    int visibleRows() const;
    void applyFilterNow();  // skips the typing pause
    bool selectId(Id id);   // selects the row with `id`, clearing a filter that hides it
    // Follows a selection made elsewhere: selects `id` when the filter shows it, else clears
    // the selection (the user's filter stays as they typed it).
    bool followId(Id id);
    Id currentId() const;  // 0 when no row is current
    void focusFilter();

Q_SIGNALS:
    void currentRowChanged(tl::Id id, tl::Id trackId);  // 0, 0 when nothing is selected

private:
    void updateCount();
    void updateColumns();
    void emitCurrent();

    Texts texts_;
    CatalogTableModel* model_;
    QLineEdit* filter_;
    QLabel* count_;
    QTableView* view_;
    HintPanel* emptyHint_;
    HintPanel* loadingHint_;
    QStackedWidget* stack_;
    QTimer* debounce_;
    QList<int> stretch_;
    bool loading_ = false;
};

}  // namespace tl
