#include "SpectrogramSettings.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QMenu>
#include <QStandardItemModel>
#include <QStyle>
#include <QVBoxLayout>
#include <QWidgetAction>
#include <algorithm>

namespace tl {

namespace {

QString analysisMark(bool analysis) {
    return analysis ? SpectrogramSettingsWidget::tr(" (analysis)") : QString();
}

QString milliseconds(int samples, int rate) {
    const double ms = 1000.0 * samples / std::max(1, rate);
    return ms < 10.0 ? QString::number(ms, 'f', 1) : QString::number(qRound(ms));
}

}  // namespace

SpectrogramSettingsWidget::SpectrogramSettingsWidget(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("spectrogramStftSettings"));
    fft_ = new QComboBox(this);
    fft_->setObjectName(QStringLiteral("spectrogramFft"));
    fft_->setToolTip(
        tr("Window length (n_fft): longer separates nearby frequencies better and blurs "
           "time more"));
    hop_ = new QComboBox(this);
    hop_->setObjectName(QStringLiteral("spectrogramHop"));
    hop_->setToolTip(tr("Samples between frames: shorter gives more frames"));
    window_ = new QComboBox(this);
    window_->setObjectName(QStringLiteral("spectrogramWindowType"));
    window_->setToolTip(
        tr("Window shape: Hann (the analysis's), Hamming, Blackman-Harris (least leakage), "
           "rectangular (sharpest peaks, most leakage)"));
    for (QComboBox* box : {fft_, hop_, window_})
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* form = form_ = new QFormLayout(this);
    form->setContentsMargins(10, 8, 10, 8);
    note_ = new QLabel(this);
    note_->setObjectName(QStringLiteral("spectrogramStftNote"));
    note_->setWordWrap(true);
    form->addRow(tr("Window &length:"), fft_);
    form->addRow(tr("&Hop:"), hop_);
    form->addRow(tr("Window &type:"), window_);
    form->addRow(note_);
    fill();
    for (QComboBox* box : {fft_, hop_, window_})
        connect(box, &QComboBox::activated, this, &SpectrogramSettingsWidget::onChosen);
}

void SpectrogramSettingsWidget::addRow(const QString& label, QWidget* field) {
    form_->insertRow(form_->rowCount() - 1, label, field);
    fill();
}

StftSettings SpectrogramSettingsWidget::settings() const {
    StftSettings s;
    s.nFft = fft_->currentData().toInt();
    s.hop = hop_->currentData().toInt();
    s.window = audio::StftWindow(window_->currentData().toInt());
    return s;
}

void SpectrogramSettingsWidget::setSettings(const StftSettings& s) {
    filling_ = true;
    fft_->setCurrentIndex(std::max(0, fft_->findData(s.nFft)));
    hop_->setCurrentIndex(std::max(0, hop_->findData(s.hop)));
    window_->setCurrentIndex(std::max(0, window_->findData(int(s.window))));
    filling_ = false;
    fill();  // which hops the window allows
}

void SpectrogramSettingsWidget::setAnalysis(const StftSettings& analysis, int sampleRate) {
    analysis_ = analysis;
    sampleRate_ = sampleRate;
    fill();
}

void SpectrogramSettingsWidget::fill() {
    note_->setText(tr("For this view only. The audio model's analysis uses %1 / %2, %3.")
                       .arg(analysis_.nFft)
                       .arg(analysis_.hop)
                       .arg(audio::stftWindowName(analysis_.window)));
    const StftSettings now =
        fft_->count() > 0 ? settings() : analysis_;  // the first fill starts at the analysis's
    filling_ = true;
    fft_->clear();
    for (int n : kFftSizes)
        fft_->addItem(tr("%1 (%2 ms)%3")
                          .arg(n)
                          .arg(milliseconds(n, sampleRate_), analysisMark(n == analysis_.nFft)),
                      n);
    std::vector<int> hops;
    for (int h = 64; h <= 4096; h *= 2) hops.push_back(h);
    if (std::find(hops.begin(), hops.end(), analysis_.hop) == hops.end()) {
        hops.push_back(analysis_.hop);
        std::sort(hops.begin(), hops.end());
    }
    hop_->clear();
    for (int h : hops)
        hop_->addItem(tr("%1 (%2 ms)%3")
                          .arg(h)
                          .arg(milliseconds(h, sampleRate_), analysisMark(h == analysis_.hop)),
                      h);
    window_->clear();
    for (audio::StftWindow w : audio::kStftWindows)
        window_->addItem(audio::stftWindowName(w) + analysisMark(w == analysis_.window), int(w));
    fft_->setCurrentIndex(std::max(0, fft_->findData(now.nFft)));
    window_->setCurrentIndex(std::max(0, window_->findData(int(now.window))));
    // Hops longer than the window skip samples: not offered.
    auto* model = qobject_cast<QStandardItemModel*>(hop_->model());
    for (int i = 0; i < hop_->count(); ++i)
        model->item(i)->setEnabled(hop_->itemData(i).toInt() <= now.nFft);
    const int hop = now.hop <= now.nFft ? now.hop : now.nFft / 4;
    hop_->setCurrentIndex(std::max(0, hop_->findData(hop)));
    filling_ = false;
    // Laid out now, not when the popup first opens: the fields have their real sizes at once.
    form_->activate();
    adjustSize();
}

void SpectrogramSettingsWidget::onChosen() {
    if (filling_) return;
    fill();  // a shorter window may have made the hop too long
    Q_EMIT settingsChanged(settings());
}

SpectrogramSettingsButton::SpectrogramSettingsButton(QWidget* parent) : QToolButton(parent) {
    setObjectName(QStringLiteral("spectrogramStft"));
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    setToolTip(
        tr("This view's window length, hop and window type (n_fft / hop, window), "
           "and its colours"));
    auto* menu = new QMenu(this);
    form_ = new SpectrogramSettingsWidget(menu);
    auto* action = new QWidgetAction(menu);
    action->setDefaultWidget(form_);
    menu->addAction(action);
    setMenu(menu);
    connect(form_, &SpectrogramSettingsWidget::settingsChanged, this,
            &SpectrogramSettingsButton::updateText);
    updateText();
}

QSize SpectrogramSettingsButton::sizeHint() const {
    QSize size = QToolButton::sizeHint();
    size.rwidth() += 2 * style()->pixelMetric(QStyle::PM_MenuButtonIndicator, nullptr, this);
    return size;
}

void SpectrogramSettingsButton::updateText() {
    const StftSettings s = form_->settings();
    setText(tr("%1/%2 %3").arg(s.nFft).arg(s.hop).arg(audio::stftWindowName(s.window)));
}

}  // namespace tl
