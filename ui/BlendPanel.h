#pragma once

#include <QFrame>

class QLabel;
class QSlider;

namespace tl {

// How much each model counts in the weekly playlist: collaborative filtering, text, audio.
// Until the models exist the sliders are shown but disabled, with a line saying why, so the
// panel explains itself instead of sitting there greyed out and silent.
class BlendPanel : public QFrame {
    Q_OBJECT
public:
    explicit BlendPanel(QWidget* parent = nullptr);

    // The models that exist decide which sliders can move.
    void setAvailableModels(bool cf, bool text, bool audio);
    QSlider* slider(int model) const;  // 0 = CF, 1 = text, 2 = audio
    QString hintText() const;

Q_SIGNALS:
    void weightsChanged(double cf, double text, double audio);  // each 0..1

private:
    void addRow(int model, const QString& name, const QString& tip, int value);
    void onSliderMoved();

    QLabel* hint_;
    QSlider* sliders_[3] = {};
    QLabel* values_[3] = {};
};

}  // namespace tl
