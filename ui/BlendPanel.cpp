#include "BlendPanel.h"

#include <QGridLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

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
    QPalette hintPalette = hint_->palette();
    hintPalette.setColor(QPalette::WindowText, hintPalette.color(QPalette::PlaceholderText));
    hint_->setPalette(hintPalette);

    auto* grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(title);
    layout->addWidget(hint_);
    layout->addLayout(grid);

    // Default weights are the design notes' example blend: CF leads, audio and text refine.
    const struct {
        QString name, tip;
        int value;
    } rows[3] = {
        {tr("Collaborative filtering"),
         tr("Listening behaviour: tracks played by people whose history resembles yours"), 50},
        {tr("Text"), tr("What is written about the music: tags, reviews, bios"), 20},
        {tr("Audio"), tr("The sound itself; also reaches tracks nobody has played yet"), 30},
    };
    for (int i = 0; i < 3; ++i) {
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
        connect(sliders_[i], &QSlider::valueChanged, this, &BlendPanel::onSliderMoved);
    }
    sliders_[0]->setObjectName(QStringLiteral("blendCfSlider"));
    sliders_[1]->setObjectName(QStringLiteral("blendTextSlider"));
    sliders_[2]->setObjectName(QStringLiteral("blendAudioSlider"));
    onSliderMoved();
    setAvailableModels(false, false, false);
}

void BlendPanel::setAvailableModels(bool cf, bool text, bool audio) {
    const bool available[3] = {cf, text, audio};
    int count = 0;
    for (int i = 0; i < 3; ++i) {
        sliders_[i]->setEnabled(available[i]);
        count += available[i] ? 1 : 0;
    }
    if (count == 0)
        hint_->setText(
            tr("Generate a weekly playlist (Weekly Playlist tab): the sliders then set how much "
               "each model counts in it and re-rank it as they move."));
    else if (count < 3)
        hint_->setText(tr("Sliders of models that are not trained yet stay disabled."));
    hint_->setVisible(count < 3);
}

QSlider* BlendPanel::slider(int model) const {
    return sliders_[qBound(0, model, 2)];
}

QString BlendPanel::hintText() const {
    return hint_->isVisibleTo(this) ? hint_->text() : QString();
}

void BlendPanel::onSliderMoved() {
    for (int i = 0; i < 3; ++i)
        values_[i]->setText(QStringLiteral("%1 %").arg(sliders_[i]->value()));
    Q_EMIT weightsChanged(sliders_[0]->value() / 100.0, sliders_[1]->value() / 100.0,
                          sliders_[2]->value() / 100.0);
}

}  // namespace tl
