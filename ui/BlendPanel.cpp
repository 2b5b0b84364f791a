#include "BlendPanel.h"

#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include "playlist/DefaultBlend.h"
#include "playlist/WeeklyPlaylist.h"

namespace tl {

BlendPanel::BlendPanel(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("blendPanel"));
    setFrameShape(QFrame::StyledPanel);

    auto* title = new QLabel(tr("Blend"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);

    hint_ = new QLabel(this);
    hint_->setObjectName(QStringLiteral("blendHint"));
    hint_->setWordWrap(true);
    // The theme's secondary text, as a role so it follows a switch between light and dark.
    hint_->setForegroundRole(QPalette::PlaceholderText);

    origin_ = new QLabel(ProjectBlend().sentence(), this);  // the CF-heavy default's
    origin_->setObjectName(QStringLiteral("blendOrigin"));
    origin_->setWordWrap(true);
    origin_->setToolTip(
        tr("Your own weights always win. Without them the default is earned: the held-out "
           "choice of a back-test that scored at least %1 weeks (chosen on the earlier half, "
           "checked on the later), else a CF-heavy blend that beat the former 50/20/30 on every "
           "demo world's back-test (BENCHMARKS.md).")
            .arg(kMinScoredWeeksForDefault));

    auto* grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(title);
    layout->addWidget(origin_);
    layout->addWidget(hint_);
    layout->addLayout(grid);

    // Until the project's blend is restored: the CF-heavy default (playlist/DefaultBlend.h).
    const std::map<QString, double> defaults = cfHeavyDefaultWeights();
    const auto percentOf = [&](const char* source) {
        const auto it = defaults.find(QLatin1String(source));
        return it == defaults.end() ? 0 : qRound(100.0 * it->second);
    };
    const struct {
        QString name, tip;
        int value;
    } rows[kSliders] = {
        {tr("Collaborative filtering"),
         tr("Listening behaviour: tracks played by people whose history resembles yours"),
         percentOf("cf")},
        {tr("Text"), tr("What is written about the music: tags, reviews, bios"), percentOf("text")},
        {tr("Audio"), tr("The sound itself; also reaches tracks nobody has played yet"),
         percentOf("audio")},
        {tr("Popularity"), tr("What most listeners played before the week: the shared baseline"),
         percentOf("popularity")},
    };
    for (int i = 0; i < kSliders; ++i) {
        auto* name = new QLabel(rows[i].name, this);
        name->setToolTip(rows[i].tip);
        sliders_[i] = new QSlider(Qt::Horizontal, this);
        sliders_[i]->setRange(0, 100);
        sliders_[i]->setValue(rows[i].value);
        sliders_[i]->setToolTip(rows[i].tip);
        sliders_[i]->setAccessibleName(rows[i].name);
        values_[i] = new QLabel(this);
        values_[i]->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        values_[i]->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("100 %")));
        grid->addWidget(name, i, 0);
        grid->addWidget(sliders_[i], i, 1);
        grid->addWidget(values_[i], i, 2);
        connect(sliders_[i], &QSlider::valueChanged, this, [this, i] {
            onSliderMoved();
            // A drag settles when the slider is released; a key, a wheel step or a click on
            // the groove settles at once.
            if (!sliders_[i]->isSliderDown()) Q_EMIT weightsSettled();
        });
        connect(sliders_[i], &QSlider::sliderReleased, this, &BlendPanel::weightsSettled);
    }
    sliders_[0]->setObjectName(QStringLiteral("blendCfSlider"));
    sliders_[1]->setObjectName(QStringLiteral("blendTextSlider"));
    sliders_[2]->setObjectName(QStringLiteral("blendAudioSlider"));
    sliders_[3]->setObjectName(QStringLiteral("blendPopularitySlider"));
    onSliderMoved();
    setAvailableModels(false, false, false);
    // A settled move is the person's choice: the window keeps it in the project.
    connect(this, &BlendPanel::weightsSettled, this, [this] {
        ProjectBlend chosen;
        chosen.origin = ProjectBlend::Origin::Chosen;
        setOrigin(chosen.sentence());
    });
}

void BlendPanel::setOrigin(const QString& sentence) {
    origin_->setText(sentence);
}

QString BlendPanel::originText() const {
    return origin_->text();
}

void BlendPanel::setAvailableModels(bool cf, bool text, bool audio, const QString& whyNone) {
    const bool available[kSliders] = {cf, text, audio, cf};
    int count = 0;
    for (int i = 0; i < kSliders; ++i) sliders_[i]->setEnabled(available[i]);
    for (int i = 0; i < 3; ++i) count += available[i] ? 1 : 0;
    if (count == 0 && !whyNone.isEmpty())
        hint_->setText(whyNone);
    else if (count == 0)
        hint_->setText(
            tr("Generate a weekly playlist (Weekly Playlist tab): the sliders then set how much "
               "each model counts in it and re-rank it as they move. They are kept with the "
               "project."));
    else if (count < 3)
        hint_->setText(tr("Sliders of models that are not trained yet stay disabled."));
    hint_->setVisible(count < 3);
}

QSlider* BlendPanel::slider(int model) const {
    return sliders_[qBound(0, model, kSliders - 1)];
}

QString BlendPanel::sourceName(int model) {
    static const char* const names[kSliders] = {"cf", "text", "audio", "popularity"};
    return QString::fromLatin1(names[qBound(0, model, kSliders - 1)]);
}

std::map<QString, double> BlendPanel::weights() const {
    std::map<QString, double> out;
    for (int i = 0; i < kSliders; ++i) out[sourceName(i)] = sliders_[i]->value() / 100.0;
    return out;
}

bool BlendPanel::moveSliders(const std::map<QString, double>& weights, bool unnamedToZero) {
    bool moved = false;
    for (int i = 0; i < kSliders; ++i) {
        const auto it = weights.find(sourceName(i));
        if (it == weights.end() && !unnamedToZero) continue;
        const int value = it == weights.end() ? 0 : qRound(100.0 * qBound(0.0, it->second, 1.0));
        if (sliders_[i]->value() == value) continue;
        const QSignalBlocker block(sliders_[i]);
        sliders_[i]->setValue(value);
        moved = true;
    }
    if (moved) {
        showValues();
        Q_EMIT unnamedToZero ? weightsShown() : weightsChanged();
    }
    return moved;
}

void BlendPanel::setWeights(const std::map<QString, double>& weights) {
    if (moveSliders(weights, false)) Q_EMIT weightsSettled();
}

void BlendPanel::restoreWeights(const std::map<QString, double>& weights) {
    moveSliders(weights, true);
}

QString BlendPanel::describeWeights(const std::map<QString, double>& weights) {
    static const char* const titles[kSliders] = {QT_TR_NOOP("CF"), QT_TR_NOOP("text"),
                                                 QT_TR_NOOP("audio"), QT_TR_NOOP("popularity")};
    QStringList parts;
    std::map<QString, double> rest = weights;
    for (int i = 0; i < kSliders; ++i) {
        const auto it = rest.find(sourceName(i));
        if (it == rest.end()) continue;
        if (it->second > 0.0)
            parts << QStringLiteral("%1 %2").arg(tr(titles[i])).arg(it->second, 0, 'f', 2);
        rest.erase(it);
    }
    for (const auto& [name, w] : rest)
        if (w > 0.0) parts << QStringLiteral("%1 %2").arg(name).arg(w, 0, 'f', 2);
    return parts.isEmpty() ? tr("nothing") : parts.join(QStringLiteral(" · "));
}

QString BlendPanel::hintText() const {
    return hint_->isVisibleTo(this) ? hint_->text() : QString();
}

void BlendPanel::showValues() {
    for (int i = 0; i < kSliders; ++i)
        values_[i]->setText(QStringLiteral("%1 %").arg(sliders_[i]->value()));
}

void BlendPanel::onSliderMoved() {
    showValues();
    Q_EMIT weightsChanged();
}

}  // namespace tl
