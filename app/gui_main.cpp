// tastelab: the desktop application. It only wires things up: the application object, the
// main window, an optional project to open, and the screenshot hook the docs are made with.
#include <QApplication>
#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QTimer>

#include "ColorScheme.h"
#include "Icons.h"
#include "MainWindow.h"
#include "Screenshot.h"
#include "StartupProbe.h"

int main(int argc, char** argv) {
    // As tastelab-cli does: while TZ is unset, glibc's mktime() stats /etc/localtime on every
    // call, and libarchive calls it for each zip entry (half of importing a zip of 300,000
    // small files). ":/etc/localtime" is what an unset TZ means; Qt reads it as the system zone.
    if (!qEnvironmentVariableIsSet("TZ")) qputenv("TZ", ":/etc/localtime");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Tastelab"));
    QApplication::setApplicationName(QStringLiteral("Tastelab"));
    QApplication::setApplicationDisplayName(QStringLiteral("Tastelab"));
    QApplication::setApplicationVersion(QStringLiteral(TASTELAB_VERSION));
    QApplication::setWindowIcon(tl::appIcon());
    QApplication::setDesktopFileName(QStringLiteral(TASTELAB_APP_ID));

    // Light or dark before the first window exists, so nothing paints in the wrong colours.
    tl::applyColorScheme(tl::savedColorScheme());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A desktop lab for Discover-Weekly-style music recommendation."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QStringLiteral("A .tastelab project to open."),
                                 QStringLiteral("[project]"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Open the built-in demo world (generated, with "
                                                 "progress, on the first run)."));
    parser.addOption(demo);
    parser.process(app);

    const auto env = QProcessEnvironment::systemEnvironment();
    const QStringList args = parser.positionalArguments();
    tl::MainWindow window;
    // TASTELAB_MEASURE_STARTUP=1: print how long the window (and the project) took, and quit.
    tl::StartupProbe* probe =
        env.value(QStringLiteral("TASTELAB_MEASURE_STARTUP")) == QLatin1String("1")
            ? new tl::StartupProbe(&window, !args.isEmpty())
            : nullptr;
    window.show();
    // TASTELAB_TRAIN=cf|text|audio: train that model once the project is open (scripts, and the
    // crash-safety test, which kills the app while it trains).
    const QString train = env.value(QStringLiteral("TASTELAB_TRAIN"));
    if (parser.isSet(demo)) {
        QTimer::singleShot(0, &window, [&window] { window.openDemo(); });
    } else if (!args.isEmpty()) {
        // After the event loop starts, so an error box has a visible window to sit on.
        const QString path = args.first();
        QTimer::singleShot(0, &window, [&window, path, probe, train] {
            if (probe) probe->markOpenRequested();
            if (!window.openProject(path)) return;
            if (train == QLatin1String("cf")) window.trainCollaborativeFiltering();
            if (train == QLatin1String("text")) window.trainTextModel();
            if (train == QLatin1String("audio")) window.trainAudioModel();
        });
    }

    // TASTELAB_SCREENSHOT=out.png [TASTELAB_SCREENSHOT_DELAY_MS=1500]: grab the window and quit.
    const QString shot = env.value(QStringLiteral("TASTELAB_SCREENSHOT"));
    if (!shot.isEmpty()) {
        const int delay =
            env.value(QStringLiteral("TASTELAB_SCREENSHOT_DELAY_MS"), QStringLiteral("1500"))
                .toInt();
        tl::saveScreenshotLater(&window, shot, delay);
    }
    return app.exec();
}
