#pragma once

#include <QPointer>
#include <QWidget>
#include <memory>
#include <vector>

#include "catalog/Catalog.h"
#include "catalog/CatalogTable.h"
#include "maps/MapDisagreement.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QTreeWidget;

namespace tl {

class MapPanel;
class SourceVectorCache;

// Lines from each track of a group at its place on the side-by-side view's left map to its
// place on the right map, drawn over both views (a child of the map panel laid over it, letting
// the mouse through): where two models agree the lines run parallel, where they disagree they
// cross the gap in every direction. A line's colour is its track's neighbour overlap, red where
// the two models share none of its neighbours, grey where they share all; the current track's
// is drawn thick. Positions are read from the views when painted, so panning and zooming either
// map moves the lines with it.
class MapDisagreementOverlay : public QWidget {
    Q_OBJECT
public:
    explicit MapDisagreementOverlay(MapPanel* panel);

    struct Entry {
        Id track = 0;
        double overlap = -1.0;  // 0..1; < 0 while not known
    };
    void setGroup(std::vector<Entry> group);
    const std::vector<Entry>& group() const { return group_; }
    void setCurrentTrack(Id track);

    // One line per group track that both maps have, in this widget's coordinates now.
    struct Line {
        Id track = 0;
        QPointF from;  // on the left map
        QPointF to;    // on the right map
        double overlap = -1.0;
        bool visible = false;  // both ends inside their views (not panned out of sight)
    };
    std::vector<Line> lines() const;
    QColor lineColour(double overlap) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void follow();  // the panel's whole area, above the views
    QRect viewsRect() const;

    QPointer<MapPanel> panel_;
    std::vector<Entry> group_;
    Id current_ = 0;
};

// The disagreement view under the side-by-side maps: a switch for the lines, the group they are
// drawn for (the current track and its k nearest in the left map's source, or the tracks of a
// Shift+drag rubber band on the left map), and each group track's neighbour overlap between the
// two sources (core/maps/MapDisagreement, in the models' own spaces), the tracks the two models
// place most differently first, with the group's mean. Computed off the GUI thread: a group of
// 11 at 100,000 tracks is 22 exact searches, ~120 ms.
class MapDisagreementPanel : public QWidget {
    Q_OBJECT
public:
    enum class GroupMode { Neighbours, RubberBand };

    MapDisagreementPanel(MapPanel* map, SourceVectorCache* cache, QWidget* parent = nullptr);

    void setTracks(CatalogTablePtr tracks);
    void setLinesShown(bool shown);
    bool linesShown() const;
    void setGroupMode(GroupMode mode);
    GroupMode groupMode() const;
    void setK(int k);
    int k() const;
    void showTrack(Id track);  // the window's current track
    // Recomputes for the maps and sources shown now (e.g. after a map was loaded).
    void refresh();

    MapDisagreementOverlay* overlay() const { return overlay_; }
    // The last figures (null until computed), and whether a computation is under way.
    const MapDisagreement* result() const { return result_.get(); }
    bool isComputing() const { return computing_ > 0; }
    const std::vector<Id>& group() const { return group_; }
    QTreeWidget* table() const { return table_; }
    QString summary() const;

    QSize sizeHint() const override { return {300, 300}; }  // the map beside keeps the room

Q_SIGNALS:
    void trackActivated(tl::Id track);
    void computed();  // result() and the overlay's group are new

private:
    void compute();
    void showResult(std::vector<Id> group, std::shared_ptr<const MapDisagreement> result);
    QString trackName(Id track) const;
    void updateEnabled();

    MapPanel* map_;
    SourceVectorCache* cache_;
    CatalogTablePtr tracks_;
    MapDisagreementOverlay* overlay_;
    QCheckBox* shown_;
    QComboBox* mode_;
    QSpinBox* k_;
    QLabel* summary_;
    QTreeWidget* table_;
    Id track_ = 0;
    std::vector<Id> band_;
    std::vector<Id> group_;
    std::shared_ptr<const MapDisagreement> result_;
    int generation_ = 0;
    int computing_ = 0;
};

}  // namespace tl
