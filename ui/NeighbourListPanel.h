#pragma once

#include <QHash>
#include <QSet>
#include <QWidget>
#include <memory>
#include <vector>

#include "catalog/Catalog.h"
#include "catalog/CatalogTable.h"
#include "maps/NearestTracks.h"

class QLabel;
class QSpinBox;
class QStackedWidget;
class QComboBox;
class QTreeWidget;

namespace tl {

// One project view's track vectors for each map source, read off the GUI thread the first time
// a view asks for them (NeighbourSearch: prepared for repeated exact queries) and kept until the
// project is shown again (a job ended, another project): the neighbour list and the map
// disagreement view share them.
class SourceVectorCache : public QObject {
    Q_OBJECT
public:
    explicit SourceVectorCache(QObject* parent = nullptr);

    // Drops every source read so far; an empty path holds none. The same project shown again
    // (a job ended) keeps answering with what it read until each source is read again, so the
    // views do not blink "Reading…" after every job.
    void setProject(const QString& path);
    QString projectPath() const { return path_; }
    // The source's prepared vectors, or null: then they are being read (loaded() follows) or
    // could not be (error() says why, e.g. "the text model is not trained yet").
    std::shared_ptr<const NeighbourSearch> search(const QString& source);
    QString error(const QString& source) const { return errors_.value(source); }
    bool isLoading(const QString& source) const { return loading_.contains(source); }

    // Why `source` has no vector for `track` (core's missingVectorReason, which asks the
    // project), found off the GUI thread: explained() follows.
    void explain(const QString& source, Id track);

Q_SIGNALS:
    void loaded(const QString& source);  // read, or failed with error()
    void explained(const QString& source, tl::Id track, const QString& reason);

private:
    QString path_;
    int generation_ = 0;  // a project shown since a read began: its answer is dropped
    QHash<QString, std::shared_ptr<const NeighbourSearch>> searches_;
    QHash<QString, std::shared_ptr<const NeighbourSearch>> stale_;  // same project, before
    QHash<QString, QString> errors_;
    QSet<QString> loading_;
};

// The selected track's nearest neighbours in a model's own space (not the 2-D map's), as
// TensorBoard's Embedding Projector lists them: a source picker over every map source (the map's
// own marked "map" and chosen when the map's source changes), the k nearest by that source's metric
// with their distances, nearest first; a row clicked makes that track the window's current track. A
// source with no vector for the track says why ("No CF vector: nobody has played it."). The search
// is exact and runs on the GUI thread: ~5.5 ms for 100,000 x 64 on the 2-core VM, well under a
// frame's budget; the vectors themselves are read off it (SourceVectorCache).
class NeighbourListPanel : public QWidget {
    Q_OBJECT
public:
    NeighbourListPanel(SourceVectorCache* cache, QWidget* parent = nullptr);

    // The names shown in the rows; the project's sources come from the cache.
    void setTracks(CatalogTablePtr tracks);
    // The map's source: its tab is marked and chosen (the list follows the map).
    void setMapSource(const QString& source);
    QString mapSource() const { return mapSource_; }
    void showTrack(Id track);  // 0: none
    Id track() const { return track_; }
    QString source() const;
    bool setSource(const QString& source);
    int k() const;
    void setK(int k);

    // What the list shows now: the neighbours (nearest first) or, when it shows none, why.
    const std::vector<NearTrack>& neighbours() const { return neighbours_; }
    QString message() const;
    QString header() const;
    QTreeWidget* list() const { return list_; }
    QComboBox* sourceCombo() const { return sources_; }
    double lastSearchMilliseconds() const { return lastSearchMs_; }

    QSize sizeHint() const override { return {300, 360}; }  // the map beside keeps the room

Q_SIGNALS:
    void trackActivated(tl::Id track);  // a row clicked (or Return on it)
    // The list was filled (or emptied) for `track` in `source`.
    void neighboursChanged(tl::Id track, const QString& source, const std::vector<tl::Id>& near);

private:
    void refresh();
    void showMessage(const QString& text);
    QString trackName(Id track) const;

    SourceVectorCache* cache_;
    CatalogTablePtr tracks_;
    QString mapSource_;
    Id track_ = 0;
    std::vector<NearTrack> neighbours_;
    double lastSearchMs_ = 0.0;
    QLabel* title_;
    QSpinBox* k_;
    QComboBox* sources_;
    QLabel* header_;
    QStackedWidget* stack_;
    QTreeWidget* list_;
    QLabel* message_;
};

}  // namespace tl
