#include "SpectrogramView.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>

namespace tl {

namespace {

constexpr double kLeftMargin = 62.0;    // frequency labels
constexpr double kRightMargin = 74.0;   // colour bar and its labels
constexpr double kBottomMargin = 26.0;  // time labels
constexpr double kMinFrames = 8.0;      // the deepest time zoom, in frames
constexpr double kMinFraction = 0.04;   // the deepest frequency zoom

// "1:05", or "1:05.5" / "1:05.25" when ticks are closer than a second.
QString timeLabel(double seconds, double step) {
    const int decimals = step >= 1.0 ? 0 : step >= 0.1 ? 1 : 2;
    const double rounded =
        std::round(seconds * std::pow(10.0, decimals)) / std::pow(10.0, decimals);
    const int minutes = int(rounded / 60.0);
    const double rest = rounded - minutes * 60.0;
    const QString sec = QString::number(rest, 'f', decimals);
    const bool pad = rest < 10.0;
    return QStringLiteral("%1:%2%3").arg(minutes).arg(pad ? QStringLiteral("0") : QString(), sec);
}

QString hzLabel(double hz) {
    if (hz < 1000.0) return QStringLiteral("%1 Hz").arg(qRound(hz));
    const double k = hz / 1000.0;
    return QStringLiteral("%1 kHz").arg(QString::number(k, 'g', k < 10.0 ? 2 : 3));
}

// The fractional index of `hz` among ascending band centres (linear between neighbours).
double bandIndexForHz(const std::vector<float>& bandHz, double hz) {
    if (bandHz.empty()) return 0.0;
    if (hz <= bandHz.front()) return 0.0;
    if (hz >= bandHz.back()) return double(bandHz.size() - 1);
    const auto it = std::upper_bound(bandHz.begin(), bandHz.end(), float(hz));
    const size_t hi = size_t(it - bandHz.begin());
    const double a = bandHz[hi - 1], b = bandHz[hi];
    return double(hi - 1) + (b > a ? (hz - a) / (b - a) : 0.0);
}

double hzForBandIndex(const std::vector<float>& bandHz, double index) {
    if (bandHz.empty()) return 0.0;
    index = std::clamp(index, 0.0, double(bandHz.size() - 1));
    const size_t lo = size_t(std::floor(index));
    const size_t hi = std::min(lo + 1, bandHz.size() - 1);
    return bandHz[lo] + (index - double(lo)) * (bandHz[hi] - bandHz[lo]);
}

}  // namespace

SpectrogramView::SpectrogramView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("spectrogramView"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Spectrogram"));
}

void SpectrogramView::setData(std::shared_ptr<const SpectrogramData> data) {
    data_ = std::move(data);
    rebuildImage();
    resetZoom();
}

void SpectrogramView::setPlaceholderText(const QString& text) {
    placeholder_ = text;
    if (!data_) update();
}

void SpectrogramView::setColorMap(ColorMap::Name name) {
    if (name == colorMap_) return;
    colorMap_ = name;
    rebuildImage();
    update();
}

void SpectrogramView::setFrequencyAxis(FrequencyAxis axis) {
    if (axis == axis_) return;
    const ViewWindow before = viewWindow();  // the same Hz in view on the new axis
    axis_ = axis;
    rebuildImage();
    setViewWindow(before);
}

SpectrogramView::ViewWindow SpectrogramView::viewWindow() const {
    ViewWindow w;
    w.start = t0_;
    w.end = t1_;
    w.wholeFrequency = f0_ <= 0.0 && f1_ >= 1.0;
    w.lowHz = hzForFraction(f0_);
    w.highHz = hzForFraction(f1_);
    return w;
}

void SpectrogramView::setViewWindow(const ViewWindow& w) {
    f0_ = 0.0;
    f1_ = 1.0;
    if (!w.wholeFrequency && w.highHz > w.lowHz && data_ && !data_->bandHz.empty()) {
        f0_ = std::clamp(fractionForHz(w.lowHz), 0.0, 1.0);
        f1_ = std::clamp(fractionForHz(w.highHz), 0.0, 1.0);
        if (!(f1_ > f0_)) {
            f0_ = 0.0;
            f1_ = 1.0;
        }
    }
    if (w.end > w.start) {
        t0_ = w.start;
        t1_ = w.end;
    }
    clampView();
    update();
    Q_EMIT visibleTimeChanged(t0_, t1_);
}

double SpectrogramView::topMargin() const {
    return fontMetrics().height() + 10.0;  // a line of excerpt labels over a 5 px strip
}

std::vector<SpectrogramView::ExcerptMarker> SpectrogramView::excerptMarkers() const {
    std::vector<ExcerptMarker> markers;
    if (!data_ || data_->isEmpty()) return markers;
    const QRectF plot = plotRect();
    const QFontMetricsF fm(font());
    for (size_t i = 0; i < data_->excerpts.size(); ++i) {
        const SpectrogramData::Excerpt& e = data_->excerpts[i];
        const double x0 = std::max(plot.left(), xForSeconds(e.start));
        const double x1 = std::min(plot.right(), xForSeconds(e.start + e.seconds));
        if (!(x1 > x0)) continue;
        ExcerptMarker m;
        m.strip = QRectF(x0, plot.top() - 7.0, x1 - x0, 5.0);
        const double step = e.seconds < 1.0 ? 0.01 : 1.0;
        m.fullLabel = tr("excerpt %1 · %2–%3")
                          .arg(i + 1)
                          .arg(timeLabel(e.start, step), timeLabel(e.start + e.seconds, step));
        const QString number = QString::number(i + 1);
        // Left-aligned over the strip; it may run past the strip's end up to the next marker's
        // start (or the plot's end), never over another label.
        double room = plot.right() - x0;
        for (size_t j = i + 1; j < data_->excerpts.size(); ++j) {
            const double next = xForSeconds(data_->excerpts[j].start);
            if (next > x0) {
                room = std::min(room, next - x0 - 6.0);
                break;
            }
        }
        if (fm.horizontalAdvance(m.fullLabel) <= room)
            m.label = m.fullLabel;
        else if (fm.horizontalAdvance(number) <= room)
            m.label = number;
        const double w = fm.horizontalAdvance(m.label);
        m.labelRect = QRectF(x0, m.strip.top() - 1.0 - fm.height(), w, fm.height());
        markers.push_back(std::move(m));
    }
    return markers;
}

bool SpectrogramView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        const QPoint pos = static_cast<QHelpEvent*>(event)->pos();
        for (const ExcerptMarker& m : excerptMarkers())
            if (m.strip.adjusted(0, -3, 0, 3).contains(pos) || m.labelRect.contains(pos)) {
                QToolTip::showText(
                    static_cast<QHelpEvent*>(event)->globalPos(),
                    tr("%1: what the audio model hears of this track").arg(m.fullLabel), this);
                return true;
            }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

int SpectrogramView::imageRowsForPlot() const {
    return std::clamp(int(plotRect().height()), 64, 2048);
}

void SpectrogramView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (axis_ != NativeAxis && !image_.isNull() && image_.height() != imageRowsForPlot())
        rebuildImage();
}

void SpectrogramView::setPlayhead(double seconds) {
    if (seconds == playhead_) return;
    playhead_ = seconds;
    update();
}

void SpectrogramView::rebuildImage() {
    if (!data_ || data_->isEmpty()) {
        image_ = QImage();
        return;
    }
    const SpectrogramData& d = *data_;
    // Native spacing draws one row per band. The frequency-placed axes draw one row per pixel of
    // the plot, each the loudest of the bins inside it: a pure tone in one bin of a 1,025-bin
    // STFT must not vanish when many bins share a row (a log axis stretches the few low bins
    // over many rows instead).
    const int rows = axis_ == NativeAxis ? d.bands : imageRowsForPlot();
    std::vector<std::pair<int, int>> bandsOfRow(static_cast<size_t>(rows));  // [first, last]
    for (int r = 0; r < rows; ++r) {
        if (axis_ == NativeAxis) {
            bandsOfRow[size_t(r)] = {d.bands - 1 - r, d.bands - 1 - r};
            continue;
        }
        const double hzLow = hzForFraction(1.0 - double(r + 1) / rows);
        const double hzHigh = hzForFraction(1.0 - double(r) / rows);
        const int first = int(std::ceil(bandIndexForHz(d.bandHz, hzLow)));
        const int last = int(std::floor(bandIndexForHz(d.bandHz, hzHigh)));
        if (first <= last) {
            bandsOfRow[size_t(r)] = {first, last};
        } else {
            const int nearest = std::clamp(
                int(std::lround(bandIndexForHz(d.bandHz, (hzLow + hzHigh) / 2))), 0, d.bands - 1);
            bandsOfRow[size_t(r)] = {nearest, nearest};
        }
    }
    QImage image(d.frames, rows, QImage::Format_RGB32);
    const ColorMap& map = ColorMap::get(colorMap_);
    const float range = std::max(1e-6f, d.topDb - d.floorDb);
    std::vector<float> loudest(static_cast<size_t>(d.frames));
    for (int r = 0; r < rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(r));
        const auto [first, last] = bandsOfRow[size_t(r)];
        std::fill(loudest.begin(), loudest.end(), -std::numeric_limits<float>::infinity());
        for (int f = 0; f < d.frames; ++f) {
            const float* frame = d.db.data() + size_t(f) * size_t(d.bands);
            float m = loudest[size_t(f)];
            for (int b = first; b <= last; ++b) m = std::max(m, frame[b]);
            loudest[size_t(f)] = m;
        }
        for (int f = 0; f < d.frames; ++f)
            line[f] = map.color((loudest[size_t(f)] - d.floorDb) / range);
    }
    image_ = std::move(image);
}

double SpectrogramView::fractionForHz(double hz) const {
    if (!data_ || data_->bandHz.empty()) return 0.0;
    const std::vector<float>& bands = data_->bandHz;
    switch (axis_) {
        case NativeAxis:
            return (bandIndexForHz(bands, hz) + 0.5) / double(bands.size());
        case LinearAxis: {
            const double lo = std::min<double>(0.0, bands.front()), hi = bands.back();
            return hi > lo ? (hz - lo) / (hi - lo) : 0.0;
        }
        case LogAxis: {
            const double lo = std::max<double>(20.0, bands.front()), hi = bands.back();
            if (hz <= lo || hi <= lo) return 0.0;
            return std::log(hz / lo) / std::log(hi / lo);
        }
    }
    return 0.0;
}

double SpectrogramView::hzForFraction(double fraction) const {
    if (!data_ || data_->bandHz.empty()) return 0.0;
    const std::vector<float>& bands = data_->bandHz;
    switch (axis_) {
        case NativeAxis:
            return hzForBandIndex(bands, fraction * double(bands.size()) - 0.5);
        case LinearAxis: {
            const double lo = std::min<double>(0.0, bands.front()), hi = bands.back();
            return lo + fraction * (hi - lo);
        }
        case LogAxis: {
            const double lo = std::max<double>(20.0, bands.front()), hi = bands.back();
            return lo * std::pow(hi / lo, fraction);
        }
    }
    return 0.0;
}

QRectF SpectrogramView::plotRect() const {
    const double top = topMargin();
    return QRectF(kLeftMargin, top, std::max(1.0, width() - kLeftMargin - kRightMargin),
                  std::max(1.0, height() - top - kBottomMargin));
}

double SpectrogramView::xForSeconds(double seconds) const {
    const QRectF plot = plotRect();
    return plot.left() + (seconds - t0_) / (t1_ - t0_) * plot.width();
}

double SpectrogramView::yForHz(double hz) const {
    const QRectF plot = plotRect();
    return plot.bottom() - (fractionForHz(hz) - f0_) / (f1_ - f0_) * plot.height();
}

double SpectrogramView::fractionForY(double y) const {
    const QRectF plot = plotRect();
    return f0_ + (plot.bottom() - y) / plot.height() * (f1_ - f0_);
}

void SpectrogramView::resetZoom() {
    if (data_ && !data_->isEmpty()) {
        t0_ = data_->startSeconds;
        t1_ = data_->startSeconds + data_->durationSeconds();
    } else {
        t0_ = 0.0;
        t1_ = 1.0;
    }
    f0_ = 0.0;
    f1_ = 1.0;
    update();
    Q_EMIT visibleTimeChanged(t0_, t1_);
}

void SpectrogramView::clampView() {
    if (!data_ || data_->isEmpty()) return;
    const double start = data_->startSeconds, total = data_->durationSeconds();
    const double minSpan = std::min(total, kMinFrames * data_->secondsPerFrame);
    double span = std::clamp(t1_ - t0_, minSpan, total);
    t0_ = std::clamp(t0_, start, start + total - span);
    t1_ = t0_ + span;
    const double fspan = std::clamp(f1_ - f0_, kMinFraction, 1.0);
    f0_ = std::clamp(f0_, 0.0, 1.0 - fspan);
    f1_ = f0_ + fspan;
}

void SpectrogramView::setVisibleTime(double start, double end) {
    if (!(end > start)) return;
    t0_ = start;
    t1_ = end;
    clampView();
    update();
    Q_EMIT visibleTimeChanged(t0_, t1_);
}

void SpectrogramView::zoomTime(double factor, double anchorSeconds) {
    if (!(factor > 0.0)) return;
    const double span = (t1_ - t0_) / factor;
    const double where = (anchorSeconds - t0_) / (t1_ - t0_);
    setVisibleTime(anchorSeconds - where * span, anchorSeconds + (1.0 - where) * span);
}

void SpectrogramView::zoomFrequency(double factor, double anchorFraction) {
    if (!(factor > 0.0)) return;
    const double span = (f1_ - f0_) / factor;
    const double where = (anchorFraction - f0_) / (f1_ - f0_);
    f0_ = anchorFraction - where * span;
    f1_ = anchorFraction + (1.0 - where) * span;
    clampView();
    update();
}

SpectrogramView::Readout SpectrogramView::readoutAt(QPointF pos) const {
    Readout r;
    const QRectF plot = plotRect();
    if (!data_ || data_->isEmpty() || !plot.contains(pos)) return r;
    const SpectrogramData& d = *data_;
    r.seconds = t0_ + (pos.x() - plot.left()) / plot.width() * (t1_ - t0_);
    const double fraction = fractionForY(pos.y());
    r.hz = hzForFraction(fraction);
    const int frame = std::clamp(int(std::floor((r.seconds - d.startSeconds) / d.secondsPerFrame)),
                                 0, d.frames - 1);
    const int band =
        axis_ == NativeAxis
            ? std::clamp(int(std::floor(fraction * d.bands)), 0, d.bands - 1)
            : std::clamp(int(std::lround(bandIndexForHz(d.bandHz, r.hz))), 0, d.bands - 1);
    r.db = d.at(frame, band);
    r.valid = true;
    return r;
}

QString SpectrogramView::readoutText(const Readout& r) const {
    if (!r.valid) return {};
    return QStringLiteral("%1  ·  %2  ·  %3 dB")
        .arg(timeLabel(r.seconds, 0.01), hzLabel(r.hz), QString::number(r.db, 'f', 1));
}

std::vector<SpectrogramView::Tick> SpectrogramView::timeTicks() const {
    std::vector<Tick> ticks;
    const QRectF plot = plotRect();
    const double span = t1_ - t0_;
    if (!(span > 0.0)) return ticks;
    static const double kSteps[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1,   2,   5,
                                    10,   15,   30,   60,  120, 300, 600, 1200};
    double step = kSteps[std::size(kSteps) - 1];
    for (double s : kSteps)
        if (s / span * plot.width() >= 70.0) {
            step = s;
            break;
        }
    for (double t = std::ceil(t0_ / step - 1e-9) * step; t <= t1_ + 1e-9; t += step)
        ticks.push_back({t, timeLabel(t, step)});
    return ticks;
}

std::vector<SpectrogramView::Tick> SpectrogramView::frequencyTicks() const {
    std::vector<Tick> ticks;
    if (!data_ || data_->bandHz.empty()) return ticks;
    const double lo = hzForFraction(f0_), hi = hzForFraction(f1_);
    std::vector<double> candidates;
    if (axis_ == LinearAxis) {
        const double span = hi - lo;
        double step = 1000.0;
        for (double s : {100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0})
            if (span / s <= 8.0) {
                step = s;
                break;
            }
        for (double f = std::ceil(lo / step) * step; f <= hi; f += step) candidates.push_back(f);
    } else {
        for (double decade : {10.0, 100.0, 1000.0, 10000.0})
            for (double m : {1.0, 2.0, 5.0}) candidates.push_back(m * decade);
    }
    double lastY = 1e9;
    for (double f : candidates) {
        if (f < lo || f > hi) continue;
        const double y = yForHz(f);
        if (lastY - y < 18.0) continue;  // keep labels apart
        ticks.push_back({f, hzLabel(f)});
        lastY = y;
    }
    return ticks;
}

void SpectrogramView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    const QRectF plot = plotRect();
    p.fillRect(plot, Qt::black);
    if (image_.isNull() || !data_) {
        p.setPen(QColor(200, 200, 200));  // on the plot's black, whatever the palette
        p.drawText(plot.adjusted(8, 4, -8, -4), Qt::AlignCenter | Qt::TextWordWrap,
                   placeholder_.isEmpty() ? tr("No spectrogram") : placeholder_);
        return;
    }
    const SpectrogramData& d = *data_;
    const QRectF source((t0_ - d.startSeconds) / d.secondsPerFrame, (1.0 - f1_) * image_.height(),
                        (t1_ - t0_) / d.secondsPerFrame, (f1_ - f0_) * image_.height());
    // Shrinking thousands of frames into a few hundred pixels aliases without filtering;
    // enlarging should show the frames as blocks, as they are.
    p.setRenderHint(QPainter::SmoothPixmapTransform, source.width() > plot.width());
    p.drawImage(plot, image_, source);

    p.setRenderHint(QPainter::Antialiasing, false);
    const QColor strip = palette().color(QPalette::Highlight);
    p.setPen(palette().color(QPalette::WindowText));
    for (const ExcerptMarker& m : excerptMarkers()) {
        p.fillRect(m.strip, strip);
        if (!m.label.isEmpty())
            p.drawText(m.labelRect.bottomLeft() - QPointF(0, fontMetrics().descent()), m.label);
    }
    if (playhead_ >= t0_ && playhead_ <= t1_) {
        p.setPen(QPen(Qt::white, 2.0));
        const double x = xForSeconds(playhead_);
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    drawAxes(p, plot);
    drawColorBar(p, plot);

    const Readout r = readoutAt(cursor_);
    if (r.valid) {
        const QString text = readoutText(r);
        const QFontMetrics fm(font());
        QRectF box(plot.left() + 6, plot.top() + 6, fm.horizontalAdvance(text) + 12,
                   fm.height() + 6);
        p.fillRect(box, QColor(0, 0, 0, 170));
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter, text);
    }
}

void SpectrogramView::drawAxes(QPainter& p, const QRectF& plot) const {
    const QColor text = palette().color(QPalette::WindowText);
    const QFontMetrics fm(font());
    p.setPen(text);
    for (const Tick& t : timeTicks()) {
        const double x = xForSeconds(t.position);
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        const double w = fm.horizontalAdvance(t.label);
        const double left = std::clamp(x - w / 2, 0.0, double(width()) - w);
        p.drawText(QPointF(left, plot.bottom() + 6 + fm.ascent()), t.label);
    }
    for (const Tick& t : frequencyTicks()) {
        const double y = yForHz(t.position);
        p.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        const double w = fm.horizontalAdvance(t.label);
        const double top = std::clamp(y - fm.height() / 2.0, 0.0, double(height()) - fm.height());
        p.drawText(QRectF(plot.left() - 8 - w, top, w, fm.height()), Qt::AlignRight, t.label);
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(plot.adjusted(-0.5, -0.5, 0.5, 0.5));
}

void SpectrogramView::drawColorBar(QPainter& p, const QRectF& plot) const {
    const SpectrogramData& d = *data_;
    const QRectF bar(plot.right() + 10, plot.top(), 12, plot.height());
    const ColorMap& map = ColorMap::get(colorMap_);
    for (int y = 0; y < int(bar.height()); ++y) {
        const float t = 1.0f - float(y) / float(std::max(1.0, bar.height() - 1));
        p.setPen(QColor::fromRgb(map.color(t)));
        p.drawLine(QPointF(bar.left(), bar.top() + y), QPointF(bar.right(), bar.top() + y));
    }
    const QFontMetrics fm(font());
    p.setPen(palette().color(QPalette::WindowText));
    const float range = d.topDb - d.floorDb;
    // Round levels (multiples of 20 dB) read better than the top's exact value.
    for (float db = std::floor(d.topDb / 20.0f) * 20.0f; db >= d.floorDb - 1e-3f; db -= 20.0f) {
        const double y = bar.top() + (d.topDb - db) / range * bar.height();
        const QString label = QStringLiteral("%1 dB").arg(qRound(db));
        const double top = std::clamp(y - fm.height() / 2.0, 0.0, double(height()) - fm.height());
        p.drawText(QPointF(bar.right() + 4, top + fm.ascent()), label);
    }
}

void SpectrogramView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0 || !data_) return;
    const double factor = std::pow(1.25, steps);
    const QPointF pos = event->position();
    if (event->modifiers() & Qt::ControlModifier) {
        zoomFrequency(factor, fractionForY(pos.y()));
    } else {
        const QRectF plot = plotRect();
        zoomTime(factor, t0_ + (pos.x() - plot.left()) / plot.width() * (t1_ - t0_));
    }
    event->accept();
}

void SpectrogramView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    pressPos_ = lastDragPos_ = event->position();
    dragging_ = false;
}

void SpectrogramView::mouseMoveEvent(QMouseEvent* event) {
    cursor_ = event->position();
    if (event->buttons() & Qt::LeftButton) {
        if (!dragging_ && (cursor_ - pressPos_).manhattanLength() > 4) dragging_ = true;
        if (dragging_) {
            const QRectF plot = plotRect();
            const QPointF delta = cursor_ - lastDragPos_;
            lastDragPos_ = cursor_;
            const double dt = -delta.x() / plot.width() * (t1_ - t0_);
            const double df = delta.y() / plot.height() * (f1_ - f0_);
            t0_ += dt;
            t1_ += dt;
            f0_ += df;
            f1_ += df;
            clampView();
            Q_EMIT visibleTimeChanged(t0_, t1_);
        }
    }
    Q_EMIT readoutChanged(readoutText(readoutAt(cursor_)));
    update();
}

void SpectrogramView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    if (!dragging_) {
        const Readout r = readoutAt(event->position());
        if (r.valid) Q_EMIT seekRequested(r.seconds);
    }
    dragging_ = false;
}

void SpectrogramView::mouseDoubleClickEvent(QMouseEvent*) {
    resetZoom();
}

void SpectrogramView::keyPressEvent(QKeyEvent* event) {
    const double centre = (t0_ + t1_) / 2.0, span = t1_ - t0_;
    switch (event->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomTime(1.5, centre);
            break;
        case Qt::Key_Minus:
            zoomTime(1.0 / 1.5, centre);
            break;
        case Qt::Key_Left:
            setVisibleTime(t0_ - 0.1 * span, t1_ - 0.1 * span);
            break;
        case Qt::Key_Right:
            setVisibleTime(t0_ + 0.1 * span, t1_ + 0.1 * span);
            break;
        case Qt::Key_Home:
            resetZoom();
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

void SpectrogramView::leaveEvent(QEvent*) {
    cursor_ = QPointF(-1, -1);
    Q_EMIT readoutChanged(QString());
    update();
}

}  // namespace tl
