// Help > Take the Tour: what each model does, shown on the open project (the demo world is made
// for it), one view at a time, with the text beside the view. Each step picks real data — the
// most played track, the first pick of the week, a track nobody has played — and its text is
// written when the step is shown, from what is on screen then: the demo or a user's project, a
// map or none, genres or none, the track that is selected (issue 19, item 6).
#include <QComboBox>
#include <QStatusBar>

#include "BacktestPanel.h"
#include "BlendPanel.h"
#include "CurrentTrackSelection.h"
#include "HintPanel.h"
#include "MainWindow.h"
#include "MapPanel.h"
#include "MapView.h"
#include "PlaylistModel.h"
#include "PlaylistPanel.h"
#include "ProjectSnapshot.h"
#include "SpectrogramPanel.h"
#include "TourOverlay.h"
#include "TrackDetailsPanel.h"
#include "WorkspacePage.h"
#include "job/JobRunner.h"
#include "maps/MapColouring.h"
#include "maps/ProjectMaps.h"
#include "playlist/WeeklyPlaylist.h"
#include "store/ProjectStore.h"

namespace tl {

namespace {

// The tracks the tour shows, chosen once when it starts.
struct TourTracks {
    TrackSummary mostPlayed;           // trackId 0: nothing has been played
    int mostPlayedTies = 0;            // other tracks with as many plays
    TrackSummary mostPlayedWithAudio;  // trackId 0: no played track has audio
    TrackSummary coldStart;            // with audio, never played; trackId 0: none
    bool anyAudio = false;
};

TourTracks tourTracks(const std::vector<TrackSummary>& tracks) {
    TourTracks t;
    for (const TrackSummary& s : tracks) {
        t.anyAudio = t.anyAudio || s.hasAudio;
        if (s.plays > 0 && s.plays > t.mostPlayed.plays) {
            t.mostPlayed = s;
            t.mostPlayedTies = 0;
        } else if (s.plays > 0 && s.plays == t.mostPlayed.plays) {
            ++t.mostPlayedTies;
        }
        if (s.hasAudio && s.plays > 0 && s.plays > t.mostPlayedWithAudio.plays)
            t.mostPlayedWithAudio = s;
        if (s.hasAudio && s.plays == 0 && t.coldStart.trackId == 0) t.coldStart = s;
    }
    return t;
}

QString named(const TrackSummary& t) {
    return QStringLiteral("<b>%1 — %2</b>").arg(t.artist.toHtmlEscaped(), t.title.toHtmlEscaped());
}

}  // namespace

void MainWindow::takeTour() {
    if (!store_) {
        statusBar()->showMessage(tr("The tour walks through an open project: try the demo first."),
                                 8000);
        return;
    }
    const ProjectSnapshot* shown = workspace_->snapshot();
    const bool cf = shown && !shown->cfModel.isEmpty();
    const bool text = shown && !shown->textModel.isEmpty();
    const bool audio = shown && !shown->audioModel.isEmpty();
    const bool demo = shown && shown->isDemo();
    const bool listens = shown && shown->counts.listens > 0;
    const TourTracks tracks = tourTracks(store_->trackSummaries());
    const QHash<Id, QString> genres = trackGenres(*store_);
    const QString notYet = tr("<p><i>Not trained yet in this project: %1.</i></p>");
    WorkspacePage* ws = workspace_;
    CurrentTrackSelection* selection = selection_;
    std::vector<TourStep> steps;

    // 1. The CF map: the map itself, the button that makes it, or the hint that says what the
    // project lacks; its colours explained as what they are in this project.
    TourStep map;
    map.title = tr("1. Listeners like you: collaborative filtering");
    map.prepare = [ws] { ws->map()->setCurrentSource(QStringLiteral("cf")); };
    map.target = [ws]() -> QWidget* {
        if (!ws->map()->isVisible()) return ws->mapHint();
        if (!ws->map()->hasMap()) return ws->map();
        return ws->map()->view();
    };
    map.describe = [ws, cf, demo, genres]() -> QString {
        const QString how =
            tr("<p>Implicit ALS learns a vector per track from <b>who played it and how "
               "often</b> — nothing else — and t-SNE lays the vectors out so similar tracks sit "
               "together.</p>");
        if (!ws->map()->isVisible())
            return how + tr("<p>This project has no listening history yet, so there is nothing "
                            "to learn from and no map. Import one with File > Import "
                            "History…</p>");
        if (!ws->map()->hasMap())
            return how +
                   tr("<p>This project has no map yet. <b>Compute Map</b>, above the empty "
                      "view, %1lays every track out near the tracks it finds similar; each dot "
                      "is then a track.</p>")
                       .arg(cf ? QString() : tr("trains collaborative filtering first, then "));
        QString colours;
        const MapPanel* panel = ws->map();
        if (panel->colourBy() != MapPanel::ColourBy::Genre) {
            const auto* combo = panel->findChild<QComboBox*>(QStringLiteral("mapColour"));
            colours = tr("<p>The colours show what the colour menu above the map says: %1.</p>")
                          .arg(combo ? combo->currentText().toHtmlEscaped() : QString());
        } else {
            int withGenre = 0;
            for (Id id : panel->map()->trackIds) withGenre += genres.contains(id) ? 1 : 0;
            if (demo)
                colours =
                    tr("<p>Notice: the colours are the demo's true genres. The model never "
                       "saw them, yet the clusters match them.</p>");
            else if (withGenre > 0)
                colours = tr("<p>The colours are the genres your files' tags name (%1 of the %2 "
                             "tracks have one). The model never saw the tags: where a cluster "
                             "is one colour, listening alone put those tracks together.</p>")
                              .arg(withGenre)
                              .arg(panel->map()->trackIds.size());
            else
                colours =
                    tr("<p>Your files carry no genre tags, so every dot has the same "
                       "colour. Colour the map by artist or play count in the menu above "
                       "it to see what the clusters hold.</p>");
        }
        return tr("<p>Each dot is a track.</p>") + how + colours;
    };
    steps.push_back(std::move(map));

    // 2. The text model on the most played track (of all, with or without audio).
    TourStep words;
    words.title = tr("2. What is written about it: the text model");
    words.target = [ws] { return static_cast<QWidget*>(ws->details()); };
    words.prepare = [ws, tracks] {
        if (tracks.mostPlayed.trackId)
            ws->selectTrack(tracks.mostPlayed.trackId, CurrentTrackSelection::Origin::Tour);
    };
    words.describe = [ws, tracks, text, demo, notYet]() -> QString {
        if (tracks.mostPlayed.trackId == 0 || ws->details()->trackId() != tracks.mostPlayed.trackId)
            return tr("<p>Nothing in this project has been played yet, so there is no most "
                      "played track to show. Select any track: under <b>Described as</b> are the "
                      "terms that weigh most for it (TF-IDF over reviews, bios and tags), and "
                      "LSA turns them into a vector.</p>") +
                   (text ? QString() : notYet.arg(tr("Models > Train Text Model")));
        const TrackSummary& t = tracks.mostPlayed;
        QString body =
            tracks.mostPlayedTies == 0
                ? tr("<p>%1, the most played track (%2 plays).").arg(named(t)).arg(t.plays)
                : tr("<p>%1, one of the %2 most played tracks (%3 plays each).")
                      .arg(named(t))
                      .arg(tracks.mostPlayedTies + 1)
                      .arg(t.plays);
        body +=
            tr(" Under <b>Described as</b> are the terms that weigh most for it (TF-IDF over "
               "reviews, bios and tags), and LSA turns them into a vector.</p>");
        if (!text) return body + notYet.arg(tr("Models > Train Text Model"));
        if (ws->details()->topTermsText().isEmpty())
            return body + tr("<p>No text source of this project says anything about this track "
                             "or its artist, so nothing is listed for it.</p>");
        body += demo ? tr("<p>Notice: the words name its genre and mood.") : tr("<p>");
        body += ws->map()->hasMap()
                    ? tr(" Click a word to ring every track on the map that carries it.</p>")
                    : tr(" Once there is a map, a click on a word rings every track on it that "
                         "carries the word.</p>");
        return body;
    };
    steps.push_back(std::move(words));

    // 3. The spectrogram of the most played track that has audio, said to be that.
    TourStep sound;
    sound.title = tr("3. What it sounds like: the log-mel spectrogram");
    sound.target = [ws]() -> QWidget* {
        return ws->spectrogram()->isVisible() ? static_cast<QWidget*>(ws->spectrogram())
                                              : ws->spectrogramHint();
    };
    sound.prepare = [ws, tracks] {
        const Id id = tracks.mostPlayedWithAudio.trackId;
        if (id && ws->selection()->trackId() != id)
            ws->selectTrack(id, CurrentTrackSelection::Origin::Tour);
    };
    sound.describe = [ws, tracks, audio, notYet]() -> QString {
        const QString what =
            tr("<p>Time runs left to right, pitch bottom to top on the mel scale, loudness in "
               "colour. This is what the audio model hears.</p><p>A convolutional network "
               "learns to predict each track's CF vector from this picture alone.</p>") +
            (audio ? QString() : notYet.arg(tr("Models > Train Audio Model")));
        const TrackSummary& t = tracks.mostPlayedWithAudio;
        if (!tracks.anyAudio)
            return tr("<p>This project has no audio files, so there is no spectrogram to show. "
                      "Add a music folder with File > Add Music Folder…</p>") +
                   what;
        if (t.trackId == 0 || ws->selection()->trackId() != t.trackId)
            return tr("<p>No played track has an audio file, so no spectrogram is shown. Select "
                      "a track with audio in the Library to see one.</p>") +
                   what;
        const QString which =
            t.trackId == tracks.mostPlayed.trackId
                ? tr("<p>%1, the most played track.</p>").arg(named(t))
                : tr("<p>%1, the most played track with an audio file (%2 plays; the most "
                     "played track, %3, has none).</p>")
                      .arg(named(t))
                      .arg(t.plays)
                      .arg(named(tracks.mostPlayed));
        return which + what;
    };
    steps.push_back(std::move(sound));

    // 4. The first pick of the week, selected everywhere like any other selection.
    TourStep pick;
    pick.title = tr("4. A weekly pick, and why it is there");
    pick.target = [ws]() -> QWidget* {
        return ws->playlist()->isVisible() ? static_cast<QWidget*>(ws->playlist())
                                           : ws->playlistHint();
    };
    pick.prepare = [ws, selection] {
        ws->showPlaylistTab();
        const PlaylistModel* m = ws->playlist()->model();
        if (m->rowCount() > 0)
            selection->setCurrentTrack(m->entry(0)->trackId, CurrentTrackSelection::Origin::Tour);
    };
    pick.describe = [ws]() -> QString {
        if (!ws->playlist()->isVisible())
            return tr(
                "<p>A weekly playlist is made from a listening history, and this project "
                "has none yet. Import one with File > Import History…</p>");
        const WeeklyPlaylist* list = ws->playlist()->playlist();
        const PlaylistModel* m = ws->playlist()->model();
        if (!list || m->rowCount() == 0)
            return tr(
                "<p>No weekly playlist yet. Choose whose week it is and which week above, "
                "then <b>Generate</b>: each pick then says which model chose it and "
                "why.</p>");
        const QString kind =
            list->mode == PlaylistMode::Jams
                ? tr("<p>%1 tracks %2 last played more than 60 days before the week.")
                : tr("<p>%1 tracks %2 had not played before the week.");
        QString body = kind.arg(m->rowCount()).arg(list->userName.toHtmlEscaped());
        body +=
            tr(" The coloured bar shows each model's share of a pick's score; below, the "
               "explanation says why the selected pick is there.</p>");
        const PlaylistEntry* first = m->entry(0);
        if (first && ws->playlist()->selectedTrack() == first->trackId)
            body += tr("<p>Selected: the first pick, <b>%1 — %2</b>.</p>")
                        .arg(first->artist.toHtmlEscaped(), first->title.toHtmlEscaped());
        return body;
    };
    steps.push_back(std::move(pick));

    TourStep blend;
    blend.title = tr("5. Blending the models");
    blend.target = [ws] { return static_cast<QWidget*>(ws->blend()); };
    blend.describe = [ws]() -> QString {
        if (ws->playlist()->model()->rowCount() == 0)
            return tr(
                "<p>The sliders set how much each model counts in the weekly playlist. "
                "They move once a week is prepared; then the week re-ranks at once as a "
                "slider moves — no model is recomputed.</p>");
        return tr(
            "<p>Move a slider: the week re-ranks at once — no model is recomputed, the "
            "candidates are already scored.</p><p>Notice how the bars change colour as a "
            "model's weight grows.</p>");
    };
    steps.push_back(std::move(blend));

    TourStep backtest;
    backtest.title = tr("6. Did it work? The back-test");
    backtest.target = [ws] { return static_cast<QWidget*>(ws->backtest()); };
    backtest.prepare = [this, ws, listens] {
        ws->showBacktestTab();
        // Not run yet in this session: run it now (a job; the table fills when it ends).
        if (listens && !ws->backtest()->session() && !runner_->isRunning() &&
            ws->playlist()->currentUser() != 0)
            runBacktest(ws->playlist()->currentUser());
    };
    backtest.describe = [ws, listens]() -> QString {
        const QString what =
            tr("<p>For each of the last 8 weeks a playlist is made from what was known before "
               "it and scored against what was really discovered that week.</p>");
        if (!listens)
            return what + tr("<p>It needs a dated listening history, and this project has none "
                             "yet.</p>");
        if (!ws->backtest()->session())
            return what + tr("<p>It is running now as a job; the table fills when it ends.</p>");
        return what + tr("<p>The triangle shows NDCG for every blend; the star is the best, the "
                         "ring is your sliders.</p>");
    };
    steps.push_back(std::move(backtest));

    TourStep cold;
    cold.title = tr("7. A song nobody has played");
    cold.target = [ws] { return static_cast<QWidget*>(ws->details()); };
    cold.prepare = [ws, tracks] {
        if (tracks.coldStart.trackId)
            ws->selectTrack(tracks.coldStart.trackId, CurrentTrackSelection::Origin::Tour);
    };
    cold.describe = [ws, tracks, audio, notYet]() -> QString {
        if (tracks.coldStart.trackId == 0 || ws->details()->trackId() != tracks.coldStart.trackId)
            return tracks.anyAudio
                       ? tr("<p>Every track with audio in this project has been played, so there "
                            "is no cold-start track to show.</p>")
                       : tr("<p>A track nobody has played gets a vector from its sound alone, "
                            "but this project has no audio files to hear.</p>");
        return tr("<p>%1: no listener has played it, so CF knows nothing about it. The audio "
                  "model gives it a vector from its sound, so it can still be recommended — "
                  "Spotify's answer to the cold-start problem.</p>")
                   .arg(named(tracks.coldStart)) +
               (audio ? QString() : notYet.arg(tr("Models > Train Audio Model")));
    };
    steps.push_back(std::move(cold));

    if (!tour_) tour_ = new TourOverlay(this);
    tour_->start(std::move(steps));
}

}  // namespace tl
