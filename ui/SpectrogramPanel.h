#pragma once

#include <QFutureWatcher>
#include <QWidget>
#include <memory>
#include <optional>

#include "SpectrogramData.h"
#include "SpectrogramSettings.h"
#include "SpectrogramView.h"
#include "audio/FrontEndOptions.h"
#include "job/Progress.h"
#include "job/Status.h"

class QComboBox;
class QLabel;
class QToolButton;
class QStackedWidget;

namespace tl {

class SpectrogramLayers;
class TrackPlayer;

// The spectrogram area: the selected track's spectrogram (log-mel or linear frequency) computed
// by core/audio on a worker — a newer selection cancels an older one — with its controls: scale,
// frequency axis, colour map, whole track or one of the excerpts the audio model hears, play
// with a moving playhead, and the cursor read-out. showPair() puts a second track under the
// first, for the playlist's "sounds like".
class SpectrogramPanel : public QWidget {
    Q_OBJECT
public:
    explicit SpectrogramPanel(QWidget* parent = nullptr);
    ~SpectrogramPanel() override;

    void showTrack(const QString& path, const QString& title);
    void showPair(const QString& path, const QString& title, const QString& otherPath,
                  const QString& otherTitle);
    void clear();

    SpectrogramView* view() const { return views_[0]; }
    SpectrogramView* secondView() const { return views_[1]; }
    QLabel* statusLabel() const { return status_; }
    TrackPlayer* player() const { return player_; }
    SpectrogramLayers* layers() const { return layers_; }
    bool isComputing() const;
    // The Enlarge button, for a panel that has somewhere to go (the workspace puts it in a
    // window of its own): shown when detachable; its text says which way it goes.
    void setDetachable(bool detachable);
    void setDetached(bool detached);

    // The project's front end: its rate and excerpts are what the view computes with, its
    // n_fft/hop/window are marked "(analysis)" in the STFT settings. Recomputes what is shown.
    void setAnalysisOptions(const audio::FrontEndOptions& options);
    // The view's own STFT (independent of the analysis); changing it recomputes on a worker,
    // cancelling a computation it supersedes, and keeps the zoom.
    StftSettings stftSettings() const;
    void setStftSettings(const StftSettings& settings);
    SpectrogramSettingsButton* stftButton() const { return stft_; }
    // Exports of view `which` (0, or 1 the second of a pair): the pane as a PNG at 2x, the
    // matrix shown as CSV or .npy (by the suffix; `written` gets every file). The menus ask
    // for the path with a file dialog and call these.
    Status exportPicture(const QString& path, int which = 0);
    Status exportMatrix(const QString& path, int which = 0, QStringList* written = nullptr);

Q_SIGNALS:
    void spectrogramReady(int which);  // 0 the track, 1 the second of a pair
    void failed(const QString& message);
    void detachRequested();  // Enlarge (or Put Back) clicked

private:
    struct Pending;
    void request(int which);
    void onScaleChanged();
    void onWindowChanged(int index);
    void updateWindowChoices();
    void togglePlay();
    void onStftChanged();
    void showContextMenu(int which, const QPoint& pos);
    void fillExportMenu(class QMenu* menu, int which);
    void exportWithDialog(int which, bool picture);

    QString paths_[2];
    QString titles_[2];
    SpectrogramView* views_[2];
    class ElidedLabel* titleLabels_[2];
    QWidget* secondBox_;
    QComboBox* scale_;
    QComboBox* axis_;
    QComboBox* colours_;
    QComboBox* window_;
    QToolButton* play_;
    QToolButton* detach_;
    SpectrogramSettingsButton* stft_;
    QToolButton* export_;
    audio::FrontEndOptions analysis_;
    QLabel* readout_;
    QLabel* status_;
    TrackPlayer* player_;
    SpectrogramLayers* layers_ = nullptr;  // layers and region over views_[0]
    std::shared_ptr<Progress> running_[2];
    // A new scale or axis for the same tracks keeps what the user zoomed to: the view's window
    // before the switch, put back once the new spectrogram is drawn.
    std::optional<SpectrogramView::ViewWindow> keepView_[2];
    QFutureWatcher<void>* watchers_[2] = {nullptr, nullptr};
};

}  // namespace tl
