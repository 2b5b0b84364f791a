#include "CatalogWindow.h"

#include <QFileInfo>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "CatalogTablePanel.h"
#include "Icons.h"
#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"

namespace tl {

using namespace catalog_columns;

CatalogWindow::CatalogWindow(QWidget* parent) : QWidget(parent, Qt::Window) {
    setObjectName(QStringLiteral("catalogWindow"));
    setWindowIcon(appIcon());
    setWindowTitle(tr("Catalog — Tastelab"));
    resize(1100, 700);
    const QString empty =
        tr("Import a listening history (File > Import History…) or add a "
           "music folder (File > Add Music Folder…).");
    panels_[UsersTab] = new CatalogTablePanel(
        QStringLiteral("catalogUsers"),
        {tr("user"), tr("users"), tr("Filter users by name"), tr("No users yet"), empty}, this);
    panels_[ArtistsTab] = new CatalogTablePanel(
        QStringLiteral("catalogArtists"),
        {tr("artist"), tr("artists"), tr("Filter artists by name"), tr("No artists yet"), empty},
        this);
    panels_[TracksTab] =
        new CatalogTablePanel(QStringLiteral("catalogTracks"),
                              {tr("track"), tr("tracks"), tr("Filter by artist, title or album"),
                               tr("No tracks yet"), empty},
                              this);
    panels_[FilesTab] = new CatalogTablePanel(
        QStringLiteral("catalogFiles"),
        {tr("file"), tr("files"), tr("Filter by path, format or matched track"),
         tr("No audio files yet"),
         tr("Add a music folder (File > Add Music Folder…); its files are listed here with "
            "the track each was matched to.")},
        this);
    panels_[UsersTab]->setStretchColumns({UserName});
    panels_[UsersTab]->setDefaultSort(UserPlays, Qt::DescendingOrder);
    panels_[ArtistsTab]->setStretchColumns({ArtistName});
    panels_[ArtistsTab]->setDefaultSort(ArtistPlays, Qt::DescendingOrder);
    panels_[TracksTab]->setStretchColumns({TrackArtist, TrackTitle, TrackAlbum});
    panels_[TracksTab]->setDefaultSort(TrackPlays, Qt::DescendingOrder);
    panels_[FilesTab]->setStretchColumns({FilePath, FileTrack});
    // A path's folder and file name both matter: elide the middle.
    panels_[FilesTab]->view()->setTextElideMode(Qt::ElideMiddle);
    panels_[FilesTab]->setDefaultSort(FilePath, Qt::AscendingOrder);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("catalogTabs"));
    tabs_->setDocumentMode(true);
    const QString names[TabCount] = {tr("&Users"), tr("&Artists"), tr("&Tracks"), tr("&Files")};
    for (int t = 0; t < TabCount; ++t) tabs_->addTab(panels_[t], names[t]);
    tabs_->setCurrentIndex(TracksTab);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(tabs_);

    for (Tab tab : {TracksTab, FilesTab})
        connect(panels_[tab], &CatalogTablePanel::currentRowChanged, this, [this](Id, Id trackId) {
            if (trackId != 0) Q_EMIT trackChosen(trackId);
        });
}

CatalogWindow::~CatalogWindow() {
    progress_.cancel();
}

void CatalogWindow::clear() {
    progress_.cancel();
    ++generation_;
    loading_ = false;
    for (CatalogTablePanel* p : panels_) p->setTable(nullptr);
}

void CatalogWindow::load(const QString& path) {
    progress_.cancel();
    progress_ = Progress();
    const quint64 generation = ++generation_;
    loading_ = true;
    setWindowTitle(tr("Catalog of %1 — Tastelab").arg(QFileInfo(path).completeBaseName()));
    for (CatalogTablePanel* p : panels_) p->setLoading();
    const Progress progress = progress_;
    QtConcurrent::run([path, progress]() -> Result<CatalogTables> {
        auto opened = ProjectStore::open(path);
        if (!opened) return opened.status();
        return loadCatalogTables(*opened.value(), kAllCatalogParts, progress);
    }).then(this, [this, generation](Result<CatalogTables> tables) {
        if (generation != generation_) return;
        loading_ = false;
        if (!tables) {
            for (CatalogTablePanel* p : panels_) p->setTable(nullptr);
            Q_EMIT loaded();
            return;
        }
        const CatalogTables& t = tables.value();
        panels_[UsersTab]->setTable(t.users);
        panels_[ArtistsTab]->setTable(t.artists);
        panels_[TracksTab]->setTable(t.tracks);
        panels_[FilesTab]->setTable(t.files);
        Q_EMIT loaded();
    });
}

}  // namespace tl
