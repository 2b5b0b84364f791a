// MainWindow: the catalog window (View > Catalog…).
#include "CatalogWindow.h"
#include "MainWindow.h"
#include "WorkspacePage.h"
#include "store/ProjectStore.h"

namespace tl {

void MainWindow::openCatalog() {
    if (!store_) return;
    if (!catalog_) {
        catalog_ = new CatalogWindow(this);
        connect(catalog_, &CatalogWindow::trackChosen, this, [this](Id trackId) {
            workspace_->selectTrack(trackId, CurrentTrackSelection::Origin::Catalog);
        });
        connect(this, &MainWindow::projectClosed, catalog_, [this] {
            catalog_->clear();
            catalog_->hide();
        });
    }
    // Read afresh each time: an import may have changed the counts since.
    catalog_->load(store_->path());
    catalog_->show();
    catalog_->raise();
    catalog_->activateWindow();
}

}  // namespace tl
