#pragma once

#include <QImage>
#include <QWidget>
#include <memory>
#include <vector>

#include "ColorMap.h"
#include "SpectrogramData.h"

namespace tl {

// Draws one spectrogram: the image (built once per data, colour map and frequency axis, then
// only scaled), a time axis in m:ss, a frequency axis in Hz, a dB colour bar, the excerpts the
// audio model hears, a playhead, and a read-out of time, frequency and level under the cursor.
//
// Zoom and pan: the wheel zooms time around the cursor, Ctrl+wheel zooms frequency, dragging
// pans, + and - zoom, the arrow keys pan, Home or a double-click shows everything again. A
// click without a drag asks to play from there (seekRequested).
class SpectrogramView : public QWidget {
    Q_OBJECT
public:
    // How the bands are laid out vertically. Native keeps the data's own spacing (mel bands are
    // evenly spaced in mel); Linear and Log place rows by frequency, which suits linear STFTs.
    enum FrequencyAxis { NativeAxis, LinearAxis, LogAxis };

    struct Readout {
        bool valid = false;
        double seconds = 0.0;
        double hz = 0.0;
        float db = 0.0f;
    };
    struct Tick {
        double position;  // seconds (time axis) or Hz (frequency axis)
        QString label;
    };
    // What is in view: seconds, and the frequency range in Hz (whole: not zoomed in frequency).
    // Kept in these units so it survives another scale or axis of the same track.
    struct ViewWindow {
        double start = 0.0, end = 0.0;
        double lowHz = 0.0, highHz = 0.0;
        bool wholeFrequency = true;
    };
    // An excerpt the audio model hears, as drawn above the plot: its strip and its label
    // ("excerpt 1 · 0:30–0:33", just "1" where the strip is too narrow for that, empty when
    // not even that fits; the tooltip always names it whole).
    struct ExcerptMarker {
        QRectF strip;
        QRectF labelRect;
        QString label;
        QString fullLabel;
    };

    explicit SpectrogramView(QWidget* parent = nullptr);

    void setData(std::shared_ptr<const SpectrogramData> data);
    // What the empty view says ("No spectrogram", "Computing…", why it failed).
    void setPlaceholderText(const QString& text);
    const SpectrogramData* data() const { return data_.get(); }
    void setColorMap(ColorMap::Name name);
    ColorMap::Name colorMap() const { return colorMap_; }
    void setFrequencyAxis(FrequencyAxis axis);
    FrequencyAxis frequencyAxis() const { return axis_; }
    void setPlayhead(double seconds);  // negative hides it
    double playhead() const { return playhead_; }

    // The visible window, in seconds of the track and in Hz.
    double visibleStart() const { return t0_; }
    double visibleEnd() const { return t1_; }
    void setVisibleTime(double start, double end);
    void zoomTime(double factor, double anchorSeconds);  // factor > 1 zooms in
    void zoomFrequency(double factor, double anchorFraction);
    void resetZoom();
    ViewWindow viewWindow() const;
    void setViewWindow(const ViewWindow& window);
    std::vector<ExcerptMarker> excerptMarkers() const;

    // What the plot shows at a widget position; invalid outside the plot or without data.
    Readout readoutAt(QPointF pos) const;
    QString readoutText(const Readout& r) const;
    QRectF plotRect() const;
    // Where a time or frequency is drawn (widget coordinates); for tests and overlays.
    double xForSeconds(double seconds) const;
    double yForHz(double hz) const;
    // The frequency axis fraction (0 bottom .. 1 top of the whole axis) at a widget y.
    double fractionForY(double y) const;
    std::vector<Tick> timeTicks() const;
    std::vector<Tick> frequencyTicks() const;
    const QImage& image() const { return image_; }

    QSize sizeHint() const override { return {640, 280}; }
    // Low enough that the "sounds like" pair fits under the playlist without squeezing it.
    QSize minimumSizeHint() const override { return {240, 96}; }

Q_SIGNALS:
    void readoutChanged(const QString& text);  // empty when the cursor leaves the plot
    void visibleTimeChanged(double start, double end);
    void seekRequested(double seconds);

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;  // tooltips name the excerpt under the cursor

private:
    double topMargin() const;  // the excerpts' strip and labels above the plot
    void rebuildImage();
    int imageRowsForPlot() const;
    // Vertical position of a frequency as a fraction of the whole axis (0 bottom, 1 top).
    double fractionForHz(double hz) const;
    double hzForFraction(double fraction) const;
    void clampView();
    void drawAxes(class QPainter& p, const QRectF& plot) const;
    void drawColorBar(class QPainter& p, const QRectF& plot) const;

    std::shared_ptr<const SpectrogramData> data_;
    QString placeholder_;
    QImage image_;
    ColorMap::Name colorMap_ = ColorMap::Viridis;
    FrequencyAxis axis_ = NativeAxis;
    double t0_ = 0.0, t1_ = 1.0;  // visible seconds
    double f0_ = 0.0, f1_ = 1.0;  // visible axis fractions
    double playhead_ = -1.0;
    QPointF pressPos_;
    QPointF lastDragPos_;
    bool dragging_ = false;
    QPointF cursor_{-1, -1};
};

}  // namespace tl
