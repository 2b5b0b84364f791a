#pragma once

#include <QHash>
#include <QWidget>
#include <memory>

#include "catalog/Catalog.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace tl {

class MapView;
struct ProjectMap;
struct ProjectSnapshot;

// The similar-song map: a source's stored 2-D map (t-SNE of the CF track vectors) drawn by
// MapView, coloured by genre where the project knows genres (the demo's ground truth), with
// the map's quality beside it, a search box that flies to a track, and clicks that select a
// track in the workspace. "Compute Map" asks the window to (re)build it as a job.
class MapPanel : public QWidget {
    Q_OBJECT
public:
    explicit MapPanel(QWidget* parent = nullptr);

    void setMap(std::shared_ptr<const ProjectMap> map, const ProjectSnapshot* snapshot);
    void clear();
    bool hasMap() const { return map_ != nullptr; }
    MapView* view() const { return view_; }
    QLabel* qualityLabel() const { return quality_; }
    int indexOfTrack(Id trackId) const { return indexOf_.value(trackId, -1); }
    bool flyToText(const QString& text);  // the first track whose artist or title matches

Q_SIGNALS:
    void computeRequested();
    void trackSelected(tl::Id trackId);

private:
    QPushButton* compute_;
    QLineEdit* search_;
    QLabel* quality_;
    MapView* view_;
    std::shared_ptr<const ProjectMap> map_;
    QHash<Id, int> indexOf_;
    QStringList labels_;  // "Artist — Title" per point
};

}  // namespace tl
