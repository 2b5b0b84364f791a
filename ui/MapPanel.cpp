#include "MapPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>

#include "ColorMap.h"
#include "MapView.h"
#include "ProjectSnapshot.h"
#include "maps/ProjectMaps.h"
#include "playlist/WeeklyPlaylist.h"
#include "store/CatalogQueries.h"

namespace tl {

namespace {

constexpr QRgb kUnknown = 0xffb0b0b0;

// Distinct, colour-blind-friendly hues for up to a dozen categories (Tableau 10 + two).
QRgb categoryColour(int category) {
    static const QRgb kColours[] = {0xff4e79a7, 0xfff28e2b, 0xffe15759, 0xff76b7b2,
                                    0xff59a14f, 0xffedc948, 0xffb07aa1, 0xffff9da7,
                                    0xff9c755f, 0xffbab0ac, 0xff1f77b4, 0xff8c564b};
    return category < 0 ? kUnknown : kColours[category % int(std::size(kColours))];
}

// Many artists: hues a golden angle apart, so neighbours in the list never look alike.
QRgb artistColour(int rank) {
    const double hue = std::fmod(0.07 + rank * 0.6180339887, 1.0);
    return QColor::fromHsvF(float(hue), 0.62f, 0.88f).rgb();
}

QString sourceTitle(const QString& name) {
    if (name == QLatin1String("cf")) return MapPanel::tr("CF (listening)");
    if (name == QLatin1String("text")) return MapPanel::tr("Text (LSA)");
    if (name == QLatin1String("audio")) return MapPanel::tr("Audio");
    if (name == QLatin1String("sound")) return MapPanel::tr("Sound (descriptors)");
    if (name == QLatin1String("blend")) return MapPanel::tr("Blend");
    return name;
}

// Categories ordered by how many tracks carry them (ties by name): the legend lists the
// largest first and the colours follow that order.
std::vector<QString> byFrequency(const std::vector<QString>& labels) {
    std::map<QString, int> counts;
    for (const QString& l : labels)
        if (!l.isEmpty()) ++counts[l];
    std::vector<QString> order;
    for (const auto& [name, n] : counts) order.push_back(name);
    std::stable_sort(order.begin(), order.end(),
                     [&](const QString& a, const QString& b) { return counts[a] > counts[b]; });
    return order;
}

}  // namespace

MapPanel::MapPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("mapPanel"));
    source_ = new QComboBox(this);
    source_->setObjectName(QStringLiteral("mapSource"));
    source_->setToolTip(tr("Whose vectors the map places tracks by"));
    colour_ = new QComboBox(this);
    colour_->setObjectName(QStringLiteral("mapColour"));
    colour_->addItems({tr("Genre"), tr("Artist"), tr("Play count"), tr("Cluster"),
                       tr("Score for you"), tr("Listeners"), tr("Cold start (nobody played it)"),
                       tr("Album"), tr("Year"), tr("File format"), tr("Import"),
                       tr("Blend score (this week's picks)"), tr("Score for you (text)"),
                       tr("Score for you (audio)")});
    colour_->setToolTip(tr("What the dots' colours show"));
    clusters_ = new QSpinBox(this);
    clusters_->setObjectName(QStringLiteral("mapClusters"));
    clusters_->setRange(2, 40);
    clusters_->setValue(8);
    clusters_->setPrefix(tr("k = "));
    clusters_->setToolTip(tr("Clusters for k-means on the source's vectors (seeded)"));
    clusters_->setVisible(false);
    history_ = new QCheckBox(tr("History"), this);
    history_->setObjectName(QStringLiteral("mapHistory"));
    history_->setToolTip(tr("Ring the tracks you have played"));
    playlistOverlay_ = new QCheckBox(tr("Playlist"), this);
    playlistOverlay_->setObjectName(QStringLiteral("mapPlaylist"));
    playlistOverlay_->setToolTip(
        tr("Ring this week's picks, with lines to the tracks each was chosen because of"));
    compute_ = new QPushButton(tr("Compute Map"), this);
    compute_->setObjectName(QStringLiteral("mapCompute"));
    compute_->setToolTip(
        tr("Project the chosen source's track vectors with the settings "
           "below (trains CF first if needed); a map is reused until its "
           "vectors or settings change"));
    export_ = new QPushButton(tr("Export…"), this);
    export_->setObjectName(QStringLiteral("mapExport"));
    export_->setToolTip(tr("Save the map as it is shown, legend included, as PNG or SVG"));
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("mapSearch"));
    search_->setPlaceholderText(tr("Filter the map (Return: fly to the first)"));
    search_->setToolTip(
        tr("Fades the tracks whose artist, title or album do not contain every word typed; "
           "Return flies to the first match"));
    search_->setClearButtonEnabled(true);
    matchLabel_ = new QLabel(this);
    matchLabel_->setObjectName(QStringLiteral("mapMatchCount"));
    matchLabel_->setVisible(false);
    quality_ = new QLabel(this);
    quality_->setObjectName(QStringLiteral("mapQuality"));
    quality_->setWordWrap(true);
    view_ = new MapView(this);
    second_ = new MapView(this);
    second_->setObjectName(QStringLiteral("mapSecondView"));
    second_->setVisible(false);
    sideBySide_ = new QCheckBox(tr("Side by side"), this);
    sideBySide_->setObjectName(QStringLiteral("mapSideBySide"));
    sideBySide_->setToolTip(tr("Show a second source's map next to this one"));
    secondSource_ = new QComboBox(this);
    secondSource_->setObjectName(QStringLiteral("mapSecondSource"));
    secondSource_->setVisible(false);
    linkSelection_ = new QCheckBox(tr("Link selection"), this);
    linkSelection_->setObjectName(QStringLiteral("mapLinkSelection"));
    linkSelection_->setToolTip(tr("A track selected on one map is selected on the other"));
    linkSelection_->setChecked(true);
    linkSelection_->setVisible(false);

    method_ = new QComboBox(this);
    method_->setObjectName(QStringLiteral("mapMethod"));
    method_->addItem(tr("t-SNE"), methodName(MapMethod::Tsne));
    method_->addItem(tr("PCA"), methodName(MapMethod::Pca));
    method_->addItem(tr("UMAP"), methodName(MapMethod::Umap));
    method_->setToolTip(
        tr("Barnes-Hut t-SNE keeps neighbours together; UMAP too, faster on large sets and "
           "keeping more of the layout between groups; PCA is exact and linear"));
    perplexity_ = new QDoubleSpinBox(this);
    perplexity_->setObjectName(QStringLiteral("mapPerplexity"));
    perplexity_->setRange(2.0, 200.0);
    perplexity_->setDecimals(0);
    perplexity_->setPrefix(tr("perplexity "));
    perplexity_->setMinimumWidth(perplexity_->sizeHint().width());
    perplexity_->setToolTip(
        tr("About how many neighbours each track keeps close (lowered for "
           "small sets)"));
    learningRate_ = new QDoubleSpinBox(this);
    learningRate_->setObjectName(QStringLiteral("mapLearningRate"));
    learningRate_->setRange(0.0, 5000.0);
    learningRate_->setDecimals(0);
    learningRate_->setSingleStep(50.0);
    learningRate_->setPrefix(tr("rate "));
    learningRate_->setSpecialValueText(tr("rate auto"));
    learningRate_->setToolTip(
        tr("t-SNE's learning rate; 0 = auto: max(N / 12 / 4, 50), as scikit-learn"));
    iterations_ = new QSpinBox(this);
    iterations_->setObjectName(QStringLiteral("mapIterations"));
    iterations_->setRange(250, 10000);
    iterations_->setSingleStep(250);
    iterations_->setPrefix(tr("iter. "));
    iterations_->setToolTip(tr("t-SNE iterations, the first 250 with early exaggeration"));
    neighbours_ = new QSpinBox(this);
    neighbours_->setObjectName(QStringLiteral("mapNeighbours"));
    neighbours_->setRange(2, 200);
    neighbours_->setPrefix(tr("neighbours "));
    neighbours_->setToolTip(
        tr("UMAP's n_neighbors: how many neighbours (the track itself counted) shape each "
           "track's surroundings; more keeps more of the overall layout"));
    minDist_ = new QDoubleSpinBox(this);
    minDist_->setObjectName(QStringLiteral("mapMinDist"));
    minDist_->setRange(0.0, 1.0);
    minDist_->setDecimals(2);
    minDist_->setSingleStep(0.05);
    minDist_->setPrefix(tr("min dist "));
    minDist_->setToolTip(tr("UMAP's min_dist: how tightly similar tracks may pack together"));
    seed_ = new QSpinBox(this);
    seed_->setObjectName(QStringLiteral("mapSeed"));
    seed_->setPrefix(tr("seed "));
    seed_->setRange(0, 99999);
    seed_->setToolTip(tr("The map's random seed: the same seed, the same map"));
    for (QAbstractSpinBox* box : std::initializer_list<QAbstractSpinBox*>{
             learningRate_, iterations_, neighbours_, minDist_, seed_})
        box->setMinimumWidth(box->sizeHint().width());
    pause_ = new QPushButton(tr("Pause"), this);
    pause_->setObjectName(QStringLiteral("mapPause"));
    pause_->setToolTip(tr("Pause the running t-SNE; Resume continues where it stopped"));
    pause_->setEnabled(false);
    bookmarks_ = new QComboBox(this);
    bookmarks_->setObjectName(QStringLiteral("mapBookmarks"));
    bookmarks_->setToolTip(tr("Restore a saved view of the map"));
    saveBookmark_ = new QPushButton(tr("Bookmark…"), this);
    saveBookmark_->setObjectName(QStringLiteral("mapSaveBookmark"));
    saveBookmark_->setToolTip(
        tr("Save this view (source, projection, colours, selection, "
           "zoom) under a name, in the project"));
    setProjectionOptions(MapOptions{});
    setBookmarks({});

    // Four short rows rather than two long ones: the map area is often half the window wide.
    auto* top = new QHBoxLayout;
    top->addWidget(source_);
    top->addWidget(compute_);
    top->addWidget(pause_);
    top->addWidget(search_, 1);
    top->addWidget(matchLabel_);
    top->addWidget(export_);
    auto* projection = new QHBoxLayout;
    projection->addWidget(method_);
    projection->addWidget(perplexity_);
    projection->addWidget(learningRate_);
    projection->addWidget(iterations_);
    projection->addWidget(neighbours_);
    projection->addWidget(minDist_);
    projection->addWidget(seed_);
    projection->addStretch(1);
    auto* second = new QHBoxLayout;
    second->addWidget(new QLabel(tr("Colour by"), this));
    second->addWidget(colour_);
    second->addWidget(clusters_);
    second->addSpacing(8);
    second->addWidget(history_);
    second->addWidget(playlistOverlay_);
    second->addStretch(1);
    auto* views = new QHBoxLayout;
    views->addWidget(sideBySide_);
    views->addWidget(secondSource_);
    views->addWidget(linkSelection_);
    views->addStretch(1);
    views->addWidget(bookmarks_);
    views->addWidget(saveBookmark_);
    auto* maps = new QHBoxLayout;
    maps->setSpacing(4);
    maps->addWidget(view_, 1);
    maps->addWidget(second_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addLayout(projection);
    layout->addLayout(second);
    layout->addLayout(views);
    layout->addWidget(quality_);
    layout->addLayout(maps, 1);

    connect(compute_, &QPushButton::clicked, this, &MapPanel::computeRequested);
    connect(export_, &QPushButton::clicked, this, &MapPanel::exportWithDialog);
    connect(search_, &QLineEdit::returnPressed, this, [this] { flyToText(search_->text()); });
    connect(search_, &QLineEdit::textChanged, this, &MapPanel::applyFilter);
    connect(view_, &MapView::pointSelected, this, [this](int index) {
        if (map_ && index >= 0 && size_t(index) < map_->trackIds.size()) {
            selectedTrack_ = map_->trackIds[size_t(index)];
            Q_EMIT trackSelected(selectedTrack_);
        }
    });
    connect(source_, &QComboBox::currentIndexChanged, this, [this] {
        if (!currentSource().isEmpty()) Q_EMIT sourceChanged(currentSource());
    });
    connect(colour_, &QComboBox::currentIndexChanged, this, [this] {
        clusters_->setVisible(colourBy() == ColourBy::Cluster);
        recolour();
    });
    connect(clusters_, &QSpinBox::valueChanged, this, [this] {
        if (colourBy() == ColourBy::Cluster) recolour();
    });
    connect(method_, &QComboBox::currentIndexChanged, this, [this] {
        const bool tsne = method() == MapMethod::Tsne, umap = method() == MapMethod::Umap;
        for (QWidget* w :
             std::initializer_list<QWidget*>{perplexity_, learningRate_, iterations_}) {
            w->setEnabled(tsne);
            w->setVisible(!umap);
        }
        neighbours_->setVisible(umap);
        minDist_->setVisible(umap);
    });
    // Picked by the person (not set by a bookmark or a project's options): the window shows that
    // method's stored map of the source, or an empty map that Compute Map fills.
    connect(method_, &QComboBox::activated, this, [this] { Q_EMIT methodChosen(); });
    connect(pause_, &QPushButton::clicked, this,
            [this] { Q_EMIT(paused_ ? resumeRequested() : pauseRequested()); });
    connect(saveBookmark_, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Bookmark this view"), tr("Name:"),
                                                   QLineEdit::Normal, QString(), &ok);
        if (ok && !name.trimmed().isEmpty()) Q_EMIT bookmarkSaveRequested(name.trimmed());
    });
    connect(bookmarks_, &QComboBox::activated, this, [this](int index) {
        if (index > 0) Q_EMIT bookmarkRestoreRequested(bookmarks_->itemText(index));
        const QSignalBlocker block(bookmarks_);
        bookmarks_->setCurrentIndex(0);
    });
    connect(sideBySide_, &QCheckBox::toggled, this, [this](bool on) {
        second_->setVisible(on);
        secondSource_->setVisible(on);
        linkSelection_->setVisible(on);
        if (on) Q_EMIT secondSourceChanged(secondSource());
    });
    connect(secondSource_, &QComboBox::currentIndexChanged, this, [this] {
        if (isSideBySide()) Q_EMIT secondSourceChanged(secondSource());
    });
    connect(second_, &MapView::pointSelected, this, [this](int index) {
        if (!secondMap_ || index < 0 || size_t(index) >= secondMap_->trackIds.size()) return;
        const Id track = secondMap_->trackIds[size_t(index)];
        if (linkSelection_->isChecked() && !selectTrack(track)) {
            selectedTrack_ = track;  // not on the first map: still the workspace's selection
            Q_EMIT trackSelected(track);
        }
    });
    connect(view_, &MapView::pointSelected, this, [this](int index) {
        if (!linkSelection_->isChecked() || !secondMap_ || !map_ || index < 0 ||
            size_t(index) >= map_->trackIds.size())
            return;
        second_->selectPoint(secondIndexOfTrack(map_->trackIds[size_t(index)]));
    });
    second_->setTooltipProvider([this](int index) { return secondLabels_.value(index); });
    second_->setLabelProvider([this](int index) { return secondLabels_.value(index); });
    connect(history_, &QCheckBox::toggled, this, &MapPanel::updateOverlays);
    connect(playlistOverlay_, &QCheckBox::toggled, this, &MapPanel::updateOverlays);
    view_->setTooltipProvider([this](int index) { return labels_.value(index); });
    view_->setLabelProvider([this](int index) { return labels_.value(index); });
    blendScores_.key = QStringLiteral("blend");
    blendScores_.title = tr("Blend score");
    setSources({{QStringLiteral("cf"), {}}});
    clear();
}

void MapPanel::setSources(const std::vector<MapSourceState>& sources) {
    const QString current = currentSource();
    const QSignalBlocker block(source_);
    source_->clear();
    auto* model = qobject_cast<QStandardItemModel*>(source_->model());
    for (const MapSourceState& s : sources) {
        source_->addItem(sourceTitle(s.name), s.name);
        QStandardItem* item = model->item(source_->count() - 1);
        item->setData(s.reason, Qt::UserRole + 1);
        if (!s.reason.isEmpty()) {
            item->setEnabled(false);
            item->setToolTip(s.reason);
        } else {
            item->setToolTip(tr("Map the %1 track vectors").arg(sourceTitle(s.name)));
        }
    }
    int index = source_->findData(current);
    if (index < 0 || !isSourceAvailable(current)) {
        // The first source that can be mapped (a folder with no history: Sound, not CF).
        index = 0;
        for (int i = 0; i < source_->count(); ++i)
            if (model->item(i)->isEnabled()) {
                index = i;
                break;
            }
    }
    source_->setCurrentIndex(index);

    const QString second = secondSource();
    const QSignalBlocker blockSecond(secondSource_);
    secondSource_->clear();
    auto* secondModel = qobject_cast<QStandardItemModel*>(secondSource_->model());
    int firstOther = -1;
    for (const MapSourceState& s : sources) {
        secondSource_->addItem(sourceTitle(s.name), s.name);
        QStandardItem* item = secondModel->item(secondSource_->count() - 1);
        if (!s.reason.isEmpty()) {
            item->setEnabled(false);
            item->setToolTip(s.reason);
        } else if (firstOther < 0 && s.name != currentSource()) {
            firstOther = secondSource_->count() - 1;
        }
    }
    int secondIndex = secondSource_->findData(second);
    if (secondIndex < 0 || !secondModel->item(secondIndex)->isEnabled())
        secondIndex = firstOther >= 0 ? firstOther : 0;
    secondSource_->setCurrentIndex(secondIndex);
}

void MapPanel::setSideBySide(bool on) {
    sideBySide_->setChecked(on);
}

bool MapPanel::isSideBySide() const {
    return sideBySide_->isChecked();
}

QString MapPanel::secondSource() const {
    return secondSource_->currentData().toString();
}

bool MapPanel::setSecondSource(const QString& source) {
    const int index = secondSource_->findData(source);
    const auto* model = qobject_cast<QStandardItemModel*>(secondSource_->model());
    if (index < 0 || !model->item(index)->isEnabled()) return false;
    if (index == secondSource_->currentIndex()) {
        if (isSideBySide()) Q_EMIT secondSourceChanged(source);
    } else {
        secondSource_->setCurrentIndex(index);
    }
    return true;
}

void MapPanel::setSelectionLinked(bool linked) {
    linkSelection_->setChecked(linked);
}

void MapPanel::setSecondMap(std::shared_ptr<const ProjectMap> map) {
    secondMap_ = std::move(map);
    secondIndexOf_.clear();
    secondLabels_.clear();
    auto points = std::make_shared<std::vector<MapPoint>>();
    if (secondMap_) {
        const CatalogTable* tracks = snapshot_ ? snapshot_->tracks.get() : nullptr;
        for (size_t i = 0; i < secondMap_->trackIds.size(); ++i) {
            const Id id = secondMap_->trackIds[i];
            secondIndexOf_.insert(id, int(i));
            points->push_back(
                {secondMap_->points(Eigen::Index(i), 0), secondMap_->points(Eigen::Index(i), 1)});
            const qint64 row = tracks ? tracks->rowOfId(id) : -1;
            secondLabels_ << (row >= 0
                                  ? tr("%1 — %2").arg(
                                        tracks->text(size_t(row), catalog_columns::TrackArtist),
                                        tracks->text(size_t(row), catalog_columns::TrackTitle))
                                  : tr("track %1").arg(id));
        }
    }
    second_->setPoints(points);
    recolour();
    applyFilter();
    applyEmphasis();
    if (linkSelection_->isChecked() && selectedTrack_ != 0)
        second_->selectPoint(secondIndexOfTrack(selectedTrack_));
}

QString MapPanel::currentSource() const {
    return source_->currentData().toString();
}

bool MapPanel::isSourceAvailable(const QString& source) const {
    const int index = source_->findData(source);
    if (index < 0) return false;
    const auto* model = qobject_cast<QStandardItemModel*>(source_->model());
    return model->item(index)->isEnabled();
}

QString MapPanel::sourceReason(const QString& source) const {
    const int index = source_->findData(source);
    return index < 0 ? tr("unknown source") : source_->itemData(index, Qt::UserRole + 1).toString();
}

bool MapPanel::setCurrentSource(const QString& source) {
    if (!isSourceAvailable(source)) return false;
    source_->setCurrentIndex(source_->findData(source));
    return true;
}

void MapPanel::clear() {
    map_.reset();
    indexOf_.clear();
    labels_.clear();
    clusterOf_.clear();
    clusterK_ = 0;
    view_->setPoints(std::make_shared<std::vector<MapPoint>>());
    view_->setLegend({});
    matchCount_ = -1;
    matchLabel_->setVisible(false);
    quality_->setText(
        tr("No map yet: Compute Map places every track near the tracks the "
           "chosen source finds similar."));
    search_->setEnabled(false);
    export_->setEnabled(false);
}

void MapPanel::setSnapshot(const ProjectSnapshot* snapshot) {
    if (snapshot == snapshot_) return;
    snapshot_ = snapshot;
    // Cached per table: a new snapshot's table may even sit at the old one's address.
    tableColumns_.clear();
    tableColumnsOf_ = nullptr;
}

void MapPanel::setMap(std::shared_ptr<const ProjectMap> map, const ProjectSnapshot* snapshot) {
    setSnapshot(snapshot);
    if (!map || map->trackIds.empty()) return clear();
    map_ = std::move(map);
    if (clusterSource_ != map_->source) {
        clusterOf_.clear();
        clusterK_ = 0;
        clusterRequested_ = 0;
    }
    indexOf_.clear();
    labels_.clear();
    const CatalogTable* tracks = snapshot ? snapshot->tracks.get() : nullptr;
    auto points = std::make_shared<std::vector<MapPoint>>();
    points->reserve(map_->trackIds.size());
    for (size_t i = 0; i < map_->trackIds.size(); ++i) {
        const Id id = map_->trackIds[i];
        indexOf_.insert(id, int(i));
        points->push_back({map_->points(Eigen::Index(i), 0), map_->points(Eigen::Index(i), 1)});
        const qint64 row = tracks ? tracks->rowOfId(id) : -1;
        labels_ << (row >= 0
                        ? tr("%1 — %2").arg(tracks->text(size_t(row), catalog_columns::TrackArtist),
                                            tracks->text(size_t(row), catalog_columns::TrackTitle))
                        : tr("track %1").arg(id));
    }
    view_->setPoints(points);
    updateColourItems();
    recolour();
    view_->fitAll();  // again, now that the legend it leaves room for is known
    updateOverlays();
    applyFilter();
    applyEmphasis();
    // Another source's map of the same tracks: the selected track stays selected.
    if (selectedTrack_ != 0) selectTrack(selectedTrack_);

    const QString method = map_->meta.value(QStringLiteral("method")).toString();
    QStringList figures{tr("%1 tracks, %2 of the %3 vectors")
                            .arg(map_->trackIds.size())
                            .arg(method == QLatin1String("pca")    ? tr("PCA")
                                 : method == QLatin1String("umap") ? tr("UMAP")
                                                                   : tr("t-SNE"),
                                 sourceTitle(map_->source))};
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
    // What the engine warned of (an out-of-date CF model, a map by descriptors alone): the
    // figures are of this map, and so are its caveats.
    for (const QJsonValue& w : m.value(QStringLiteral("warnings")).toArray())
        figures << w.toString();
    quality_->setText(figures.join(QStringLiteral(" · ")));
    search_->setEnabled(true);
    export_->setEnabled(true);
}

bool MapPanel::selectTrack(Id trackId) {
    // The window's current track, held or not: a track this map lacks leaves no ring on another
    // (and a map of another source rings it when it has it).
    selectedTrack_ = trackId;
    const int index = indexOfTrack(trackId);
    view_->selectPoint(index);  // -1: no ring
    return index >= 0;
}

void MapPanel::setTrackData(std::shared_ptr<const MapTrackData> data) {
    data_ = std::move(data);
    colour_->setItemText(int(ColourBy::Score), data_ && !data_->userName.isEmpty()
                                                   ? tr("Score for %1 (CF)").arg(data_->userName)
                                                   : tr("Score for you (CF)"));
    auto* model = qobject_cast<QStandardItemModel*>(colour_->model());
    const bool scores = data_ && !data_->score.isEmpty();
    model->item(int(ColourBy::Score))->setEnabled(scores);
    model->item(int(ColourBy::Score))
        ->setToolTip(scores ? tr("x_u · y_i of the CF model, for the user the map is drawn for")
                            : (data_ ? data_->scoreError : QString()));
    history_->setEnabled(data_ && !data_->userPlays.isEmpty());
    updateColourItems();
    recolour();
    updateOverlays();
}

void MapPanel::setColourBy(ColourBy mode) {
    colour_->setCurrentIndex(int(mode));
}

MapPanel::ColourBy MapPanel::colourBy() const {
    return ColourBy(std::max(0, colour_->currentIndex()));
}

int MapPanel::clusterCount() const {
    return clusters_->value();
}

void MapPanel::setClusterCount(int k) {
    clusters_->setValue(k);
}

void MapPanel::setClusters(QHash<Id, int> clusters, int k) {
    clusterOf_ = std::move(clusters);
    clusterK_ = k;
    clusterSource_ = map_ ? map_->source : QString();
    clusterRequested_ = 0;
    recolour();
}

void MapPanel::recolour() {
    // A colouring by a column not read yet reads them now; the combo then says which are empty.
    const bool unread = columnsUnread();
    columnFor(colourBy(), true);
    if (unread && !columnsUnread()) updateColourItems();
    const std::pair<MapView*, const ProjectMap*> maps[] = {{view_, map_.get()},
                                                           {second_, secondMap_.get()}};
    for (const auto& [view, map] : maps) {
        if (!map) continue;
        auto points = std::make_shared<std::vector<MapPoint>>(view->points());
        if (points->size() != map->trackIds.size()) continue;
        std::vector<std::pair<QString, QRgb>> legend;
        if (view == view_) ramp_ = {};
        colourPoints(map->trackIds, *points, legend, view == view_);
        view->setPoints(points, true);
        // One legend: the second map wears the first one's colours.
        view->setLegend(view == view_ ? std::move(legend)
                                      : std::vector<std::pair<QString, QRgb>>{});
        if (view == view_ && (!ramp_.colours.empty() || !ramp_.title.isEmpty()))
            view->setRampLegend(ramp_.title, ramp_.colours, ramp_.low, ramp_.high);
    }
}

bool MapPanel::columnsUnread() const {
    return data_ && data_->readColumns && readColumnsOf_ != data_.get();
}

const MapColumn* MapPanel::columnFor(ColourBy mode, bool read) const {
    QString key;
    switch (mode) {
        case ColourBy::Listeners:
            key = QStringLiteral("listeners");
            break;
        case ColourBy::ColdStart:
            key = QStringLiteral("cold_start");
            break;
        case ColourBy::Album:
            key = QStringLiteral("album");
            break;
        case ColourBy::Year:
            key = QStringLiteral("year");
            break;
        case ColourBy::Format:
            key = QStringLiteral("format");
            break;
        case ColourBy::Import:
            key = QStringLiteral("import");
            break;
        case ColourBy::TextScore:
            key = QStringLiteral("score.text");
            break;
        case ColourBy::AudioScore:
            key = QStringLiteral("score.audio");
            break;
        case ColourBy::BlendScore:
            return blendScores_.numbers.isEmpty() ? nullptr : &blendScores_;
        default:
            return nullptr;
    }
    // The library table's columns, read once per table the workspace shows.
    const CatalogTable* tracks = snapshot_ ? snapshot_->tracks.get() : nullptr;
    if (tracks && tableColumnsOf_ != tracks) {
        tableColumns_ = trackTableColumns(*tracks);
        tableColumnsOf_ = tracks;
    }
    for (const MapColumn& c : tableColumns_)
        if (c.key == key) return tracks ? &c : nullptr;
    if (data_)
        for (const MapColumn& c : data_->columns)
            if (c.key == key) return &c;
    if (columnsUnread() && read) {
        readColumns_ = data_->readColumns();
        readColumnsOf_ = data_.get();
    }
    if (data_ && readColumnsOf_ == data_.get())
        for (const MapColumn& c : readColumns_)
            if (c.key == key) return &c;
    return nullptr;
}

bool MapPanel::isColourAvailable(ColourBy mode) const {
    const auto* model = qobject_cast<QStandardItemModel*>(colour_->model());
    return model->item(int(mode))->isEnabled();
}

void MapPanel::updateColourItems() {
    auto* model = qobject_cast<QStandardItemModel*>(colour_->model());
    for (int m = int(ColourBy::Listeners); m < kColourModes; ++m) {
        const auto mode = ColourBy(m);
        const MapColumn* column = columnFor(mode);
        QStandardItem* item = model->item(m);
        // The store's columns and the content scores, not read yet: offered, read when chosen.
        const bool unread = !column && columnsUnread() && mode != ColourBy::BlendScore &&
                            mode != ColourBy::Listeners && mode != ColourBy::ColdStart &&
                            mode != ColourBy::Album;
        item->setEnabled(column != nullptr || unread);
        if (unread) {
            item->setToolTip(tr("Read from the project when chosen"));
            continue;
        }
        QString why;
        switch (mode) {
            case ColourBy::Year:
                why = tr("No track's file has a year in its tags");
                break;
            case ColourBy::Format:
                why = tr("No track has an audio file");
                break;
            case ColourBy::Import:
                why = tr("Nothing was imported");
                break;
            case ColourBy::BlendScore:
                why = tr("Make this week's playlist first: its picks carry a blend score");
                break;
            case ColourBy::TextScore:
                why = tr("The text model is not trained yet");
                break;
            case ColourBy::AudioScore:
                why = tr("The audio model has not predicted vectors yet");
                break;
            default:
                why = tr("The library is not loaded yet");
        }
        item->setToolTip(column ? tr("Colour the dots by %1").arg(column->title) : why);
    }
}

void MapPanel::colourByColumn(const MapColumn& column, const std::vector<Id>& ids,
                              std::vector<MapPoint>& points,
                              std::vector<std::pair<QString, QRgb>>& legend, bool primary) {
    const size_t n = ids.size();
    const QLocale locale;
    if (!column.categorical) {
        const std::vector<double> values = columnNumbers(column, ids);
        // The range of the primary map's tracks, so both maps of a side-by-side view agree.
        const ContinuousScale scale = continuousScale(
            primary || !map_ ? values : columnNumbers(column, map_->trackIds), column.logScale);
        // Scores on magma (its darkest end left out: black dots vanish on a dark background),
        // catalog figures on viridis.
        const bool score =
            column.key.startsWith(QLatin1String("score")) || column.key == QLatin1String("blend");
        const ColorMap& cmap = ColorMap::get(score ? ColorMap::Magma : ColorMap::Viridis);
        // On a dark background viridis' darkest purples vanish: its low end starts lighter.
        const bool dark = palette().color(QPalette::Base).lightness() < 128;
        const auto colourAt = [&](double t) {
            return cmap.color(float(score ? 0.1 + 0.85 * t : dark ? 0.2 + 0.8 * t : t));
        };
        int noValue = 0;
        for (size_t i = 0; i < n; ++i) {
            if (std::isnan(values[i])) {
                points[i].color = kUnknown;
                ++noValue;
            } else {
                points[i].color = colourAt(scale.position(values[i]));
            }
        }
        if (!primary) return;
        const auto text = [&](double v) {
            if (!column.integer) return locale.toString(v, 'f', 2);
            // Years read as years (1987, not 1,987); counts with the locale's separators.
            return column.key == QLatin1String("year") ? QString::number(qint64(std::llround(v)))
                                                       : locale.toString(qint64(std::llround(v)));
        };
        ramp_.title = column.title;
        if (scale.count > 0) {
            for (int k = 0; k < 16; ++k) ramp_.colours.push_back(colourAt(k / 15.0));
            ramp_.low = text(scale.min);
            ramp_.high = text(scale.max);
        }
        if (noValue > 0)
            legend.emplace_back(tr("No value (%1)").arg(locale.toString(noValue)), kUnknown);
        return;
    }
    // Categorical: the largest categories named (the primary map's, on the second map), the
    // rest as "Other", the tracks without a value as "No value"; counts are the map's tracks.
    constexpr int kNamed = 9;  // categoryColour's hues that do not look grey
    constexpr QRgb kOther = 0xff6f6f6f;
    const std::vector<QString> values = columnCategories(column, ids);
    std::vector<QString> order;
    if (!primary && map_)
        order = categoryBins(columnCategories(column, map_->trackIds), kNamed).names;
    const CategoryBins bins = categoryBins(values, kNamed, primary || !map_ ? nullptr : &order);
    for (size_t i = 0; i < n; ++i) {
        const int b = bins.binOf[i];
        points[i].color = b >= 0                      ? categoryColour(b)
                          : b == CategoryBins::kOther ? kOther
                                                      : kUnknown;
    }
    if (!primary) return;
    ramp_.title = column.title;
    for (size_t k = 0; k < bins.names.size(); ++k)
        legend.emplace_back(tr("%1 (%2)").arg(bins.names[k], locale.toString(bins.counts[k])),
                            categoryColour(int(k)));
    if (bins.other > 0)
        legend.emplace_back(
            tr("Other: %1 more (%2)")
                .arg(locale.toString(bins.otherCategories), locale.toString(bins.other)),
            kOther);
    if (bins.noValue > 0)
        legend.emplace_back(tr("No value (%1)").arg(locale.toString(bins.noValue)), kUnknown);
}

void MapPanel::setFilterText(const QString& text) {
    search_->setText(text);  // textChanged applies it
    applyFilter();
}

void MapPanel::applyFilter() {
    const QString query = search_->text().trimmed();
    if (query.isEmpty() || !map_) {
        matchCount_ = -1;
        matchLabel_->setVisible(false);
        view_->setMatches({});
        second_->setMatches({});
        return;
    }
    // The Catalog window's matching: every word, folded for case and accents, in the track's
    // artist, title or album; a track the library table lacks is matched by its label.
    const CatalogTable* tracks = snapshot_ ? snapshot_->tracks.get() : nullptr;
    QSet<Id> matching;
    if (tracks)
        for (const quint32 row : tracks->matchingRows(query)) matching.insert(tracks->id(row));
    const auto matches = [&](Id id, const QString& label) {
        return tracks && tracks->rowOfId(id) >= 0 ? matching.contains(id)
                                                  : label.contains(query, Qt::CaseInsensitive);
    };
    std::vector<uint8_t> flags(map_->trackIds.size(), 0);
    matchCount_ = 0;
    for (size_t i = 0; i < flags.size(); ++i)
        if (matches(map_->trackIds[i], labels_.value(int(i)))) {
            flags[i] = 1;
            ++matchCount_;
        }
    view_->setMatches(std::move(flags));
    if (secondMap_) {
        std::vector<uint8_t> second(secondMap_->trackIds.size(), 0);
        for (size_t i = 0; i < second.size(); ++i)
            second[i] = matches(secondMap_->trackIds[i], secondLabels_.value(int(i))) ? 1 : 0;
        second_->setMatches(std::move(second));
    }
    const QLocale locale;
    matchLabel_->setText(
        tr("%1 of %2 match")
            .arg(locale.toString(matchCount_), locale.toString(qint64(map_->trackIds.size()))));
    matchLabel_->setVisible(true);
}

void MapPanel::setEmphasisedTracks(const QVector<Id>& tracks) {
    emphasisedTracks_ = tracks;
    applyEmphasis();
}

void MapPanel::applyEmphasis() {
    std::vector<int> first, second;
    for (const Id id : emphasisedTracks_) {
        if (const int i = indexOfTrack(id); i >= 0) first.push_back(i);
        if (const int i = secondIndexOfTrack(id); i >= 0) second.push_back(i);
    }
    view_->setEmphasised(std::move(first));
    second_->setEmphasised(std::move(second));
}

void MapPanel::colourPoints(const std::vector<Id>& ids, std::vector<MapPoint>& pts,
                            std::vector<std::pair<QString, QRgb>>& legend, bool primary) {
    const size_t n = ids.size();
    auto* points = &pts;
    const CatalogTable* tracks = snapshot_ ? snapshot_->tracks.get() : nullptr;
    const auto trackAt = [&](size_t i) { return ids[i]; };
    if (const MapColumn* column = columnFor(colourBy(), true)) {
        colourByColumn(*column, ids, pts, legend, primary);
        return;
    }

    switch (colourBy()) {
        case ColourBy::Genre:
        case ColourBy::Artist: {
            const bool genre = colourBy() == ColourBy::Genre;
            const auto labelsOf = [&](const std::vector<Id>& of) {
                std::vector<QString> labels(of.size());
                for (size_t i = 0; i < of.size(); ++i) {
                    const Id id = of[i];
                    if (genre) {
                        labels[i] = data_ ? data_->genre.value(id)
                                          : (snapshot_ ? snapshot_->genreOf(id) : QString());
                    } else if (tracks) {
                        const qint64 row = tracks->rowOfId(id);
                        if (row >= 0)
                            labels[i] = tracks->text(size_t(row), catalog_columns::TrackArtist);
                    }
                }
                return labels;
            };
            const std::vector<QString> labels = labelsOf(ids);
            // Colours follow the primary map's order, so a side-by-side map matches it.
            const std::vector<QString> order =
                byFrequency(primary || !map_ ? labels : labelsOf(map_->trackIds));
            QHash<QString, int> rank;
            for (size_t r = 0; r < order.size(); ++r) rank.insert(order[r], int(r));
            const auto colourOf = [&](int r) {
                return r < 0 ? kUnknown : genre ? categoryColour(r) : artistColour(r);
            };
            QHash<QString, int> count;
            int unknown = 0;
            for (size_t i = 0; i < n; ++i) {
                (*points)[i].color =
                    labels[i].isEmpty() ? kUnknown : colourOf(rank.value(labels[i], -1));
                if (labels[i].isEmpty())
                    ++unknown;
                else
                    ++count[labels[i]];
            }
            // The grey dots are named too, where their number puts them among the others: a
            // map of untagged files leads with them, a few strays come last.
            bool unknownListed = unknown == 0;
            for (size_t r = 0; r < order.size(); ++r) {
                if (!unknownListed && unknown > count.value(order[r])) {
                    legend.emplace_back(genre ? tr("No genre") : tr("No artist"), kUnknown);
                    unknownListed = true;
                }
                legend.emplace_back(order[r], colourOf(int(r)));
            }
            if (!unknownListed)
                legend.emplace_back(genre ? tr("No genre") : tr("No artist"), kUnknown);
            break;
        }
        case ColourBy::PlayCount: {
            // Plays are heavy-tailed: a log scale shows the difference between 1 and 10 plays
            // as clearly as between 100 and 1,000.
            std::vector<qint64> plays(n, 0);
            qint64 most = 0;
            for (size_t i = 0; i < n; ++i) {
                const qint64 row = tracks ? tracks->rowOfId(trackAt(i)) : -1;
                plays[i] = row >= 0 ? tracks->number(size_t(row), catalog_columns::TrackPlays) : 0;
                most = std::max(most, plays[i]);
            }
            const ColorMap& cmap = ColorMap::get(ColorMap::Viridis);
            const double top = std::log1p(double(std::max<qint64>(most, 1)));
            for (size_t i = 0; i < n; ++i)
                (*points)[i].color = cmap.color(float(std::log1p(double(plays[i])) / top));
            for (int s = 0; s <= 4; ++s) {
                const double t = s / 4.0;
                const qint64 value = qint64(std::llround(std::expm1(t * top)));
                legend.emplace_back(value == 1 ? tr("1 play") : tr("%1 plays").arg(value),
                                    cmap.color(float(t)));
            }
            break;
        }
        case ColourBy::Cluster: {
            // The clusters are the primary source's: on the second map they show where that
            // source's groups land in the other one.
            if (clusterK_ != clusters_->value() || !map_ || clusterSource_ != map_->source) {
                for (MapPoint& p : *points) p.color = kUnknown;
                legend.emplace_back(tr("computing %1 clusters…").arg(clusters_->value()), kUnknown);
                if (primary && map_ && clusterRequested_ != clusters_->value()) {
                    clusterRequested_ = clusters_->value();  // asked once, not per recolour
                    Q_EMIT clustersRequested(map_->source, clusters_->value());
                }
                break;
            }
            std::vector<int> sizes(size_t(clusterK_), 0);
            for (size_t i = 0; i < n; ++i) {
                const int c = clusterOf_.value(trackAt(i), -1);
                (*points)[i].color = categoryColour(c);
                if (c >= 0 && c < clusterK_) ++sizes[size_t(c)];
            }
            for (int c = 0; c < clusterK_; ++c)
                if (sizes[size_t(c)] > 0)
                    legend.emplace_back(tr("cluster %1 (%2)").arg(c + 1).arg(sizes[size_t(c)]),
                                        categoryColour(c));
            break;
        }
        case ColourBy::Score: {
            const ColorMap& cmap = ColorMap::get(ColorMap::Magma);
            float lo = 0.f, hi = 0.f;
            bool any = false;
            // Scaled over every scored track, so both maps of a side-by-side view agree.
            if (data_)
                for (const float score : data_->score) {
                    lo = any ? std::min(lo, score) : score;
                    hi = any ? std::max(hi, score) : score;
                    any = true;
                }
            const float span = hi > lo ? hi - lo : 1.f;
            for (size_t i = 0; i < n; ++i) {
                const auto it =
                    data_ ? data_->score.constFind(trackAt(i)) : QHash<Id, float>::const_iterator();
                (*points)[i].color = data_ && it != data_->score.cend()
                                         ? cmap.color(0.1f + 0.85f * (*it - lo) / span)
                                         : kUnknown;
            }
            if (!any) {
                legend.emplace_back(data_ ? data_->scoreError : tr("no CF scores"), kUnknown);
                break;
            }
            for (int s = 4; s >= 0; --s) {
                const float t = float(s) / 4.f;
                legend.emplace_back(tr("score %1").arg(double(lo + t * span), 0, 'f', 2),
                                    cmap.color(0.1f + 0.85f * t));
            }
            break;
        }
        default:
            // A column with no values now (the combo disables it): grey, and why.
            for (MapPoint& p : *points) p.color = kUnknown;
            legend.emplace_back(
                colour_->itemData(colour_->currentIndex(), Qt::ToolTipRole).toString(), kUnknown);
            break;
    }
}

void MapPanel::setHistoryShown(bool shown) {
    history_->setChecked(shown);
}

void MapPanel::setPlaylistShown(bool shown) {
    playlistOverlay_->setChecked(shown);
}

void MapPanel::setPlaylist(const WeeklyPlaylist* playlist) {
    playlist_.clear();
    if (playlist)
        for (const PlaylistEntry& e : playlist->entries) {
            std::vector<Id> because;
            for (const SourceShare& s : e.sources)
                for (Id b : s.evidence.becauseOf)
                    if (std::find(because.begin(), because.end(), b) == because.end())
                        because.push_back(b);
            playlist_.emplace_back(e.trackId, std::move(because));
        }
    blendScores_.numbers.clear();
    if (playlist)
        for (const PlaylistEntry& e : playlist->entries)
            blendScores_.numbers.insert(e.trackId, double(e.score));
    playlistOverlay_->setEnabled(!playlist_.empty());
    updateColourItems();
    if (colourBy() == ColourBy::BlendScore) recolour();
    updateOverlays();
}

void MapPanel::updateOverlays() {
    if (!map_) return;
    std::vector<int> rings;
    std::vector<std::pair<int, int>> links;
    if (history_->isChecked() && data_)
        for (auto it = data_->userPlays.cbegin(); it != data_->userPlays.cend(); ++it)
            if (const int i = indexOfTrack(it.key()); i >= 0 && it.value() > 0) rings.push_back(i);
    if (playlistOverlay_->isChecked())
        for (const auto& [pick, because] : playlist_) {
            const int p = indexOfTrack(pick);
            if (p < 0) continue;
            rings.push_back(p);
            for (Id b : because)
                if (const int i = indexOfTrack(b); i >= 0) links.emplace_back(p, i);
        }
    std::sort(rings.begin(), rings.end());
    rings.erase(std::unique(rings.begin(), rings.end()), rings.end());
    view_->setHighlighted(std::move(rings));
    view_->setLinks(std::move(links));
}

bool MapPanel::exportPng(const QString& path, QString* error) {
    const QImage image = view_->renderImage(2.0);
    if (image.save(path, "PNG")) return true;
    if (error) *error = tr("%1: cannot write the PNG file").arg(path);
    return false;
}

bool MapPanel::exportSvg(const QString& path, QString* error) {
    return view_->exportSvg(path, error);
}

void MapPanel::exportWithDialog() {
    QString filter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the map"), QStringLiteral("map-%1.png").arg(currentSource()),
        tr("PNG image, 2x (*.png);;SVG drawing (*.svg)"), &filter);
    if (path.isEmpty()) return;
    QString error;
    const bool ok = path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)
                        ? exportSvg(path, &error)
                        : exportPng(path, &error);
    if (!ok) quality_->setText(error);
}

MapOptions MapPanel::projectionOptions() const {
    MapOptions o;
    parseMethod(method_->currentData().toString(), &o.method);
    o.tsne.perplexity = perplexity_->value();
    o.tsne.learningRate = learningRate_->value();
    o.tsne.iterations = iterations_->value();
    o.tsne.seed = uint64_t(seed_->value());
    o.umap.neighbours = neighbours_->value();
    o.umap.minDist = minDist_->value();
    // Both models compare their tracks by cosine (ALS similar items, LSA cosine).
    o.tsne.metric = MapMetric::Cosine;
    return o;
}

void MapPanel::setProjectionOptions(const MapOptions& o) {
    method_->setCurrentIndex(std::max(0, method_->findData(methodName(o.method))));
    perplexity_->setValue(o.tsne.perplexity);
    learningRate_->setValue(o.tsne.learningRate);
    iterations_->setValue(o.tsne.iterations);
    seed_->setValue(int(o.tsne.seed));
    neighbours_->setValue(o.umap.neighbours);
    minDist_->setValue(o.umap.minDist);
    neighbours_->setVisible(o.method == MapMethod::Umap);
    minDist_->setVisible(o.method == MapMethod::Umap);
}

void MapPanel::showIntermediate(std::shared_ptr<const ProjectMap> map) {
    if (!map || !map_ || map->source != map_->source || map->trackIds != map_->trackIds) {
        setMap(std::move(map), snapshot_);  // the first frame of a new map
        return;
    }
    auto points = std::make_shared<std::vector<MapPoint>>(view_->points());
    for (size_t i = 0; i < points->size(); ++i) {
        (*points)[i].x = map->points(Eigen::Index(i), 0);
        (*points)[i].y = map->points(Eigen::Index(i), 1);
    }
    map_ = std::move(map);
    view_->setPoints(points, true);
    view_->fitAll();  // t-SNE's layout grows as it converges: keep all of it in view
    if (map_->meta.value(QStringLiteral("method")).toString() == methodName(MapMethod::Umap)) {
        quality_->setText(tr("%1 tracks, UMAP of the %2 vectors · running: epoch %3 of %4 "
                             "(quality figures come with the finished map)")
                              .arg(map_->trackIds.size())
                              .arg(sourceTitle(map_->source))
                              .arg(map_->meta.value(QStringLiteral("iterations")).toInt())
                              .arg(umapDefaultEpochs(int(map_->trackIds.size()))));
        return;
    }
    quality_->setText(tr("%1 tracks, t-SNE of the %2 vectors · running: iteration %3 of %4 "
                         "(quality figures come with the finished map)")
                          .arg(map_->trackIds.size())
                          .arg(sourceTitle(map_->source))
                          .arg(map_->meta.value(QStringLiteral("iterations")).toInt())
                          .arg(iterations_->value()));
}

void MapPanel::setProjectionRunning(bool running, bool paused) {
    paused_ = paused;
    pause_->setEnabled(running || paused);
    pause_->setText(paused ? tr("Resume") : tr("Pause"));
    compute_->setText(running || paused ? tr("Restart") : tr("Compute Map"));
}

QJsonObject MapPanel::state() const {
    const MapOptions o = projectionOptions();
    const QRectF visible(view_->toData(QPointF(0, 0)),
                         view_->toData(QPointF(view_->width(), view_->height())));
    return QJsonObject{
        {QStringLiteral("source"), currentSource()},
        {QStringLiteral("method"), methodName(o.method)},
        {QStringLiteral("perplexity"), o.tsne.perplexity},
        {QStringLiteral("learning_rate"), o.tsne.learningRate},
        {QStringLiteral("iterations"), o.tsne.iterations},
        {QStringLiteral("seed"), qint64(o.tsne.seed)},
        {QStringLiteral("n_neighbors"), o.umap.neighbours},
        {QStringLiteral("min_dist"), o.umap.minDist},
        {QStringLiteral("colour_by"), int(colourBy())},
        {QStringLiteral("clusters"), clusters_->value()},
        {QStringLiteral("history"), history_->isChecked()},
        {QStringLiteral("playlist"), playlistOverlay_->isChecked()},
        {QStringLiteral("selected_track"), qint64(selectedTrack_)},
        {QStringLiteral("side_by_side"), isSideBySide()},
        {QStringLiteral("second_source"), secondSource()},
        {QStringLiteral("linked_selection"), linkSelection_->isChecked()},
        {QStringLiteral("centre_x"), view_->centre().x()},
        {QStringLiteral("centre_y"), view_->centre().y()},
        {QStringLiteral("scale"), view_->scale()},
        {QStringLiteral("visible"), QJsonObject{{QStringLiteral("left"), visible.left()},
                                                {QStringLiteral("top"), visible.top()},
                                                {QStringLiteral("right"), visible.right()},
                                                {QStringLiteral("bottom"), visible.bottom()}}},
    };
}

bool MapPanel::applyState(const QJsonObject& state) {
    MapOptions o;
    if (!parseMethod(state.value(QStringLiteral("method")).toString(), &o.method))
        o.method = MapMethod::Tsne;
    o.tsne.perplexity = state.value(QStringLiteral("perplexity")).toDouble(o.tsne.perplexity);
    o.tsne.learningRate = state.value(QStringLiteral("learning_rate")).toDouble(0.0);
    o.tsne.iterations = state.value(QStringLiteral("iterations")).toInt(o.tsne.iterations);
    o.tsne.seed = uint64_t(state.value(QStringLiteral("seed")).toInteger(1));
    o.umap.neighbours = state.value(QStringLiteral("n_neighbors")).toInt(o.umap.neighbours);
    o.umap.minDist = state.value(QStringLiteral("min_dist")).toDouble(o.umap.minDist);
    setProjectionOptions(o);
    const QString source = state.value(QStringLiteral("source")).toString();
    if (source == currentSource())
        Q_EMIT sourceChanged(source);    // reloads the stored map of the restored method
    else if (!setCurrentSource(source))  // loads that source's stored map
        return false;
    clusters_->setValue(state.value(QStringLiteral("clusters")).toInt(clusters_->value()));
    setColourBy(ColourBy(
        std::clamp(state.value(QStringLiteral("colour_by")).toInt(), 0, kColourModes - 1)));
    linkSelection_->setChecked(state.value(QStringLiteral("linked_selection")).toBool(true));
    setSecondSource(state.value(QStringLiteral("second_source")).toString());
    setSideBySide(state.value(QStringLiteral("side_by_side")).toBool());
    history_->setChecked(state.value(QStringLiteral("history")).toBool());
    playlistOverlay_->setChecked(state.value(QStringLiteral("playlist")).toBool());
    const Id track = state.value(QStringLiteral("selected_track")).toInteger();
    selectedTrack_ = track;
    if (track == 0 || !selectTrack(track)) view_->selectPoint(-1);
    selectedTrack_ = track;
    if (state.contains(QStringLiteral("scale")))
        view_->setView(QPointF(state.value(QStringLiteral("centre_x")).toDouble(),
                               state.value(QStringLiteral("centre_y")).toDouble()),
                       state.value(QStringLiteral("scale")).toDouble());
    return true;
}

void MapPanel::setBookmarks(const QStringList& names) {
    const QSignalBlocker block(bookmarks_);
    bookmarks_->clear();
    bookmarks_->addItem(names.isEmpty() ? tr("No bookmarks")
                                        : tr("Bookmarks (%1)").arg(names.size()));
    bookmarks_->addItems(names);
    bookmarks_->setEnabled(!names.isEmpty());
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
