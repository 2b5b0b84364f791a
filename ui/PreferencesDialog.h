#pragma once

#include <QDialog>

#include "ColorScheme.h"
#include "store/ModelSettings.h"

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace tl {

class ProjectStore;

// Edit > Preferences (Ctrl+,). Two groups, because the settings live in two places:
// "This project" — model parameters, seeds and the default blend, kept in the project's
// settings table so anyone opening the file trains the same models (ModelSettings); and
// "Application" — worker threads and the colour scheme, kept in QSettings for this computer.
// OK/Apply write both; Cancel writes nothing; Restore Defaults fills the fields with the engine's
// defaults (written on OK/Apply). Without an open project the project group is disabled.
class PreferencesDialog : public QDialog {
    Q_OBJECT

public:
    explicit PreferencesDialog(ProjectStore* store, QWidget* parent = nullptr);

    // What the fields say now.
    ModelSettings projectSettings() const;
    int workerThreads() const;
    ColorScheme colorScheme() const;
    void setProjectSettings(const ModelSettings& settings);

    // Writes the fields; false (with the message shown) when the project could not be written.
    bool apply();
    void restoreDefaults();

Q_SIGNALS:
    // After a successful apply(): whether the project's settings changed (models trained before
    // are then out of date) and whether the application's did.
    void applied(bool projectChanged, bool applicationChanged);

private:
    QGroupBox* buildProjectGroup();
    QGroupBox* buildApplicationGroup();
    void updateExcerptFields();

    ProjectStore* store_;
    ModelSettings loaded_;
    // This project: collaborative filtering
    QSpinBox* factors_ = nullptr;
    QComboBox* confidence_ = nullptr;
    QDoubleSpinBox* alpha_ = nullptr;
    QDoubleSpinBox* epsilon_ = nullptr;
    QDoubleSpinBox* regularization_ = nullptr;
    QSpinBox* iterations_ = nullptr;
    QSpinBox* cfSeed_ = nullptr;
    // This project: audio
    QSpinBox* analysisRate_ = nullptr;
    QComboBox* excerptMode_ = nullptr;
    QSpinBox* excerptCount_ = nullptr;
    QDoubleSpinBox* excerptSeconds_ = nullptr;
    QSpinBox* audioSeed_ = nullptr;
    // This project: weekly playlist
    QDoubleSpinBox* weightCf_ = nullptr;
    QDoubleSpinBox* weightText_ = nullptr;
    QDoubleSpinBox* weightAudio_ = nullptr;
    QSpinBox* playlistSeed_ = nullptr;
    // Application
    QSpinBox* threads_ = nullptr;
    QComboBox* scheme_ = nullptr;
    QLabel* schemeNote_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace tl
