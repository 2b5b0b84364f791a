#include "MapDisagreementOverlay.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QSpinBox>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>

#include "MapPanel.h"
#include "MapView.h"
#include "NeighbourListPanel.h"
#include "maps/ProjectMaps.h"
#include "store/CatalogQueries.h"

namespace tl {

namespace {

QString sourceTitle(const QString& name) {
    if (name == QLatin1String("cf")) return MapDisagreementPanel::tr("CF");
    if (name == QLatin1String("text")) return MapDisagreementPanel::tr("Text");
    if (name == QLatin1String("audio")) return MapDisagreementPanel::tr("Audio model");
    if (name == QLatin1String("sound")) return MapDisagreementPanel::tr("Sound descriptors");
    if (name == QLatin1String("blend")) return MapDisagreementPanel::tr("Blend");
    return name;
}

constexpr int kMaxBandGroup = 500;  // lines beyond that read as a smear, and cost a search each

}  // namespace

// ---- the lines -------------------------------------------------------------------------------

MapDisagreementOverlay::MapDisagreementOverlay(MapPanel* panel) : QWidget(panel), panel_(panel) {
    setObjectName(QStringLiteral("mapDisagreementOverlay"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setFocusPolicy(Qt::NoFocus);
    panel->installEventFilter(this);
    for (MapView* view : {panel->view(), panel->secondView()}) {
        view->installEventFilter(this);
        connect(view, &MapView::viewChanged, this, qOverload<>(&QWidget::update));
    }
    follow();
    hide();
}

void MapDisagreementOverlay::setGroup(std::vector<Entry> group) {
    group_ = std::move(group);
    update();
}

void MapDisagreementOverlay::setCurrentTrack(Id track) {
    current_ = track;
    update();
}

void MapDisagreementOverlay::follow() {
    if (!panel_) return;
    setGeometry(panel_->rect());
    raise();
}

bool MapDisagreementOverlay::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
        case QEvent::Resize:
        case QEvent::Move:
        case QEvent::Show:
        case QEvent::Hide:
        case QEvent::LayoutRequest:
            if (watched == panel_) follow();
            update();
            break;
        default:
            break;
    }
    return QWidget::eventFilter(watched, event);
}

QRect MapDisagreementOverlay::viewsRect() const {
    if (!panel_) return {};
    QRect r;
    for (const MapView* view : {panel_->view(), panel_->secondView()})
        if (view->isVisible())
            r |= QRect(mapFromParent(view->mapTo(panel_, QPoint(0, 0))), view->size());
    return r;
}

std::vector<MapDisagreementOverlay::Line> MapDisagreementOverlay::lines() const {
    std::vector<Line> out;
    if (!panel_ || !panel_->isSideBySide()) return out;
    const MapView* left = panel_->view();
    const MapView* right = panel_->secondView();
    const std::vector<MapPoint>& lp = left->points();
    const std::vector<MapPoint>& rp = right->points();
    for (const Entry& e : group_) {
        const int li = panel_->indexOfTrack(e.track);
        const int ri = panel_->secondIndexOfTrack(e.track);
        if (li < 0 || ri < 0 || size_t(li) >= lp.size() || size_t(ri) >= rp.size()) continue;
        const QPointF a = left->toWidget(QPointF(lp[size_t(li)].x, lp[size_t(li)].y));
        const QPointF b = right->toWidget(QPointF(rp[size_t(ri)].x, rp[size_t(ri)].y));
        Line line;
        line.track = e.track;
        line.overlap = e.overlap;
        // (The views are the panel's descendants, this overlay their sibling above them.)
        line.from = mapFromParent(left->mapTo(panel_, a));
        line.to = mapFromParent(right->mapTo(panel_, b));
        line.visible = QRectF(left->rect()).contains(a) && QRectF(right->rect()).contains(b);
        out.push_back(line);
    }
    return out;
}

QColor MapDisagreementOverlay::lineColour(double overlap) const {
    if (overlap < 0.0) return QColor(90, 120, 160, 170);  // not computed yet
    // Red where the models share none of the track's neighbours, grey where they share all.
    const QColor none(214, 39, 40), all(150, 150, 150);
    const double t = std::clamp(overlap, 0.0, 1.0);
    return QColor(int(none.red() + t * (all.red() - none.red())),
                  int(none.green() + t * (all.green() - none.green())),
                  int(none.blue() + t * (all.blue() - none.blue())), int(230 - 90 * t));
}

void MapDisagreementOverlay::paintEvent(QPaintEvent*) {
    std::vector<Line> all = lines();
    if (all.empty()) return;
    // The most disagreeing last, on top; the current track's above all.
    std::stable_sort(all.begin(), all.end(), [this](const Line& a, const Line& b) {
        const bool ca = a.track == current_, cb = b.track == current_;
        if (ca != cb) return cb;
        return a.overlap > b.overlap;
    });
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    // Over both views and the gap between them, but not over the left map's legend.
    QRegion clip(viewsRect());
    if (panel_) {
        const QRectF legend = panel_->view()->legendRect();
        if (!legend.isEmpty())
            clip -= QRect(mapFromParent(panel_->view()->mapTo(panel_, legend.topLeft().toPoint())),
                          legend.size().toSize())
                        .adjusted(-1, -1, 1, 1);
    }
    p.setClipRegion(clip);
    for (const Line& l : all) {
        if (!l.visible) continue;
        const bool current = l.track == current_;
        QPen pen(lineColour(l.overlap), current ? 3.0 : 1.6);
        pen.setCapStyle(Qt::RoundCap);
        p.setPen(pen);
        // A gentle curve, so lines between tracks at the same height do not merge.
        QPainterPath path(l.from);
        const double dx = (l.to.x() - l.from.x()) / 3.0;
        path.cubicTo(l.from + QPointF(dx, 0), l.to - QPointF(dx, 0), l.to);
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
    }
    for (const Line& l : all) {
        if (!l.visible) continue;
        const bool current = l.track == current_;
        const double r = current ? 5.0 : 3.5;
        p.setPen(QPen(Qt::white, 1.2));
        p.setBrush(lineColour(l.overlap));
        p.drawEllipse(l.from, r, r);
        p.drawEllipse(l.to, r, r);
    }
}

// ---- the panel -------------------------------------------------------------------------------

MapDisagreementPanel::MapDisagreementPanel(MapPanel* map, SourceVectorCache* cache, QWidget* parent)
    : QWidget(parent), map_(map), cache_(cache) {
    setObjectName(QStringLiteral("mapDisagreement"));
    overlay_ = new MapDisagreementOverlay(map);
    shown_ = new QCheckBox(tr("Lines between the maps"), this);
    shown_->setObjectName(QStringLiteral("disagreementShown"));
    shown_->setToolTip(
        tr("Join each group track's place on the left map to its place on the right map, and "
           "count how many of its nearest neighbours the two sources share"));
    mode_ = new QComboBox(this);
    mode_->setObjectName(QStringLiteral("disagreementGroup"));
    mode_->addItem(tr("Selected track + k nearest"));
    mode_->addItem(tr("Rubber band (Shift+drag on the left map)"));
    mode_->setToolTip(
        tr("Which tracks get lines: the current track and its k nearest in the "
           "left map's source, or the tracks of a rubber band on the left map"));
    k_ = new QSpinBox(this);
    k_->setObjectName(QStringLiteral("disagreementK"));
    k_->setRange(1, 50);
    k_->setValue(10);
    k_->setPrefix(tr("k = "));
    k_->setToolTip(
        tr("Neighbours compared per track (and the group's size around the current "
           "track)"));
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("disagreementSummary"));
    summary_->setWordWrap(true);
    table_ = new QTreeWidget(this);
    table_->setObjectName(QStringLiteral("disagreementRows"));
    table_->setRootIsDecorated(false);
    table_->setUniformRowHeights(true);
    table_->setAlternatingRowColors(true);
    table_->setHeaderLabels({tr("Track (most disagreement first)"), tr("Shared")});
    table_->header()->setStretchLastSection(false);
    table_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    table_->setToolTip(
        tr("Shared: how many of the track's k nearest in the left source are "
           "also among its k nearest in the right source. Click to select it."));

    auto* top = new QHBoxLayout;
    top->addWidget(shown_);
    top->addStretch(1);
    top->addWidget(k_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 4);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(mode_);
    layout->addWidget(summary_);
    layout->addWidget(table_, 1);

    connect(shown_, &QCheckBox::toggled, this, &MapDisagreementPanel::refresh);
    connect(mode_, &QComboBox::currentIndexChanged, this, &MapDisagreementPanel::refresh);
    connect(k_, &QSpinBox::valueChanged, this, &MapDisagreementPanel::refresh);
    const auto activate = [this](QTreeWidgetItem* item) {
        if (item) Q_EMIT trackActivated(item->data(0, Qt::UserRole).toLongLong());
    };
    connect(table_, &QTreeWidget::itemClicked, this, activate);
    connect(table_, &QTreeWidget::itemActivated, this, activate);
    connect(cache_, &SourceVectorCache::loaded, this, [this](const QString& source) {
        if (source == map_->currentSource() || source == map_->secondSource()) refresh();
    });
    // The panel's sources and its side-by-side switch: queued, so the maps the window loads for
    // them are in place first.
    connect(map_, &MapPanel::sourceChanged, this, &MapDisagreementPanel::refresh,
            Qt::QueuedConnection);
    connect(map_, &MapPanel::secondSourceChanged, this, &MapDisagreementPanel::refresh,
            Qt::QueuedConnection);
    if (auto* sideBySide = map_->findChild<QCheckBox*>(QStringLiteral("mapSideBySide")))
        connect(sideBySide, &QCheckBox::toggled, this, &MapDisagreementPanel::refresh,
                Qt::QueuedConnection);
    connect(map_->view(), &MapView::rubberBandSelected, this, [this](const std::vector<int>& rows) {
        band_.clear();
        const ProjectMap* m = map_->map();
        if (!m) return;
        for (int r : rows)
            if (r >= 0 && size_t(r) < m->trackIds.size() && int(band_.size()) < kMaxBandGroup)
                band_.push_back(m->trackIds[size_t(r)]);
        if (band_.empty()) return;
        if (groupMode() != GroupMode::RubberBand)
            setGroupMode(GroupMode::RubberBand);  // refreshes
        else
            refresh();
    });
    refresh();
}

void MapDisagreementPanel::setTracks(CatalogTablePtr tracks) {
    tracks_ = std::move(tracks);
}

void MapDisagreementPanel::setLinesShown(bool shown) {
    shown_->setChecked(shown);
}

bool MapDisagreementPanel::linesShown() const {
    return shown_->isChecked();
}

void MapDisagreementPanel::setGroupMode(GroupMode mode) {
    mode_->setCurrentIndex(int(mode));
}

MapDisagreementPanel::GroupMode MapDisagreementPanel::groupMode() const {
    return GroupMode(std::max(0, mode_->currentIndex()));
}

void MapDisagreementPanel::setK(int k) {
    k_->setValue(k);
}

int MapDisagreementPanel::k() const {
    return k_->value();
}

void MapDisagreementPanel::showTrack(Id track) {
    if (track == track_) return;
    track_ = track;
    overlay_->setCurrentTrack(track);
    if (groupMode() == GroupMode::Neighbours) refresh();
}

QString MapDisagreementPanel::summary() const {
    return summary_->text();
}

QString MapDisagreementPanel::trackName(Id track) const {
    const qint64 row = tracks_ ? tracks_->rowOfId(track) : -1;
    if (row < 0) return tr("track %1").arg(track);
    return tr("%1 — %2").arg(tracks_->text(size_t(row), catalog_columns::TrackArtist),
                             tracks_->text(size_t(row), catalog_columns::TrackTitle));
}

void MapDisagreementPanel::updateEnabled() {
    // Only with two maps to compare: otherwise the neighbour list above takes the column.
    const bool sideBySide = map_->isSideBySide();
    setVisible(sideBySide);
    shown_->setEnabled(sideBySide);
    mode_->setEnabled(sideBySide && linesShown());
    k_->setEnabled(sideBySide && linesShown());
    table_->setVisible(sideBySide && linesShown());
    overlay_->setVisible(sideBySide && linesShown());
}

void MapDisagreementPanel::refresh() {
    ++generation_;  // an answer under way is for the old settings
    updateEnabled();
    const auto clearWith = [this](const QString& text) {
        summary_->setText(text);
        table_->clear();
        group_.clear();
        result_.reset();
        overlay_->setGroup({});
        Q_EMIT computed();
    };
    if (!map_->isSideBySide())
        return clearWith(
            tr("How much do two models agree? Turn on Side by side above and "
               "choose a second source: lines then join each track's place on one "
               "map to its place on the other."));
    if (!linesShown())
        return clearWith(
            tr("Turn on the lines to compare %1 with %2 around the selected track.")
                .arg(sourceTitle(map_->currentSource()), sourceTitle(map_->secondSource())));
    if (!map_->map() || !map_->secondMap())
        return clearWith(
            tr("Both maps are needed: compute the %1 map first.")
                .arg(sourceTitle(!map_->map() ? map_->currentSource() : map_->secondSource())));
    compute();
}

void MapDisagreementPanel::compute() {
    const QString leftSource = map_->currentSource(), rightSource = map_->secondSource();
    const std::shared_ptr<const NeighbourSearch> left = cache_->search(leftSource);
    const std::shared_ptr<const NeighbourSearch> right = cache_->search(rightSource);
    if (!left || !right) {
        // Read first (loaded() calls refresh again), or say why a source has none.
        for (const QString& s : {leftSource, rightSource})
            if (!cache_->isLoading(s) && !cache_->error(s).isEmpty()) {
                summary_->setText(tr("No %1 vectors: %2").arg(sourceTitle(s), cache_->error(s)));
                return;
            }
        summary_->setText(tr("Reading the %1 and %2 vectors…")
                              .arg(sourceTitle(leftSource), sourceTitle(rightSource)));
        return;
    }
    std::vector<Id> seeds;
    const bool band = groupMode() == GroupMode::RubberBand;
    if (band) {
        if (band_.empty()) {
            summary_->setText(
                tr("Shift+drag on the left map to draw a rubber band around the "
                   "tracks to compare."));
            overlay_->setGroup({});
            table_->clear();
            return;
        }
        seeds = band_;
    } else if (track_ == 0) {
        summary_->setText(tr("Select a track: it and its %1 nearest in %2 get lines.")
                              .arg(k())
                              .arg(sourceTitle(leftSource)));
        overlay_->setGroup({});
        table_->clear();
        return;
    } else {
        seeds = {track_};
    }
    const int k = this->k();
    const int generation = generation_;
    ++computing_;
    summary_->setText(
        tr("Comparing the neighbours of %1 tracks…").arg(band ? seeds.size() : k + 1));
    using Answer = std::pair<std::vector<Id>, std::shared_ptr<const MapDisagreement>>;
    QtConcurrent::run([left, right, seeds, band, k]() -> Answer {
        std::vector<Id> group = seeds;
        if (!band)  // the track and its k nearest in the left map's source
            for (const NearTrack& n : left->nearest(seeds.front(), k)) group.push_back(n.trackId);
        auto result = neighbourOverlap(*left, *right, group, k);
        if (!result) return {group, nullptr};
        return {group, std::make_shared<const MapDisagreement>(std::move(result).value())};
    }).then(this, [this, generation](Answer answer) {
        --computing_;
        if (generation != generation_) return;  // settings changed meanwhile
        showResult(std::move(answer.first), std::move(answer.second));
    });
}

void MapDisagreementPanel::showResult(std::vector<Id> group,
                                      std::shared_ptr<const MapDisagreement> result) {
    group_ = std::move(group);
    result_ = std::move(result);
    table_->clear();
    std::vector<MapDisagreementOverlay::Entry> entries;
    if (!result_) {
        summary_->setText(tr("The comparison did not finish."));
        overlay_->setGroup({});
        Q_EMIT computed();
        return;
    }
    const MapDisagreement& d = *result_;
    for (const TrackOverlap& t : d.tracks) {
        entries.push_back({t.trackId, t.overlap()});
        auto* item = new QTreeWidgetItem(table_);
        item->setText(0, trackName(t.trackId));
        item->setToolTip(0, item->text(0));
        item->setData(0, Qt::UserRole, qint64(t.trackId));
        item->setText(1, tr("%1 of %2").arg(t.shared).arg(t.k));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setForeground(1, overlay_->lineColour(t.overlap()).darker(115));
        if (t.trackId == track_) {
            QFont f = item->font(0);
            f.setBold(true);
            item->setFont(0, f);
        }
    }
    for (Id missing : d.missing) {
        auto* item = new QTreeWidgetItem(table_);
        item->setText(0, trackName(missing));
        item->setData(0, Qt::UserRole, qint64(missing));
        item->setText(1, tr("—"));
        item->setToolTip(1, tr("One of the two sources has no vector for this track"));
    }
    overlay_->setGroup(std::move(entries));
    summary_->setText(
        d.tracks.empty()
            ? tr("No track of the group has vectors in both %1 and %2.")
                  .arg(sourceTitle(d.left), sourceTitle(d.right))
            : tr("%1 vs %2: the group's tracks share %3 of their %4 nearest on average (%5%); "
                 "%6 tracks, neighbours searched in each model's own space over the %7 tracks "
                 "both have.")
                  .arg(sourceTitle(d.left), sourceTitle(d.right))
                  .arg(d.meanShared, 0, 'f', 1)
                  .arg(d.k)
                  .arg(100.0 * d.meanOverlap, 0, 'f', 0)
                  .arg(d.tracks.size())
                  .arg(d.commonTracks));
    Q_EMIT computed();
}

}  // namespace tl
