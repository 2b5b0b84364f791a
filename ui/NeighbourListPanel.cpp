#include "NeighbourListPanel.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"

namespace tl {

namespace {

QString sourceTitle(const QString& name) {
    if (name == QLatin1String("cf")) return NeighbourListPanel::tr("CF (listening)");
    if (name == QLatin1String("text")) return NeighbourListPanel::tr("Text (LSA)");
    if (name == QLatin1String("audio")) return NeighbourListPanel::tr("Audio model");
    if (name == QLatin1String("sound")) return NeighbourListPanel::tr("Sound (descriptors)");
    if (name == QLatin1String("blend")) return NeighbourListPanel::tr("Blend");
    return name;
}

struct Loaded {
    std::shared_ptr<const NeighbourSearch> search;
    QString error;
};

}  // namespace

SourceVectorCache::SourceVectorCache(QObject* parent) : QObject(parent) {}

void SourceVectorCache::setProject(const QString& path) {
    if (path == path_ && !path.isEmpty()) {
        for (auto it = searches_.cbegin(); it != searches_.cend(); ++it)
            stale_.insert(it.key(), it.value());
    } else {
        stale_.clear();
    }
    path_ = path;
    ++generation_;
    searches_.clear();
    errors_.clear();
    loading_.clear();
}

std::shared_ptr<const NeighbourSearch> SourceVectorCache::search(const QString& source) {
    if (const auto it = searches_.constFind(source); it != searches_.constEnd()) return *it;
    if (path_.isEmpty() || errors_.contains(source)) return nullptr;
    if (loading_.contains(source)) return stale_.value(source);
    loading_.insert(source);
    const QString path = path_;
    const int generation = generation_;
    QtConcurrent::run([path, source]() -> Loaded {
        auto store = ProjectStore::open(path);
        if (!store) return {nullptr, store.status().message()};
        auto vectors = loadSourceVectors(*store.value(), source);
        if (!vectors) return {nullptr, vectors.status().message()};
        return {std::make_shared<const NeighbourSearch>(
                    std::make_shared<const SourceVectors>(std::move(vectors).value())),
                {}};
    }).then(this, [this, source, generation](Loaded loaded) {
        if (generation != generation_) return;  // another project view since
        loading_.remove(source);
        stale_.remove(source);
        if (loaded.search)
            searches_.insert(source, std::move(loaded.search));
        else
            errors_.insert(source, loaded.error);
        Q_EMIT this->loaded(source);
    });
    // A read that finished before then() was attached has run its continuation already (and
    // announced it): answer with what it read. Otherwise, meanwhile, what this project view read
    // before, if anything.
    if (const auto it = searches_.constFind(source); it != searches_.constEnd()) return *it;
    return stale_.value(source);
}

void SourceVectorCache::explain(const QString& source, Id track) {
    if (path_.isEmpty()) return;
    const QString path = path_;
    const int generation = generation_;
    const std::shared_ptr<const NeighbourSearch> search = searches_.value(source);
    const QString error = errors_.value(source);
    QtConcurrent::run([path, source, track, search, error]() -> QString {
        auto store = ProjectStore::open(path);
        if (!store) return store.status().message();
        return missingVectorReason(*store.value(), source, track,
                                   search ? &search->vectors() : nullptr, error);
    }).then(this, [this, source, track, generation](const QString& reason) {
        if (generation == generation_) Q_EMIT explained(source, track, reason);
    });
}

NeighbourListPanel::NeighbourListPanel(SourceVectorCache* cache, QWidget* parent)
    : QWidget(parent), cache_(cache) {
    setObjectName(QStringLiteral("neighbourList"));
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("neighbourTitle"));
    title_->setTextFormat(Qt::PlainText);
    title_->setWordWrap(true);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    title_->setMinimumWidth(1);  // long names are cut, not the panel widened
    k_ = new QSpinBox(this);
    k_->setObjectName(QStringLiteral("neighbourK"));
    k_->setRange(1, 100);
    k_->setValue(10);
    k_->setPrefix(tr("k = "));
    k_->setToolTip(tr("How many neighbours to list"));
    sources_ = new QComboBox(this);
    sources_->setObjectName(QStringLiteral("neighbourSources"));
    sources_->setToolTip(tr("Whose vectors the neighbours are found in"));
    for (const QString& name : mapSourceNames()) sources_->addItem(sourceTitle(name), name);
    header_ = new QLabel(this);
    header_->setObjectName(QStringLiteral("neighbourHeader"));
    header_->setWordWrap(true);
    QPalette dim = header_->palette();
    dim.setColor(QPalette::WindowText, dim.color(QPalette::PlaceholderText));
    header_->setPalette(dim);
    list_ = new QTreeWidget(this);
    list_->setObjectName(QStringLiteral("neighbourRows"));
    list_->setRootIsDecorated(false);
    list_->setUniformRowHeights(true);
    list_->setAlternatingRowColors(true);
    // The rank is the row's place; the names get the width (the metric is in the header).
    list_->setColumnCount(2);
    list_->setHeaderLabels({tr("Track"), tr("Distance")});
    list_->header()->setStretchLastSection(false);
    list_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    list_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    list_->setToolTip(tr("Click a track to select it in the whole window"));
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("neighbourMessage"));
    message_->setWordWrap(true);
    message_->setAlignment(Qt::AlignCenter);
    message_->setMargin(8);
    stack_ = new QStackedWidget(this);
    stack_->addWidget(list_);
    stack_->addWidget(message_);

    auto* pick = new QHBoxLayout;
    pick->addWidget(sources_, 1);
    pick->addWidget(k_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 2, 4);
    layout->setSpacing(3);
    layout->addWidget(title_);
    layout->addLayout(pick);
    layout->addWidget(header_);
    layout->addWidget(stack_, 1);

    connect(sources_, &QComboBox::currentIndexChanged, this, &NeighbourListPanel::refresh);
    connect(k_, &QSpinBox::valueChanged, this, &NeighbourListPanel::refresh);
    const auto activate = [this](QTreeWidgetItem* item) {
        if (item) Q_EMIT trackActivated(item->data(0, Qt::UserRole).toLongLong());
    };
    connect(list_, &QTreeWidget::itemClicked, this, activate);
    connect(list_, &QTreeWidget::itemActivated, this, activate);
    connect(cache_, &SourceVectorCache::loaded, this, [this](const QString& source) {
        if (source == this->source()) refresh();
    });
    connect(cache_, &SourceVectorCache::explained, this,
            [this](const QString& source, Id track, const QString& reason) {
                // Another model may know the track (a cold-start track has sound, not plays).
                if (source == this->source() && track == track_ && neighbours_.empty())
                    showMessage(reason + QLatin1Char('\n') + QLatin1Char('\n') +
                                tr("Another source may place it: choose one above."));
            });
    refresh();
}

void NeighbourListPanel::setTracks(CatalogTablePtr tracks) {
    tracks_ = std::move(tracks);
    refresh();
}

void NeighbourListPanel::setMapSource(const QString& source) {
    if (source == mapSource_) return;
    mapSource_ = source;
    for (int i = 0; i < sources_->count(); ++i) {
        const QString name = sources_->itemData(i).toString();
        sources_->setItemText(
            i, name == source ? tr("%1 (map)").arg(sourceTitle(name)) : sourceTitle(name));
    }
    if (!setSource(source)) refresh();
}

QString NeighbourListPanel::source() const {
    return sources_->currentData().toString();
}

bool NeighbourListPanel::setSource(const QString& source) {
    const int i = sources_->findData(source);
    if (i < 0 || i == sources_->currentIndex()) return false;
    sources_->setCurrentIndex(i);  // refreshes
    return true;
}

int NeighbourListPanel::k() const {
    return k_->value();
}

void NeighbourListPanel::setK(int k) {
    k_->setValue(k);
}

void NeighbourListPanel::showTrack(Id track) {
    track_ = track;
    refresh();
}

QString NeighbourListPanel::message() const {
    return stack_->currentWidget() == message_ ? message_->text() : QString();
}

QString NeighbourListPanel::header() const {
    return header_->text();
}

QString NeighbourListPanel::trackName(Id track) const {
    const qint64 row = tracks_ ? tracks_->rowOfId(track) : -1;
    if (row < 0) return tr("track %1").arg(track);
    return tr("%1 — %2").arg(tracks_->text(size_t(row), catalog_columns::TrackArtist),
                             tracks_->text(size_t(row), catalog_columns::TrackTitle));
}

void NeighbourListPanel::showMessage(const QString& text) {
    message_->setText(text);
    stack_->setCurrentWidget(message_);
}

void NeighbourListPanel::refresh() {
    const QString src = source();
    // Asked first: a read that has just finished announces itself from in here, and the list
    // it refreshes is then rebuilt below from scratch, not added to.
    const std::shared_ptr<const NeighbourSearch> search =
        track_ != 0 ? cache_->search(src) : nullptr;
    const std::vector<NearTrack> before = std::exchange(neighbours_, {});
    list_->clear();
    title_->setText(track_ == 0 ? tr("Nearest neighbours")
                                : tr("Nearest to %1").arg(trackName(track_)));
    title_->setToolTip(title_->text());
    const auto announce = [&] {
        std::vector<Id> ids;
        for (const NearTrack& n : neighbours_) ids.push_back(n.trackId);
        Q_EMIT neighboursChanged(track_, src, ids);
    };
    if (track_ == 0) {
        header_->setText(tr("In %1's own vectors, not the 2-D map's.").arg(sourceTitle(src)));
        showMessage(
            tr("Select a track (on the map, in the playlist or the library) to list "
               "its nearest tracks here."));
        if (!before.empty()) announce();
        return;
    }
    if (!search) {
        header_->setText(sourceTitle(src));
        if (cache_->isLoading(src)) {
            showMessage(tr("Reading the %1 vectors…").arg(sourceTitle(src)));
        } else {
            // The source as a whole has none (untrained): that is the reason for this track too.
            showMessage(tr("No %1 vectors: %2").arg(sourceTitle(src), cache_->error(src)));
        }
        if (!before.empty()) announce();
        return;
    }
    QElapsedTimer clock;
    clock.start();
    neighbours_ = search->nearest(track_, k());
    lastSearchMs_ = double(clock.nsecsElapsed()) / 1e6;
    const QString metric = distanceName(search->metric());
    header_->setText(neighbours_.empty()
                         ? tr("%1: %2 in its own %3-d space (%4 tracks)")
                               .arg(sourceTitle(src), metric)
                               .arg(search->vectors().vectors.cols())
                               .arg(search->size())
                         : tr("%1 nearest by %2, %3 in its own %4-d space (exact, over %5 tracks)")
                               .arg(neighbours_.size())
                               .arg(sourceTitle(src), metric)
                               .arg(search->vectors().vectors.cols())
                               .arg(search->size()));
    if (neighbours_.empty()) {
        showMessage(search->hasVector(track_)
                        ? tr("No other track has a %1 vector.").arg(sourceTitle(src))
                        : tr("Finding out why %1 has no %2 vector…")
                              .arg(trackName(track_), sourceTitle(src)));
        if (!search->hasVector(track_)) cache_->explain(src, track_);
        announce();
        return;
    }
    for (size_t i = 0; i < neighbours_.size(); ++i) {
        const NearTrack& n = neighbours_[i];
        auto* item = new QTreeWidgetItem(list_);
        item->setText(0, trackName(n.trackId));
        item->setToolTip(0, tr("%1. %2").arg(i + 1).arg(item->text(0)));
        item->setText(1, QString::number(n.distance, 'f', 4));
        item->setToolTip(1, tr("%1 %2").arg(metric).arg(n.distance, 0, 'g', 10));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setData(0, Qt::UserRole, qint64(n.trackId));
        item->setData(1, Qt::UserRole, n.distance);
    }
    stack_->setCurrentWidget(list_);
    announce();
}

}  // namespace tl
