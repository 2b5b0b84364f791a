#include "BacktestHeatMap.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <cmath>

#include "ColorMap.h"
#include "Contrast.h"
#include "SourceColors.h"

namespace tl {
namespace {

constexpr double kLegendWidth = 14.0;

double weightOf(const std::map<QString, double>& weights, const QString& name) {
    const auto it = weights.find(name);
    return it == weights.end() ? 0.0 : it->second;
}

QPainterPath star(QPointF centre, double radius) {
    QPainterPath path;
    for (int i = 0; i < 10; ++i) {
        const double r = i % 2 == 0 ? radius : radius * 0.45;
        const double a = -M_PI / 2.0 + double(i) * M_PI / 5.0;
        const QPointF p(centre.x() + r * std::cos(a), centre.y() + r * std::sin(a));
        if (i == 0)
            path.moveTo(p);
        else
            path.lineTo(p);
    }
    path.closeSubpath();
    return path;
}

}  // namespace

BacktestHeatMap::BacktestHeatMap(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("backtestHeatMap"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void BacktestHeatMap::setGrid(const std::vector<QString>& sources, std::vector<Point> points,
                              int best) {
    sources_ = sources;
    points_ = std::move(points);
    best_ = best;
    hovered_ = -1;
    drawn_.clear();
    // Points on the slice drawn: every source beyond the third at 0.
    double smallest = 1.0;
    for (size_t i = 0; i < points_.size(); ++i) {
        bool onSlice = true;
        for (size_t s = 3; s < sources_.size(); ++s)
            onSlice &= weightOf(points_[i].weights, sources_[s]) == 0.0;
        if (!onSlice) continue;
        drawn_.push_back(int(i));
        for (const auto& [name, w] : points_[i].weights)
            if (w > 1e-9) smallest = std::min(smallest, w);
    }
    units_ = std::max(1, int(std::lround(1.0 / smallest)));
    low_ = 1.0, high_ = 0.0;
    for (int i : drawn_) low_ = std::min(low_, points_[size_t(i)].ndcg);
    for (int i : drawn_) high_ = std::max(high_, points_[size_t(i)].ndcg);
    if (drawn_.empty()) low_ = 0.0, high_ = 1.0;
    update();
}

void BacktestHeatMap::clear() {
    setGrid({}, {}, -1);
}

void BacktestHeatMap::setCurrent(const std::map<QString, double>& weights) {
    current_ = weights;
    update();
}

QRectF BacktestHeatMap::plotRect() const {
    const int text = fontMetrics().height();
    // Room for the corner labels above, below and (half of them) beside the bottom corners,
    // and the colour legend on the right.
    QFont bold = font();
    bold.setBold(true);
    double half = 0.0;
    for (const QString& s : sources_)
        half = std::max(half, 0.5 * QFontMetrics(bold).horizontalAdvance(sourceShortTitle(s)));
    return QRectF(6.0 + half, 8.0 + text, width() - 12.0 - 2.0 * half - kLegendWidth - 4.0 * text,
                  height() - 16.0 - 2.5 * text);
}

QPointF BacktestHeatMap::corner(int axis) const {
    const QRectF r = plotRect();
    // An equilateral triangle as large as fits, centred in the plot area.
    const double side = std::min(r.width(), r.height() * 2.0 / std::sqrt(3.0));
    const double h = side * std::sqrt(3.0) / 2.0;
    const QPointF top(r.center().x(), r.center().y() - h / 2.0);
    if (axis == 0) return top;
    if (axis == 1) return {top.x() - side / 2.0, top.y() + h};
    return {top.x() + side / 2.0, top.y() + h};
}

QPointF BacktestHeatMap::place(const std::map<QString, double>& weights) const {
    if (sources_.size() == 2) {
        // The strip: the first source alone at the left, the second alone at the right.
        const QRectF r = plotRect();
        const double a = weightOf(weights, sources_[0]), b = weightOf(weights, sources_[1]);
        const double t = a + b > 0.0 ? b / (a + b) : 0.0;
        const double pad = cellRadius();
        return {r.left() + pad + t * (r.width() - 2.0 * pad), r.center().y()};
    }
    double w[3] = {0.0, 0.0, 0.0}, total = 0.0;
    for (size_t s = 0; s < 3 && s < sources_.size(); ++s)
        total += (w[s] = weightOf(weights, sources_[s]));
    if (!(total > 0.0)) return corner(0);
    QPointF p(0.0, 0.0);
    for (int s = 0; s < 3; ++s) p += corner(s) * (w[s] / total);
    return p;
}

double BacktestHeatMap::cellRadius() const {
    if (sources_.size() == 2) return std::min(plotRect().width() / (2.0 * (units_ + 1)), 40.0);
    const double side = corner(2).x() - corner(1).x();
    return 0.5 * side / units_;
}

QPointF BacktestHeatMap::pointCentre(int index) const {
    if (index < 0 || index >= int(points_.size())) return {};
    return place(points_[size_t(index)].weights);
}

int BacktestHeatMap::pointAt(const QPointF& pos) const {
    int found = -1;
    double nearest = cellRadius();
    for (int i : drawn_) {
        const QPointF d = pointCentre(i) - pos;
        const double dist = std::hypot(d.x(), d.y());
        if (dist <= nearest) nearest = dist, found = i;
    }
    return found;
}

QString BacktestHeatMap::describe(int index) const {
    if (index < 0 || index >= int(points_.size())) return {};
    QStringList parts;
    for (const QString& s : sources_)
        parts << QStringLiteral("%1 %2")
                     .arg(sourceTitle(s).toLower())
                     .arg(weightOf(points_[size_t(index)].weights, s), 0, 'f', 1);
    return tr("%1 — NDCG %2%3")
        .arg(parts.join(QStringLiteral(", ")))
        .arg(points_[size_t(index)].ndcg, 0, 'f', 3)
        .arg(index == best_ ? tr(" (best)") : QString());
}

QColor BacktestHeatMap::colorFor(double ndcg) const {
    const double span = high_ - low_;
    const float t = span > 1e-12 ? float((ndcg - low_) / span) : 1.f;
    return QColor::fromRgb(ColorMap::get(ColorMap::Viridis).color(t));
}

void BacktestHeatMap::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    if (drawn_.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("The heat map of NDCG over the weights appears after a back-test."));
        return;
    }
    const double r = cellRadius();
    const int text = fontMetrics().height();
    // Cells: hexagons tile the triangular grid; squares the strip.
    for (int i : drawn_) {
        const QPointF c = pointCentre(i);
        p.setPen(QPen(pal.color(QPalette::Window), 1.0));
        p.setBrush(colorFor(points_[size_t(i)].ndcg));
        if (sources_.size() == 2) {
            p.drawRect(QRectF(c.x() - r, c.y() - 1.5 * r, 2.0 * r, 3.0 * r));
        } else {
            QPolygonF hex;
            for (int k = 0; k < 6; ++k) {
                const double a = M_PI / 6.0 + k * M_PI / 3.0;
                hex << QPointF(c.x() + r * 1.12 * std::cos(a), c.y() + r * 1.12 * std::sin(a));
            }
            p.drawPolygon(hex);
        }
    }
    // Corner (or end) labels: the source each corner is alone.
    p.setPen(pal.color(QPalette::WindowText));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    const QFontMetrics bm(bold);
    // Centred under (or over) its corner: plotRect() leaves half a label of room beside it.
    auto label = [&](const QString& source, QPointF at) {
        const QString t = sourceShortTitle(source);
        const double w = bm.horizontalAdvance(t) + 4.0;
        const QRectF box(at.x() - w / 2.0, at.y(), w, text);
        // The source's hue, made readable on this palette's window (light or dark).
        p.setPen(readableOn(sourceColor(source), pal.color(QPalette::Window)));
        p.drawText(box, Qt::AlignCenter, t);
    };
    if (sources_.size() == 2) {
        const QRectF pr = plotRect();
        label(sources_[0], QPointF(pr.left() + r, pr.center().y() + 1.6 * r));
        label(sources_[1], QPointF(pr.right() - r, pr.center().y() + 1.6 * r));
    } else {
        label(sources_[0], corner(0) - QPointF(0.0, r + text + 2.0));
        label(sources_[1], corner(1) + QPointF(0.0, r + 2.0));
        label(sources_[2], corner(2) + QPointF(0.0, r + 2.0));
    }
    p.setFont(font());
    // The best point: a star; the sliders' weights: a ring (white inside black, readable on
    // every colour of the map).
    if (best_ >= 0) {
        p.setPen(QPen(Qt::black, 1.2));
        p.setBrush(Qt::white);
        p.drawPath(star(pointCentre(best_), std::max(5.0, r * 0.75)));
    }
    double total = 0.0;
    for (const QString& s : sources_) total += weightOf(current_, s);
    if (total > 0.0) {
        const QPointF c = place(current_);
        const double ring = std::max(5.0, r * 0.7);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(Qt::black, 3.5));
        p.drawEllipse(c, ring, ring);
        p.setPen(QPen(Qt::white, 1.8));
        p.drawEllipse(c, ring, ring);
    }
    if (hovered_ >= 0) {
        p.setPen(QPen(pal.color(QPalette::Highlight), 2.0));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(pointCentre(hovered_), r, r);
    }
    // Legend: the colour scale with its NDCG range.
    const QRectF pr = plotRect();
    const QRectF bar(width() - 8.0 - kLegendWidth - 4.0 * text, pr.top() + text, kLegendWidth,
                     std::max(20.0, pr.height() - 2.0 * text));
    QLinearGradient g(bar.bottomLeft(), bar.topLeft());
    for (int k = 0; k <= 8; ++k)
        g.setColorAt(k / 8.0, QColor::fromRgb(ColorMap::get(ColorMap::Viridis).color(k / 8.f)));
    p.setPen(QPen(pal.color(QPalette::Mid), 1.0));
    p.setBrush(g);
    p.drawRect(bar);
    p.setPen(pal.color(QPalette::WindowText));
    const QRectF textBox(bar.right() + 4.0, 0.0, 4.0 * text, text);
    p.drawText(textBox.translated(0.0, bar.top() - text / 2.0), Qt::AlignLeft | Qt::AlignVCenter,
               QString::number(high_, 'f', 3));
    p.drawText(textBox.translated(0.0, bar.bottom() - text / 2.0), Qt::AlignLeft | Qt::AlignVCenter,
               QString::number(low_, 'f', 3));
    p.drawText(QRectF(bar.left() - text, pr.top() - 0.2 * text, 5.0 * text, text),
               Qt::AlignLeft | Qt::AlignVCenter, tr("NDCG"));
    if (sources_.size() > 3) {
        QStringList rest;
        for (size_t s = 3; s < sources_.size(); ++s) rest << sourceShortTitle(sources_[s]);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRectF(0, height() - text - 2.0, width(), text), Qt::AlignCenter,
                   tr("slice: %1 weight 0").arg(rest.join(tr(", "))));
    }
}

void BacktestHeatMap::mouseMoveEvent(QMouseEvent* event) {
    const int i = pointAt(event->position());
    if (i != hovered_) {
        hovered_ = i;
        update();
    }
    if (i >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), describe(i), this);
    else
        QToolTip::hideText();
}

void BacktestHeatMap::mousePressEvent(QMouseEvent* event) {
    const int i = pointAt(event->position());
    if (event->button() == Qt::LeftButton && i >= 0)
        Q_EMIT pointClicked(points_[size_t(i)].weights);
}

void BacktestHeatMap::leaveEvent(QEvent*) {
    hovered_ = -1;
    QToolTip::hideText();
    update();
}

}  // namespace tl
