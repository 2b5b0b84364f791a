#pragma once

#include <QWidget>
#include <map>
#include <vector>

namespace tl {

// NDCG over the back-test's weight grid, for researchers: with three sources a ternary triangle
// (each corner one source alone, each grid point a cell coloured by its NDCG), with two a strip;
// with more, the triangle of the first three with the others at 0. The sliders' current weights
// are a ring, the best point a star; hovering shows a point's weights and NDCG, clicking one
// asks for those weights.
class BacktestHeatMap : public QWidget {
    Q_OBJECT
public:
    struct Point {
        std::map<QString, double> weights;  // on the simplex, summing to 1
        double ndcg = 0.0;
    };

    explicit BacktestHeatMap(QWidget* parent = nullptr);

    // `sources` are the grid's axes in order; `best` indexes `points` (-1: none).
    void setGrid(const std::vector<QString>& sources, std::vector<Point> points, int best);
    void clear();
    // The weights the sliders give now, normalised over the grid's sources (all 0: no ring).
    void setCurrent(const std::map<QString, double>& weights);

    const std::vector<Point>& points() const { return points_; }
    int pointCount() const { return int(drawn_.size()); }  // the points drawn
    int bestIndex() const { return best_; }
    // Where point `index` (of points()) is drawn, and the point under `pos` (-1: none).
    QPointF pointCentre(int index) const;
    int pointAt(const QPointF& pos) const;
    // The text a hover over `index` shows.
    QString describe(int index) const;

    QSize sizeHint() const override { return {340, 280}; }
    QSize minimumSizeHint() const override { return {220, 160}; }

Q_SIGNALS:
    void pointClicked(const std::map<QString, double>& weights);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QPointF place(const std::map<QString, double>& weights) const;
    double cellRadius() const;
    QRectF plotRect() const;
    QPointF corner(int axis) const;  // the triangle's corners (0 top, 1 bottom left, 2 right)
    QColor colorFor(double ndcg) const;

    std::vector<QString> sources_;
    std::vector<Point> points_;
    std::vector<int> drawn_;  // indices of points_ on the drawn slice
    int best_ = -1;
    int hovered_ = -1;
    double low_ = 0.0, high_ = 1.0;
    std::map<QString, double> current_;
    int units_ = 10;  // grid steps along an edge
};

}  // namespace tl
