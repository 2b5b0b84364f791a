#include "SpectrogramPanel.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "ColorMap.h"
#include "ElidedLabel.h"
#include "SpectrogramExport.h"
#include "SpectrogramLayers.h"
#include "SpectrogramView.h"
#include "TrackPlayer.h"
#include "audio/TrackSpectrogram.h"
#include "util/NativePath.h"

namespace tl {

namespace {

// core's matrix, as the view draws it.
std::shared_ptr<SpectrogramData> toViewData(audio::TrackSpectrogram s, bool mel,
                                            const QString& title) {
    auto d = std::make_shared<SpectrogramData>();
    d->scale = mel ? SpectrogramData::Scale::Mel : SpectrogramData::Scale::Linear;
    d->bands = s.bands;
    d->frames = s.frames;
    d->db = std::move(s.db);
    d->bandHz = std::move(s.bandHz);
    d->secondsPerFrame = s.secondsPerFrame;
    d->topDb = s.maxDb;
    d->floorDb = std::min(s.minDb, s.maxDb - 1.0f);
    for (const audio::ExcerptWindow& w : s.excerpts)
        d->excerpts.push_back({w.startSeconds, w.seconds});
    d->title = title;
    d->nFft = s.nFft;
    d->hop = s.hop;
    d->window = audio::stftWindowName(s.window);
    return d;
}

}  // namespace

SpectrogramPanel::SpectrogramPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("spectrogramPanel"));
    scale_ = new QComboBox(this);
    scale_->setObjectName(QStringLiteral("spectrogramScale"));
    scale_->addItems({tr("Log-mel"), tr("Linear STFT")});
    scale_->setToolTip(
        tr("Log-mel is what the audio model hears (128 mel bands); linear "
           "frequency is the plain STFT"));
    axis_ = new QComboBox(this);
    axis_->setObjectName(QStringLiteral("spectrogramAxis"));
    axis_->setToolTip(
        tr("How the frequency axis is spaced: mel bands, or a log or linear "
           "scale in hertz"));
    colours_ = new QComboBox(this);
    colours_->setObjectName(QStringLiteral("spectrogramColours"));
    colours_->addItems(ColorMap::names());
    colours_->setToolTip(tr("Colour map for loudness: dark is quiet, bright is loud"));
    window_ = new QComboBox(this);
    window_->setObjectName(QStringLiteral("spectrogramWindow"));
    window_->setToolTip(tr("The whole track, or one of the excerpts the audio model analyses"));
    play_ = new QToolButton(this);
    play_->setObjectName(QStringLiteral("spectrogramPlay"));
    play_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    play_->setToolTip(
        tr("Play from the start of the view (click the spectrogram to play from "
           "there)"));
    play_->setEnabled(false);
    detach_ = new QToolButton(this);
    detach_->setObjectName(QStringLiteral("spectrogramDetach"));
    detach_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    detach_->hide();  // until setDetachable(true)
    setDetached(false);
    connect(detach_, &QToolButton::clicked, this, &SpectrogramPanel::detachRequested);
    // The read-out takes what room is left: the plot shows the same under the cursor, so it may
    // be cut, the controls may not.
    readout_ = new QLabel(this);
    readout_->setObjectName(QStringLiteral("spectrogramReadout"));
    readout_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    readout_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("spectrogramStatus"));
    status_->setWordWrap(true);
    stft_ = new SpectrogramSettingsButton(this);
    setAnalysisOptions(analysis_);
    connect(stft_->form(), &SpectrogramSettingsWidget::settingsChanged, this,
            &SpectrogramPanel::onStftChanged);
    export_ = new QToolButton(this);
    export_->setObjectName(QStringLiteral("spectrogramExport"));
    export_->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    export_->setToolTip(
        tr("Save the picture (PNG at twice its size) or the matrix shown (CSV, "
           "NumPy .npy)"));
    export_->setPopupMode(QToolButton::InstantPopup);
    export_->setMenu(new QMenu(export_));
    connect(export_->menu(), &QMenu::aboutToShow, this, [this] {
        export_->menu()->clear();
        fillExportMenu(export_->menu(), 0);
    });

    // Each combo as wide as its longest choice, never squeezed ("Log frequenc…" was cut): the
    // panel asks for the width they need and the workspace gives it.
    for (QComboBox* box : {scale_, axis_, colours_, window_}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        box->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    }
    // The colour map beside the STFT's settings, in the one popup: the tool row keeps room for
    // what is used while listening.
    stft_->form()->addRow(tr("&Colours:"), colours_);
    auto* controls = new QHBoxLayout;
    controls->addWidget(play_);
    controls->addWidget(scale_);
    controls->addWidget(axis_);
    controls->addWidget(window_);
    controls->addWidget(stft_);
    controls->addWidget(readout_, 1);
    controls->addWidget(export_);
    controls->addWidget(detach_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(controls);
    layout->addWidget(status_);
    for (int i = 0; i < 2; ++i) {
        titleLabels_[i] = new ElidedLabel(this);
        titleLabels_[i]->setElideMode(Qt::ElideRight);
        titleLabels_[i]->setTextFormat(Qt::PlainText);
        views_[i] = new SpectrogramView(this);
        connect(views_[i], &SpectrogramView::readoutChanged, readout_, &QLabel::setText);
        views_[i]->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(views_[i], &QWidget::customContextMenuRequested, this,
                [this, i](const QPoint& pos) { showContextMenu(i, pos); });
    }
    views_[1]->setObjectName(QStringLiteral("secondSpectrogramView"));
    // The seed and the pick side by side: the pair takes no more height than one track, so the
    // panes above keep theirs when a pick shows what it sounds like.
    auto* first = new QVBoxLayout;
    first->addWidget(titleLabels_[0]);
    first->addWidget(views_[0], 1);
    secondBox_ = new QWidget(this);
    auto* second = new QVBoxLayout(secondBox_);
    second->setContentsMargins(0, 0, 0, 0);
    second->addWidget(titleLabels_[1]);
    second->addWidget(views_[1], 1);
    auto* pair = new QHBoxLayout;
    pair->addLayout(first, 1);
    pair->addWidget(secondBox_, 1);
    layout->addLayout(pair, 1);
    secondBox_->hide();

    player_ = new TrackPlayer(this);
    connect(player_, &TrackPlayer::positionChanged, views_[0], &SpectrogramView::setPlayhead);
    connect(player_, &TrackPlayer::playingChanged, this, [this](bool playing) {
        play_->setIcon(
            style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    });
    connect(player_, &TrackPlayer::error, status_, [this](const QString& message) {
        status_->setText(message);
        status_->show();
    });
    // Layers, region playback (Shift+drag) and the measuring cursor over the first view; the
    // read-out gets what they add after the view's own text.
    layers_ = new SpectrogramLayers(views_[0]);
    controls->insertWidget(1, layers_->makeControls(this));
    connect(layers_, &SpectrogramLayers::readoutChanged, readout_, &QLabel::setText);
    connect(layers_, &SpectrogramLayers::regionChanged, this, [this] {
        const auto r = layers_->region();
        player_->setRange(r ? r->start : 0.0, r ? r->end : 0.0);
    });
    connect(layers_->loopAction(), &QAction::toggled, player_, &TrackPlayer::setLoop);
    connect(views_[0], &SpectrogramView::seekRequested, player_, [this](double seconds) {
        if (!layers_->regionContains(seconds)) layers_->clearRegion();  // a click elsewhere
        player_->play(seconds);
    });
    connect(play_, &QToolButton::clicked, this, &SpectrogramPanel::togglePlay);
    connect(scale_, &QComboBox::currentIndexChanged, this, &SpectrogramPanel::onScaleChanged);
    connect(axis_, &QComboBox::currentIndexChanged, this, [this](int index) {
        const auto axis = scale_->currentIndex() == 0 ? SpectrogramView::NativeAxis
                                                      : (index == 0 ? SpectrogramView::LogAxis
                                                                    : SpectrogramView::LinearAxis);
        for (SpectrogramView* v : views_) v->setFrequencyAxis(axis);
    });
    connect(colours_, &QComboBox::currentIndexChanged, this, [this](int index) {
        for (SpectrogramView* v : views_) v->setColorMap(ColorMap::Name(index));
    });
    connect(window_, &QComboBox::activated, this, &SpectrogramPanel::onWindowChanged);
    onScaleChanged();
    clear();
}

SpectrogramPanel::~SpectrogramPanel() {
    for (int i = 0; i < 2; ++i) {
        if (running_[i]) running_[i]->cancel();
        if (watchers_[i]) watchers_[i]->waitForFinished();
    }
}

bool SpectrogramPanel::isComputing() const {
    return (watchers_[0] && watchers_[0]->isRunning()) ||
           (watchers_[1] && watchers_[1]->isRunning());
}

void SpectrogramPanel::clear() {
    player_->stop();
    for (int i = 0; i < 2; ++i) {
        if (running_[i]) running_[i]->cancel();
        paths_[i].clear();
        views_[i]->setData(nullptr);
        titleLabels_[i]->setFullText(QString());
    }
    layers_->setTrack(QString());
    secondBox_->hide();
    play_->setEnabled(false);
    export_->setEnabled(false);
    status_->hide();
    updateWindowChoices();
}

void SpectrogramPanel::showTrack(const QString& path, const QString& title) {
    showPair(path, title, QString(), QString());
}

void SpectrogramPanel::showPair(const QString& path, const QString& title, const QString& otherPath,
                                const QString& otherTitle) {
    player_->stop();
    player_->setFile(path);
    layers_->setTrack(path);
    keepView_[0].reset();  // other tracks: their whole length
    keepView_[1].reset();
    paths_[0] = path;
    titles_[0] = title;
    paths_[1] = otherPath;
    titles_[1] = otherTitle;
    secondBox_->setVisible(!otherPath.isEmpty());
    play_->setEnabled(!path.isEmpty());
    for (int i = 0; i < 2; ++i) {
        titleLabels_[i]->setFullText(titles_[i]);
        titleLabels_[i]->setVisible(!otherPath.isEmpty());  // one track: the details say which
        if (!paths_[i].isEmpty()) request(i);
    }
}

void SpectrogramPanel::request(int which) {
    if (running_[which]) running_[which]->cancel();  // a newer selection wins
    auto progress = std::make_shared<Progress>();
    running_[which] = progress;
    const bool mel = scale_->currentIndex() == 0;
    audio::SpectrogramRequest request;
    request.scale = mel ? audio::SpectrogramScale::Mel : audio::SpectrogramScale::Linear;
    const StftSettings stft = stftSettings();
    request.frontEnd = analysis_;
    request.frontEnd.nFft = stft.nFft;
    request.frontEnd.hop = stft.hop;
    request.window = stft.window;
    const QString path = paths_[which], title = titles_[which];
    status_->setText(
        tr("Computing the spectrogram of %1…").arg(displayPath(QFileInfo(path).fileName())));
    status_->show();
    // The last track's picture under this track's title would mislead: empty until it is ready.
    views_[which]->setData(nullptr);
    views_[which]->setPlaceholderText(tr("Computing…"));
    auto result = std::make_shared<Result<audio::TrackSpectrogram>>(Status::cancelled());
    auto* watcher = new QFutureWatcher<void>(this);
    watchers_[which] = watcher;
    connect(watcher, &QFutureWatcher<void>::finished, this,
            [this, watcher, which, result, progress, mel, title, path] {
                watcher->deleteLater();
                if (watchers_[which] == watcher) watchers_[which] = nullptr;
                if (progress->cancelled() || paths_[which] != path) return;  // superseded
                if (!result->ok()) {
                    views_[which]->setData(nullptr);
                    views_[which]->setPlaceholderText(
                        tr("No spectrogram: %1").arg(result->status().message()));
                    status_->setText(result->status().message());
                    status_->show();
                    Q_EMIT failed(result->status().message());
                    return;
                }
                views_[which]->setData(toViewData(std::move(*result).value(), mel, title));
                if (keepView_[which]) views_[which]->setViewWindow(*keepView_[which]);
                keepView_[which].reset();
                if (!isComputing()) status_->hide();  // the other of a pair may still run
                if (which == 0) updateWindowChoices();
                export_->setEnabled(views_[0]->data() != nullptr);
                if (which == 0) layers_->dataChanged();  // the region on the new frames
                Q_EMIT spectrogramReady(which);
            });
    watcher->setFuture(QtConcurrent::run([path, request, progress, result] {
        *result = audio::computeTrackSpectrogram(path, request, *progress);
    }));
}

void SpectrogramPanel::onScaleChanged() {
    const bool mel = scale_->currentIndex() == 0;
    axis_->blockSignals(true);
    axis_->clear();
    if (mel)
        axis_->addItem(tr("Mel spacing"));
    else
        axis_->addItems({tr("Log frequency"), tr("Linear frequency")});
    axis_->setEnabled(!mel);
    axis_->blockSignals(false);
    for (int i = 0; i < 2; ++i) {
        // The same stretch of the same track in the other scale: the zoom stays (a view still
        // computing keeps the one it was waiting to put back).
        if (views_[i]->data()) keepView_[i] = views_[i]->viewWindow();
        views_[i]->setFrequencyAxis(mel ? SpectrogramView::NativeAxis : SpectrogramView::LogAxis);
        if (!paths_[i].isEmpty()) request(i);
    }
}

void SpectrogramPanel::setAnalysisOptions(const audio::FrontEndOptions& options) {
    const bool changed = options.fingerprintBytes() != analysis_.fingerprintBytes();
    analysis_ = options;
    if (layers_) layers_->setFrontEnd(options);  // the onsets and beats use the analysis's
    stft_->form()->setAnalysis({options.nFft, options.hop, audio::StftWindow::Hann},
                               options.sampleRate);
    stft_->updateText();
    if (changed) onStftChanged();  // another rate or excerpt plan: recompute what is shown
}

StftSettings SpectrogramPanel::stftSettings() const {
    return stft_->form()->settings();
}

void SpectrogramPanel::setStftSettings(const StftSettings& settings) {
    if (settings == stftSettings()) return;
    stft_->form()->setSettings(settings);
    stft_->updateText();
    onStftChanged();
}

void SpectrogramPanel::onStftChanged() {
    for (int i = 0; i < 2; ++i) {
        // Another STFT of the same track: the same seconds and hertz stay in view.
        if (views_[i]->data()) keepView_[i] = views_[i]->viewWindow();
        if (!paths_[i].isEmpty()) request(i);
    }
}

void SpectrogramPanel::fillExportMenu(QMenu* menu, int which) {
    const bool ready = views_[which]->data() != nullptr;
    menu->addAction(tr("Save Picture (PNG, 2×)…"), this,
                    [this, which] { exportWithDialog(which, true); })
        ->setEnabled(ready);
    menu->addAction(tr("Save Matrix (CSV or NumPy .npy)…"), this,
                    [this, which] { exportWithDialog(which, false); })
        ->setEnabled(ready);
}

void SpectrogramPanel::showContextMenu(int which, const QPoint& pos) {
    SpectrogramView* v = views_[which];
    if (!v->data()) return;
    QMenu menu(this);
    // Around the frequency that was clicked, as Ctrl+wheel zooms around the cursor.
    const double anchor = v->plotRect().contains(pos) ? v->fractionForY(pos.y())
                                                      : v->fractionForY(v->plotRect().center().y());
    menu.addAction(tr("Zoom In on Frequency (Ctrl+Wheel)"), this,
                   [v, anchor] { v->zoomFrequency(1.5, anchor); });
    menu.addAction(tr("Zoom Out on Frequency"), this,
                   [v, anchor] { v->zoomFrequency(1.0 / 1.5, anchor); });
    menu.addAction(tr("All Frequencies"), this, [v] {
        SpectrogramView::ViewWindow w = v->viewWindow();
        w.wholeFrequency = true;
        v->setViewWindow(w);
    });
    menu.addAction(tr("Show Everything (Home)"), v, &SpectrogramView::resetZoom);
    menu.addSeparator();
    fillExportMenu(&menu, which);
    menu.exec(v->mapToGlobal(pos));
}

void SpectrogramPanel::exportWithDialog(int which, bool picture) {
    const SpectrogramData* d = views_[which]->data();
    if (!d) return;
    const QString base = QFileInfo(paths_[which]).completeBaseName();
    QString path;
    if (picture) {
        path = QFileDialog::getSaveFileName(this, tr("Save Spectrogram Picture"),
                                            base + QStringLiteral(".png"), tr("PNG image (*.png)"));
    } else {
        QString filter;
        path = QFileDialog::getSaveFileName(this, tr("Save Spectrogram Matrix"),
                                            base + QStringLiteral(".csv"),
                                            tr("CSV (*.csv);;NumPy array (*.npy)"), &filter);
        if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
            path += filter.contains(QLatin1String("npy")) ? QStringLiteral(".npy")
                                                          : QStringLiteral(".csv");
    }
    if (path.isEmpty()) return;
    const Status s = picture ? exportPicture(path, which) : exportMatrix(path, which);
    status_->setText(s.isOk() ? tr("Saved %1").arg(displayPath(path)) : s.message());
    status_->show();
}

Status SpectrogramPanel::exportPicture(const QString& path, int which) {
    if (!views_[which]->data()) return Status::error(tr("No spectrogram to save"));
    return saveSpectrogramPng(views_[which], path, 2.0);
}

Status SpectrogramPanel::exportMatrix(const QString& path, int which, QStringList* written) {
    const SpectrogramData* d = views_[which]->data();
    if (!d) return Status::error(tr("No spectrogram to save"));
    return saveSpectrogramMatrix(*d, path, written);
}

void SpectrogramPanel::updateWindowChoices() {
    // The same excerpts again (another scale of the same track): the choice stays.
    const int chosen = window_->currentIndex();
    const int before = window_->count();
    window_->clear();
    window_->addItem(tr("Whole track"));
    const SpectrogramData* d = views_[0]->data();
    if (d)
        for (size_t i = 0; i < d->excerpts.size(); ++i) {
            const auto& e = d->excerpts[i];
            const int from = int(e.start);
            window_->addItem(tr("Excerpt %1 (%2:%3, %4 s)")
                                 .arg(i + 1)
                                 .arg(from / 60)
                                 .arg(from % 60, 2, 10, QLatin1Char('0'))
                                 .arg(qRound(e.seconds)));
        }
    window_->setEnabled(window_->count() > 1);
    if (d && window_->count() == before && chosen > 0) window_->setCurrentIndex(chosen);
}

void SpectrogramPanel::setDetachable(bool detachable) {
    detach_->setVisible(detachable);
}

void SpectrogramPanel::setDetached(bool detached) {
    detach_->setText(detached ? tr("Put Back") : tr("Enlarge"));
    detach_->setIcon(style()->standardIcon(detached ? QStyle::SP_TitleBarNormalButton
                                                    : QStyle::SP_TitleBarMaxButton));
    detach_->setToolTip(detached ? tr("Put the spectrogram back under the playlist")
                                 : tr("Open the spectrogram in a window of its own, as large as "
                                      "you like; it keeps its zoom"));
}

void SpectrogramPanel::onWindowChanged(int index) {
    const SpectrogramData* d = views_[0]->data();
    if (!d) return;
    if (index <= 0 || size_t(index) > d->excerpts.size()) {
        views_[0]->resetZoom();
        return;
    }
    const auto& e = d->excerpts[size_t(index - 1)];
    views_[0]->setVisibleTime(e.start, e.start + e.seconds);
}

void SpectrogramPanel::togglePlay() {
    if (player_->isPlaying())
        player_->pause();
    else
        player_->play(player_->position() > 0.0 ? player_->position() : views_[0]->visibleStart());
}

}  // namespace tl
