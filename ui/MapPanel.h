#pragma once

#include <QHash>
#include <QWidget>
#include <functional>
#include <memory>

#include "catalog/Catalog.h"
#include "maps/MapBuilder.h"
#include "maps/MapColumns.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace tl {

class MapView;
struct ProjectMap;
struct MapPoint;
struct ProjectSnapshot;
struct WeeklyPlaylist;

// A map source as the panel offers it: available when `reason` is empty, else disabled with the
// reason (e.g. "the text model is not trained yet") as its tooltip.
struct MapSourceState {
    QString name;  // "cf", "text", "audio", "blend"
    QString reason;
};

// Per-track figures the panel colours and overlays by, computed in core/maps/MapColouring.
struct MapTrackData {
    QString userName;             // whose history and scores
    QHash<Id, QString> genre;     // genre tag, else the demo's truth genre
    QHash<Id, qint64> userPlays;  // the user's history
    QHash<Id, float> score;       // CF x_u . y_i
    QString scoreError;           // why there are no scores
    // What else the dots can be coloured by: the store's columns (year, file format, import) and
    // the other sources' scores for the user (core/maps/MapColumns).
    std::vector<MapColumn> columns;
    // More of them, read only when a colouring needs one (a large project's store columns take
    // a while): called at most once per MapTrackData, on the GUI thread.
    std::function<std::vector<MapColumn>()> readColumns;
};

// The similar-song map: a source's stored 2-D map drawn by MapView, with the source to show
// (switching keeps the selected track), what the dots are coloured by (genre, artist, play
// count on a log scale, k-means cluster, the user's CF score) with a legend for each, overlays
// (the user's history; this week's playlist with lines from each pick to its "because" tracks),
// PNG/SVG export, the map's quality, a search box that fades the tracks that do not match it
// ("12 of 2,000 match"; Return flies to the first), and clicks that select a track in the
// workspace. "Compute Map" asks the window to (re)build it as a job. Besides those colourings,
// any catalog column (listeners, cold start, album, year, file format, import) and any evaluated
// quantity (this week's blend score of the picks, the text and audio sources' scores) colours the
// dots, with a colour ramp and its range for a continuous column and the largest categories,
// "Other" and "No value" with their counts for a categorical one.
class MapPanel : public QWidget {
    Q_OBJECT
public:
    // In the colour combo's order; bookmarks store the number, so new ones go at the end.
    enum class ColourBy {
        Genre,
        Artist,
        PlayCount,
        Cluster,
        Score,
        Listeners,
        ColdStart,
        Album,
        Year,
        Format,
        Import,
        BlendScore,
        TextScore,
        AudioScore
    };
    static constexpr int kColourModes = int(ColourBy::AudioScore) + 1;

    explicit MapPanel(QWidget* parent = nullptr);

    void setSources(const std::vector<MapSourceState>& sources);
    QString currentSource() const;
    bool setCurrentSource(const QString& source);  // false when unknown or unavailable
    bool isSourceAvailable(const QString& source) const;
    QString sourceReason(const QString& source) const;

    void setMap(std::shared_ptr<const ProjectMap> map, const ProjectSnapshot* snapshot);
    // The project the panel reads names, genres and columns from (not owned; null: none). The
    // owner calls it whenever it replaces or drops its snapshot, so no pointer outlives it.
    void setSnapshot(const ProjectSnapshot* snapshot);
    void clear();
    bool hasMap() const { return map_ != nullptr; }
    const ProjectMap* map() const { return map_.get(); }
    MapView* view() const { return view_; }
    QLabel* qualityLabel() const { return quality_; }
    int indexOfTrack(Id trackId) const { return indexOf_.value(trackId, -1); }
    Id selectedTrack() const { return selectedTrack_; }
    // Rings `trackId` on the map; false, with no ring, when the map does not have it.
    bool selectTrack(Id trackId);
    bool flyToText(const QString& text);  // the first track whose artist or title matches
    // The filter the search box sets: the tracks matching every word of `text` (artist, title or
    // album, as the Catalog window's filter matches) are drawn, the others faded. Empty: none.
    void setFilterText(const QString& text);
    int matchCount() const { return matchCount_; }  // -1 without a filter
    QLabel* matchLabel() const { return matchLabel_; }
    // Tracks whose labels are drawn at any zoom, ringed (e.g. the selected track's nearest
    // neighbours); kept when the map changes, for the tracks the new map has.
    void setEmphasisedTracks(const QVector<Id>& tracks);
    const QVector<Id>& emphasisedTracks() const { return emphasisedTracks_; }
    // Whether a colouring has values to show now (the combo's entry is enabled).
    bool isColourAvailable(ColourBy mode) const;

    void setTrackData(std::shared_ptr<const MapTrackData> data);
    void setColourBy(ColourBy mode);
    ColourBy colourBy() const;
    int clusterCount() const;  // k for the k-means colouring
    void setClusterCount(int k);
    // The k-means labels of the current map's tracks (from core); recolours when shown.
    void setClusters(QHash<Id, int> clusters, int k);

    void setHistoryShown(bool shown);
    void setPlaylistShown(bool shown);
    void setPlaylist(const WeeklyPlaylist* playlist);  // copied; null: none

    bool exportPng(const QString& path, QString* error = nullptr);
    bool exportSvg(const QString& path, QString* error = nullptr);

    // The projection settings shown (method, perplexity, learning rate, iterations, seed).
    MapOptions projectionOptions() const;
    void setProjectionOptions(const MapOptions& options);
    MapMethod method() const { return projectionOptions().method; }
    // Positions streamed by a running t-SNE for the current source's tracks: drawn at once,
    // keeping the colours, overlays and selection (an animated map).
    void showIntermediate(std::shared_ptr<const ProjectMap> map);
    void setProjectionRunning(bool running, bool paused = false);

    // The view's state as a bookmark stores it: source, projection settings, colouring,
    // overlays, selected track and visible rectangle. applyState() restores it (the source
    // first, which loads that source's stored map); false when the source is unavailable.
    // Side by side: a second map of another source next to the first, coloured the same way;
    // with linked selection a track selected in one is selected in the other.
    void setSideBySide(bool on);
    bool isSideBySide() const;
    QString secondSource() const;
    bool setSecondSource(const QString& source);               // false when unknown or unavailable
    void setSecondMap(std::shared_ptr<const ProjectMap> map);  // null: none stored yet
    const ProjectMap* secondMap() const { return secondMap_.get(); }
    MapView* secondView() const { return second_; }
    int secondIndexOfTrack(Id trackId) const { return secondIndexOf_.value(trackId, -1); }
    void setSelectionLinked(bool linked);

    QJsonObject state() const;
    bool applyState(const QJsonObject& state);
    void setBookmarks(const QStringList& names);
    QComboBox* bookmarkCombo() const { return bookmarks_; }

Q_SIGNALS:
    void computeRequested();
    void trackSelected(tl::Id trackId);
    void sourceChanged(const QString& source);
    void methodChosen();  // the person picked another projection: show its stored map, if any
    void clustersRequested(const QString& source, int k);
    void secondSourceChanged(const QString& source);  // also when side by side is turned on
    void pauseRequested();
    void resumeRequested();
    void bookmarkSaveRequested(const QString& name);
    void bookmarkRestoreRequested(const QString& name);

private:
    void recolour();
    void colourPoints(const std::vector<Id>& ids, std::vector<MapPoint>& points,
                      std::vector<std::pair<QString, QRgb>>& legend, bool primary);
    void updateOverlays();
    void exportWithDialog();
    void applyFilter();
    void applyEmphasis();
    void updateColourItems();
    // The column a colouring shows; `read` reads MapTrackData::readColumns when they are needed.
    const MapColumn* columnFor(ColourBy mode, bool read = false) const;
    bool columnsUnread() const;
    void colourByColumn(const MapColumn& column, const std::vector<Id>& ids,
                        std::vector<MapPoint>& points,
                        std::vector<std::pair<QString, QRgb>>& legend, bool primary);

    QComboBox* source_;
    QComboBox* colour_;
    QSpinBox* clusters_;
    QCheckBox* history_;
    QCheckBox* playlistOverlay_;
    QComboBox* method_;
    QDoubleSpinBox* perplexity_;
    QDoubleSpinBox* learningRate_;
    QSpinBox* iterations_;
    QSpinBox* neighbours_;     // UMAP n_neighbors
    QDoubleSpinBox* minDist_;  // UMAP min_dist
    QSpinBox* seed_;
    QPushButton* pause_;
    QComboBox* bookmarks_;
    QPushButton* saveBookmark_;
    bool paused_ = false;
    QPushButton* compute_;
    QPushButton* export_;
    QLineEdit* search_;
    QLabel* matchLabel_;
    int matchCount_ = -1;
    QVector<Id> emphasisedTracks_;
    // The catalog's track-table columns (listeners, cold start, album), read once per table.
    mutable std::vector<MapColumn> tableColumns_;
    mutable const void* tableColumnsOf_ = nullptr;
    MapColumn blendScores_;                        // this week's picks
    mutable std::vector<MapColumn> readColumns_;   // MapTrackData::readColumns' answer
    mutable const void* readColumnsOf_ = nullptr;  // for which MapTrackData
    struct {
        QString title;
        std::vector<QRgb> colours;
        QString low, high;
    } ramp_;  // the continuous legend of the last colouring, else empty
    QLabel* quality_;
    MapView* view_;
    QCheckBox* sideBySide_;
    QComboBox* secondSource_;
    QCheckBox* linkSelection_;
    MapView* second_;
    std::shared_ptr<const ProjectMap> secondMap_;
    QHash<Id, int> secondIndexOf_;
    QStringList secondLabels_;
    std::shared_ptr<const ProjectMap> map_;
    const ProjectSnapshot* snapshot_ = nullptr;
    std::shared_ptr<const MapTrackData> data_;
    QHash<Id, int> clusterOf_;
    int clusterK_ = 0;
    QString clusterSource_;
    int clusterRequested_ = 0;                              // k asked for and not answered yet
    std::vector<std::pair<Id, std::vector<Id>>> playlist_;  // pick -> because tracks
    QHash<Id, int> indexOf_;
    QStringList labels_;  // "Artist — Title" per point
    Id selectedTrack_ = 0;
};

}  // namespace tl
