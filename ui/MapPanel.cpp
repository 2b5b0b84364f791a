#include "MapPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "MapView.h"
#include "ProjectSnapshot.h"
#include "maps/ProjectMaps.h"
#include "store/CatalogQueries.h"

namespace tl {

namespace {

// Distinct, colour-blind-friendly hues for up to a dozen genres (Tableau 10 + two).
QRgb genreColour(int genre) {
    static const QRgb kColours[] = {0xff4e79a7, 0xfff28e2b, 0xffe15759, 0xff76b7b2,
                                    0xff59a14f, 0xffedc948, 0xffb07aa1, 0xffff9da7,
                                    0xff9c755f, 0xffbab0ac, 0xff1f77b4, 0xff8c564b};
    return genre < 0 ? 0xff808080 : kColours[genre % int(std::size(kColours))];
}

}  // namespace

MapPanel::MapPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("mapPanel"));
    compute_ = new QPushButton(tr("Compute Map"), this);
    compute_->setObjectName(QStringLiteral("mapCompute"));
    compute_->setToolTip(
        tr("t-SNE of the collaborative-filtering track vectors (trains the model "
           "first if needed); reused until the vectors change"));
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("mapSearch"));
    search_->setPlaceholderText(tr("Find a track on the map"));
    search_->setClearButtonEnabled(true);
    quality_ = new QLabel(this);
    quality_->setObjectName(QStringLiteral("mapQuality"));
    quality_->setWordWrap(true);
    view_ = new MapView(this);

    auto* top = new QHBoxLayout;
    top->addWidget(compute_);
    top->addWidget(search_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(quality_);
    layout->addWidget(view_, 1);

    connect(compute_, &QPushButton::clicked, this, &MapPanel::computeRequested);
    connect(search_, &QLineEdit::returnPressed, this, [this] { flyToText(search_->text()); });
    connect(view_, &MapView::pointSelected, this, [this](int index) {
        if (map_ && index >= 0 && size_t(index) < map_->trackIds.size())
            Q_EMIT trackSelected(map_->trackIds[size_t(index)]);
    });
    view_->setTooltipProvider([this](int index) { return labels_.value(index); });
    clear();
}

void MapPanel::clear() {
    map_.reset();
    indexOf_.clear();
    labels_.clear();
    view_->setPoints(std::make_shared<std::vector<MapPoint>>());
    view_->setLegend({});
    quality_->setText(
        tr("No map yet: Compute Map places every track near the tracks the "
           "collaborative-filtering model finds similar."));
    search_->setEnabled(false);
}

void MapPanel::setMap(std::shared_ptr<const ProjectMap> map, const ProjectSnapshot* snapshot) {
    if (!map || map->trackIds.empty()) return clear();
    map_ = std::move(map);
    indexOf_.clear();
    labels_.clear();
    const CatalogTable* tracks = snapshot ? snapshot->tracks.get() : nullptr;
    auto points = std::make_shared<std::vector<MapPoint>>();
    points->reserve(map_->trackIds.size());
    std::vector<int> used(size_t(snapshot ? snapshot->genreNames.size() : 0), 0);
    for (size_t i = 0; i < map_->trackIds.size(); ++i) {
        const Id id = map_->trackIds[i];
        indexOf_.insert(id, int(i));
        const int genre = snapshot ? snapshot->trackGenre.value(id, -1) : -1;
        if (genre >= 0 && size_t(genre) < used.size()) ++used[size_t(genre)];
        points->push_back({map_->points(Eigen::Index(i), 0), map_->points(Eigen::Index(i), 1),
                           genreColour(genre)});
        const qint64 row = tracks ? tracks->rowOfId(id) : -1;
        labels_ << (row >= 0
                        ? tr("%1 — %2").arg(tracks->text(size_t(row), catalog_columns::TrackArtist),
                                            tracks->text(size_t(row), catalog_columns::TrackTitle))
                        : tr("track %1").arg(id));
    }
    view_->setPoints(points);
    std::vector<std::pair<QString, QRgb>> legend;
    for (size_t g = 0; g < used.size(); ++g)
        if (used[g] > 0) legend.emplace_back(snapshot->genreNames.at(int(g)), genreColour(int(g)));
    view_->setLegend(std::move(legend));
    QStringList figures{tr("%1 tracks, t-SNE of the CF vectors").arg(map_->trackIds.size())};
    const QJsonObject& m = map_->meta;
    if (m.contains(QStringLiteral("trustworthiness")))
        figures << tr("trustworthiness %1")
                       .arg(m.value(QStringLiteral("trustworthiness")).toDouble(), 0, 'f', 3);
    if (m.contains(QStringLiteral("knn_preservation")))
        figures << tr("10-NN preserved %1%")
                       .arg(100.0 * m.value(QStringLiteral("knn_preservation")).toDouble(), 0, 'f',
                            0);
    if (m.contains(QStringLiteral("genre_accuracy")))
        figures << tr("genre kNN accuracy %1% (demo truth)")
                       .arg(100.0 * m.value(QStringLiteral("genre_accuracy")).toDouble(), 0, 'f',
                            0);
    quality_->setText(figures.join(QStringLiteral(" · ")));
    search_->setEnabled(true);
}

bool MapPanel::flyToText(const QString& text) {
    const QString needle = text.trimmed();
    if (needle.isEmpty()) return false;
    for (int i = 0; i < labels_.size(); ++i)
        if (labels_.at(i).contains(needle, Qt::CaseInsensitive)) {
            view_->flyTo(i);
            return true;
        }
    return false;
}

}  // namespace tl
