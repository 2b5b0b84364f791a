#pragma once

#include <QWidget>

#include "catalog/CatalogTable.h"
#include "job/Progress.h"

class QTabWidget;

namespace tl {

class CatalogTablePanel;

// View > Catalog…: the project's users, artists, tracks and files as four sortable, filterable
// tables, read by a worker (its own connection) so a million-row project never freezes the
// window. Choosing a track (or a file matched to one) selects it in the workspace.
class CatalogWindow : public QWidget {
    Q_OBJECT
public:
    enum Tab { UsersTab, ArtistsTab, TracksTab, FilesTab, TabCount };

    explicit CatalogWindow(QWidget* parent = nullptr);
    ~CatalogWindow() override;

    // Reads the catalog of the project at `path` in the background; "Loading…" meanwhile.
    void load(const QString& path);
    void clear();
    bool isLoading() const { return loading_; }
    CatalogTablePanel* panel(Tab tab) const { return panels_[tab]; }
    QTabWidget* tabs() const { return tabs_; }

Q_SIGNALS:
    void trackChosen(tl::Id trackId);
    void loaded();  // every tab has its table (or an error was shown)

private:
    QTabWidget* tabs_;
    CatalogTablePanel* panels_[TabCount];
    Progress progress_;
    quint64 generation_ = 0;
    bool loading_ = false;
};

}  // namespace tl
