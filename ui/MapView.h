#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QPen>
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
// pan, Home or a double-click fits everything (a hint in the corner says so). Until the person
// zooms or pans, the view keeps fitting the map as the widget is resized (a dock closing).
//
// Dots are sized from the zoom and the map's density: their diameter follows the typical
// distance between neighbouring dots on screen (the median nearest-neighbour distance times
// the scale), never below what reads at a glance for a map of that many dots nor above 16 px.
// A small map is drawn with larger outlined dots, so a tight cluster shows its tracks; a map
// of 100,000 tracks keeps 2 px dots until zoomed in.
//
// Lines (a playlist's picks to their "because" tracks) are drawn thin and faint so many of
// them read as a haze; the lines of the selected dot are drawn strong.
//
// Labels ("Artist — Title", from the label provider) are drawn once the view is zoomed in so far
// that neighbouring dots are a label's height apart, and always for the selected dot and the
// emphasised ones (the selected track's nearest neighbours). Placing them is cheap: only dots in
// the viewport are candidates, nearest the centre first, each label takes the cells of a coarse
// screen grid it covers and is skipped when one is taken (so no two overlap), and a frame
// places at most a few hundred.
//
// A filter (the panel's search box) fades the dots that do not match into the background; the
// matching ones are drawn over them at full colour.
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
    // A continuous legend: a colour ramp from `low` (bottom) to `high` (top), drawn above the
    // entries of setLegend() (e.g. "No value"). An empty ramp removes it.
    void setRampLegend(QString title, std::vector<QRgb> ramp, QString low, QString high);
    const std::vector<QRgb>& legendRamp() const { return ramp_; }
    QString legendTitle() const { return legendTitle_; }
    std::pair<QString, QString> rampLabels() const { return {rampLow_, rampHigh_}; }
    // Where the legend box is drawn (empty without a legend); labels keep out of it.
    QRectF legendRect() const;

    // Labels: the text of a dot's label ("Artist — Title"); none without a provider.
    void setLabelProvider(std::function<QString(int)> provider);
    QString labelOf(int index) const { return labelText_ ? labelText_(index) : QString(); }
    // Dots whose labels are drawn at any zoom, like the selected dot's (e.g. its neighbours).
    void setEmphasised(std::vector<int> indices);
    const std::vector<int>& emphasised() const { return emphasised_; }
    // Whether the zoom shows labels of every dot that has room (not only the selected and the
    // emphasised): neighbouring dots are at least a label's height apart on screen.
    bool labelsShown() const;
    struct PlacedLabel {
        int index = -1;
        QRectF rect;          // widget coordinates, the text's box with its padding
        bool forced = false;  // the selected or an emphasised dot
    };
    // The labels of the current view, as the next frame draws them (placed first to last).
    std::vector<PlacedLabel> layoutLabels() const;
    const std::vector<PlacedLabel>& lastLabels() const { return lastLabels_; }

    // The filter: one flag per dot, 1 drawn at full colour, 0 faded; empty: no filter.
    void setMatches(std::vector<uint8_t> matches);
    const std::vector<uint8_t>& matches() const { return matches_; }
    // The colour a dot of `colour` is drawn in when it does not match the filter.
    QRgb fadedColour(QRgb colour) const;
    const std::vector<int>& highlighted() const { return highlighted_; }
    const std::vector<std::pair<int, int>>& links() const { return links_; }
    void setHighlighted(std::vector<int> indices);          // e.g. the user's history
    void setLinks(std::vector<std::pair<int, int>> links);  // e.g. pick -> because track
    // A fixed dot diameter (1 to 16 px); 0 (the default) sizes dots by zoom and density.
    void setPointSize(int pixels);
    int pointSize() const;  // the diameter dots are drawn with now, in pixels
    // The median distance from a dot to its nearest neighbour, in data units (0: fewer than 2).
    double typicalSpacing() const { return spacing_; }
    // How a link is drawn: faint and thin, strong when one of its ends is the selected dot.
    QPen linkPen(std::pair<int, int> link) const;
    // The navigation hint drawn in the bottom-left corner (not in exports).
    QString navigationHint() const;
    // Whether the person has zoomed or panned since the last fit (a resize keeps their view).
    bool isViewAdjusted() const { return adjusted_; }

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
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;  // tooltips

private:
    void buildGrid();
    void measureSpacing();
    void applyView(QPointF centre, double scale);  // setView without marking it adjusted
    QPen linkPen(std::pair<int, int> link, bool selectionHasLinks) const;
    void splatPoints(QImage& frame, double factor = 1.0) const;
    void drawOverlays(class QPainter& p) const;
    void drawLabels(class QPainter& p, const std::vector<PlacedLabel>& labels) const;
    void drawLegend(class QPainter& p) const;
    QFont labelFont(bool forced) const;
    double labelWidth(int index, bool forced) const;
    QRectF dataBounds() const;
    double legendWidth() const;  // of the legend box and its margin; 0 without a legend
    QFont hintFont() const;
    double hintStrip() const;  // the height the navigation hint takes at the bottom

    std::shared_ptr<const std::vector<MapPoint>> points_;
    std::function<QString(int)> tooltip_;
    std::vector<std::pair<QString, QRgb>> legend_;
    QString legendTitle_;
    std::vector<QRgb> ramp_;
    QString rampLow_, rampHigh_;
    std::function<QString(int)> labelText_;
    std::vector<int> emphasised_;
    std::vector<uint8_t> matches_;
    mutable std::vector<float> labelWidths_;  // per dot, measured when first placed; <0: unknown
    mutable std::vector<PlacedLabel> lastLabels_;
    std::vector<int> highlighted_;
    std::vector<std::pair<int, int>> links_;
    std::vector<int> bandSelection_;
    int pointSize_ = 0;     // 0: by zoom and density
    double spacing_ = 0.0;  // median nearest-neighbour distance, data units
    bool adjusted_ = false;
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
