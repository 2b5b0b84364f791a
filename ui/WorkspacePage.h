#pragma once

#include <QWidget>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "CurrentTrackSelection.h"
#include "catalog/Catalog.h"

class QSplitter;
class QTabWidget;

namespace tl {

class BacktestPanel;
class BlendPanel;
class HintPanel;
class LibraryPanel;
class MapDisagreementPanel;
class MapPanel;
class NeighbourListPanel;
class PlaylistPanel;
class ProjectHeader;
class SourceVectorCache;
class SpectrogramPanel;
class TrackDetailsPanel;
struct PlaylistSession;
struct ProjectMap;
struct TextModel;
struct ProjectSnapshot;
struct SourceVectors;

// The page shown while a project is open. Its areas are the ones later views fill — the map
// (left, large, with the selected track's neighbours beside it), the weekly playlist and library
// (right), the blend panel, the track details and the spectrogram (bottom) — laid out with
// splitters the user can drag, hide and restore. An area with nothing to show yet says what will
// appear there and what to do to get it.
class WorkspacePage : public QWidget {
    Q_OBJECT
public:
    enum Panel { MapPanel, ListsPanel, BlendPanelId, DetailsPanel, SpectrogramPanel, PanelCount };

    // `selection` is the window's current track, which every view here sets and follows.
    explicit WorkspacePage(CurrentTrackSelection* selection, QWidget* parent = nullptr);
    ~WorkspacePage() override;

    void showProject(std::shared_ptr<const ProjectSnapshot> snapshot);
    void clear();
    // Same tracks, new header figures (e.g. paths recorded for import); keeps the selection.
    void updateHeader(std::shared_ptr<const ProjectSnapshot> snapshot);
    const ProjectSnapshot* snapshot() const { return snapshot_.get(); }
    // Reads one track's record (identifiers, duration) for the details panel.
    void setTrackLookup(std::function<std::optional<Track>(Id)> lookup);
    // Makes `trackId` the window's current track, shown in the Library (its filter cleared when
    // it hides it) and every other view; false if the Library does not hold it.
    bool selectTrack(Id trackId,
                     CurrentTrackSelection::Origin origin = CurrentTrackSelection::Origin::Library);
    CurrentTrackSelection* selection() const { return selection_; }

    void setPanelVisible(Panel panel, bool visible);
    bool isPanelVisible(Panel panel) const;
    static QString panelName(Panel panel);  // for the View menu

    // The splitter positions, which of them the user dragged (those are kept as they are; the
    // others follow what their panes hold) and the current tab.
    QByteArray saveLayout() const;
    bool restoreLayout(const QByteArray& state);
    void resetLayout();
    // Sizes the splitters the user has not dragged for what their panes hold: the playlist's
    // columns get their width, the blend panel its height, the details and spectrogram row a thin
    // band while they only hint and room for a track once one is selected.
    void fitToContent();
    void fitMapSide();  // the neighbour column beside the map when it is wide, else under it

    // The spectrogram area in a window of its own (its Enlarge button), and back (closing it).
    void setSpectrogramDetached(bool detached);
    bool isSpectrogramDetached() const { return spectrogramWindow_ != nullptr; }
    QWidget* spectrogramWindow() const { return spectrogramWindow_; }

    ProjectHeader* header() const { return header_; }
    LibraryPanel* library() const { return library_; }
    TrackDetailsPanel* details() const { return details_; }
    BlendPanel* blend() const { return blend_; }
    HintPanel* mapHint() const { return mapHint_; }
    HintPanel* playlistHint() const { return playlistHint_; }
    HintPanel* spectrogramHint() const { return spectrogramHint_; }
    // tl:: because the Panel enum has a SpectrogramPanel too.
    tl::SpectrogramPanel* spectrogram() const { return spectrogram_; }
    void showLibraryTab();
    QWidget* currentTab() const;  // the playlist, library or back-test panel on show
    void showPlaylistTab();
    PlaylistPanel* playlist() const { return playlist_; }
    // The back-test tab beside the playlist, right above the sliders it follows.
    BacktestPanel* backtest() const { return backtest_; }
    void showBacktestTab();
    tl::MapPanel* map() const { return map_; }
    // Beside the map: the current track's nearest neighbours in each source's own vectors, and
    // how the side-by-side maps' two sources disagree about a group (lines between the maps).
    NeighbourListPanel* neighbours() const { return neighbours_; }
    MapDisagreementPanel* disagreement() const { return disagreement_; }
    SourceVectorCache* sourceVectors() const { return sourceVectors_; }
    void setMap(std::shared_ptr<const ProjectMap> map);  // coloured by the snapshot's genres
    // The stored text model (null when untrained): top terms in the details, term highlights.
    void setTextModel(std::shared_ptr<const TextModel> model);
    // Rings the map's tracks whose text carries `term`; returns how many.
    int highlightTerm(const QString& term);
    // A prepared week: the playlist panel shows it, the blend panel enables its sources.
    // `madeWith`: the weights a restored playlist was saved with, which it keeps until the
    // sliders move (PlaylistPanel::setSession); empty: ranked with the sliders.
    void setPlaylistSession(std::shared_ptr<const PlaylistSession> session,
                            const std::map<QString, double>& madeWith = {});
    // Puts the user's track a pick sounds most like (the audio source's evidence) under the pick
    // in the spectrogram area; false when the audio model did not choose it or a file is missing.
    bool showSoundsLike(Id pick);
    Id soundsLikeSeed() const { return soundsLikeSeed_; }  // 0 when no pair is shown

Q_SIGNALS:
    void panelVisibilityChanged(tl::WorkspacePage::Panel panel, bool visible);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Bits of userSized_: a splitter the user dragged keeps the user's positions.
    // MapSideBit (the map beside or above its neighbour column) is this session's only: the
    // column's place follows the map area's width, which the other splitters decide.
    enum SplitterBit : unsigned {
        OuterBit = 1,
        TopBit = 2,
        RightBit = 4,
        BottomBit = 8,
        MapSideBit = 16
    };
    unsigned userSized_ = 0;
    bool fitting_ = false;
    QWidget* spectrogramWindow_ = nullptr;
    QByteArray bottomState_;  // the bottom row's splitter before the spectrogram left it
    void fitPlaylistColumns();
    int rightColumnWidth() const;
    Id soundsLikeSeed_ = 0;
    CurrentTrackSelection* selection_;
    QWidget* panelWidget(Panel panel) const;
    void followSelection(Id trackId);  // the details, the spectrogram and the map's ring
    void showTopTerms(Id trackId, Id artistId);
    void updateModelHints();
    void updateSliders();
    void updateSpectrogramHint(Id trackId);
    // Track details' "Sounds like" line: the track's nearest by sound (the audio model's
    // embeddings, else the analysed descriptors), read once per project view off the GUI thread.
    void showNearestBySound(Id trackId);
    void fillNearestBySound(Id trackId);
    std::shared_ptr<const SourceVectors> soundVectors_;
    bool soundLoading_ = false;
    int soundGeneration_ = 0;  // a project shown since the read began: its answer is stale
    void updateSplitterVisibility();

    std::shared_ptr<const ProjectSnapshot> snapshot_;
    std::function<std::optional<Track>(Id)> trackLookup_;
    ProjectHeader* header_;
    QSplitter* outer_;   // top row | bottom row
    QSplitter* top_;     // map | right column
    QSplitter* right_;   // tabs | blend
    QSplitter* bottom_;  // details | spectrogram
    QWidget* mapArea_;
    HintPanel* mapHint_;
    QTabWidget* tabs_;
    QWidget* playlistArea_;
    HintPanel* playlistHint_;
    LibraryPanel* library_;
    BlendPanel* blend_;
    TrackDetailsPanel* details_;
    QWidget* spectrogramArea_;
    HintPanel* spectrogramHint_;
    tl::SpectrogramPanel* spectrogram_;
    PlaylistPanel* playlist_;
    BacktestPanel* backtest_;
    tl::MapPanel* map_;
    QSplitter* mapSplit_;  // the map | the neighbours above the disagreement
    SourceVectorCache* sourceVectors_;
    NeighbourListPanel* neighbours_;
    MapDisagreementPanel* disagreement_;
    std::shared_ptr<const TextModel> textModel_;
};

}  // namespace tl
