// Edit > Preferences and the light/dark palettes: the dialog writes every field where it
// belongs (project settings table or QSettings) and reads it back; a changed CF factor count
// marks the model out of date and reaches the next training; the dark scheme recolours the
// application and the custom-painted views with readable contrast; the system's preference is
// read from the desktop's settings files.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "AppSettings.h"
#include "BacktestHeatMap.h"
#include "ColorScheme.h"
#include "Contrast.h"
#include "HintPanel.h"
#include "MainWindow.h"
#include "MapView.h"
#include "PreferencesDialog.h"
#include "SpectrogramView.h"
#include "TestSupport.h"
#include "TrainingCurvesView.h"
#include "UiTestSupport.h"
#include "cf/CfModel.h"
#include "job/Status.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

// Types `text` over a spin box's contents, as a user selecting the field and typing does.
void typeInto(QAbstractSpinBox* box, const QString& text) {
    QVERIFY(box);
    box->selectAll();
    QTest::keyClicks(box, text);
    box->interpretText();
}

void clickButton(QDialogButtonBox* buttons, QDialogButtonBox::StandardButton which) {
    QPushButton* button = buttons->button(which);
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
}

// The colour of the rendered pixels that differ most from the corner (the background): text.
QColor mostContrastingPixel(const QImage& image, const QColor& background) {
    QColor best = background;
    double bestContrast = 1.0;
    for (int y = 0; y < image.height(); y += 1)
        for (int x = 0; x < image.width(); x += 1) {
            const QColor c = image.pixelColor(x, y);
            const double k = contrastRatio(c, background);
            if (k > bestContrast) {
                bestContrast = k;
                best = c;
            }
        }
    return best;
}

template <class T>
T* field(QWidget* dialog, const char* name) {
    return dialog->findChild<T*>(QString::fromLatin1(name));
}

}  // namespace

class TestUiPreferences : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { applyColorScheme(ColorScheme::Light); }

    void dialogRoundTripsEveryValue() {
        QTemporaryDir dir;
        test::isolateSettings(dir.path());
        const QString path = dir.filePath(QStringLiteral("p.tastelab"));
        auto created = ProjectStore::create(path);
        QVERIFY(created);
        ProjectStore& store = *created.value();
        QCOMPARE(readModelSettings(store), ModelSettings{});  // nothing stored: the defaults

        {
            PreferencesDialog dialog(&store);
            dialog.show();
            QCOMPARE(field<QSpinBox>(&dialog, "cfFactors")->value(), 64);
            typeInto(field<QSpinBox>(&dialog, "cfFactors"), QStringLiteral("24"));
            field<QComboBox>(&dialog, "cfConfidence")->setCurrentIndex(1);  // logarithmic
            QVERIFY(field<QDoubleSpinBox>(&dialog, "cfEpsilon")->isEnabled());
            typeInto(field<QDoubleSpinBox>(&dialog, "cfAlpha"), QStringLiteral("7.5"));
            typeInto(field<QDoubleSpinBox>(&dialog, "cfEpsilon"), QStringLiteral("2.5"));
            typeInto(field<QDoubleSpinBox>(&dialog, "cfRegularization"), QStringLiteral("3.25"));
            typeInto(field<QSpinBox>(&dialog, "cfIterations"), QStringLiteral("9"));
            typeInto(field<QSpinBox>(&dialog, "cfSeed"), QStringLiteral("1234"));
            typeInto(field<QSpinBox>(&dialog, "analysisRate"), QStringLiteral("16000"));
            field<QComboBox>(&dialog, "excerptMode")->setCurrentIndex(2);  // several windows
            QVERIFY(field<QSpinBox>(&dialog, "excerptCount")->isEnabled());
            typeInto(field<QSpinBox>(&dialog, "excerptCount"), QStringLiteral("5"));
            typeInto(field<QDoubleSpinBox>(&dialog, "excerptSeconds"), QStringLiteral("6"));
            typeInto(field<QSpinBox>(&dialog, "audioSeed"), QStringLiteral("77"));
            typeInto(field<QDoubleSpinBox>(&dialog, "weight_cf"), QStringLiteral("0.6"));
            typeInto(field<QDoubleSpinBox>(&dialog, "weight_text"), QStringLiteral("0.1"));
            typeInto(field<QDoubleSpinBox>(&dialog, "weight_audio"), QStringLiteral("0.3"));
            typeInto(field<QSpinBox>(&dialog, "playlistSeed"), QStringLiteral("99"));
            typeInto(field<QSpinBox>(&dialog, "workerThreads"), QStringLiteral("1"));
            field<QComboBox>(&dialog, "colorScheme")->setCurrentIndex(2);  // dark
            QSignalSpy applied(&dialog, &PreferencesDialog::applied);
            test::maybeGrab(&dialog, QStringLiteral("preferences-dialog"), QSize());
            clickButton(field<QDialogButtonBox>(&dialog, "preferencesButtons"),
                        QDialogButtonBox::Ok);
            QCOMPARE(applied.count(), 1);
            QCOMPARE(applied.at(0).at(0).toBool(), true);  // the project's settings changed
            QCOMPARE(applied.at(0).at(1).toBool(), true);  // and the application's
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }

        ModelSettings expected;
        expected.cfFactors = 24;
        expected.cfConfidence = AlsOptions::Confidence::Log;
        expected.cfAlpha = 7.5;
        expected.cfEpsilon = 2.5;
        expected.cfRegularization = 3.25;
        expected.cfIterations = 9;
        expected.cfSeed = 1234;
        expected.analysisRate = 16000;
        expected.excerptMode = audio::ExcerptMode::Windows;
        expected.excerptCount = 5;
        expected.excerptSeconds = 6;
        expected.audioSeed = 77;
        expected.weights = {{QStringLiteral("cf"), 0.6},
                            {QStringLiteral("text"), 0.1},
                            {QStringLiteral("audio"), 0.3}};
        expected.playlistSeed = 99;
        // From a fresh connection: the values are in the file, not in a cache.
        auto reopened = ProjectStore::open(path);
        QVERIFY(reopened);
        QStringList warnings;
        QCOMPARE(readModelSettings(*reopened.value(), &warnings), expected);
        QVERIFY(warnings.isEmpty());
        QCOMPARE(reopened.value()->setting(QStringLiteral("cf.confidence")), QStringLiteral("log"));
        QCOMPARE(tl::workerThreads(), 1);
        QCOMPARE(savedColorScheme(), ColorScheme::Dark);
        // The engine's options carry them.
        const AlsOptions als = alsOptions(expected, 1);
        QCOMPARE(als.factors, 24);
        QCOMPARE(als.confidence, AlsOptions::Confidence::Log);
        QCOMPARE(als.threads, 1);
        QCOMPARE(frontEndOptions(expected).sampleRate, 16000);
        QCOMPARE(frontEndOptions(expected).excerptCount, 5);
        QCOMPARE(audioModelOptions(expected).train.seed, quint64(77));
        QCOMPARE(playlistSettings(expected).seed, quint64(99));

        {
            // A second opening shows what was saved; Cancel writes nothing.
            PreferencesDialog dialog(&store);
            QCOMPARE(dialog.projectSettings(), expected);
            QCOMPARE(dialog.workerThreads(), 1);
            QCOMPARE(dialog.colorScheme(), ColorScheme::Dark);
            QCOMPARE(field<QComboBox>(&dialog, "excerptMode")->currentIndex(), 2);
            typeInto(field<QSpinBox>(&dialog, "cfFactors"), QStringLiteral("100"));
            clickButton(field<QDialogButtonBox>(&dialog, "preferencesButtons"),
                        QDialogButtonBox::Cancel);
            QCOMPARE(readModelSettings(store).cfFactors, 24);
        }
        {
            // "One 30 s window" is one window of 30 s; Apply writes and keeps the dialog open.
            PreferencesDialog dialog(&store);
            field<QComboBox>(&dialog, "excerptMode")->setCurrentIndex(1);
            QVERIFY(!field<QSpinBox>(&dialog, "excerptCount")->isEnabled());
            clickButton(field<QDialogButtonBox>(&dialog, "preferencesButtons"),
                        QDialogButtonBox::Apply);
            const ModelSettings oneWindow = readModelSettings(store);
            QCOMPARE(oneWindow.excerptMode, audio::ExcerptMode::Windows);
            QCOMPARE(oneWindow.excerptCount, 1);
            QCOMPARE(oneWindow.excerptSeconds, 30.0);
            // Restore Defaults fills the defaults; Apply stores them.
            clickButton(field<QDialogButtonBox>(&dialog, "preferencesButtons"),
                        QDialogButtonBox::RestoreDefaults);
            QCOMPARE(field<QSpinBox>(&dialog, "cfFactors")->value(), 64);
            QCOMPARE(readModelSettings(store).cfFactors, 24);  // not yet
            clickButton(field<QDialogButtonBox>(&dialog, "preferencesButtons"),
                        QDialogButtonBox::Apply);
            QCOMPARE(readModelSettings(store), ModelSettings{});
            QCOMPARE(tl::workerThreads(), 0);
            QCOMPARE(savedColorScheme(), ColorScheme::System);
        }
        {
            // The spin boxes refuse values outside the ranges the engine accepts.
            PreferencesDialog dialog(&store);
            typeInto(field<QSpinBox>(&dialog, "cfFactors"), QStringLiteral("9999"));
            QVERIFY(field<QSpinBox>(&dialog, "cfFactors")->value() <=
                    model_settings_range::kMaxFactors);
            QVERIFY(!field<QSpinBox>(&dialog, "cfFactors")->toolTip().isEmpty());
            QVERIFY(field<QSpinBox>(&dialog, "cfFactors")
                        ->toolTip()
                        .contains(QStringLiteral("Default: 64")));
            // Every control says what it does.
            for (QWidget* c : dialog.findChildren<QWidget*>())
                if (qobject_cast<QAbstractSpinBox*>(c) || qobject_cast<QComboBox*>(c) ||
                    qobject_cast<QAbstractButton*>(c))
                    QVERIFY2(!c->toolTip().isEmpty(), qPrintable(c->objectName()));
        }
    }

    // A damaged or hand-edited settings row never reaches the engine: the default is used and
    // the key is named.
    void unusableSettingsFallBackToDefaults() {
        QTemporaryDir dir;
        auto created = ProjectStore::create(dir.filePath(QStringLiteral("p.tastelab")));
        QVERIFY(created);
        ProjectStore& store = *created.value();
        QVERIFY(store.setSetting(QStringLiteral("cf.factors"), QStringLiteral("-3")).isOk());
        QVERIFY(store.setSetting(QStringLiteral("cf.alpha"), QStringLiteral("lots")).isOk());
        QVERIFY(store.setSetting(QStringLiteral("cf.iterations"), QStringLiteral("12")).isOk());
        QVERIFY(
            store.setSetting(QStringLiteral("playlist.weights"), QStringLiteral("cf=x")).isOk());
        QStringList warnings;
        const ModelSettings s = readModelSettings(store, &warnings);
        QCOMPARE(s.cfFactors, 64);
        QCOMPARE(s.cfAlpha, 1.0);
        QCOMPARE(s.cfIterations, 12);
        QCOMPARE(s.weights, ModelSettings{}.weights);
        QCOMPARE(warnings.size(), 3);
        QVERIFY(warnings.join(QLatin1Char('\n')).contains(QStringLiteral("cf.factors")));
    }

    // The whole path: train, change the factor count in Preferences, the header says the model
    // is out of date, the next training really has that many factors; then both palettes.
    void changedFactorsReachTheNextTraining() {
        QTemporaryDir work;
        test::isolateSettings(work.path());
        const QString project = test::smallDemoProject(work.path(), 5);
        QVERIFY(!project.isEmpty());
        MainWindow w;
        w.setModalDialogsEnabled(false);
        QVERIFY(w.openProject(project));
        w.show();
        QSignalSpy completed(&w, &MainWindow::jobCompleted);
        auto* trainCf = w.findChild<QAction*>(QStringLiteral("trainCfAction"));
        trainCf->trigger();
        QVERIFY(completed.wait(120000));
        QVERIFY(completed.at(0).at(0).value<Status>().isOk());
        QCOMPARE(loadCfModel(*w.store()).value().userFactors.cols(), 64);
        auto* models = w.findChild<QLabel*>(QStringLiteral("projectModels"));
        QVERIFY(!models->text().contains(QStringLiteral("Out of date")));

        auto* prefs = w.findChild<QAction*>(QStringLiteral("preferencesAction"));
        QVERIFY(prefs);
        QCOMPARE(prefs->shortcut().isEmpty(), false);
        prefs->trigger();
        auto* dialog = w.findChild<PreferencesDialog*>();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(field<QWidget>(dialog, "projectGroup")->isEnabled());
        typeInto(field<QSpinBox>(dialog, "cfFactors"), QStringLiteral("12"));
        clickButton(field<QDialogButtonBox>(dialog, "preferencesButtons"), QDialogButtonBox::Ok);
        QTRY_VERIFY(!w.findChild<PreferencesDialog*>());  // closed and deleted
        QCOMPARE(readModelSettings(*w.store()).cfFactors, 12);
        QVERIFY2(models->text().contains(QStringLiteral("Out of date")),
                 qPrintable(models->text()));

        trainCf->trigger();
        QVERIFY(completed.wait(120000));
        QVERIFY(completed.at(1).at(0).value<Status>().isOk());
        const auto model = loadCfModel(*w.store());
        QVERIFY(model);
        QCOMPARE(model.value().userFactors.cols(), 12);
        QCOMPARE(model.value().itemFactors.cols(), 12);
        QCOMPARE(model.value().als.factors, 12);
        QVERIFY(!models->text().contains(QStringLiteral("Out of date")));
        QVERIFY(models->text().contains(QStringLiteral("12 factors")));

        test::maybeGrab(&w, QStringLiteral("main-light"));
        applyColorScheme(ColorScheme::Dark);
        QVERIFY(isDarkPalette(QApplication::palette()));
        QVERIFY(isDarkPalette(models->palette()));
        test::maybeGrab(&w, QStringLiteral("main-dark"));
        if (!qEnvironmentVariable("TASTELAB_UI_GRAB_DIR").isEmpty()) {
            prefs->trigger();
            auto* d = w.findChild<PreferencesDialog*>();
            QVERIFY(d);
            test::maybeGrab(d, QStringLiteral("preferences-dark"), QSize());
            d->reject();
        }
    }

    // Switching to dark changes the application palette, and the custom-painted views follow:
    // their rendered background turns dark and their text stays readable (contrast measured on
    // the pixels), then light again.
    void darkSchemeRecoloursTheViews() {
        QTemporaryDir dir;
        test::isolateSettings(dir.path());
        MapView map;
        map.resize(320, 200);
        HintPanel hint(QStringLiteral("Nothing here yet"), QStringLiteral("Train a model first."));
        hint.resize(320, 200);
        TrainingCurvesView curves;
        curves.resize(480, 320);
        curves.setBaseline(QStringLiteral("Ridge baseline"), 0.8);
        for (int e = 1; e <= 8; ++e) curves.addEpoch(e, 1.0 / e, 1.2 / std::sqrt(double(e)));
        curves.setBestEpoch(8);
        // A synthetic spectrogram: a rising tone over a noise floor.
        auto spectrum = std::make_shared<SpectrogramData>();
        spectrum->bands = 64;
        spectrum->frames = 400;
        spectrum->secondsPerFrame = 512.0 / 22050.0;
        for (int b = 0; b < spectrum->bands; ++b)
            spectrum->bandHz.push_back(float(40.0 * std::pow(1.08, b)));
        for (int f = 0; f < spectrum->frames; ++f)
            for (int b = 0; b < spectrum->bands; ++b)
                spectrum->db.push_back(b == (f / 8) % spectrum->bands ? 0.0f : -70.0f);
        spectrum->title = QStringLiteral("Rising tone");
        SpectrogramView spectrogram;
        spectrogram.resize(560, 280);
        spectrogram.setData(spectrum);
        // A ternary back-test grid, step 0.1.
        std::vector<BacktestHeatMap::Point> grid;
        for (int i = 0; i <= 10; ++i)
            for (int j = 0; i + j <= 10; ++j)
                grid.push_back({{{QStringLiteral("cf"), i / 10.0},
                                 {QStringLiteral("text"), j / 10.0},
                                 {QStringLiteral("audio"), (10 - i - j) / 10.0}},
                                0.05 + 0.01 * i + 0.004 * j});
        BacktestHeatMap heat;
        heat.resize(360, 320);
        heat.setGrid({QStringLiteral("cf"), QStringLiteral("text"), QStringLiteral("audio")}, grid,
                     int(grid.size()) - 1);

        for (const ColorScheme scheme : {ColorScheme::Dark, ColorScheme::Light}) {
            QCOMPARE(applyColorScheme(scheme), scheme);
            QCOMPARE(activeColorScheme(), scheme);
            const bool dark = scheme == ColorScheme::Dark;
            QCOMPARE(isDarkPalette(QApplication::palette()), dark);
            if (dark) QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));

            const QString suffix = dark ? QStringLiteral("-dark") : QStringLiteral("-light");
            test::maybeGrab(&spectrogram, QStringLiteral("spectrogram") + suffix, QSize());
            test::maybeGrab(&heat, QStringLiteral("heatmap") + suffix, QSize());
            test::maybeGrab(&curves, QStringLiteral("curves") + suffix, QSize());
            test::maybeGrab(&hint, QStringLiteral("hint") + suffix, QSize());
            const QImage mapImage = map.grab().toImage();
            const QColor mapBackground = mapImage.pixelColor(2, 2);
            QCOMPARE(mapBackground.lightnessF() < 0.5, dark);
            const QColor mapText = mostContrastingPixel(mapImage, mapBackground);  // "No map"
            QVERIFY2(
                contrastRatio(mapText, mapBackground) >= 3.0,
                qPrintable(
                    QStringLiteral("map text %1 on %2").arg(mapText.name(), mapBackground.name())));

            const QImage hintImage = hint.grab().toImage();
            const QColor hintBackground = hintImage.pixelColor(2, 2);
            QCOMPARE(hintBackground.lightnessF() < 0.5, dark);
            const QColor hintText = mostContrastingPixel(hintImage, hintBackground);
            QVERIFY2(contrastRatio(hintText, hintBackground) >= 4.5,
                     qPrintable(QStringLiteral("hint text %1 on %2")
                                    .arg(hintText.name(), hintBackground.name())));

            // Qt Charts keeps its own colours: the view copies the palette into the chart.
            const QImage curvesImage = curves.grab().toImage();
            const QColor chartBackground = curvesImage.pixelColor(curves.width() / 2, 40);
            QCOMPARE(chartBackground.lightnessF() < 0.5, dark);
            const QColor chartText = mostContrastingPixel(curvesImage, chartBackground);
            QVERIFY2(contrastRatio(chartText, chartBackground) >= 4.5,
                     qPrintable(QStringLiteral("chart text %1 on %2")
                                    .arg(chartText.name(), chartBackground.name())));

            // The spectrogram's axes and the heat map's labels sit on the window colour.
            for (QWidget* view :
                 {static_cast<QWidget*>(&spectrogram), static_cast<QWidget*>(&heat)}) {
                const QImage image = view->grab().toImage();
                const QColor background = image.pixelColor(1, 1);
                QCOMPARE(background.lightnessF() < 0.5, dark);
                // Text lies in the margins; the plot itself is data colours, so look at the
                // left and bottom margins only.
                const QImage margins = image.copy(0, 0, 30, image.height());
                const QColor ink = mostContrastingPixel(margins, background);
                QVERIFY2(contrastRatio(ink, background) >= 4.5,
                         qPrintable(QStringLiteral("%1: text %2 on %3")
                                        .arg(view->metaObject()->className(), ink.name(),
                                             background.name())));
            }
        }
    }

    // `tastelab-cli train` trains what the app would: CF options not given on the command line
    // come from the project's settings; one given on the command line wins.
    void cliTrainTakesTheProjectsSettings() {
        QTemporaryDir work;
        const QString project = test::smallDemoProject(work.path(), 7);
        QVERIFY(!project.isEmpty());
        {
            auto store = ProjectStore::open(project);
            QVERIFY(store);
            ModelSettings s;
            s.cfFactors = 10;
            s.cfIterations = 4;
            QVERIFY(writeModelSettings(*store.value(), s).isOk());
        }
        const test::CliRun run = test::runCli(
            {QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("cf")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        {
            auto store = ProjectStore::open(project);
            const auto model = loadCfModel(*store.value());
            QVERIFY(model);
            QCOMPARE(model.value().als.factors, 10);
            QCOMPARE(model.value().als.iterations, 4);
            QVERIFY(!cfModelOutOfDate(
                store.value()
                    ->resultMeta(QStringLiteral("cf.als"), QStringLiteral("model"))
                    .value_or(QJsonObject()),
                readModelSettings(*store.value())));
        }
        const test::CliRun given =
            test::runCli({QStringLiteral("train"), QStringLiteral("--project"), project,
                          QStringLiteral("--factors"), QStringLiteral("6"), QStringLiteral("cf")});
        QVERIFY2(given.exitCode == 0, given.err.constData());
        auto store = ProjectStore::open(project);
        QCOMPARE(loadCfModel(*store.value()).value().als.factors, 6);
        QCOMPARE(loadCfModel(*store.value()).value().als.iterations, 4);
        // Trained with other settings than the project's: the app would say so.
        QVERIFY(cfModelOutOfDate(
            store.value()->resultMeta(QStringLiteral("cf.als"), QStringLiteral("model")).value(),
            readModelSettings(*store.value())));
    }

    // The header's "out of date" for the audio model: the stored front end against the settings.
    void audioModelOutOfDateComparesExcerptsAndRate() {
        const QJsonObject meta{{QStringLiteral("front_end"), audio::FrontEndOptions{}.toJson()}};
        ModelSettings s;
        QVERIFY(!audioModelOutOfDate(meta, s));
        QVERIFY(!audioModelOutOfDate(QJsonObject(), s));  // nothing trained
        s.excerptCount = 1;
        s.excerptSeconds = 30;
        QVERIFY(audioModelOutOfDate(meta, s));
        s = ModelSettings{};
        s.analysisRate = 16000;
        QVERIFY(audioModelOutOfDate(meta, s));
        s = ModelSettings{};
        s.audioSeed = 5;  // not in the front end: the next training still recomputes
        QVERIFY(!audioModelOutOfDate(meta, s));
        // CF: a model stored without a settings key is judged by its factor count.
        QVERIFY(cfModelOutOfDate(QJsonObject{{QStringLiteral("factors"), 32}}, ModelSettings{}));
        QVERIFY(!cfModelOutOfDate(QJsonObject{{QStringLiteral("factors"), 64}}, ModelSettings{}));
        QVERIFY(!cfModelOutOfDate(
            QJsonObject{{QStringLiteral("settings"), cfSettingsKey(alsOptions(ModelSettings{}))}},
            ModelSettings{}));
    }

    void systemSchemeIsReadFromTheDesktop() {
        QTemporaryDir config;
        const QProcessEnvironment none;
        QPalette light;
        light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
        light.setColor(QPalette::WindowText, Qt::black);
        // Nothing says dark: light.
        QCOMPARE(detectSystemScheme(none, config.path(), light, false).scheme, ColorScheme::Light);
        // The platform theme handed over a dark palette.
        QCOMPARE(detectSystemScheme(none, config.path(), darkPalette(), false).scheme,
                 ColorScheme::Dark);
        // GTK_THEME=Adwaita:dark
        QProcessEnvironment gtkEnv;
        gtkEnv.insert(QStringLiteral("GTK_THEME"), QStringLiteral("Adwaita:dark"));
        QCOMPARE(detectSystemScheme(gtkEnv, config.path(), light, false).scheme, ColorScheme::Dark);
        // KDE's colour scheme.
        QVERIFY(test::writeFile(QDir(config.path()).filePath(QStringLiteral("kdeglobals")),
                                "[General]\nColorScheme=BreezeDark\n"));
        const SystemSchemeGuess kde = detectSystemScheme(none, config.path(), light, false);
        QCOMPARE(kde.scheme, ColorScheme::Dark);
        QVERIFY(kde.reason.contains(QStringLiteral("BreezeDark")));
        QVERIFY(QFile::remove(QDir(config.path()).filePath(QStringLiteral("kdeglobals"))));
        // GTK 3's settings.ini.
        QVERIFY(QDir(config.path()).mkpath(QStringLiteral("gtk-3.0")));
        const QString ini = QDir(config.path()).filePath(QStringLiteral("gtk-3.0/settings.ini"));
        QVERIFY(test::writeFile(ini,
                                "[Settings]\ngtk-application-prefer-dark-theme=0\n"
                                "gtk-theme-name=Adwaita\n"));
        QCOMPARE(detectSystemScheme(none, config.path(), light, false).scheme, ColorScheme::Light);
        QVERIFY(test::writeFile(ini, "[Settings]\ngtk-application-prefer-dark-theme=1\n"));
        QCOMPARE(detectSystemScheme(none, config.path(), light, false).scheme, ColorScheme::Dark);
        QCOMPARE(colorSchemeFromName(QStringLiteral("dark")), ColorScheme::Dark);
        QCOMPARE(colorSchemeFromName(QStringLiteral("nonsense")), ColorScheme::System);
    }
};

QTEST_MAIN(TestUiPreferences)
#include "test_ui_preferences.moc"
