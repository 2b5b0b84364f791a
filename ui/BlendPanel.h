#pragma once

#include <QFrame>
#include <map>

class QLabel;
class QSlider;

namespace tl {

// How much each source counts in the weekly playlist: collaborative filtering, text, audio, and
// popularity (the baseline every listener shares; 0 by default, the back-test's third axis).
// The weights are the project's blend, kept in the project like its other settings (the window
// saves them on weightsSettled). A slider moves when the week on screen can be re-ranked with
// its source; otherwise it is shown disabled, with a line saying why, so the panel explains
// itself instead of sitting there greyed out and silent.
class BlendPanel : public QFrame {
    Q_OBJECT
public:
    explicit BlendPanel(QWidget* parent = nullptr);

    // The sources the week on screen can be re-ranked with (popularity comes with the listens,
    // as CF does). With none, `whyNone` (when given) says why instead of the default hint.
    void setAvailableModels(bool cf, bool text, bool audio, const QString& whyNone = {});
    QSlider* slider(int model) const;  // 0 = CF, 1 = text, 2 = audio, 3 = popularity
    QString hintText() const;

    // Weights by source name ("cf", "text", "audio", "popularity"), each 0..1 as the sliders
    // show them (not normalised: the blend does that).
    std::map<QString, double> weights() const;
    // A choice made elsewhere (the back-test's heat map): moves the sliders of the named sources
    // (others keep their place) and, when one moved, announces the new weights once and that
    // they are settled.
    void setWeights(const std::map<QString, double>& weights);
    // The project's stored blend, shown as it is: every slider, a source not named at 0.
    // Announces weightsChanged when one moved, never weightsSettled (nothing to save).
    void restoreWeights(const std::map<QString, double>& weights);
    // Where the weights come from, in a line under the title (playlist/DefaultBlend.h's
    // sentence): the person's own, the back-test's held-out choice, or the CF-heavy default.
    // Moving a slider makes them the person's own, and the line says so.
    void setOrigin(const QString& sentence);
    QString originText() const;
    static QString sourceName(int model);
    // "CF 0.50 · text 0.20 · audio 0.30": the sources with a weight, in the sliders' order.
    static QString describeWeights(const std::map<QString, double>& weights);

Q_SIGNALS:
    void weightsChanged();  // read weights(); also while a slider is dragged
    // The person is done moving: a slider released, a key or a click that moved it, a heat-map
    // point. The window keeps the weights in the project then, not on every step of a drag.
    void weightsSettled();
    // The sliders were set for the person (a project opened, a default that changed, the
    // Preferences' blend), not moved by them: views show the weights, a week on screen keeps
    // the ranking it was made with and says the sliders would make it otherwise.
    void weightsShown();

private:
    void addRow(int model, const QString& name, const QString& tip, int value);
    void onSliderMoved();
    void showValues();
    bool moveSliders(const std::map<QString, double>& weights, bool unnamedToZero);

    QLabel* hint_;
    QLabel* origin_;
    static constexpr int kSliders = 4;
    QSlider* sliders_[kSliders] = {};
    QLabel* values_[kSliders] = {};
};

}  // namespace tl
