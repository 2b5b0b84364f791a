#pragma once

#include <QFrame>
#include <map>

class QLabel;
class QSlider;

namespace tl {

// How much each source counts in the weekly playlist: collaborative filtering, text, audio, and
// popularity (the baseline every listener shares; 0 by default, the back-test's third axis).
// Until the models exist the sliders are shown but disabled, with a line saying why, so the
// panel explains itself instead of sitting there greyed out and silent.
class BlendPanel : public QFrame {
    Q_OBJECT
public:
    explicit BlendPanel(QWidget* parent = nullptr);

    // The models that exist decide which sliders can move (popularity comes with the listens,
    // as CF does).
    void setAvailableModels(bool cf, bool text, bool audio);
    QSlider* slider(int model) const;  // 0 = CF, 1 = text, 2 = audio, 3 = popularity
    QString hintText() const;

    // Weights by source name ("cf", "text", "audio", "popularity"), each 0..1 as the sliders
    // show them (not normalised: the blend does that).
    std::map<QString, double> weights() const;
    // Moves the sliders of the named sources (others keep their place) and announces the new
    // weights once.
    void setWeights(const std::map<QString, double>& weights);
    static QString sourceName(int model);

Q_SIGNALS:
    void weightsChanged();  // read weights()

private:
    void addRow(int model, const QString& name, const QString& tip, int value);
    void onSliderMoved();

    QLabel* hint_;
    static constexpr int kSliders = 4;
    QSlider* sliders_[kSliders] = {};
    QLabel* values_[kSliders] = {};
};

}  // namespace tl
