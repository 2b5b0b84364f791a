// Help > Take the Tour: what each model does, shown on the open project (the demo world is made
// for it), one view at a time, with the text beside the view. Each step picks real data — the
// most played track, the first pick of the week, a track nobody has played — and says so when
// the model it is about is not trained yet.
#include <QStatusBar>

#include "BacktestPanel.h"
#include "BlendPanel.h"
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
#include "store/ProjectStore.h"

#include <QTableView>

namespace tl {

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
    Id mostPlayed = 0, coldStart = 0;
    qint64 plays = -1;
    for (const TrackSummary& t : store_->trackSummaries()) {
        if (t.hasAudio && t.plays > plays) plays = t.plays, mostPlayed = t.trackId;
        if (t.hasAudio && t.plays == 0 && coldStart == 0) coldStart = t.trackId;
    }
    const QString notYet = tr("<p><i>Not trained yet in this project: %1.</i></p>");
    WorkspacePage* ws = workspace_;
    std::vector<TourStep> steps;
    steps.push_back(
        {tr("1. Listeners like you: collaborative filtering"),
         tr("<p>Each dot is a track. Implicit ALS has learnt a vector per track from <b>who "
            "played it and how often</b> — nothing else — and t-SNE lays the vectors out so "
            "similar tracks sit together.</p><p>Notice: the colours are the demo's true genres. "
            "The model never saw them, yet the clusters match them.</p>") +
             (cf ? QString() : notYet.arg(tr("Models > Train Collaborative Filtering"))),
         [ws] { return static_cast<QWidget*>(ws->map()->view()); },
         [ws] { ws->map()->setCurrentSource(QStringLiteral("cf")); }});
    steps.push_back(
        {tr("2. What is written about it: the text model"),
         tr("<p>The most played track. Under <b>Described as</b> are the terms that weigh most "
            "for it (TF-IDF over reviews, bios and tags), and LSA turns them into a vector.</p>"
            "<p>Notice: the words name its genre and mood; click one to ring every track on the "
            "map that carries it.</p>") +
             (text ? QString() : notYet.arg(tr("Models > Train Text Model"))),
         [ws] { return static_cast<QWidget*>(ws->details()); },
         [ws, mostPlayed] {
             if (mostPlayed) ws->selectTrack(mostPlayed);
         }});
    steps.push_back(
        {tr("3. What it sounds like: the log-mel spectrogram"),
         tr("<p>Time runs left to right, pitch bottom to top on the mel scale, loudness in "
            "colour. This is what the audio model hears.</p><p>A convolutional network learns to "
            "predict each track's CF vector from this picture alone.</p>") +
             (audio ? QString() : notYet.arg(tr("Models > Train Audio Model"))),
         [ws] { return static_cast<QWidget*>(ws->spectrogram()); }, nullptr});
    steps.push_back(
        {tr("4. A weekly pick, and why it is there"),
         tr("<p>Thirty tracks you have not played. The coloured bar shows each model's share of "
            "a pick's score; below, the explanation says which of your tracks it follows and how "
            "many listeners like you play it.</p>"),
         [ws] { return static_cast<QWidget*>(ws->playlist()); },
         [ws] {
             ws->showPlaylistTab();
             PlaylistPanel* p = ws->playlist();
             if (p->model()->rowCount() > 0) p->table()->setCurrentIndex(p->model()->index(0, 0));
         }});
    steps.push_back(
        {tr("5. Blending the models"),
         tr("<p>Move a slider: the week re-ranks at once — no model is recomputed, the "
            "candidates are already scored.</p><p>Notice how the bars change colour as a model's "
            "weight grows.</p>"),
         [ws] { return static_cast<QWidget*>(ws->blend()); }, nullptr});
    steps.push_back(
        {tr("6. Did it work? The back-test"),
         tr("<p>For each of the last 8 weeks a playlist is made from what was known before it "
            "and scored against what was really discovered that week.</p><p>The triangle shows "
            "NDCG for every blend; the star is the best, the ring is your sliders.</p>"),
         [ws] { return static_cast<QWidget*>(ws->backtest()); },
         [this, ws] {
             ws->showBacktestTab();
             // Not run yet in this session: run it now (a job; the table fills when it ends).
             if (!ws->backtest()->session() && !runner_->isRunning())
                 runBacktest(ws->playlist()->currentUser());
         }});
    steps.push_back(
        {tr("7. A song nobody has played"),
         coldStart == 0
             ? tr("<p>Every track with audio in this project has been played, so there is no "
                  "cold-start track to show.</p>")
             : tr("<p>No listener has played this track, so CF knows nothing about it. The audio "
                  "model gave it a vector from its sound, so it can still be recommended — "
                  "Spotify's answer to the cold-start problem.</p>") +
                   (audio ? QString() : notYet.arg(tr("Models > Train Audio Model"))),
         [ws] { return static_cast<QWidget*>(ws->details()); },
         [ws, coldStart] {
             if (coldStart) ws->selectTrack(coldStart);
         }});
    if (!tour_) tour_ = new TourOverlay(this);
    tour_->start(std::move(steps));
}

}  // namespace tl
