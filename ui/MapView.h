#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QWidget>
#include <functional>
#include <memory>
#include <vector>

class QVariantAnimation;

namespace tl {

// One dot of a map: where the projection put a track, and its colour (the panel decides what
// the colour means: genre, artist, play count, cluster, a score).
struct MapPoint {
    float x = 0.0f;
    float y = 0.0f;
    QRgb color = 0xff808080;
};

// Draws up to hundreds of thousands of dots interactively without OpenGL: each frame splats the
// visible points straight into a QImage (a few bytes per point, no per-point QPainter call), then
// QPainter draws what is few — highlighted tracks, lines from playlist picks to their "because"
// tracks, the selection, the rubber band, the legend. This keeps per-point colour and size,
// works on every platform (offscreen tests too) and stays well above 30 frames/s at 100,000
// points on one core (bench_map_view measures it).
//
// Mouse and keys: the wheel zooms around the cursor, dragging pans, Shift+drag selects with a
// rubber band, a click selects the nearest dot, hovering shows its tooltip, +/- zoom, arrows
// pan, Home fits everything.
class MapView : public QWidget {
    Q_OBJECT
public:
    explicit MapView(QWidget* parent = nullptr);

    // New points: the selection and overlays are cleared and the view fits them all. With
    // `keepView` (same tracks, new colours or positions) the view, selection and overlays stay.
    void setPoints(std::shared_ptr<const std::vector<MapPoint>> points, bool keepView = false);
    const std::vector<MapPoint>& points() const;
    // Text for a dot's tooltip; called only for the dot under the cursor.
    void setTooltipProvider(std::function<QString(int)> provider) {
        tooltip_ = std::move(provider);
    }
    void setLegend(std::vector<std::pair<QString, QRgb>> entries);
    const std::vector<std::pair<QString, QRgb>>& legend() const { return legend_; }
    const std::vector<int>& highlighted() const { return highlighted_; }
    const std::vector<std::pair<int, int>>& links() const { return links_; }
    void setHighlighted(std::vector<int> indices);          // e.g. the user's history
    void setLinks(std::vector<std::pair<int, int>> links);  // e.g. pick -> because track
    void setPointSize(int pixels);                          // 1 to 6
    int pointSize() const { return pointSize_; }

    int selectedPoint() const { return selected_; }  // -1 when none
    void selectPoint(int index);                     // emits pointSelected when it changes
    const std::vector<int>& rubberBandSelection() const { return bandSelection_; }

    // The view: data coordinates at the widget's centre, and pixels per data unit.
    QPointF centre() const { return centre_; }
    double scale() const { return scale_; }
    void setView(QPointF centre, double scale);
    void fitAll();
    void zoomBy(double factor, QPointF anchorWidgetPos);
    void flyTo(int index, double scale = 0.0);  // animated; 0 keeps the zoom, at least 4x fit

    QPointF toWidget(QPointF data) const;
    QPointF toData(QPointF widget) const;
    int nearestPoint(QPointF widgetPos, double maxPixels = 8.0) const;  // -1 if none near

    // The frame as it is drawn now, and what the last frame cost (for the benchmark).
    QImage renderFrame();
    // The current view drawn `factor` times larger (dots, lines and text alike), e.g. 2 for a
    // PNG export that stays sharp on a high-density screen.
    QImage renderImage(double factor);
    // The current view as SVG: one <circle> per visible dot, the overlays and the legend as
    // vectors. False with `error` set when the file cannot be written.
    bool exportSvg(const QString& path, QString* error = nullptr) const;
    double lastFrameMilliseconds() const { return lastFrameMs_; }

Q_SIGNALS:
    void pointSelected(int index);  // -1 when the selection is cleared
    void pointHovered(int index);
    void rubberBandSelected(const std::vector<int>& indices);
    void viewChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;  // tooltips

private:
    void buildGrid();
    void splatPoints(QImage& frame, double factor = 1.0) const;
    void drawOverlays(class QPainter& p) const;
    QRectF dataBounds() const;
    double legendWidth() const;  // of the legend box and its margin; 0 without a legend

    std::shared_ptr<const std::vector<MapPoint>> points_;
    std::function<QString(int)> tooltip_;
    std::vector<std::pair<QString, QRgb>> legend_;
    std::vector<int> highlighted_;
    std::vector<std::pair<int, int>> links_;
    std::vector<int> bandSelection_;
    int pointSize_ = 3;
    int selected_ = -1;
    int hovered_ = -1;

    QPointF centre_{0, 0};
    double scale_ = 1.0;
    QRectF bounds_;

    // A uniform grid over the data for nearest-dot queries: cell -> point indices.
    int gridSize_ = 0;
    std::vector<int> gridStart_;
    std::vector<int> gridPoints_;

    QPointF pressPos_;
    QPointF lastPos_;
    enum class Drag { None, Pan, Band } drag_ = Drag::None;
    bool moved_ = false;
    QRectF band_;
    QVariantAnimation* flight_ = nullptr;
    double lastFrameMs_ = 0.0;
};

}  // namespace tl
