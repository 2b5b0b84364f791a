#include "MapView.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVariantAnimation>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tl {

namespace {

constexpr int kMaxDot = 16;  // px: larger dots would hide their neighbours' positions

const std::vector<MapPoint>& noPoints() {
    static const std::vector<MapPoint> empty;
    return empty;
}

// Pixel offsets of a round dot `size` pixels across, centred on (0, 0).
std::vector<QPoint> dotOffsets(int size) {
    std::vector<QPoint> offsets;
    const double r = size / 2.0;
    const int lo = -(size - 1) / 2, hi = size / 2;
    for (int dy = lo; dy <= hi; ++dy)
        for (int dx = lo; dx <= hi; ++dx) {
            const double cx = dx - (size % 2 == 0 ? 0.5 : 0.0);
            const double cy = dy - (size % 2 == 0 ? 0.5 : 0.0);
            if (size <= 2 || cx * cx + cy * cy <= r * r + 0.25) offsets.emplace_back(dx, dy);
        }
    return offsets;
}

}  // namespace

MapView::MapView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("mapView"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Map of similar tracks"));
}

const std::vector<MapPoint>& MapView::points() const {
    return points_ ? *points_ : noPoints();
}

void MapView::setPoints(std::shared_ptr<const std::vector<MapPoint>> points, bool keepView) {
    const bool sameTracks = points_ && points && points_->size() == points->size();
    points_ = std::move(points);
    if (keepView && sameTracks) {
        buildGrid();
        update();
        return;
    }
    selected_ = hovered_ = -1;
    bandSelection_.clear();
    highlighted_.clear();
    links_.clear();
    emphasised_.clear();
    matches_.clear();
    labelWidths_.clear();
    lastLabels_.clear();
    buildGrid();
    fitAll();
}

void MapView::setLegend(std::vector<std::pair<QString, QRgb>> entries) {
    legend_ = std::move(entries);
    ramp_.clear();
    legendTitle_.clear();
    update();
}

void MapView::setRampLegend(QString title, std::vector<QRgb> ramp, QString low, QString high) {
    legendTitle_ = std::move(title);
    ramp_ = std::move(ramp);
    rampLow_ = std::move(low);
    rampHigh_ = std::move(high);
    update();
}

void MapView::setLabelProvider(std::function<QString(int)> provider) {
    labelText_ = std::move(provider);
    labelWidths_.clear();
    update();
}

void MapView::setEmphasised(std::vector<int> indices) {
    emphasised_ = std::move(indices);
    update();
}

void MapView::setMatches(std::vector<uint8_t> matches) {
    matches_ = std::move(matches);
    update();
}

namespace {

// Mostly background: a faded dot keeps its place and a hint of its hue, and reads as "not
// these" in a light and a dark scheme alike.
QRgb fade(QRgb colour, QRgb base) {
    const auto mix = [](int c, int b) { return (c * 3 + b * 13) / 16; };
    return qRgb(mix(qRed(colour), qRed(base)), mix(qGreen(colour), qGreen(base)),
                mix(qBlue(colour), qBlue(base)));
}

}  // namespace

QRgb MapView::fadedColour(QRgb colour) const {
    return fade(colour, palette().color(QPalette::Base).rgb());
}

void MapView::setHighlighted(std::vector<int> indices) {
    highlighted_ = std::move(indices);
    update();
}

void MapView::setLinks(std::vector<std::pair<int, int>> links) {
    links_ = std::move(links);
    update();
}

void MapView::setPointSize(int pixels) {
    pointSize_ = std::clamp(pixels, 0, kMaxDot);
    update();
}

int MapView::pointSize() const {
    if (pointSize_ > 0) return pointSize_;
    // Never smaller than reads at a glance for a map of this many dots (a few hundred tracks
    // want big dots; 100,000 would be a solid sheet), larger as zooming spreads the dots apart.
    const size_t n = points().size();
    const int least = n <= 500 ? 10 : n <= 2000 ? 7 : n <= 10000 ? 5 : n <= 50000 ? 3 : 2;
    const double spread = 0.9 * spacing_ * scale_;
    return spread < kMaxDot ? std::max(least, int(std::lround(spread))) : kMaxDot;
}

QPen MapView::linkPen(std::pair<int, int> link) const {
    return linkPen(link, std::any_of(links_.begin(), links_.end(), [this](const auto& l) {
                       return selected_ >= 0 && (l.first == selected_ || l.second == selected_);
                   }));
}

QPen MapView::linkPen(std::pair<int, int> link, bool selectionHasLinks) const {
    QColor colour = palette().color(QPalette::Highlight);
    if (selected_ >= 0 && (link.first == selected_ || link.second == selected_)) {
        colour.setAlpha(230);
        return QPen(colour, 2.0);
    }
    // Faint and thin: where many lines cross they add up to a haze, not a tangle. Fainter
    // still beside the selected dot's own lines, which are the ones being read.
    const double many = std::sqrt(double(std::max<size_t>(links_.size(), 1)));
    colour.setAlpha(selectionHasLinks ? 28 : std::clamp(int(480.0 / many), 40, 90));
    return QPen(colour, 1.0);
}

QString MapView::navigationHint() const {
    return adjusted_ ? tr("Double-click or Home: show the whole map")
                     : tr("Wheel: zoom · drag: pan · Shift+drag: select · double-click: fit");
}

void MapView::selectPoint(int index) {
    if (index < -1 || index >= int(points().size())) index = -1;
    if (index == selected_) return;
    selected_ = index;
    update();
    Q_EMIT pointSelected(index);
}

QRectF MapView::dataBounds() const {
    return bounds_;
}

void MapView::buildGrid() {
    const std::vector<MapPoint>& pts = points();
    gridStart_.clear();
    gridPoints_.clear();
    gridSize_ = 0;
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (const MapPoint& p : pts) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        x0 = std::min(x0, double(p.x));
        x1 = std::max(x1, double(p.x));
        y0 = std::min(y0, double(p.y));
        y1 = std::max(y1, double(p.y));
    }
    if (x0 > x1) {
        bounds_ = QRectF(-1, -1, 2, 2);
        spacing_ = 0.0;
        return;
    }
    // A point (or a line of points) still gets an area to show and to grid.
    if (x1 - x0 < 1e-9) x0 -= 0.5, x1 += 0.5;
    if (y1 - y0 < 1e-9) y0 -= 0.5, y1 += 0.5;
    bounds_ = QRectF(QPointF(x0, y0), QPointF(x1, y1));
    // About four points a cell: a nearest-dot query reads a handful of cells.
    gridSize_ = std::clamp(int(std::sqrt(double(pts.size()) / 4.0)), 1, 512);
    const int cells = gridSize_ * gridSize_;
    std::vector<int> cellOf(pts.size(), -1);
    gridStart_.assign(size_t(cells) + 1, 0);
    for (size_t i = 0; i < pts.size(); ++i) {
        if (!std::isfinite(pts[i].x) || !std::isfinite(pts[i].y)) continue;
        const int cx = std::clamp(int((pts[i].x - x0) / (x1 - x0) * gridSize_), 0, gridSize_ - 1);
        const int cy = std::clamp(int((pts[i].y - y0) / (y1 - y0) * gridSize_), 0, gridSize_ - 1);
        cellOf[i] = cy * gridSize_ + cx;
        ++gridStart_[size_t(cellOf[i]) + 1];
    }
    for (int c = 0; c < cells; ++c) gridStart_[size_t(c) + 1] += gridStart_[size_t(c)];
    gridPoints_.assign(size_t(gridStart_.back()), 0);
    std::vector<int> fill(gridStart_.begin(), gridStart_.end() - 1);
    for (size_t i = 0; i < pts.size(); ++i)
        if (cellOf[i] >= 0) gridPoints_[size_t(fill[size_t(cellOf[i])]++)] = int(i);
    measureSpacing();
}

void MapView::measureSpacing() {
    // The median over up to 2,000 dots of the distance to the nearest other dot: searched in
    // growing rings of grid cells until no cell further out can hold anything nearer.
    spacing_ = 0.0;
    const std::vector<MapPoint>& pts = points();
    if (gridSize_ == 0 || pts.size() < 2) return;
    const double cellW = bounds_.width() / gridSize_, cellH = bounds_.height() / gridSize_;
    const double cellMin = std::min(cellW, cellH);
    const size_t step = std::max<size_t>(1, pts.size() / 2000);
    std::vector<double> nearest;
    for (size_t i = 0; i < pts.size(); i += step) {
        const MapPoint& p = pts[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        const int cx = std::clamp(int((p.x - bounds_.left()) / cellW), 0, gridSize_ - 1);
        const int cy = std::clamp(int((p.y - bounds_.top()) / cellH), 0, gridSize_ - 1);
        double best = std::numeric_limits<double>::infinity();
        const auto visit = [&](int x, int y) {
            if (x < 0 || y < 0 || x >= gridSize_ || y >= gridSize_) return;
            const int cell = y * gridSize_ + x;
            for (int k = gridStart_[size_t(cell)]; k < gridStart_[size_t(cell) + 1]; ++k) {
                const MapPoint& q = pts[size_t(gridPoints_[size_t(k)])];
                const double dx = q.x - p.x, dy = q.y - p.y, d = dx * dx + dy * dy;
                if (d > 0.0) best = std::min(best, d);  // a duplicate is no neighbour
            }
        };
        for (int ring = 0; ring < gridSize_; ++ring) {
            if (ring == 0) visit(cx, cy);
            for (int t = -ring; t <= ring && ring > 0; ++t) {
                visit(cx + t, cy - ring);
                visit(cx + t, cy + ring);
                if (t != -ring && t != ring) {
                    visit(cx - ring, cy + t);
                    visit(cx + ring, cy + t);
                }
            }
            if (std::sqrt(best) <= ring * cellMin) break;
        }
        if (std::isfinite(best)) nearest.push_back(std::sqrt(best));
    }
    if (nearest.empty()) return;
    const auto mid = nearest.begin() + std::ptrdiff_t(nearest.size() / 2);
    std::nth_element(nearest.begin(), mid, nearest.end());
    spacing_ = *mid;
}

int MapView::nearestPoint(QPointF widgetPos, double maxPixels) const {
    if (gridSize_ == 0) return -1;
    const std::vector<MapPoint>& pts = points();
    const QPointF d = toData(widgetPos);
    const double r = maxPixels / scale_;
    const auto cellX = [&](double x) {
        return std::clamp(int((x - bounds_.left()) / bounds_.width() * gridSize_), 0,
                          gridSize_ - 1);
    };
    const auto cellY = [&](double y) {
        return std::clamp(int((y - bounds_.top()) / bounds_.height() * gridSize_), 0,
                          gridSize_ - 1);
    };
    if (d.x() + r < bounds_.left() || d.x() - r > bounds_.right() || d.y() + r < bounds_.top() ||
        d.y() - r > bounds_.bottom())
        return -1;
    int best = -1;
    double bestDistance = r * r;
    for (int cy = cellY(d.y() - r); cy <= cellY(d.y() + r); ++cy)
        for (int cx = cellX(d.x() - r); cx <= cellX(d.x() + r); ++cx) {
            const int cell = cy * gridSize_ + cx;
            for (int k = gridStart_[size_t(cell)]; k < gridStart_[size_t(cell) + 1]; ++k) {
                const int i = gridPoints_[size_t(k)];
                const double dx = pts[size_t(i)].x - d.x(), dy = pts[size_t(i)].y - d.y();
                const double dist = dx * dx + dy * dy;
                if (dist <= bestDistance) {
                    bestDistance = dist;
                    best = i;
                }
            }
        }
    return best;
}

QPointF MapView::toWidget(QPointF data) const {
    return {width() / 2.0 + (data.x() - centre_.x()) * scale_,
            height() / 2.0 - (data.y() - centre_.y()) * scale_};
}

QPointF MapView::toData(QPointF widget) const {
    return {centre_.x() + (widget.x() - width() / 2.0) / scale_,
            centre_.y() - (widget.y() - height() / 2.0) / scale_};
}

void MapView::setView(QPointF centre, double scale) {
    if (!(scale > 0.0) || !std::isfinite(scale)) return;
    adjusted_ = true;
    applyView(centre, scale);
}

void MapView::applyView(QPointF centre, double scale) {
    if (!(scale > 0.0) || !std::isfinite(scale)) return;
    centre_ = centre;
    scale_ = scale;
    update();
    Q_EMIT viewChanged();
}

void MapView::fitAll() {
    const QRectF b = dataBounds();
    const double w = std::max(1, width()), h = std::max(1, height());
    // The legend sits in the top-right corner: where it would cover a third or less of the
    // width, the dots are fitted into the room left of it, so none hides under it.
    const double legend = legendWidth();
    const double room = legend > 0 && legend + 16 <= w / 3 ? w - legend - 16 : w;
    // The navigation hint takes a strip along the bottom: the dots are fitted above it.
    const double strip = hintStrip();
    const double scale = 0.92 * std::min(room / b.width(), (h - strip) / b.height());
    adjusted_ = false;
    applyView(b.center() + QPointF((w - room) / 2.0 / scale, -strip / 2.0 / scale), scale);
}

QFont MapView::hintFont() const {
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    return small;
}

double MapView::hintStrip() const {
    return points().empty() || height() < 120 ? 0.0 : QFontMetrics(hintFont()).height() + 14.0;
}

double MapView::legendWidth() const {
    const QRectF box = legendRect();
    return box.isEmpty() ? 0.0 : width() - box.left();
}

namespace {

constexpr size_t kLegendRows = 16;  // entries listed; the rest are counted ("+3 more")
constexpr int kRampHeight = 96;     // px of a continuous legend's colour ramp

QFont boldOf(QFont font) {
    font.setBold(true);
    return font;
}

}  // namespace

QRectF MapView::legendRect() const {
    if (legend_.empty() && ramp_.empty()) return {};
    const QFontMetrics fm(font());
    const int rowH = fm.height() + 2;
    const size_t shown = std::min(legend_.size(), kLegendRows);
    int textWidth = 0;
    for (size_t k = 0; k < shown; ++k)
        textWidth = std::max(textWidth, fm.horizontalAdvance(legend_[k].first));
    if (legend_.size() > shown)
        textWidth =
            std::max(textWidth, fm.horizontalAdvance(tr("+%1 more").arg(legend_.size() - shown)));
    double height = rowH * double(shown + (legend_.size() > shown ? 1 : 0)) + 10;
    if (!legendTitle_.isEmpty()) {
        textWidth =
            std::max(textWidth, QFontMetrics(boldOf(font())).horizontalAdvance(legendTitle_) - 16);
        height += rowH;
    }
    if (!ramp_.empty()) {
        // The ramp's bar sits where the entries' dots do, its labels beside it.
        textWidth =
            std::max({textWidth, fm.horizontalAdvance(rampLow_), fm.horizontalAdvance(rampHigh_)});
        height += kRampHeight + 6;
    }
    return QRectF(width() - textWidth - 40, 8, textWidth + 32, height);
}

void MapView::drawLegend(QPainter& p) const {
    const QRectF box = legendRect();
    if (box.isEmpty()) return;
    const QColor text = palette().color(QPalette::Text);
    const QFontMetrics fm(font());
    const int rowH = fm.height() + 2;
    QColor bg = palette().color(QPalette::Base);
    bg.setAlpha(215);
    p.setPen(palette().color(QPalette::Mid));
    p.setBrush(bg);
    p.drawRoundedRect(box, 4, 4);
    double y = box.top() + 5;
    p.setPen(text);
    if (!legendTitle_.isEmpty()) {
        p.setFont(boldOf(font()));
        p.drawText(QPointF(box.left() + 8, y + fm.ascent() + 1), legendTitle_);
        p.setFont(font());
        y += rowH;
    }
    if (!ramp_.empty()) {
        // High values at the top, as a chart's axis reads.
        const QRectF bar(box.left() + 7, y + fm.ascent() / 2.0, 10,
                         kRampHeight - fm.ascent() / 2.0);
        QLinearGradient ramp(bar.bottomLeft(), bar.topLeft());
        for (size_t k = 0; k < ramp_.size(); ++k)
            ramp.setColorAt(ramp_.size() == 1 ? 0.0 : double(k) / double(ramp_.size() - 1),
                            QColor::fromRgb(ramp_[k]));
        p.setPen(palette().color(QPalette::Mid));
        p.setBrush(ramp);
        p.drawRect(bar);
        p.setPen(text);
        p.drawText(QPointF(box.left() + 24, y + fm.ascent() + 1), rampHigh_);
        p.drawText(QPointF(box.left() + 24, y + kRampHeight - fm.descent()), rampLow_);
        y += kRampHeight + 6;
    }
    const size_t shown = std::min(legend_.size(), kLegendRows);
    for (size_t k = 0; k < shown; ++k) {
        p.setPen(palette().color(QPalette::Mid));
        p.setBrush(QColor::fromRgb(legend_[k].second));
        p.drawEllipse(QPointF(box.left() + 12, y + rowH / 2.0), 5, 5);
        p.setPen(text);
        p.drawText(QPointF(box.left() + 24, y + fm.ascent() + 1), legend_[k].first);
        y += rowH;
    }
    if (legend_.size() > shown)
        p.drawText(QPointF(box.left() + 24, y + fm.ascent()),
                   tr("+%1 more").arg(legend_.size() - shown));
}

QFont MapView::labelFont(bool forced) const {
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    if (forced) f.setBold(true);
    return f;
}

double MapView::labelWidth(int index, bool forced) const {
    // Forced labels are few and bold: measured each time. The others are measured once.
    constexpr double kMaxLabel = 240.0;  // px; longer labels are elided when drawn
    if (forced)
        return std::min(kMaxLabel,
                        double(QFontMetrics(labelFont(true)).horizontalAdvance(labelText_(index))));
    if (labelWidths_.size() != points().size()) labelWidths_.assign(points().size(), -1.0f);
    float& w = labelWidths_[size_t(index)];
    if (w < 0)
        w = float(
            std::min(kMaxLabel,
                     double(QFontMetrics(labelFont(false)).horizontalAdvance(labelText_(index)))));
    return w;
}

bool MapView::labelsShown() const {
    if (!labelText_ || points().size() < 2 || spacing_ <= 0.0) return labelText_ != nullptr;
    return spacing_ * scale_ >= QFontMetrics(labelFont(false)).height() * 1.5;
}

std::vector<MapView::PlacedLabel> MapView::layoutLabels() const {
    std::vector<PlacedLabel> placed;
    const std::vector<MapPoint>& pts = points();
    if (!labelText_ || pts.empty() || width() <= 0 || height() <= 0) return placed;
    // A coarse grid over the widget: a label takes every cell its box touches.
    constexpr int kCell = 6;
    const int gw = width() / kCell + 1, gh = height() / kCell + 1;
    std::vector<uint8_t> taken(size_t(gw) * size_t(gh), 0);
    const auto cells = [&](const QRectF& r, const auto& visit) {
        const int x0 = std::max(0, int(std::floor(r.left() / kCell)));
        const int x1 = std::min(gw - 1, int(std::floor(r.right() / kCell)));
        const int y0 = std::max(0, int(std::floor(r.top() / kCell)));
        const int y1 = std::min(gh - 1, int(std::floor(r.bottom() / kCell)));
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                if (!visit(size_t(y) * size_t(gw) + size_t(x))) return false;
        return true;
    };
    const auto isFree = [&](const QRectF& r) {
        return cells(r, [&](size_t c) { return taken[c] == 0; });
    };
    const auto take = [&](const QRectF& r) {
        cells(r, [&](size_t c) {
            taken[c] = 1;
            return true;
        });
    };
    const QRectF legend = legendRect();
    if (!legend.isEmpty()) take(legend);
    // Nor over the navigation hint in the bottom-left corner.
    if (const double strip = hintStrip(); strip > 0)
        take(QRectF(0, height() - strip, std::min(width(), 420), strip));
    const QRectF widget(0, 0, width(), height());
    const double r = pointSize() / 2.0;
    // Where the visible dots are, on a finer grid (3 px: a label 2 px beside its own dot never
    // touches that dot's cells), filled only when all labels are shown (few dots are visible
    // then); zoomed out, only the selected and emphasised labels are placed, over the dots.
    constexpr int kDotCell = 3;
    const int dw = width() / kDotCell + 1, dh = height() / kDotCell + 1;
    std::vector<uint8_t> dots;
    const auto coversDot = [&](const QRectF& c) {
        if (dots.empty()) return false;
        const int x0 = std::max(0, int(std::floor(c.left() / kDotCell)));
        const int x1 = std::min(dw - 1, int(std::floor(c.right() / kDotCell)));
        const int y0 = std::max(0, int(std::floor(c.top() / kDotCell)));
        const int y1 = std::min(dh - 1, int(std::floor(c.bottom() / kDotCell)));
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                if (dots[size_t(y) * size_t(dw) + size_t(x)]) return true;
        return false;
    };
    const auto markDot = [&](QPointF at) {
        const int x0 = std::max(0, int(std::floor((at.x() - r + 1) / kDotCell)));
        const int x1 = std::min(dw - 1, int(std::floor((at.x() + r - 1) / kDotCell)));
        const int y0 = std::max(0, int(std::floor((at.y() - r + 1) / kDotCell)));
        const int y1 = std::min(dh - 1, int(std::floor((at.y() + r - 1) / kDotCell)));
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) dots[size_t(y) * size_t(dw) + size_t(x)] = 1;
    };
    const int rowH = QFontMetrics(labelFont(false)).height() + 2;
    const int boldH = QFontMetrics(labelFont(true)).height() + 2;
    // Right of the dot, else left of it, above or below it, where it covers no other label and
    // no dot; a forced label then accepts covering dots, and is drawn on the dot's right even
    // where every place is taken.
    const auto place = [&](int i, bool forced) {
        const QPointF at = toWidget({pts[size_t(i)].x, pts[size_t(i)].y});
        const double w = labelWidth(i, forced) + 8, h = forced ? boldH : rowH;
        const QRectF right(at.x() + r + 2, at.y() - h / 2.0, w, h);
        const QRectF candidates[] = {right, right.translated(-w - 2 * r - 4, 0),
                                     QRectF(at.x() - w / 2.0, at.y() - r - 2 - h, w, h),
                                     QRectF(at.x() - w / 2.0, at.y() + r + 2, w, h)};
        for (int pass = 0; pass < (forced ? 2 : 1); ++pass)
            for (int k = 0; k < 4; ++k) {
                const QRectF& c = candidates[k];
                // A label never hides a dot; a forced one may, where nothing else is free.
                if (!widget.contains(c) || !isFree(c) || (pass == 0 && coversDot(c))) continue;
                take(c);
                placed.push_back({i, c, forced});
                return;
            }
        if (forced) {
            take(right);
            placed.push_back({i, right, true});
        }
    };
    std::vector<uint8_t> done;
    const auto once = [&](int i) {
        if (i < 0 || i >= int(pts.size())) return false;
        if (done.empty()) done.assign(pts.size(), 0);
        if (done[size_t(i)]) return false;
        done[size_t(i)] = 1;
        return true;
    };
    const bool all = labelsShown() && gridSize_ > 0;
    if (!all) {
        if (once(selected_)) place(selected_, true);
        for (int i : emphasised_)
            if (once(i)) place(i, true);
        return placed;
    }
    // Candidates: the dots in the viewport (read from the data grid's cells under it), nearest
    // the centre first, at most kMaxCandidates of them and kMaxLabels placed.
    constexpr size_t kMaxCandidates = 4000, kMaxLabels = 400;
    const QPointF a = toData(QPointF(0, height())), b = toData(QPointF(width(), 0));
    const double cellW = bounds_.width() / gridSize_, cellH = bounds_.height() / gridSize_;
    const int cx0 = std::clamp(int((a.x() - bounds_.left()) / cellW), 0, gridSize_ - 1);
    const int cx1 = std::clamp(int((b.x() - bounds_.left()) / cellW), 0, gridSize_ - 1);
    const int cy0 = std::clamp(int((a.y() - bounds_.top()) / cellH), 0, gridSize_ - 1);
    const int cy1 = std::clamp(int((b.y() - bounds_.top()) / cellH), 0, gridSize_ - 1);
    const QPointF mid(width() / 2.0, height() / 2.0);
    std::vector<std::pair<float, int>> candidates;
    const bool filtered = matches_.size() == pts.size();
    for (int y = cy0; y <= cy1; ++y)
        for (int x = cx0; x <= cx1; ++x) {
            const int cell = y * gridSize_ + x;
            for (int k = gridStart_[size_t(cell)]; k < gridStart_[size_t(cell) + 1]; ++k) {
                const int i = gridPoints_[size_t(k)];
                if (filtered && !matches_[size_t(i)]) continue;  // faded dots go unlabelled
                const QPointF at = toWidget({pts[size_t(i)].x, pts[size_t(i)].y});
                if (!widget.contains(at)) continue;
                const QPointF d = at - mid;
                candidates.emplace_back(float(d.x() * d.x() + d.y() * d.y()), i);
            }
        }
    const size_t keep = std::min(candidates.size(), kMaxCandidates);
    dots.assign(size_t(dw) * size_t(dh), 0);
    for (const auto& [d, i] : candidates) markDot(toWidget({pts[size_t(i)].x, pts[size_t(i)].y}));
    if (once(selected_)) place(selected_, true);
    for (int i : emphasised_)
        if (once(i)) place(i, true);
    std::partial_sort(candidates.begin(), candidates.begin() + ptrdiff_t(keep), candidates.end());
    for (size_t k = 0; k < keep && placed.size() < kMaxLabels; ++k)
        if (once(candidates[k].second)) place(candidates[k].second, false);
    return placed;
}

void MapView::drawLabels(QPainter& p, const std::vector<PlacedLabel>& labels) const {
    if (labels.empty()) return;
    // Text on a box of the background colour: readable over any dot colour, in a light and a
    // dark scheme. The selected dot's label wears the selection colours.
    QColor bg = palette().color(QPalette::Base);
    bg.setAlpha(225);
    const QColor text = palette().color(QPalette::Text);
    const QFont normal = labelFont(false), bold = labelFont(true);
    const QFontMetrics fmNormal(normal), fmBold(bold);
    for (const PlacedLabel& l : labels) {
        const bool selected = l.index == selected_;
        const QFontMetrics& fm = l.forced ? fmBold : fmNormal;
        p.setFont(l.forced ? bold : normal);
        p.setPen(l.forced ? QPen(palette().color(QPalette::Highlight), 1.0) : QPen(Qt::NoPen));
        p.setBrush(selected ? palette().color(QPalette::Highlight) : bg);
        p.drawRoundedRect(l.rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        p.setPen(selected ? palette().color(QPalette::HighlightedText) : text);
        // Elided only when longer than the cap: a painter's metrics can exceed the layout's by
        // a pixel, which would elide a label that fits.
        const QString full = labelText_(l.index);
        const int room = int(l.rect.width()) - 8;
        const QString label = fm.horizontalAdvance(full) <= room + 4
                                  ? full
                                  : fm.elidedText(full, Qt::ElideRight, room);
        p.drawText(l.rect.adjusted(4, 0, -4, 0), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    p.setFont(font());
}

void MapView::zoomBy(double factor, QPointF anchor) {
    const QPointF before = toData(anchor);
    scale_ *= factor;
    const QPointF after = toData(anchor);
    setView(centre_ + (before - after), scale_);
}

void MapView::flyTo(int index, double scale) {
    if (index < 0 || index >= int(points().size())) return;
    const MapPoint& p = points()[size_t(index)];
    const QRectF b = dataBounds();
    const double fit =
        0.92 * std::min(std::max(1, width()) / b.width(), std::max(1, height()) / b.height());
    const double targetScale = scale > 0.0 ? scale : std::max(scale_, 4.0 * fit);
    const QPointF target(p.x, p.y);
    selectPoint(index);
    if (!isVisible()) {
        setView(target, targetScale);
        return;
    }
    // A short flight keeps the person oriented: they see where the track is relative to
    // where they were looking.
    if (!flight_) flight_ = new QVariantAnimation(this);
    flight_->stop();
    flight_->disconnect();
    const QPointF fromCentre = centre_;
    const double fromScale = scale_;
    flight_->setStartValue(0.0);
    flight_->setEndValue(1.0);
    flight_->setDuration(350);
    flight_->setEasingCurve(QEasingCurve::InOutCubic);
    connect(flight_, &QVariantAnimation::valueChanged, this,
            [this, fromCentre, fromScale, target, targetScale](const QVariant& v) {
                const double t = v.toDouble();
                setView(fromCentre + (target - fromCentre) * t,
                        fromScale * std::pow(targetScale / fromScale, t));
            });
    flight_->start();
}

void MapView::splatPoints(QImage& frame, double factor) const {
    const std::vector<MapPoint>& pts = points();
    const int w = frame.width(), h = frame.height();
    auto* bits = reinterpret_cast<QRgb*>(frame.bits());
    const qsizetype stride = frame.bytesPerLine() / qsizetype(sizeof(QRgb));
    const int dotSize = std::max(1, int(std::lround(pointSize() * factor)));
    // Dots of 5 px and more get a 1 px rim a shade darker than their colour: in a tight cluster
    // each dot stays a dot instead of merging into one blob, and the cluster keeps its hue. (The
    // rim is painted first; the dot over it is 2 px smaller and concentric, as sizes of one
    // parity are.)
    const int rim = dotSize >= 5 ? std::max(1, int(std::lround(factor))) : 0;
    const std::vector<QPoint> dot = dotOffsets(dotSize - 2 * rim);
    const std::vector<QPoint> outer = rim ? dotOffsets(dotSize) : std::vector<QPoint>();
    const auto rimOf = [](QRgb c) {
        return qRgb(qRed(c) * 11 / 16, qGreen(c) * 11 / 16, qBlue(c) * 11 / 16);
    };
    const double cx = centre_.x(), cy = centre_.y(), s = scale_ * factor;
    const double hw = w / 2.0, hh = h / 2.0;
    const int margin = dotSize;
    const auto splat = [&](const MapPoint& p, QRgb colour) {
        const double fx = hw + (p.x - cx) * s, fy = hh - (p.y - cy) * s;
        if (!(fx >= -margin && fx < w + margin && fy >= -margin && fy < h + margin)) return;
        const int x = int(fx), y = int(fy);
        const QRgb rimColour = rimOf(colour);
        if (x >= margin && x < w - margin && y >= margin && y < h - margin) {
            QRgb* at = bits + qsizetype(y) * stride + x;
            for (const QPoint& o : outer) at[qsizetype(o.y()) * stride + o.x()] = rimColour;
            for (const QPoint& o : dot) at[qsizetype(o.y()) * stride + o.x()] = colour;
        } else {
            for (const QPoint& o : outer) {
                const int px = x + o.x(), py = y + o.y();
                if (px >= 0 && px < w && py >= 0 && py < h)
                    bits[qsizetype(py) * stride + px] = rimColour;
            }
            for (const QPoint& o : dot) {
                const int px = x + o.x(), py = y + o.y();
                if (px >= 0 && px < w && py >= 0 && py < h)
                    bits[qsizetype(py) * stride + px] = colour;
            }
        }
    };
    if (matches_.size() != pts.size()) {
        for (const MapPoint& p : pts) splat(p, p.color);
        return;
    }
    // Filtered: the faded dots first, the matching ones over them.
    const QRgb base = palette().color(QPalette::Base).rgb();
    for (size_t i = 0; i < pts.size(); ++i)
        if (!matches_[i]) splat(pts[i], fade(pts[i].color, base));
    for (size_t i = 0; i < pts.size(); ++i)
        if (matches_[i]) splat(pts[i], pts[i].color);
}

void MapView::drawOverlays(QPainter& p) const {
    const std::vector<MapPoint>& pts = points();
    p.setRenderHint(QPainter::Antialiasing, true);
    const QColor text = palette().color(QPalette::Text);
    if (!links_.empty()) {
        const auto touchesSelection = [this](const std::pair<int, int>& l) {
            return selected_ >= 0 && (l.first == selected_ || l.second == selected_);
        };
        const bool selectionHasLinks = std::any_of(links_.begin(), links_.end(), touchesSelection);
        // The faint lines first, the selected dot's strong ones over them.
        for (const bool strong : {false, true})
            for (const auto& link : links_) {
                const auto [a, b] = link;
                if (touchesSelection(link) != strong || a < 0 || b < 0 || a >= int(pts.size()) ||
                    b >= int(pts.size()))
                    continue;
                p.setPen(linkPen(link, selectionHasLinks));
                p.drawLine(toWidget({pts[size_t(a)].x, pts[size_t(a)].y}),
                           toWidget({pts[size_t(b)].x, pts[size_t(b)].y}));
            }
    }
    const double r = pointSize() / 2.0 + 3.0;
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(text, 1.2));
    // Highlights are few by nature (a history, a playlist); past a few thousand the rings
    // would only hide the map.
    const size_t maxRings = 5000;
    for (size_t k = 0; k < highlighted_.size() && k < maxRings; ++k) {
        const int i = highlighted_[k];
        if (i >= 0 && i < int(pts.size()))
            p.drawEllipse(toWidget({pts[size_t(i)].x, pts[size_t(i)].y}), r, r);
    }
    // The selected dot's linked tracks (a pick's "because" tracks, or the picks a track led
    // to) ringed in the line colour: on a map of the pick's source they are often its close
    // neighbours, where the lines themselves are too short to see.
    p.setPen(QPen(palette().color(QPalette::Highlight), 2.0));
    for (const auto& [a, b] : links_) {
        const int other = a == selected_ ? b : b == selected_ ? a : -1;
        if (selected_ >= 0 && other >= 0 && other < int(pts.size()))
            p.drawEllipse(toWidget({pts[size_t(other)].x, pts[size_t(other)].y}), r + 1, r + 1);
    }
    // The emphasised dots (the selected track's neighbours) ringed in the selection colour;
    // their labels come with the others.
    p.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
    for (int i : emphasised_)
        if (i >= 0 && i < int(pts.size()) && i != selected_)
            p.drawEllipse(toWidget({pts[size_t(i)].x, pts[size_t(i)].y}), r + 1, r + 1);
    for (int i : bandSelection_) {
        if (i < 0 || i >= int(pts.size())) continue;
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
        p.drawEllipse(toWidget({pts[size_t(i)].x, pts[size_t(i)].y}), r, r);
    }
    for (int i : {hovered_, selected_}) {
        if (i < 0 || i >= int(pts.size())) continue;
        const QPointF at = toWidget({pts[size_t(i)].x, pts[size_t(i)].y});
        p.setPen(QPen(Qt::white, 3.0));
        p.drawEllipse(at, r + 3, r + 3);
        p.setPen(QPen(Qt::black, 1.5));
        p.drawEllipse(at, r + 3, r + 3);
    }
    if (drag_ == Drag::Band) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.0, Qt::DashLine));
        QColor fill = palette().color(QPalette::Highlight);
        fill.setAlpha(40);
        p.setBrush(fill);
        p.drawRect(band_);
        p.setBrush(Qt::NoBrush);
    }
    // Labels over the dots and rings, the legend over everything.
    lastLabels_ = layoutLabels();
    drawLabels(p, lastLabels_);
    drawLegend(p);
}

QImage MapView::renderFrame() {
    QElapsedTimer timer;
    timer.start();
    QImage frame(size().expandedTo(QSize(1, 1)), QImage::Format_RGB32);
    frame.fill(palette().color(QPalette::Base));
    splatPoints(frame);
    {
        QPainter p(&frame);
        drawOverlays(p);
    }
    lastFrameMs_ = double(timer.nsecsElapsed()) / 1e6;
    return frame;
}

QImage MapView::renderImage(double factor) {
    if (factor == 1.0) return renderFrame();
    const QSize logical = size().expandedTo(QSize(1, 1));
    QImage image(logical * factor, QImage::Format_RGB32);
    image.fill(palette().color(QPalette::Base));
    splatPoints(image, factor);
    QPainter p(&image);
    p.scale(factor, factor);  // the overlays are drawn in widget coordinates
    drawOverlays(p);
    return image;
}

bool MapView::exportSvg(const QString& path, QString* error) const {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(size());
    svg.setViewBox(QRect(QPoint(0, 0), size()));
    svg.setTitle(tr("Map of similar tracks"));
    QPainter p;
    if (!p.begin(&svg)) {
        if (error) *error = tr("%1: cannot write the SVG file").arg(path);
        return false;
    }
    p.fillRect(QRect(QPoint(0, 0), size()), palette().color(QPalette::Base));
    p.setPen(Qt::NoPen);
    const double r = pointSize() / 2.0;
    const QRectF visible = QRectF(rect()).adjusted(-r, -r, r, r);
    // Grouped by colour: one brush change per colour, not per dot.
    std::vector<int> order(points().size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        return points()[size_t(a)].color < points()[size_t(b)].color;
    });
    QRgb brush = 0;
    bool first = true;
    for (int i : order) {
        const MapPoint& pt = points()[size_t(i)];
        const QPointF at = toWidget({pt.x, pt.y});
        if (!visible.contains(at)) continue;
        if (first || pt.color != brush) {
            p.setBrush(QColor::fromRgb(pt.color));
            brush = pt.color;
            first = false;
        }
        p.drawEllipse(at, r, r);
    }
    drawOverlays(p);
    p.end();
    return true;
}

void MapView::paintEvent(QPaintEvent*) {
    const QImage frame = renderFrame();
    QPainter p(this);
    p.drawImage(0, 0, frame);
    if (points().empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No map"));
        return;
    }
    // How to move around, in the corner: the view is not a picture (the exports leave it out).
    const QFont small = hintFont();
    p.setFont(small);
    const QFontMetrics fm(small);
    const QString hint = fm.elidedText(navigationHint(), Qt::ElideRight, width() - 24);
    const QRectF box(6, height() - fm.height() - 12, fm.horizontalAdvance(hint) + 12,
                     fm.height() + 6);
    QColor bg = palette().color(QPalette::Base);
    bg.setAlpha(200);
    p.setPen(Qt::NoPen);
    p.setBrush(bg);
    p.drawRoundedRect(box, 3, 3);
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(box, Qt::AlignCenter, hint);
}

void MapView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Fitted until the person moves the view: a dock closing or the window growing gives the
    // map the room. Their own zoom and pan stay as they left them (centred where they were).
    if (!adjusted_ || event->oldSize().isEmpty() || event->oldSize().width() <= 0) fitAll();
}

void MapView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0) return;
    zoomBy(std::pow(1.25, steps), event->position());
    event->accept();
}

void MapView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    if (flight_) flight_->stop();
    drag_ = Drag::None;
    fitAll();
    event->accept();
}

void MapView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    if (flight_) flight_->stop();
    pressPos_ = lastPos_ = event->position();
    moved_ = false;
    drag_ = (event->modifiers() & Qt::ShiftModifier) ? Drag::Band : Drag::Pan;
    band_ = QRectF(pressPos_, pressPos_);
}

void MapView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (drag_ != Drag::None && (pos - pressPos_).manhattanLength() > 3) moved_ = true;
    if (drag_ == Drag::Pan && moved_) {
        const QPointF delta = pos - lastPos_;
        setView(centre_ + QPointF(-delta.x() / scale_, delta.y() / scale_), scale_);
    } else if (drag_ == Drag::Band) {
        band_ = QRectF(pressPos_, pos).normalized();
        update();
    } else if (drag_ == Drag::None) {
        const int near = nearestPoint(pos);
        if (near != hovered_) {
            hovered_ = near;
            update();
            Q_EMIT pointHovered(near);
        }
    }
    lastPos_ = pos;
}

void MapView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || drag_ == Drag::None) return;
    const Drag was = std::exchange(drag_, Drag::None);
    if (was == Drag::Band && moved_) {
        const QRectF area(toData(band_.topLeft()), toData(band_.bottomRight()));
        const QRectF dataArea = area.normalized();
        bandSelection_.clear();
        const std::vector<MapPoint>& pts = points();
        for (size_t i = 0; i < pts.size(); ++i)
            if (dataArea.contains(pts[i].x, pts[i].y)) bandSelection_.push_back(int(i));
        update();
        Q_EMIT rubberBandSelected(bandSelection_);
        return;
    }
    if (!moved_) selectPoint(nearestPoint(event->position()));
    update();
}

void MapView::keyPressEvent(QKeyEvent* event) {
    const QPointF mid(width() / 2.0, height() / 2.0);
    const double step = 0.1 * width() / scale_;
    switch (event->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomBy(1.5, mid);
            break;
        case Qt::Key_Minus:
            zoomBy(1.0 / 1.5, mid);
            break;
        case Qt::Key_Left:
            setView(centre_ - QPointF(step, 0), scale_);
            break;
        case Qt::Key_Right:
            setView(centre_ + QPointF(step, 0), scale_);
            break;
        case Qt::Key_Up:
            setView(centre_ + QPointF(0, step), scale_);
            break;
        case Qt::Key_Down:
            setView(centre_ - QPointF(0, step), scale_);
            break;
        case Qt::Key_Home:
            fitAll();
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

bool MapView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int i = nearestPoint(help->pos());
        if (i >= 0 && tooltip_)
            QToolTip::showText(help->globalPos(), tooltip_(i), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

}  // namespace tl
