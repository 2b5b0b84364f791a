#pragma once

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "audio/FrontEndOptions.h"
#include "audio/Onsets.h"
#include "audio/PeakFrequency.h"
#include "job/Progress.h"

class QAction;
class QToolButton;

namespace tl {

class SpectrogramView;

// What is drawn over one SpectrogramView, in Sonic Visualiser's manner: layers (the track's
// onsets, the tempo estimate's beats, the excerpt windows the audio model hears, each toggled),
// a selected time region (Shift+drag on the picture, or drag in the time ruler under it; Esc or
// a Shift+click clears it) for region playback, and the measuring cursor: the loudest frequency
// of the frame under it and, when the harmonic cursor is on, f0 and its harmonics up to 10 f0.
//
// A transparent child laid over the view: it paints after the view, reads its geometry through
// the view's public mapping (xForSeconds, yForHz, plotRect) and takes only the mouse gestures
// that are its own (an event filter), so the view knows nothing of it. The onsets and beats come
// from core/audio (trackRhythm) on a worker, once per track, when a layer first needs them.
class SpectrogramLayers : public QWidget {
    Q_OBJECT
public:
    enum Layer { Onsets, Beats, ExcerptWindows, LayerCount };
    // One item drawn now: a line (onset, beat) at `seconds`, or a window from `seconds` to
    // `endSeconds` with its label.
    struct Item {
        Layer layer;
        double seconds = 0, endSeconds = 0;
        double x = 0;  // where it is drawn (the window's left edge)
        QString label;
    };
    // A selection snapped to the spectrogram's frames: frames [firstFrame, endFrame), their
    // centres' times [start, end).
    struct Region {
        int firstFrame = 0, endFrame = 0;
        double start = 0, end = 0;
    };
    static constexpr int kHarmonics = 10;

    explicit SpectrogramLayers(SpectrogramView* view);
    ~SpectrogramLayers() override;

    // The track the view shows (its onsets and beats are computed when a layer asks for them)
    // and the front end they are computed with (the project's analysis).
    void setTrack(const QString& path);
    void setFrontEnd(const audio::FrontEndOptions& options);
    // Onsets and beats known already (tests; or another computation of the same track).
    void setRhythm(std::shared_ptr<const audio::Rhythm> rhythm);
    const audio::Rhythm* rhythm() const { return rhythm_.get(); }
    bool isComputing() const { return watcher_ != nullptr; }

    bool isShown(Layer layer) const;
    void setShown(Layer layer, bool shown);
    QAction* layerAction(Layer layer) const { return actions_[layer]; }
    QAction* harmonicAction() const { return harmonic_; }
    QAction* loopAction() const { return loop_; }
    // The layers' items in view, in drawing order; empty for a layer that is off.
    std::vector<Item> items() const;

    std::optional<Region> region() const { return region_; }
    // Snapped to the nearest frame boundaries of the view's data; empty ranges clear it.
    void setRegion(double startSeconds, double endSeconds);
    void clearRegion();
    bool regionContains(double seconds) const;
    // The view has new data (another scale or STFT of the same track): the region keeps its
    // times, snapped to the new frames.
    void dataChanged();

    // The harmonic cursor at a widget position: f0 (the frequency there, to 0.1 Hz) and its
    // multiples k f0, k = 1..10, that lie under the top of the visible range.
    std::vector<double> harmonicsAt(QPointF pos) const;
    // The loudest frequency of the frame under `pos` (core's peakFrequency on the data shown).
    audio::SpectralPeak peakAt(QPointF pos) const;
    // What the read-out adds at `pos`: the frame's peak, and the harmonics when the cursor
    // draws them ("peak 441.3 Hz · harmonics of 220.0 Hz: 440.0, 660.0, … Hz").
    // `brief` (the panel's read-out line) names the harmonics' f0 and count only.
    QString measureText(QPointF pos, bool brief = false) const;
    QPointF cursor() const { return cursor_; }

    // The "Layers" button (its menu: the three layers and the harmonic cursor) and the loop
    // toggle, for the panel's controls.
    QWidget* makeControls(QWidget* parent);

Q_SIGNALS:
    void regionChanged();
    void readoutChanged(const QString& text);  // the view's read-out and measureText()
    void rhythmReady();

protected:
    void paintEvent(QPaintEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void requestRhythm();
    void updateActionTexts();
    double secondsAtX(double x) const;
    int frameAt(double seconds) const;  // the nearest frame boundary, clamped to the data
    struct Label {                      // drawn after every line, on a dark box
        QPointF at;
        QString text;
        QColor colour;
        bool always;  // else left out where it would overlap one drawn before
    };
    void drawRegion(class QPainter& p, const QRectF& plot, std::vector<Label>& labels) const;
    void drawLayers(class QPainter& p, const QRectF& plot, std::vector<Label>& labels) const;
    void drawHarmonics(class QPainter& p, const QRectF& plot, std::vector<Label>& labels) const;

    SpectrogramView* view_;
    QString path_;
    audio::FrontEndOptions frontEnd_;
    std::shared_ptr<const audio::Rhythm> rhythm_;
    std::shared_ptr<Progress> running_;
    QFutureWatcher<void>* watcher_ = nullptr;
    QAction* actions_[LayerCount];
    QAction* harmonic_;
    QAction* loop_;
    std::optional<Region> region_;
    bool selecting_ = false;
    double anchorSeconds_ = 0;
    QPointF pressPos_;
    QPointF cursor_{-1, -1};
};

}  // namespace tl
