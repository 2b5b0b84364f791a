#include "SpectrogramLayers.h"

#include <QAction>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QRegion>
#include <QStyle>
#include <QToolButton>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>

#include "SpectrogramView.h"

namespace tl {

namespace {

// Readable over every colour map (viridis, magma, greyscale…): each line is drawn in its colour
// over a darker, wider line, and each label on a dark box. The three layers' hues are far apart
// and none is the maps' own yellow or purple.
const QColor kOnsetColour(255, 120, 70);    // coral
const QColor kBeatColour(90, 215, 255);     // sky blue
const QColor kWindowColour(255, 255, 255);  // white
const QColor kUnderlay(0, 0, 0, 150);
const QColor kLabelBox(0, 0, 0, 175);

void drawOutlinedLine(QPainter& p, QPointF a, QPointF b, const QColor& colour, qreal width = 1.0,
                      Qt::PenStyle style = Qt::SolidLine) {
    p.setPen(QPen(kUnderlay, width + 2.0, Qt::SolidLine, Qt::FlatCap));
    p.drawLine(a, b);
    p.setPen(QPen(colour, width, style, Qt::FlatCap));
    p.drawLine(a, b);
}

// A label on a dark box, its top-left at `at`, kept inside `bounds`; returns the box.
QRectF drawLabel(QPainter& p, QPointF at, const QString& text, const QColor& colour,
                 const QRectF& bounds) {
    const QFontMetricsF fm(p.font());
    QRectF box(at, QSizeF(fm.horizontalAdvance(text) + 8.0, fm.height() + 2.0));
    if (box.right() > bounds.right()) box.moveRight(bounds.right());
    if (box.left() < bounds.left()) box.moveLeft(bounds.left());
    if (box.bottom() > bounds.bottom()) box.moveBottom(bounds.bottom());
    if (box.top() < bounds.top()) box.moveTop(bounds.top());
    p.fillRect(box, kLabelBox);
    p.setPen(colour);
    p.drawText(box, Qt::AlignCenter, text);
    return box;
}

int countIf(const std::vector<SpectrogramLayers::Item>& items, SpectrogramLayers::Layer layer) {
    return int(std::count_if(items.begin(), items.end(),
                             [layer](const auto& i) { return i.layer == layer; }));
}

QString seconds2(double s) {
    const int minutes = int(s / 60.0);
    return QStringLiteral("%1:%2").arg(minutes).arg(s - minutes * 60.0, 5, 'f', 2,
                                                    QLatin1Char('0'));
}

}  // namespace

SpectrogramLayers::SpectrogramLayers(SpectrogramView* view) : QWidget(view), view_(view) {
    setObjectName(QStringLiteral("spectrogramLayers"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setGeometry(view->rect());
    view->installEventFilter(this);

    const QString names[LayerCount] = {tr("Onsets"), tr("Beats"), tr("Excerpt windows")};
    const QString tips[LayerCount] = {
        tr("Where notes and hits start: peaks of the onset strength (spectral flux of the "
           "log-mel)"),
        tr("The tempo estimate's beats: its period, in step with the strongest onsets"),
        tr("The windows of the track the audio model hears, outlined and named")};
    const char* objectNames[LayerCount] = {"layerOnsets", "layerBeats", "layerExcerpts"};
    for (int i = 0; i < LayerCount; ++i) {
        actions_[i] = new QAction(names[i], this);
        actions_[i]->setObjectName(QString::fromLatin1(objectNames[i]));
        actions_[i]->setCheckable(true);
        actions_[i]->setToolTip(tips[i]);
        connect(actions_[i], &QAction::toggled, this, [this, i](bool on) {
            if (on && (i == Onsets || i == Beats)) requestRhythm();
            update();
        });
    }
    harmonic_ = new QAction(tr("Harmonic cursor"), this);
    harmonic_->setObjectName(QStringLiteral("harmonicCursor"));
    harmonic_->setCheckable(true);
    harmonic_->setToolTip(tr("The cursor draws f0 and its harmonics up to 10 f0"));
    connect(harmonic_, &QAction::toggled, this, [this] { update(); });
    loop_ = new QAction(tr("Loop"), this);
    loop_->setObjectName(QStringLiteral("spectrogramLoop"));
    loop_->setCheckable(true);
    loop_->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    loop_->setToolTip(
        tr("Play the selected region round and round (select it with Shift+drag on the "
           "spectrogram or a drag in the time ruler)"));

    connect(view_, &SpectrogramView::readoutChanged, this, [this](const QString& text) {
        const QString extra = text.isEmpty() ? QString() : measureText(cursor_, true);
        Q_EMIT readoutChanged(extra.isEmpty() ? text : text + QStringLiteral("  ·  ") + extra);
    });
    connect(view_, &SpectrogramView::visibleTimeChanged, this, [this] { update(); });
    updateActionTexts();
}

SpectrogramLayers::~SpectrogramLayers() {
    if (running_) running_->cancel();
    if (watcher_) watcher_->waitForFinished();
}

QWidget* SpectrogramLayers::makeControls(QWidget* parent) {
    auto* box = new QWidget(parent);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* loop = new QToolButton(box);
    loop->setDefaultAction(loop_);
    auto* layers = new QToolButton(box);
    layers->setObjectName(QStringLiteral("spectrogramLayersButton"));
    layers->setText(tr("Layers"));
    layers->setToolTip(
        tr("Draw onsets, beats and the excerpt windows over the spectrogram; "
           "the harmonic cursor"));
    layers->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(layers);
    for (QAction* a : actions_) menu->addAction(a);
    menu->addSeparator();
    menu->addAction(harmonic_);
    layers->setMenu(menu);
    layout->addWidget(loop);
    layout->addWidget(layers);
    return box;
}

void SpectrogramLayers::setTrack(const QString& path) {
    if (path == path_) return;
    if (running_) running_->cancel();
    running_.reset();
    watcher_ = nullptr;  // a superseded computation ends on its own and is dropped
    rhythm_.reset();
    path_ = path;
    clearRegion();
    if (isShown(Onsets) || isShown(Beats)) requestRhythm();
    updateActionTexts();
    update();
}

void SpectrogramLayers::setFrontEnd(const audio::FrontEndOptions& options) {
    if (options.fingerprintBytes() == frontEnd_.fingerprintBytes()) return;
    frontEnd_ = options;
    if (!rhythm_ && !watcher_) return;
    setRhythm(nullptr);  // computed with the old options: again with the new ones
    if (isShown(Onsets) || isShown(Beats)) requestRhythm();
}

void SpectrogramLayers::setRhythm(std::shared_ptr<const audio::Rhythm> rhythm) {
    if (running_) running_->cancel();
    running_.reset();
    watcher_ = nullptr;
    rhythm_ = std::move(rhythm);
    updateActionTexts();
    update();
}

void SpectrogramLayers::requestRhythm() {
    if (rhythm_ || watcher_ || path_.isEmpty()) return;
    auto progress = std::make_shared<Progress>();
    running_ = progress;
    auto result = std::make_shared<Result<audio::Rhythm>>(Status::cancelled());
    auto* watcher = new QFutureWatcher<void>(this);
    watcher_ = watcher;
    const QString path = path_;
    const audio::FrontEndOptions options = frontEnd_;
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, progress, result] {
        watcher->deleteLater();
        if (watcher_ != watcher || progress->cancelled()) return;  // superseded
        watcher_ = nullptr;
        running_.reset();
        if (result->ok()) rhythm_ = std::make_shared<audio::Rhythm>(std::move(*result).value());
        updateActionTexts();
        update();
        Q_EMIT rhythmReady();
    });
    watcher->setFuture(QtConcurrent::run([path, options, progress, result] {
        *result = audio::trackRhythm(path, options, *progress);
    }));
    updateActionTexts();
}

void SpectrogramLayers::updateActionTexts() {
    if (rhythm_) {
        actions_[Onsets]->setText(tr("Onsets (%1)").arg(rhythm_->onsetSeconds.size()));
        actions_[Beats]->setText(rhythm_->bpm > 0
                                     ? tr("Beats (%1 BPM)").arg(double(rhythm_->bpm), 0, 'f', 1)
                                     : tr("Beats (no tempo found)"));
    } else {
        const QString suffix = watcher_ ? tr(" (computing…)") : QString();
        actions_[Onsets]->setText(tr("Onsets") + suffix);
        actions_[Beats]->setText(tr("Beats") + suffix);
    }
}

bool SpectrogramLayers::isShown(Layer layer) const {
    return actions_[layer]->isChecked();
}

void SpectrogramLayers::setShown(Layer layer, bool shown) {
    actions_[layer]->setChecked(shown);
}

std::vector<SpectrogramLayers::Item> SpectrogramLayers::items() const {
    std::vector<Item> out;
    const SpectrogramData* d = view_->data();
    if (!d || d->isEmpty()) return out;
    const double t0 = view_->visibleStart(), t1 = view_->visibleEnd();
    if (isShown(ExcerptWindows))
        for (size_t i = 0; i < d->excerpts.size(); ++i) {
            const auto& e = d->excerpts[i];
            if (e.start + e.seconds < t0 || e.start > t1) continue;
            out.push_back({ExcerptWindows, e.start, e.start + e.seconds,
                           view_->xForSeconds(std::max(e.start, t0)),
                           tr("excerpt %1 · %2 s").arg(i + 1).arg(qRound(e.seconds))});
        }
    if (rhythm_) {
        const std::pair<Layer, const std::vector<double>*> lines[] = {
            {Beats, &rhythm_->beatSeconds}, {Onsets, &rhythm_->onsetSeconds}};
        for (const auto& [layer, times] : lines) {
            if (!isShown(layer)) continue;
            for (double s : *times)
                if (s >= t0 && s <= t1) out.push_back({layer, s, s, view_->xForSeconds(s), {}});
        }
    }
    return out;
}

double SpectrogramLayers::secondsAtX(double x) const {
    const QRectF plot = view_->plotRect();
    const double t0 = view_->visibleStart(), t1 = view_->visibleEnd();
    return t0 + (std::clamp(x, plot.left(), plot.right()) - plot.left()) / plot.width() * (t1 - t0);
}

int SpectrogramLayers::frameAt(double seconds) const {
    const SpectrogramData* d = view_->data();
    if (!d || d->isEmpty()) return 0;
    return int(std::clamp<double>(std::lround((seconds - d->startSeconds) / d->secondsPerFrame), 0,
                                  d->frames));
}

void SpectrogramLayers::setRegion(double startSeconds, double endSeconds) {
    const SpectrogramData* d = view_->data();
    if (!d || d->isEmpty()) return clearRegion();
    Region r;
    r.firstFrame = frameAt(std::min(startSeconds, endSeconds));
    r.endFrame = frameAt(std::max(startSeconds, endSeconds));
    if (r.endFrame <= r.firstFrame) return clearRegion();
    r.start = d->startSeconds + r.firstFrame * d->secondsPerFrame;
    r.end = d->startSeconds + r.endFrame * d->secondsPerFrame;
    if (region_ && region_->firstFrame == r.firstFrame && region_->endFrame == r.endFrame) return;
    region_ = r;
    update();
    Q_EMIT regionChanged();
}

void SpectrogramLayers::clearRegion() {
    if (!region_) return;
    region_.reset();
    update();
    Q_EMIT regionChanged();
}

void SpectrogramLayers::dataChanged() {
    if (region_) {
        const Region before = *region_;
        region_.reset();
        setRegion(before.start, before.end);
        if (!region_) Q_EMIT regionChanged();  // setRegion() said so if it set one
    }
    update();
}

bool SpectrogramLayers::regionContains(double seconds) const {
    return region_ && seconds >= region_->start && seconds < region_->end;
}

std::vector<double> SpectrogramLayers::harmonicsAt(QPointF pos) const {
    std::vector<double> out;
    const SpectrogramView::Readout r = view_->readoutAt(pos);
    if (!r.valid) return out;
    const double f0 = std::round(r.hz * 10.0) / 10.0;  // what the read-out shows
    if (!(f0 > 0.0)) return out;
    const double top = view_->viewWindow().highHz;
    for (int k = 1; k <= kHarmonics; ++k) {
        if (k * f0 > top) break;
        out.push_back(k * f0);
    }
    return out;
}

audio::SpectralPeak SpectrogramLayers::peakAt(QPointF pos) const {
    const SpectrogramData* d = view_->data();
    const SpectrogramView::Readout r = view_->readoutAt(pos);
    if (!d || !r.valid || d->bandHz.size() != size_t(d->bands)) return {};
    const int frame = std::clamp(
        int(std::floor((r.seconds - d->startSeconds) / d->secondsPerFrame)), 0, d->frames - 1);
    return audio::peakFrequency(d->db.data() + size_t(frame) * size_t(d->bands), d->bands,
                                d->bandHz.data());
}

QString SpectrogramLayers::measureText(QPointF pos, bool brief) const {
    QStringList parts;
    const audio::SpectralPeak peak = peakAt(pos);
    if (peak.valid) parts << tr("peak %1 Hz").arg(peak.hz, 0, 'f', 1);
    if (harmonic_->isChecked()) {
        const std::vector<double> h = harmonicsAt(pos);
        if (!h.empty()) {
            QStringList multiples;
            for (size_t k = 1; k < h.size(); ++k) multiples << QString::number(h[k], 'f', 1);
            if (multiples.isEmpty())
                parts << tr("f0 %1 Hz, no harmonic in range").arg(h[0], 0, 'f', 1);
            else if (brief)  // the plot lists them beside their lines
                parts << tr("harmonics of %1 Hz to %2×").arg(h[0], 0, 'f', 1).arg(h.size());
            else
                parts << tr("harmonics of %1 Hz: %2 Hz")
                             .arg(h[0], 0, 'f', 1)
                             .arg(multiples.join(QStringLiteral(", ")));
        }
    }
    return parts.join(QStringLiteral("  ·  "));
}

bool SpectrogramLayers::eventFilter(QObject* watched, QEvent* event) {
    if (watched != view_) return false;
    switch (event->type()) {
        case QEvent::Resize:
            setGeometry(view_->rect());
            break;
        case QEvent::MouseButtonPress: {
            auto* me = static_cast<QMouseEvent*>(event);
            const SpectrogramData* d = view_->data();
            if (me->button() != Qt::LeftButton || !d || d->isEmpty()) break;
            const QRectF plot = view_->plotRect();
            const QPointF pos = me->position();
            const bool inRuler =
                pos.y() > plot.bottom() && pos.x() >= plot.left() && pos.x() <= plot.right();
            const bool shiftOnPlot = (me->modifiers() & Qt::ShiftModifier) && plot.contains(pos);
            if (!inRuler && !shiftOnPlot) break;
            selecting_ = true;
            pressPos_ = pos;
            anchorSeconds_ = secondsAtX(pos.x());
            return true;
        }
        case QEvent::MouseMove: {
            auto* me = static_cast<QMouseEvent*>(event);
            cursor_ = me->position();
            update();
            if (!selecting_) break;
            setRegion(anchorSeconds_, secondsAtX(cursor_.x()));
            return true;
        }
        case QEvent::MouseButtonRelease: {
            auto* me = static_cast<QMouseEvent*>(event);
            if (!selecting_ || me->button() != Qt::LeftButton) break;
            selecting_ = false;
            if ((me->position() - pressPos_).manhattanLength() < 4)
                clearRegion();  // a click, not a drag
            else
                setRegion(anchorSeconds_, secondsAtX(me->position().x()));
            return true;
        }
        case QEvent::MouseButtonDblClick:
            if (selecting_) return true;
            break;
        case QEvent::KeyPress:
            if (static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape && region_) {
                clearRegion();
                return true;
            }
            break;
        case QEvent::Leave:
            cursor_ = QPointF(-1, -1);
            update();
            break;
        default:
            break;
    }
    return false;
}

void SpectrogramLayers::paintEvent(QPaintEvent*) {
    const SpectrogramData* d = view_->data();
    if (!d || d->isEmpty()) return;
    QPainter p(this);
    const QRectF plot = view_->plotRect();
    // Nothing over the view's own read-out box (top left of the plot, where the cursor is in).
    QRegion clip(plot.toAlignedRect());
    const SpectrogramView::Readout r = view_->readoutAt(cursor_);
    if (r.valid) {
        const QFontMetrics fm(view_->font());
        clip -= QRectF(plot.left() + 6, plot.top() + 6,
                       fm.horizontalAdvance(view_->readoutText(r)) + 12, fm.height() + 6)
                    .toAlignedRect();
    }
    std::vector<Label> labels;
    p.setClipRegion(clip);
    drawRegion(p, plot, labels);
    drawLayers(p, plot, labels);
    drawHarmonics(p, plot, labels);
    // Labels over every line, each kept clear of those before it.
    std::vector<QRectF> placed;
    for (const Label& l : labels) {
        const QFontMetricsF fm(p.font());
        QRectF box(l.at, QSizeF(fm.horizontalAdvance(l.text) + 8.0, fm.height() + 2.0));
        const bool clash = std::any_of(placed.begin(), placed.end(),
                                       [&](const QRectF& other) { return other.intersects(box); });
        if (clash && !l.always) continue;
        placed.push_back(drawLabel(p, l.at, l.text, l.colour, plot));
    }
}

void SpectrogramLayers::drawRegion(QPainter& p, const QRectF& plot,
                                   std::vector<Label>& labels) const {
    if (!region_) return;
    const double x0 = std::max(plot.left(), view_->xForSeconds(region_->start));
    const double x1 = std::min(plot.right(), view_->xForSeconds(region_->end));
    if (!(x1 > x0)) return;
    p.fillRect(QRectF(x0, plot.top(), x1 - x0, plot.height()), QColor(255, 255, 255, 64));
    for (double s : {region_->start, region_->end}) {
        const double x = view_->xForSeconds(s);
        if (x >= plot.left() && x <= plot.right())
            drawOutlinedLine(p, {x, plot.top()}, {x, plot.bottom()}, Qt::white, 2.0);
    }
    // In the ruler too, where it was dragged.
    p.save();
    p.setClipping(false);
    p.fillRect(QRectF(x0, plot.bottom() + 1, x1 - x0, 4), palette().color(QPalette::Highlight));
    p.restore();
    const QString text = tr("%1–%2 (%3 s)")
                             .arg(seconds2(region_->start), seconds2(region_->end))
                             .arg(region_->end - region_->start, 0, 'f', 2);
    const QFontMetricsF fm(p.font());
    labels.push_back({QPointF(x0 + 3, plot.bottom() - fm.height() - 12), text, Qt::white, true});
}

void SpectrogramLayers::drawLayers(QPainter& p, const QRectF& plot,
                                   std::vector<Label>& labels) const {
    const QFontMetricsF fm(p.font());
    const std::vector<Item> all = items();
    // Lines across the picture only where they are far enough apart to leave it readable;
    // closer, each is a tick at its edge of the plot (beats on top, onsets at the bottom).
    auto spacious = [&](Layer layer) {
        const int n = countIf(all, layer);
        return n < 2 || plot.width() / n >= 18.0;
    };
    const bool beatLines = spacious(Beats), onsetLines = spacious(Onsets);
    for (const Item& item : all) {
        switch (item.layer) {
            case ExcerptWindows: {
                const double x1 = std::min(plot.right(), view_->xForSeconds(item.endSeconds));
                const QRectF box(item.x, plot.top() + 1, x1 - item.x, plot.height() - 2);
                p.setBrush(Qt::NoBrush);
                p.setPen(QPen(kUnderlay, 3.5));
                p.drawRect(box);
                p.setPen(QPen(kWindowColour, 1.5, Qt::DashLine));
                p.drawRect(box);
                // Below the view's read-out box and the beats' ticks, inside the window.
                labels.push_back({QPointF(item.x + 4, plot.top() + fm.height() + 16), item.label,
                                  kWindowColour, true});
                break;
            }
            case Beats: {
                const double bottom = beatLines ? plot.bottom() : plot.top() + 14;
                drawOutlinedLine(p, {item.x, plot.top()}, {item.x, bottom}, kBeatColour, 1.0,
                                 beatLines ? Qt::DashLine : Qt::SolidLine);
                p.setPen(QPen(kUnderlay, 1.0));
                p.setBrush(kBeatColour);
                p.drawPolygon(QPolygonF{QPointF(item.x - 5, plot.top()),
                                        QPointF(item.x + 5, plot.top()),
                                        QPointF(item.x, plot.top() + 8)});
                break;
            }
            case Onsets: {
                const double top =
                    onsetLines ? plot.bottom() - 0.6 * plot.height() : plot.bottom() - 14;
                drawOutlinedLine(p, {item.x, plot.bottom()}, {item.x, top}, kOnsetColour, 1.5);
                p.setPen(QPen(kUnderlay, 1.0));
                p.setBrush(kOnsetColour);
                p.drawPolygon(QPolygonF{QPointF(item.x - 5, plot.bottom()),
                                        QPointF(item.x + 5, plot.bottom()),
                                        QPointF(item.x, plot.bottom() - 8)});
                break;
            }
            case LayerCount:
                break;
        }
    }
}

void SpectrogramLayers::drawHarmonics(QPainter& p, const QRectF& plot,
                                      std::vector<Label>& labels) const {
    if (!plot.contains(cursor_)) return;
    const QFontMetricsF fm(p.font());
    const audio::SpectralPeak peak = peakAt(cursor_);
    if (peak.valid) {
        const double y = view_->yForHz(peak.hz);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(kUnderlay, 3.5));
        p.drawEllipse(QPointF(cursor_.x(), y), 5.0, 5.0);
        p.setPen(QPen(Qt::white, 1.5));
        p.drawEllipse(QPointF(cursor_.x(), y), 5.0, 5.0);
        labels.push_back({QPointF(cursor_.x() + 9, y - fm.height() / 2),
                          tr("peak %1 Hz").arg(peak.hz, 0, 'f', 1), Qt::white, true});
    }
    if (!harmonic_->isChecked()) return;
    const std::vector<double> h = harmonicsAt(cursor_);
    for (size_t k = 0; k < h.size(); ++k) {
        const double y = view_->yForHz(h[k]);
        const double half = k == 0 ? 70.0 : 45.0;
        drawOutlinedLine(p, {cursor_.x() - half, y}, {cursor_.x() + half, y}, Qt::white,
                         k == 0 ? 1.5 : 1.0, k == 0 ? Qt::SolidLine : Qt::DashLine);
        // Left of its line; where a log axis packs the top ones, those that would overlap the
        // one below are left out (measureText() lists them all).
        const QString text = k == 0 ? tr("f0 %1 Hz").arg(h[0], 0, 'f', 1)
                                    : tr("%1× %2 Hz").arg(k + 1).arg(h[k], 0, 'f', 1);
        const double w = fm.horizontalAdvance(text) + 8.0;
        labels.push_back({QPointF(cursor_.x() - half - w - 2, y - fm.height() / 2 - 1), text,
                          Qt::white, k == 0});
    }
}

}  // namespace tl
