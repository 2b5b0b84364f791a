#include "WorkspacePage.h"
#include "playlist/WeeklyPlaylist.h"

#include <algorithm>

#include <QDataStream>
#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QIODevice>
#include <QLineEdit>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>
#include <set>

#include "BacktestPanel.h"
#include "BlendPanel.h"
#include "CurrentTrackSelection.h"
#include "HintPanel.h"
#include "LibraryPanel.h"
#include "MapDisagreementOverlay.h"
#include "MapPanel.h"
#include "MapView.h"
#include "NeighbourListPanel.h"
#include "PlaylistModel.h"
#include "PlaylistPanel.h"
#include "ProjectHeader.h"
#include "ProjectSnapshot.h"
#include "SpectrogramPanel.h"
#include "TrackDetailsPanel.h"
#include "catalog/CatalogTable.h"
#include "maps/NearestTracks.h"
#include "playlist/BacktestSession.h"
#include "playlist/PlaylistSession.h"
#include "playlist/WeeklyPlaylist.h"
#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"
#include "text/TextModel.h"
#include "util/NativePath.h"

namespace tl {
namespace {

constexpr quint32 kLayoutMagic = 0x544C5759;  // 'TLWY': refuse layouts saved by something else
// 2: adds which splitters the user dragged (version 1 layouts are read as "none").
constexpr quint32 kLayoutVersion = 2;

// An area a later view will fill: a named container whose only child, for now, is its hint.
QWidget* makeArea(const QString& objectName, HintPanel* hint, QWidget* parent) {
    auto* area = new QWidget(parent);
    area->setObjectName(objectName);
    auto* layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(hint);
    return area;
}

QSplitter* makeSplitter(Qt::Orientation orientation, const QString& objectName, QWidget* parent) {
    auto* splitter = new QSplitter(orientation, parent);
    splitter->setObjectName(objectName);
    splitter->setChildrenCollapsible(false);  // a dragged-away area would look like a bug
    return splitter;
}

}  // namespace

WorkspacePage::WorkspacePage(CurrentTrackSelection* selection, QWidget* parent)
    : QWidget(parent), selection_(selection) {
    setObjectName(QStringLiteral("workspacePage"));
    header_ = new ProjectHeader(this);

    mapHint_ = new HintPanel(this);
    mapHint_->setObjectName(QStringLiteral("mapHint"));
    mapArea_ = makeArea(QStringLiteral("mapArea"), mapHint_, this);
    mapArea_->setMinimumWidth(280);
    map_ = new tl::MapPanel(mapArea_);
    map_->hide();
    // Beside the map, the question a curator asks first ("what is next to this, really?") and,
    // with two maps side by side, where their sources disagree, one above the other. A column
    // beside the map rather than a band under it: the map keeps its height, and a map is about
    // as tall as it is wide.
    sourceVectors_ = new SourceVectorCache(this);
    neighbours_ = new NeighbourListPanel(sourceVectors_, this);
    disagreement_ = new MapDisagreementPanel(map_, sourceVectors_, this);
    auto* mapSide = makeSplitter(Qt::Vertical, QStringLiteral("mapSideSplitter"), this);
    mapSide->addWidget(neighbours_);
    mapSide->addWidget(disagreement_);
    mapSplit_ = makeSplitter(Qt::Horizontal, QStringLiteral("mapSplitter"), this);
    mapSplit_->addWidget(map_);
    mapSplit_->addWidget(mapSide);
    mapSplit_->setStretchFactor(0, 1);
    mapSplit_->setStretchFactor(1, 0);
    mapArea_->layout()->addWidget(mapSplit_);
    mapSplit_->hide();

    playlistHint_ = new HintPanel(this);
    playlistHint_->setObjectName(QStringLiteral("playlistHint"));
    playlistArea_ = makeArea(QStringLiteral("playlistArea"), playlistHint_, this);
    playlist_ = new PlaylistPanel(playlistArea_);
    playlistArea_->layout()->addWidget(playlist_);
    playlist_->hide();
    library_ = new LibraryPanel(this);
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("listTabs"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(playlistArea_, tr("Weekly Playlist"));
    tabs_->addTab(library_, tr("Library"));
    backtest_ = new BacktestPanel(this);
    tabs_->addTab(backtest_, tr("Back-test"));
    tabs_->setMinimumWidth(360);

    blend_ = new BlendPanel(this);

    details_ = new TrackDetailsPanel(this);
    details_->setObjectName(QStringLiteral("detailsArea"));
    spectrogramHint_ = new HintPanel(this);
    spectrogramHint_->setObjectName(QStringLiteral("spectrogramHint"));
    spectrogramArea_ = makeArea(QStringLiteral("spectrogramArea"), spectrogramHint_, this);
    spectrogram_ = new tl::SpectrogramPanel(spectrogramArea_);
    spectrogramArea_->layout()->addWidget(spectrogram_);
    spectrogram_->hide();

    right_ = makeSplitter(Qt::Vertical, QStringLiteral("rightSplitter"), this);
    right_->addWidget(tabs_);
    right_->addWidget(blend_);
    right_->setStretchFactor(0, 1);
    right_->setStretchFactor(1, 0);
    top_ = makeSplitter(Qt::Horizontal, QStringLiteral("topSplitter"), this);
    top_->addWidget(mapArea_);
    top_->addWidget(right_);
    top_->setStretchFactor(0, 3);
    top_->setStretchFactor(1, 2);
    bottom_ = makeSplitter(Qt::Horizontal, QStringLiteral("bottomSplitter"), this);
    bottom_->addWidget(details_);
    bottom_->addWidget(spectrogramArea_);
    outer_ = makeSplitter(Qt::Vertical, QStringLiteral("outerSplitter"), this);
    outer_->addWidget(top_);
    outer_->addWidget(bottom_);
    outer_->setStretchFactor(0, 3);
    outer_->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 0);
    layout->addWidget(header_);
    layout->addWidget(outer_, 1);

    // A splitter the user drags keeps the user's positions from then on (and across sessions,
    // through saveLayout); the others follow what their panes hold. splitterMoved is emitted
    // for drags only, never for setSizes().
    const std::pair<QSplitter*, unsigned> splitters[] = {
        {outer_, OuterBit}, {top_, TopBit}, {right_, RightBit}, {bottom_, BottomBit}};
    for (const auto& [splitter, bit] : splitters)
        connect(splitter, &QSplitter::splitterMoved, this, [this, bit = bit] {
            if (!fitting_) userSized_ |= bit;
        });
    // New picks: their names set the playlist's column widths, and so the right column's.
    connect(playlist_->model(), &QAbstractItemModel::modelReset, this, [this] {
        fitPlaylistColumns();
        fitToContent();
    });
    blend_->installEventFilter(this);
    details_->installEventFilter(this);
    mapArea_->installEventFilter(this);
    connect(mapSplit_, &QSplitter::splitterMoved, this, [this] {
        if (!fitting_) userSized_ |= MapSideBit;
    });
    spectrogram_->setDetachable(true);
    connect(spectrogram_, &tl::SpectrogramPanel::detachRequested, this,
            [this] { setSpectrogramDetached(!isSpectrogramDetached()); });

    // One current track for the window: the playlist and the library set it and follow it
    // themselves; a dot clicked on the map sets it too, and the details, the spectrogram and the
    // map's ring follow it here.
    library_->setSelection(selection_);
    playlist_->setSelection(selection_);
    connect(map_, &tl::MapPanel::trackSelected, selection_, [this](Id trackId) {
        selection_->setCurrentTrack(trackId, CurrentTrackSelection::Origin::Map);
    });
    connect(selection_, &CurrentTrackSelection::currentTrackChanged, this,
            &WorkspacePage::followSelection);
    // A neighbour or a disagreeing track clicked becomes the window's current track.
    const auto choose = [this](Id trackId) {
        selection_->setCurrentTrack(trackId, CurrentTrackSelection::Origin::Map);
    };
    connect(neighbours_, &NeighbourListPanel::trackActivated, this, choose);
    connect(disagreement_, &MapDisagreementPanel::trackActivated, this, choose);
    connect(map_, &tl::MapPanel::sourceChanged, neighbours_, &NeighbourListPanel::setMapSource);
    // The listed neighbours are labelled and ringed on the map (in whichever source they were
    // found: text neighbours on the CF map show where that model's idea of "near" lands).
    connect(neighbours_, &NeighbourListPanel::neighboursChanged, map_,
            [this](Id, const QString&, const std::vector<Id>& near) {
                map_->setEmphasisedTracks(QVector<Id>(near.begin(), near.end()));
            });
    // A term clicked in the details rings every track on the map that carries it.
    connect(details_, &TrackDetailsPanel::termActivated, this, &WorkspacePage::highlightTerm);
    // The sliders re-rank the prepared week at once: no model is recomputed.
    const auto followBlend = [this] {
        playlist_->setWeights(blend_->weights());
        backtest_->setWeights(blend_->weights());
        map_->setPlaylist(playlist_->playlist());  // the map's playlist overlay
    };
    connect(blend_, &BlendPanel::weightsChanged, this, followBlend);
    // Set for the person, not by them: the week on screen is not re-ranked behind their back.
    connect(blend_, &BlendPanel::weightsShown, this, [this] {
        playlist_->showSliderWeights(blend_->weights());
        backtest_->setWeights(blend_->weights());
    });
    followBlend();  // the panels know the sliders' weights before any week comes
    // A point of the back-test's heat map clicked: the sliders go there (and so the playlist).
    connect(backtest_, &BacktestPanel::weightsPicked, blend_, &BlendPanel::setWeights);
    connect(backtest_, &BacktestPanel::backtestChanged, this, &WorkspacePage::updateSliders);
    resetLayout();
    clear();
}

WorkspacePage::~WorkspacePage() = default;

void WorkspacePage::showProject(std::shared_ptr<const ProjectSnapshot> snapshot) {
    const QString before = snapshot_ ? snapshot_->path : QString();
    map_->setSnapshot(snapshot.get());  // before the old one is freed: the panel reads it
    snapshot_ = std::move(snapshot);
    // Vectors by sound are read again for this view (a new analysis or audio model may be in it).
    soundVectors_.reset();
    soundLoading_ = false;
    ++soundGeneration_;
    // Vectors for the neighbour list and the disagreement view: read again, when asked for.
    sourceVectors_->setProject(snapshot_ ? snapshot_->path : QString());
    if (!snapshot_) return clear();
    header_->showProject(*snapshot_);
    neighbours_->setTracks(snapshot_->tracks);
    disagreement_->setTracks(snapshot_->tracks);
    neighbours_->setMapSource(map_->currentSource());
    if (snapshot_->tracks)
        library_->setTable(snapshot_->tracks);
    else
        library_->setLoading();
    tabs_->setTabText(tabs_->indexOf(library_),
                      snapshot_->loading
                          ? tr("Library")
                          : tr("Library (%1)").arg(QLocale().toString(snapshot_->counts.tracks)));
    updateModelHints();
    // The same project read again (a job ended): its current track stays, and every view shows
    // it again. Another project starts with none.
    const bool kept = selection_->trackId() != 0 && snapshot_->path == before &&
                      snapshot_->tracks && snapshot_->tracks->rowOfId(selection_->trackId()) >= 0;
    if (kept)
        selection_->push();
    else
        selection_->clear();
}

void WorkspacePage::setTrackLookup(std::function<std::optional<Track>(Id)> lookup) {
    trackLookup_ = std::move(lookup);
}

bool WorkspacePage::selectTrack(Id trackId, CurrentTrackSelection::Origin origin) {
    if (!snapshot_ || !snapshot_->tracks || snapshot_->tracks->rowOfId(trackId) < 0) return false;
    selection_->setCurrentTrack(trackId, origin);
    library_->selectTrack(trackId);  // clears a filter that hides it (an echo: no new push)
    showLibraryTab();
    return true;
}

void WorkspacePage::updateHeader(std::shared_ptr<const ProjectSnapshot> snapshot) {
    if (!snapshot) return;
    snapshot_ = std::move(snapshot);
    header_->showProject(*snapshot_);
}

void WorkspacePage::clear() {
    map_->setSnapshot(nullptr);  // a closed project's snapshot is freed here
    snapshot_.reset();
    sourceVectors_->setProject({});
    neighbours_->setTracks(nullptr);
    neighbours_->showTrack(0);
    disagreement_->setTracks(nullptr);
    disagreement_->showTrack(0);
    backtest_->clear();
    library_->setTable(nullptr);
    tabs_->setTabText(tabs_->indexOf(library_), tr("Library"));
    updateModelHints();
    selection_->clear();
}

void WorkspacePage::setPlaylistSession(std::shared_ptr<const PlaylistSession> session,
                                       const std::map<QString, double>& madeWith) {
    playlist_->setSession(std::move(session), madeWith);
    updateSliders();
    map_->setPlaylist(playlist_->playlist());
}

void WorkspacePage::updateSliders() {
    // Derived from what is on screen, never left over from a refresh: a slider moves when the
    // week shown can be re-ranked with its source (or the back-test re-scored with it); a
    // missing model's slider stays disabled.
    std::set<QString> present;
    QString whyNone;
    if (const PlaylistSession* p = playlist_->session()) {
        const bool rerankable = p->settings.mode == PlaylistMode::Blend && !p->week.fallback;
        if (rerankable)
            for (const auto& [name, why] : p->sources())
                if (why.isEmpty()) present.insert(name);
        if (!rerankable)
            whyNone = p->week.fallback
                          ? tr("This week's playlist is the popularity fallback (no listens "
                               "before the week), which no weights change.")
                          : tr("Weekly Exploration and Weekly Jams take no weights: the sliders "
                               "re-rank a Tastelab blend.");
    }
    if (const BacktestSession* b = backtest_->session(); b && b->weeksScored > 0)
        present.insert(b->sources.begin(), b->sources.end());
    blend_->setAvailableModels(present.count(QStringLiteral("cf")),
                               present.count(QStringLiteral("text")),
                               present.count(QStringLiteral("audio")), whyNone);
}

void WorkspacePage::setMap(std::shared_ptr<const ProjectMap> map) {
    map_->setMap(std::move(map), snapshot_.get());
    neighbours_->setMapSource(map_->currentSource());
    disagreement_->refresh();  // the left map's tracks may be new
}

void WorkspacePage::showPlaylistTab() {
    tabs_->setCurrentWidget(playlistArea_);
}

void WorkspacePage::showBacktestTab() {
    tabs_->setCurrentWidget(backtest_);
}

QWidget* WorkspacePage::currentTab() const {
    return tabs_->currentWidget();
}

void WorkspacePage::showLibraryTab() {
    tabs_->setCurrentWidget(library_);
}

void WorkspacePage::updateModelHints() {
    const bool hasTracks = snapshot_ && snapshot_->counts.tracks > 0;
    const bool hasListens = snapshot_ && snapshot_->counts.listens > 0;
    // The map and the playlist show once the project has dated listens (the map is computed
    // from the listening model, a playlist from the weeks of listens); until then the hints say
    // what is missing and which menu item adds it.
    const qint64 tracks = snapshot_ ? snapshot_->counts.tracks : 0;
    const qint64 playCounts = snapshot_ ? snapshot_->counts.playCounts : 0;
    const QString importHint = tr("File > Import History… (Ctrl+I)");
    QString mapBody;
    if (!hasTracks)
        mapBody = tr("The similar-song map appears here once the project has tracks and a "
                     "model is trained. Start by importing a listening history: %1.")
                      .arg(importHint);
    else if (playCounts > 0)
        mapBody =
            tr("This project's history is %1 without dates, and the map is shown once "
               "it has dated listens. Import a dated history with %2; then Compute Map "
               "places every track near the tracks the listening (collaborative-filtering) "
               "model finds similar.\n\nMeanwhile the Library tab lists every track this "
               "project holds.")
                .arg(playCounts == 1 ? tr("1 play count") : tr("%1 play counts").arg(playCounts),
                     importHint);
    else
        mapBody = tr("This project has %1 but no listening history yet, and the map is drawn "
                     "from one. Import a listening history with %2; then Compute Map places every "
                     "track near the tracks the listening (collaborative-filtering) model finds "
                     "similar.\n\nMeanwhile the Library tab lists every track this project "
                     "holds.")
                      .arg(tracks == 1 ? tr("1 track") : tr("%1 tracks").arg(tracks), importHint);
    mapHint_->setHint(tr("Similar-song map"), mapBody);
    playlistHint_->setHint(
        tr("Weekly playlist"),
        tr("Thirty tracks you have not heard yet, each saying which model picked it and why, "
           "appear here.\n\n%1")
            .arg(playCounts > 0 ? tr("It is made from the weeks of a dated listening history; this "
                                     "project's play counts have no dates. Import a dated history: "
                                     "%1.")
                                      .arg(importHint)
                                : tr("It needs a listening history first: %1.").arg(importHint)));
    // With listens the map and playlist panels take the hints' places; their buttons train what
    // they need.
    // The map also shows for a music folder with no history: its "Sound" source maps the
    // analysed descriptors and needs no listening data (Compute Map analyses first).
    const bool hasMusic = snapshot_ && snapshot_->counts.files > 0;
    const bool showMap = hasListens || hasMusic;
    mapHint_->setVisible(!showMap);
    map_->setVisible(showMap);
    mapSplit_->setVisible(showMap);
    if (!showMap) map_->clear();
    playlistHint_->setVisible(!hasListens);
    playlist_->setVisible(hasListens);
    if (!hasListens) playlist_->setSession(nullptr);
    // A week on screen stays re-rankable across a refresh: the sliders follow it, not the refresh.
    updateSliders();
    if (snapshot_ && snapshot_->loading) {  // counts are not known yet: promise nothing
        mapHint_->setHint(tr("Similar-song map"), tr("Reading the project…"));
        playlistHint_->setHint(tr("Weekly playlist"), tr("Reading the project…"));
    }
}

void WorkspacePage::followSelection(Id trackId) {
    // The playlist and the library follow the selection themselves. The map rings the track, or
    // nothing when it does not hold it (its ring never names another track).
    map_->selectTrack(trackId);
    neighbours_->showTrack(trackId);
    disagreement_->showTrack(trackId);
    soundsLikeSeed_ = 0;
    std::optional<Track> record;
    if (trackId != 0 && trackLookup_) record = trackLookup_(trackId);
    details_->showTrack(snapshot_.get(), trackId, record ? &*record : nullptr);
    showTopTerms(trackId, record ? record->artistId : 0);
    updateSpectrogramHint(trackId);
    // A pick of the week, wherever it was chosen: the user's track it sounds most like under it
    // in the spectrogram area, when the audio model put it there.
    showSoundsLike(trackId);
    showNearestBySound(trackId);
    fitToContent();  // a track to show, or hints only: the bottom row's height follows
}

void WorkspacePage::showNearestBySound(Id trackId) {
    details_->setSoundsLike({});
    if (trackId == 0 || !snapshot_ || snapshot_->loading || snapshot_->counts.files == 0) return;
    if (soundVectors_) return fillNearestBySound(trackId);
    if (soundLoading_) return;  // filled for the current track when the read ends
    soundLoading_ = true;
    const QString path = snapshot_->path;
    const int generation = soundGeneration_;
    QtConcurrent::run([path]() -> std::shared_ptr<const SourceVectors> {
        auto store = ProjectStore::open(path);
        if (!store) return nullptr;
        auto source = soundsLikeSource(*store.value());
        if (!source) return nullptr;
        auto vectors = loadSourceVectors(*store.value(), source.value());
        if (!vectors) return nullptr;
        return std::make_shared<const SourceVectors>(std::move(vectors).value());
    }).then(this, [this, generation](std::shared_ptr<const SourceVectors> vectors) {
        if (generation != soundGeneration_) return;  // another project or view since
        soundLoading_ = false;
        // Nothing to read (no analysed audio yet): an empty set, so it is not asked again.
        soundVectors_ = vectors ? std::move(vectors) : std::make_shared<const SourceVectors>();
        fillNearestBySound(selection_->trackId());
    });
}

void WorkspacePage::fillNearestBySound(Id trackId) {
    if (!soundVectors_ || trackId == 0 || !snapshot_ || !snapshot_->tracks) return;
    const std::vector<NearTrack> near = nearestTracks(*soundVectors_, trackId, 5);
    if (near.empty()) return details_->setSoundsLike({});
    const CatalogTable& tracks = *snapshot_->tracks;
    QStringList names;
    for (const NearTrack& n : near) {
        const qint64 row = tracks.rowOfId(n.trackId);
        if (row < 0) continue;
        names << tr("%1 - %2").arg(tracks.text(size_t(row), catalog_columns::TrackArtist),
                                   tracks.text(size_t(row), catalog_columns::TrackTitle));
    }
    const bool model = soundVectors_->source == QLatin1String("audio");
    details_->setSoundsLike(
        names, model ? tr("by the audio model's embeddings")
                     : tr("by the analysed descriptors alone, with no listening data: a weaker "
                          "guide than the audio model, which learns from plays"));
}

void WorkspacePage::setTextModel(std::shared_ptr<const TextModel> model) {
    textModel_ = std::move(model);
    // The current track's terms are the new model's (a text model trained while it is shown).
    const Id track = selection_->trackId();
    std::optional<Track> record;
    if (track != 0 && trackLookup_) record = trackLookup_(track);
    showTopTerms(track, record ? record->artistId : 0);
}

void WorkspacePage::showTopTerms(Id trackId, Id artistId) {
    std::vector<std::pair<QString, float>> terms;
    if (textModel_ && trackId != 0) {
        int entity = textModel_->indexOf(TextEntityKind::Track, trackId);
        if (entity < 0 && artistId != 0)
            entity = textModel_->indexOf(TextEntityKind::Artist, artistId);
        if (entity >= 0)
            for (const TermWeight& t : textModel_->topTerms(entity, 12))
                terms.emplace_back(t.term, t.weight);
    }
    details_->setTopTerms(terms);
}

int WorkspacePage::highlightTerm(const QString& term) {
    std::vector<int> points;
    if (textModel_)
        for (int entity : textModel_->entitiesWithTerm(term)) {
            const TextEntity& e = textModel_->entities[size_t(entity)];
            if (e.kind != TextEntityKind::Track) continue;
            const int point = map_->indexOfTrack(e.id);
            if (point >= 0) points.push_back(point);
        }
    const int count = int(points.size());
    map_->view()->setHighlighted(std::move(points));
    return count;
}

void WorkspacePage::updateSpectrogramHint(Id trackId) {
    const QString title = tr("Spectrogram");
    // Without audio to show the hint takes the panel's place; the panel forgets its track so a
    // later selection of it is computed afresh.
    const auto showHint = [this] {
        spectrogram_->clear();
        spectrogram_->hide();
        spectrogramHint_->show();
    };
    if (!snapshot_ || trackId == 0) {
        showHint();
        spectrogramHint_->setHint(
            title, snapshot_ && snapshot_->counts.files == 0
                       ? tr("The log-mel spectrogram of a track appears here. This project has "
                            "no audio files yet: add a music folder (File > Add Music Folder…).")
                       : tr("Select a track with audio in the Library to see its log-mel "
                            "spectrogram here."));
        return;
    }
    const auto file = snapshot_->audioByTrack.constFind(trackId);
    if (file == snapshot_->audioByTrack.constEnd()) {
        showHint();
        spectrogramHint_->setHint(
            title, tr("No audio file is linked to this track, so there is no spectrogram. "
                      "Add a music folder that contains it: File > Add Music Folder…"));
        return;
    }
    // The track has audio: the panel takes the area's place and computes it on a worker.
    // (The details panel beside it names the track; the title matters only for a pair.)
    spectrogramHint_->hide();
    spectrogram_->show();
    spectrogram_->showTrack(file->path, QFileInfo(guessedText(file->path)).completeBaseName());
}

bool WorkspacePage::showSoundsLike(Id pick) {
    const WeeklyPlaylist* list = playlist_->playlist();
    if (!list || !snapshot_ || pick == 0) return false;
    const auto entry = std::find_if(list->entries.begin(), list->entries.end(),
                                    [pick](const PlaylistEntry& e) { return e.trackId == pick; });
    if (entry == list->entries.end()) return false;
    const auto audio =
        std::find_if(entry->sources.begin(), entry->sources.end(), [](const SourceShare& s) {
            return s.source == QLatin1String("audio") && s.share > 0.f &&
                   !s.evidence.becauseOf.empty();
        });
    if (audio == entry->sources.end()) return false;
    const Id seed = audio->evidence.becauseOf.front();
    const auto pickFile = snapshot_->audioByTrack.constFind(pick);
    const auto seedFile = snapshot_->audioByTrack.constFind(seed);
    if (pickFile == snapshot_->audioByTrack.constEnd() ||
        seedFile == snapshot_->audioByTrack.constEnd())
        return false;
    const std::optional<Track> seedTrack = trackLookup_ ? trackLookup_(seed) : std::nullopt;
    const QString seedTitle =
        seedTrack ? seedTrack->title : QFileInfo(guessedText(seedFile->path)).completeBaseName();
    spectrogram_->showPair(pickFile->path, tr("%1 — %2").arg(entry->artist, entry->title),
                           seedFile->path, tr("sounds like your %1").arg(seedTitle));
    soundsLikeSeed_ = seed;
    return true;
}

QWidget* WorkspacePage::panelWidget(Panel panel) const {
    switch (panel) {
        case MapPanel:
            return mapArea_;
        case ListsPanel:
            return tabs_;
        case BlendPanelId:
            return blend_;
        case DetailsPanel:
            return details_;
        case SpectrogramPanel:
            return spectrogramArea_;
        case PanelCount:
            break;
    }
    return nullptr;
}

QString WorkspacePage::panelName(Panel panel) {
    switch (panel) {
        case MapPanel:
            return tr("&Map");
        case ListsPanel:
            return tr("&Playlist and Library");
        case BlendPanelId:
            return tr("&Blend Panel");
        case DetailsPanel:
            return tr("Track &Details");
        case SpectrogramPanel:
            return tr("&Spectrogram");
        case PanelCount:
            break;
    }
    return {};
}

void WorkspacePage::setPanelVisible(Panel panel, bool visible) {
    QWidget* widget = panelWidget(panel);
    if (!widget || isPanelVisible(panel) == visible) return;
    if (panel == SpectrogramPanel && !visible) setSpectrogramDetached(false);
    widget->setVisible(visible);
    updateSplitterVisibility();
    fitToContent();
    Q_EMIT panelVisibilityChanged(panel, visible);
}

bool WorkspacePage::isPanelVisible(Panel panel) const {
    const QWidget* widget = panelWidget(panel);
    return widget && !widget->isHidden();  // isHidden: true to the request even while off-screen
}

void WorkspacePage::updateSplitterVisibility() {
    // A splitter whose areas are all hidden would still take space as an empty band.
    right_->setVisible(!tabs_->isHidden() || !blend_->isHidden());
    bottom_->setVisible(!details_->isHidden() || !spectrogramArea_->isHidden());
    top_->setVisible(!mapArea_->isHidden() || !right_->isHidden());
}

QByteArray WorkspacePage::saveLayout() const {
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    // While the spectrogram has a window of its own the bottom row holds the details alone:
    // the row as it was before is what the next session gets back.
    out << kLayoutMagic << kLayoutVersion << outer_->saveState() << top_->saveState()
        << right_->saveState() << (isSpectrogramDetached() ? bottomState_ : bottom_->saveState())
        << qint32(tabs_->currentIndex()) << quint32(userSized_);
    return state;
}

bool WorkspacePage::restoreLayout(const QByteArray& state) {
    QDataStream in(state);
    quint32 magic = 0, version = 0, userSized = 0;
    QByteArray outer, top, right, bottom;
    qint32 tab = 0;
    in >> magic >> version >> outer >> top >> right >> bottom >> tab;
    if (version >= 2) in >> userSized;
    if (in.status() != QDataStream::Ok || magic != kLayoutMagic || version < 1 ||
        version > kLayoutVersion)
        return false;
    setSpectrogramDetached(false);
    const bool ok = outer_->restoreState(outer) && top_->restoreState(top) &&
                    right_->restoreState(right) && bottom_->restoreState(bottom);
    if (!ok) {
        resetLayout();
        return false;
    }
    userSized_ = userSized & (OuterBit | TopBit | RightBit | BottomBit);
    tabs_->setCurrentIndex(qBound(0, int(tab), tabs_->count() - 1));
    fitToContent();
    return true;
}

void WorkspacePage::resetLayout() {
    setSpectrogramDetached(false);
    for (int p = 0; p < PanelCount; ++p) setPanelVisible(Panel(p), true);
    // Proportions for a 1280x800 window until the page has a size; from then on fitToContent
    // sizes the panes for what they hold.
    userSized_ = 0;
    outer_->setSizes({520, 230});
    top_->setSizes({620, 660});
    right_->setSizes({400, 150});
    bottom_->setSizes({640, 620});
    tabs_->setCurrentWidget(library_);
    fitToContent();
}

void WorkspacePage::fitPlaylistColumns() {
    // Artist, title and album as wide as the longest of the week's picks (up to a limit a very
    // long name is elided at); the summary takes what is left and the explanation below says
    // it whole.
    QTableView* table = playlist_->table();
    QHeaderView* header = table->horizontalHeader();
    const QAbstractItemView* view = table;  // sizeHintForColumn is public here
    const int limit = fontMetrics().averageCharWidth() * 34;
    for (int c : {int(PlaylistModel::Artist), int(PlaylistModel::Title), int(PlaylistModel::Album)})
        header->resizeSection(
            c, std::min(limit, std::max(view->sizeHintForColumn(c), header->sectionSizeHint(c))));
}

int WorkspacePage::rightColumnWidth() const {
    // The playlist's columns before the summary, the whole summary of its longest pick, the
    // table's frame and scroll bar, and the panel's and tab's margins.
    const QTableView* table = playlist_->table();
    const QHeaderView* header = table->horizontalHeader();
    const QAbstractItemView* view = table;  // sizeHintForColumn is public here
    int columns = 0;
    for (int c = 0; c < PlaylistModel::Summary; ++c)
        if (!header->isSectionHidden(c)) columns += header->sectionSize(c);
    const int summary = std::max(view->sizeHintForColumn(PlaylistModel::Summary),
                                 fontMetrics().averageCharWidth() * 30);
    const int chrome =
        2 * table->frameWidth() + table->verticalScrollBar()->sizeHint().width() + 2 * 6 + 8;
    return std::max(columns + summary + chrome, tabs_->minimumSizeHint().width());
}

void WorkspacePage::fitToContent() {
    if (fitting_ || !outer_->isVisible()) return;
    fitting_ = true;
    const auto sizeOf = [](const QSplitter* s) {
        return (s->orientation() == Qt::Horizontal ? s->width() : s->height()) - s->handleWidth();
    };
    // The map and the playlist side by side: the playlist gets the width its columns need, as
    // long as the map keeps at least 38% of the row (it needs room to be read too).
    if (!(userSized_ & TopBit) && !mapArea_->isHidden() && !right_->isHidden()) {
        const int total = sizeOf(top_);
        const int mapLeast = std::max(mapArea_->minimumWidth(), total * 38 / 100);
        const int least = std::max(tabs_->minimumWidth(), tabs_->minimumSizeHint().width());
        const int right = std::clamp(rightColumnWidth(), least, std::max(least, total - mapLeast));
        top_->setSizes({total - right, right});
    }
    // The blend panel's sliders need no more than their own height; the tabs take the rest.
    if (!(userSized_ & RightBit) && !tabs_->isHidden() && !blend_->isHidden()) {
        const int total = sizeOf(right_);
        // (The hint above the sliders wraps: its height depends on the column's width.)
        const int width = right_->width();
        const int wanted = blend_->hasHeightForWidth() ? blend_->heightForWidth(width)
                                                       : blend_->sizeHint().height();
        const int blend = std::min(std::max(wanted, blend_->minimumSizeHint().height()), total / 3);
        right_->setSizes({total - blend, blend});
    }
    // Track details and spectrogram: a thin band while both only say what would appear there,
    // room for a track's fields and spectrogram once one is selected.
    if (!(userSized_ & OuterBit) && !top_->isHidden() && !bottom_->isHidden()) {
        const int total = sizeOf(outer_);
        const bool holdsTrack = details_->trackId() != 0;
        const int line = fontMetrics().lineSpacing();
        const int want = holdsTrack ? std::clamp(total * 3 / 10, line * 11 + 20, line * 22)
                                    : std::max(details_->minimumSizeHint().height(),
                                               spectrogramHint_->minimumSizeHint().height());
        outer_->setSizes({total - want, want});
    }
    // Details as wide as two columns of fields need, the spectrogram the rest (its controls
    // need their width).
    if (!(userSized_ & BottomBit) && !details_->isHidden() && !spectrogramArea_->isHidden() &&
        !isSpectrogramDetached()) {
        const int total = sizeOf(bottom_);
        const int detailsLeast = details_->minimumSizeHint().width();
        const int spectrogramLeast = spectrogramArea_->minimumSizeHint().width();
        // Two columns of fields read whole in about 90 characters; past that the spectrogram
        // (a pair, side by side, for a pick that sounds like one of yours) makes better use.
        const int fields = fontMetrics().averageCharWidth() * 90;
        const int details = std::clamp(std::min(total / 2, fields), detailsLeast,
                                       std::max(detailsLeast, total - spectrogramLeast));
        bottom_->setSizes({details, total - details});
    }
    fitting_ = false;
    fitMapSide();
}

void WorkspacePage::fitMapSide() {
    if (fitting_ || mapSplit_->isHidden()) return;
    // Beside the map the column costs the map its width: below ~760 px for both the map would
    // be a strip of 230 px whose controls are cut. Then the column goes under the map, which
    // keeps the whole width and most of the height.
    constexpr int kWideEnoughForBoth = 760;
    const int width = mapArea_->width();
    const Qt::Orientation wanted = width >= kWideEnoughForBoth ? Qt::Horizontal : Qt::Vertical;
    fitting_ = true;
    if (mapSplit_->orientation() != wanted) {
        mapSplit_->setOrientation(wanted);
        userSized_ &= ~unsigned(MapSideBit);  // the user's sizes were for the other layout
    }
    if (!(userSized_ & MapSideBit)) {
        const int total = (wanted == Qt::Horizontal ? mapSplit_->width() : mapSplit_->height()) -
                          mapSplit_->handleWidth();
        const int side = wanted == Qt::Horizontal ? std::clamp(total * 30 / 100, 220, 340)
                                                  : std::clamp(total * 30 / 100, 130, 260);
        if (total > side) mapSplit_->setSizes({total - side, side});
    }
    fitting_ = false;
}

void WorkspacePage::setSpectrogramDetached(bool detached) {
    if (detached == isSpectrogramDetached()) return;
    if (detached) {
        bottomState_ = bottom_->saveState();
        auto* window = new QWidget(this, Qt::Window);
        window->setObjectName(QStringLiteral("spectrogramWindow"));
        window->setWindowTitle(tr("Spectrogram"));
        auto* layout = new QVBoxLayout(window);
        layout->setContentsMargins(4, 4, 4, 4);
        layout->addWidget(spectrogramArea_);  // out of the bottom row, into the window
        spectrogramArea_->show();
        const QSize page = size();
        window->resize(std::max(960, page.width() * 3 / 4), std::max(480, page.height() / 2));
        window->installEventFilter(this);
        spectrogramWindow_ = window;
        window->show();
        window->raise();
    } else {
        QWidget* window = std::exchange(spectrogramWindow_, nullptr);
        window->removeEventFilter(this);
        bottom_->insertWidget(1, spectrogramArea_);
        spectrogramArea_->show();
        bottom_->restoreState(bottomState_);
        window->hide();
        window->deleteLater();
    }
    spectrogram_->setDetached(detached);
    updateSplitterVisibility();
    fitToContent();
}

bool WorkspacePage::eventFilter(QObject* watched, QEvent* event) {
    // The blend panel's hint came or went, or the details changed what they show: their sizes
    // changed, and so does the room they are given.
    if ((watched == blend_ || watched == details_) && event->type() == QEvent::LayoutRequest)
        fitToContent();
    // The map area is as wide as the top row's splitter leaves it (the user may drag that).
    if (watched == mapArea_ && event->type() == QEvent::Resize) fitMapSide();
    // Closing the spectrogram's own window puts it back in the bottom row.
    if (watched == spectrogramWindow_ && event->type() == QEvent::Close)
        setSpectrogramDetached(false);
    return QWidget::eventFilter(watched, event);
}

void WorkspacePage::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitToContent();
}

void WorkspacePage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    fitToContent();
}

}  // namespace tl
