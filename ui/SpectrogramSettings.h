// The spectrogram view's own STFT settings — n_fft, hop and window type — chosen independently
// of the analysis front end (what the audio model hears is not changed by looking closer), with
// the choices that equal the project's analysis settings marked "(analysis)".
#pragma once

#include <QToolButton>
#include <QWidget>

#include "audio/Stft.h"

class QComboBox;
class QFormLayout;
class QLabel;

namespace tl {

struct StftSettings {
    int nFft = 2048;
    int hop = 512;
    audio::StftWindow window = audio::StftWindow::Hann;
    bool operator==(const StftSettings&) const = default;
};

// The three choices, as a form. The hops offered are powers of two from 64 to 4096 (and the
// analysis hop, if it is not one); a hop longer than the window would skip samples and is not
// offered for it.
class SpectrogramSettingsWidget : public QWidget {
    Q_OBJECT
public:
    inline static const int kFftSizes[] = {512, 1024, 2048, 4096, 8192};

    explicit SpectrogramSettingsWidget(QWidget* parent = nullptr);

    StftSettings settings() const;
    void setSettings(const StftSettings& settings);  // no settingsChanged
    // What the analysis uses (marked in the lists) and its sample rate (for the milliseconds).
    void setAnalysis(const StftSettings& analysis, int sampleRate);
    const StftSettings& analysis() const { return analysis_; }

    // Another choice of the view's look in the same popup (the panel's colour map), above the
    // note.
    void addRow(const QString& label, QWidget* field);

    QComboBox* fftBox() const { return fft_; }
    QComboBox* hopBox() const { return hop_; }
    QComboBox* windowBox() const { return window_; }

Q_SIGNALS:
    void settingsChanged(const tl::StftSettings& settings);

private:
    void fill();
    void onChosen();

    QComboBox* fft_;
    QComboBox* hop_;
    QComboBox* window_;
    QFormLayout* form_;
    QLabel* note_;
    StftSettings analysis_;
    int sampleRate_ = 22050;
    bool filling_ = false;
};

// A compact button for the panel's tool row: "2048/512 Hann" (what the STFT is now) opens the
// form as a popup.
class SpectrogramSettingsButton : public QToolButton {
    Q_OBJECT
public:
    explicit SpectrogramSettingsButton(QWidget* parent = nullptr);
    SpectrogramSettingsWidget* form() const { return form_; }
    void updateText();
    // Room for the menu arrow, which the style draws over the text's end otherwise.
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

private:
    SpectrogramSettingsWidget* form_;
};

}  // namespace tl
