#include "PreferencesDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QThread>
#include <QVBoxLayout>
#include <climits>

#include "AppSettings.h"
#include "store/ProjectStore.h"

namespace tl {
namespace {

namespace range = model_settings_range;

// Every tooltip says what the value means and what it is by default, so nobody needs the manual
// to decide whether to touch it.
QString withDefault(const QString& meaning, const QString& defaultValue) {
    return QStringLiteral("<p>%1</p><p>Default: %2.</p>").arg(meaning, defaultValue);
}

QSpinBox* intField(const QString& name, int lo, int hi, const QString& tip) {
    auto* box = new QSpinBox;
    box->setObjectName(name);
    box->setRange(lo, hi);
    box->setToolTip(tip);
    box->setAccelerated(true);
    return box;
}

QDoubleSpinBox* realField(const QString& name, double lo, double hi, int decimals,
                          const QString& tip) {
    auto* box = new QDoubleSpinBox;
    box->setObjectName(name);
    box->setRange(lo, hi);
    box->setDecimals(decimals);
    box->setToolTip(tip);
    box->setAccelerated(true);
    return box;
}

// Seeds are 64-bit in the engine; the dialog offers the non-negative int range, which is plenty
// to pick a different run, and keeps a larger stored seed unless the field is edited.
int seedToField(quint64 seed) {
    return seed > quint64(INT_MAX) ? INT_MAX : int(seed);
}
quint64 seedFromField(const QSpinBox* box, quint64 stored) {
    return box->value() == seedToField(stored) ? stored : quint64(box->value());
}

enum ExcerptChoice { WholeTrack = 0, OneWindow = 1, SeveralWindows = 2 };
constexpr double kOneWindowSeconds = 30.0;

}  // namespace

PreferencesDialog::PreferencesDialog(ProjectStore* store, QWidget* parent)
    : QDialog(parent), store_(store) {
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildProjectGroup());
    layout->addWidget(buildApplicationGroup());

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                        QDialogButtonBox::Apply | QDialogButtonBox::RestoreDefaults,
                                    this);
    buttons_->setObjectName(QStringLiteral("preferencesButtons"));
    buttons_->button(QDialogButtonBox::RestoreDefaults)
        ->setToolTip(tr("Fill every field with its default; nothing is saved until OK or Apply"));
    buttons_->button(QDialogButtonBox::Ok)->setToolTip(tr("Save the settings and close"));
    buttons_->button(QDialogButtonBox::Apply)
        ->setToolTip(tr("Save the settings and keep the dialog open"));
    buttons_->button(QDialogButtonBox::Cancel)
        ->setToolTip(tr("Close without saving what was changed since the last Apply"));
    connect(buttons_, &QDialogButtonBox::accepted, this, [this] {
        if (apply()) accept();
    });
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons_->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &PreferencesDialog::apply);
    connect(buttons_->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &PreferencesDialog::restoreDefaults);
    layout->addWidget(buttons_);

    loaded_ = store_ ? readModelSettings(*store_) : ModelSettings{};
    setProjectSettings(loaded_);
    threads_->setValue(tl::workerThreads());
    scheme_->setCurrentIndex(scheme_->findData(colorSchemeName(savedColorScheme())));
}

QGroupBox* PreferencesDialog::buildProjectGroup() {
    const ModelSettings d;
    const QString file = store_ ? QFileInfo(store_->path()).fileName() : QString();
    auto* group = new QGroupBox(store_ ? tr("This project (%1)").arg(file)
                                       : tr("This project (no project open)"));
    group->setObjectName(QStringLiteral("projectGroup"));
    group->setEnabled(store_ != nullptr);
    auto* note = new QLabel(
        tr("Saved in the project file, so the same settings train the same models on any "
           "computer. Changing a model's settings marks it out of date; the next training "
           "recomputes it."));
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    // Collaborative filtering
    factors_ = intField(QStringLiteral("cfFactors"), range::kMinFactors, range::kMaxFactors,
                        withDefault(tr("Length of each user and track vector in implicit ALS. "
                                       "More factors capture finer taste, need more listens and "
                                       "train slower."),
                                    QString::number(d.cfFactors)));
    confidence_ = new QComboBox;
    confidence_->setObjectName(QStringLiteral("cfConfidence"));
    confidence_->addItem(tr("Linear: c = 1 + α·r"), int(AlsOptions::Confidence::Linear));
    confidence_->addItem(tr("Logarithmic: c = 1 + α·log(1 + r/ε)"),
                         int(AlsOptions::Confidence::Log));
    confidence_->setToolTip(
        withDefault(tr("How a play count r becomes the confidence c that the user likes the "
                       "track (Hu, Koren & Volinsky 2008). The log form tames heavy repeat "
                       "listening."),
                    tr("linear")));
    alpha_ = realField(QStringLiteral("cfAlpha"), range::kMinAlpha, range::kMaxAlpha, 2,
                       withDefault(tr("Confidence scale α: how much more a played track counts "
                                      "than an unplayed one. The paper used 40; listening "
                                      "counts here are large, so milder values rank better."),
                                   QString::number(d.cfAlpha)));
    epsilon_ = realField(QStringLiteral("cfEpsilon"), range::kMinEpsilon, range::kMaxEpsilon, 3,
                         withDefault(tr("ε of the logarithmic form: the play count at which "
                                        "confidence starts to flatten. Unused by the linear "
                                        "form."),
                                     QString::number(d.cfEpsilon)));
    regularization_ = realField(
        QStringLiteral("cfRegularization"), range::kMinRegularization, range::kMaxRegularization, 2,
        withDefault(tr("λ: shrinks the vectors to avoid fitting noise; larger values "
                       "give smoother, more popular-leaning neighbours."),
                    QString::number(d.cfRegularization)));
    iterations_ =
        intField(QStringLiteral("cfIterations"), range::kMinIterations, range::kMaxIterations,
                 withDefault(tr("Alternating least-squares sweeps (users, then "
                                "tracks). The loss flattens after 10 to 20."),
                             QString::number(d.cfIterations)));
    cfSeed_ = intField(QStringLiteral("cfSeed"), 0, INT_MAX,
                       withDefault(tr("Seeds the vectors' random start: the same seed and "
                                      "listens give the same model."),
                                   QString::number(d.cfSeed)));
    connect(confidence_, &QComboBox::currentIndexChanged, this, [this] {
        epsilon_->setEnabled(confidence_->currentData().toInt() ==
                             int(AlsOptions::Confidence::Log));
    });
    auto* cf = new QFormLayout;
    cf->addRow(new QLabel(tr("<b>Collaborative filtering</b>")));
    cf->addRow(tr("&Factors:"), factors_);
    cf->addRow(tr("C&onfidence:"), confidence_);
    cf->addRow(tr("&Alpha (α):"), alpha_);
    cf->addRow(tr("&Epsilon (ε):"), epsilon_);
    cf->addRow(tr("&Regularisation (λ):"), regularization_);
    cf->addRow(tr("&Iterations:"), iterations_);
    cf->addRow(tr("CF &seed:"), cfSeed_);

    // Audio
    analysisRate_ =
        intField(QStringLiteral("analysisRate"), range::kMinAnalysisRate, range::kMaxAnalysisRate,
                 withDefault(tr("Every file is resampled to this rate before its "
                                "spectrogram is taken (librosa's default). Changing "
                                "it re-analyses every file."),
                             tr("%1 Hz").arg(d.analysisRate)));
    analysisRate_->setSuffix(tr(" Hz"));
    analysisRate_->setSingleStep(50);
    excerptMode_ = new QComboBox;
    excerptMode_->setObjectName(QStringLiteral("excerptMode"));
    excerptMode_->addItem(tr("Whole track"), WholeTrack);
    excerptMode_->addItem(tr("One 30 s window"), OneWindow);
    excerptMode_->addItem(tr("Several windows"), SeveralWindows);
    excerptMode_->setToolTip(
        withDefault(tr("Which parts of each track the audio model hears. Windows spread through "
                       "the track keep the cost per track flat, as Spotify's model did; the "
                       "whole track costs time in proportion to its length."),
                    tr("%1 windows of %2 s").arg(d.excerptCount).arg(d.excerptSeconds)));
    excerptCount_ =
        intField(QStringLiteral("excerptCount"), range::kMinExcerpts, range::kMaxExcerpts,
                 withDefault(tr("How many windows, spread evenly through the track."),
                             QString::number(d.excerptCount)));
    excerptSeconds_ = realField(
        QStringLiteral("excerptSeconds"), range::kMinExcerptSeconds, range::kMaxExcerptSeconds, 1,
        withDefault(tr("Length of each window."), tr("%1 s").arg(d.excerptSeconds)));
    excerptSeconds_->setSuffix(tr(" s"));
    auto* windows = new QHBoxLayout;
    windows->addWidget(excerptCount_);
    windows->addWidget(new QLabel(tr("of")));
    windows->addWidget(excerptSeconds_);
    connect(excerptMode_, &QComboBox::currentIndexChanged, this,
            &PreferencesDialog::updateExcerptFields);
    audioSeed_ = intField(QStringLiteral("audioSeed"), 0, INT_MAX,
                          withDefault(tr("Seeds the network's initial weights, the shuffling "
                                         "and the random crops of the audio model."),
                                      QString::number(d.audioSeed)));
    auto* audioForm = new QFormLayout;
    audioForm->addRow(new QLabel(tr("<b>Audio</b>")));
    audioForm->addRow(tr("Analysis &rate:"), analysisRate_);
    audioForm->addRow(tr("E&xcerpts:"), excerptMode_);
    audioForm->addRow(tr("Windows:"), windows);
    audioForm->addRow(tr("Audio s&eed:"), audioSeed_);

    // Weekly playlist
    auto weight = [&](const QString& source, const QString& title) {
        auto* box = realField(QStringLiteral("weight_%1").arg(source), 0.0, 1.0, 2,
                              withDefault(tr("Share of “%1” in the weekly playlist's blend: the "
                                             "blend slider's weight, kept in the project. "
                                             "Weights are normalised to sum to 1.")
                                              .arg(title),
                                          QString::number(d.weights.at(source))));
        box->setSingleStep(0.05);
        return box;
    };
    weightCf_ = weight(QStringLiteral("cf"), tr("listeners like you"));
    weightText_ = weight(QStringLiteral("text"), tr("described alike"));
    weightAudio_ = weight(QStringLiteral("audio"), tr("sounds alike"));
    playlistSeed_ = intField(QStringLiteral("playlistSeed"), 0, INT_MAX,
                             withDefault(tr("Base seed of the playlist's order; each week plays "
                                            "with its own seed derived from it."),
                                         QString::number(d.playlistSeed)));
    auto* playlist = new QFormLayout;
    playlist->addRow(new QLabel(tr("<b>Weekly playlist</b>")));
    playlist->addRow(tr("CF &weight:"), weightCf_);
    playlist->addRow(tr("&Text weight:"), weightText_);
    playlist->addRow(tr("A&udio weight:"), weightAudio_);
    playlist->addRow(tr("&Playlist seed:"), playlistSeed_);

    auto* right = new QVBoxLayout;
    right->addLayout(audioForm);
    right->addSpacing(8);
    right->addLayout(playlist);
    right->addStretch(1);
    auto* columns = new QGridLayout;
    columns->setHorizontalSpacing(24);
    columns->addLayout(cf, 0, 0, Qt::AlignTop);
    columns->addLayout(right, 0, 1);
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(note);
    layout->addLayout(columns);
    return group;
}

QGroupBox* PreferencesDialog::buildApplicationGroup() {
    auto* group = new QGroupBox(tr("Application (this computer, every project)"));
    group->setObjectName(QStringLiteral("applicationGroup"));
    const int cores = QThread::idealThreadCount();
    threads_ = intField(QStringLiteral("workerThreads"), 0, kMaxWorkerThreads,
                        withDefault(tr("Threads a training or analysis job may use. Results "
                                       "are the same for any count; fewer threads leave the "
                                       "computer more responsive."),
                                    tr("all cores")));
    threads_->setSpecialValueText(tr("All cores (%1)").arg(cores));
    scheme_ = new QComboBox;
    scheme_->setObjectName(QStringLiteral("colorScheme"));
    scheme_->addItem(tr("Follow the system"), colorSchemeName(ColorScheme::System));
    scheme_->addItem(tr("Light"), colorSchemeName(ColorScheme::Light));
    scheme_->addItem(tr("Dark"), colorSchemeName(ColorScheme::Dark));
    scheme_->setToolTip(withDefault(tr("Light or dark colours for every window and view."),
                                    tr("follow the system")));
    const SystemSchemeGuess guess =
        detectSystemScheme(QProcessEnvironment::systemEnvironment(),
                           QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                           platformPalette(), /*askPortal=*/false);
    schemeNote_ = new QLabel(
        tr("The system looks %1 (%2).")
            .arg(guess.scheme == ColorScheme::Dark ? tr("dark") : tr("light"), guess.reason));
    schemeNote_->setObjectName(QStringLiteral("colorSchemeNote"));
    schemeNote_->setWordWrap(true);
    schemeNote_->setForegroundRole(QPalette::PlaceholderText);
    auto* form = new QFormLayout(group);
    form->addRow(tr("Worker &threads:"), threads_);
    form->addRow(tr("&Colours:"), scheme_);
    form->addRow(QString(), schemeNote_);
    return group;
}

void PreferencesDialog::updateExcerptFields() {
    const bool several = excerptMode_->currentData().toInt() == SeveralWindows;
    excerptCount_->setEnabled(several);
    excerptSeconds_->setEnabled(several);
}

void PreferencesDialog::setProjectSettings(const ModelSettings& s) {
    factors_->setValue(s.cfFactors);
    confidence_->setCurrentIndex(confidence_->findData(int(s.cfConfidence)));
    alpha_->setValue(s.cfAlpha);
    epsilon_->setValue(s.cfEpsilon);
    epsilon_->setEnabled(s.cfConfidence == AlsOptions::Confidence::Log);
    regularization_->setValue(s.cfRegularization);
    iterations_->setValue(s.cfIterations);
    cfSeed_->setValue(seedToField(s.cfSeed));
    analysisRate_->setValue(s.analysisRate);
    ExcerptChoice choice = SeveralWindows;
    if (s.excerptMode == audio::ExcerptMode::Whole)
        choice = WholeTrack;
    else if (s.excerptCount == 1 && s.excerptSeconds == kOneWindowSeconds)
        choice = OneWindow;
    excerptMode_->setCurrentIndex(excerptMode_->findData(int(choice)));
    excerptCount_->setValue(s.excerptCount);
    excerptSeconds_->setValue(s.excerptSeconds);
    updateExcerptFields();
    audioSeed_->setValue(seedToField(s.audioSeed));
    auto weightOf = [&](const char* source) {
        const auto it = s.weights.find(QLatin1String(source));
        return it == s.weights.end() ? 0.0 : it->second;
    };
    weightCf_->setValue(weightOf("cf"));
    weightText_->setValue(weightOf("text"));
    weightAudio_->setValue(weightOf("audio"));
    playlistSeed_->setValue(seedToField(s.playlistSeed));
}

ModelSettings PreferencesDialog::projectSettings() const {
    ModelSettings s = loaded_;  // keeps sources the dialog does not show (e.g. popularity)
    s.cfFactors = factors_->value();
    s.cfConfidence = AlsOptions::Confidence(confidence_->currentData().toInt());
    s.cfAlpha = alpha_->value();
    s.cfEpsilon = epsilon_->value();
    s.cfRegularization = regularization_->value();
    s.cfIterations = iterations_->value();
    s.cfSeed = seedFromField(cfSeed_, loaded_.cfSeed);
    s.analysisRate = analysisRate_->value();
    switch (excerptMode_->currentData().toInt()) {
        case WholeTrack:
            s.excerptMode = audio::ExcerptMode::Whole;
            // The window fields keep what they say, for when windows are chosen again.
            s.excerptCount = excerptCount_->value();
            s.excerptSeconds = excerptSeconds_->value();
            break;
        case OneWindow:
            s.excerptMode = audio::ExcerptMode::Windows;
            s.excerptCount = 1;
            s.excerptSeconds = kOneWindowSeconds;
            break;
        default:
            s.excerptMode = audio::ExcerptMode::Windows;
            s.excerptCount = excerptCount_->value();
            s.excerptSeconds = excerptSeconds_->value();
    }
    s.audioSeed = seedFromField(audioSeed_, loaded_.audioSeed);
    s.weights[QStringLiteral("cf")] = weightCf_->value();
    s.weights[QStringLiteral("text")] = weightText_->value();
    s.weights[QStringLiteral("audio")] = weightAudio_->value();
    s.playlistSeed = seedFromField(playlistSeed_, loaded_.playlistSeed);
    return s;
}

int PreferencesDialog::workerThreads() const {
    return threads_->value();
}

ColorScheme PreferencesDialog::colorScheme() const {
    return colorSchemeFromName(scheme_->currentData().toString());
}

bool PreferencesDialog::apply() {
    bool projectChanged = false;
    if (store_) {
        const ModelSettings wanted = projectSettings();
        double weightSum = 0;
        for (const auto& [source, w] : wanted.weights) weightSum += w;
        if (weightSum <= 0) {
            QMessageBox::warning(this, tr("Preferences"),
                                 tr("At least one playlist weight must be above 0."));
            return false;
        }
        if (!(wanted == loaded_)) {
            if (Status s = writeModelSettings(*store_, wanted); !s.isOk()) {
                QMessageBox::warning(
                    this, tr("Preferences"),
                    tr("Could not save the project's settings: %1").arg(s.message()));
                return false;
            }
            loaded_ = wanted;
            projectChanged = true;
        }
    }
    bool applicationChanged = false;
    if (threads_->value() != tl::workerThreads()) {
        setWorkerThreads(threads_->value());
        applicationChanged = true;
    }
    if (colorScheme() != savedColorScheme()) {
        saveColorScheme(colorScheme());
        applicationChanged = true;
    }
    Q_EMIT applied(projectChanged, applicationChanged);
    return true;
}

void PreferencesDialog::restoreDefaults() {
    ModelSettings defaults;
    // Sources the dialog does not show keep their stored weights.
    for (const auto& [source, w] : loaded_.weights)
        if (!defaults.weights.count(source)) defaults.weights[source] = w;
    setProjectSettings(defaults);
    threads_->setValue(0);
    scheme_->setCurrentIndex(scheme_->findData(colorSchemeName(ColorScheme::System)));
}

}  // namespace tl
