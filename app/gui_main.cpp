// tastelab: the desktop application. It only wires things up: the application object, the
// main window, an optional project to open, and the screenshot hook the docs are made with.
#include <QApplication>
#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QTimer>

#include "Icons.h"
#include "MainWindow.h"
#include "Screenshot.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Tastelab"));
    QApplication::setApplicationName(QStringLiteral("Tastelab"));
    QApplication::setApplicationDisplayName(QStringLiteral("Tastelab"));
    QApplication::setApplicationVersion(QStringLiteral(TASTELAB_VERSION));
    QApplication::setWindowIcon(tl::appIcon());
    QApplication::setDesktopFileName(QStringLiteral(TASTELAB_APP_ID));

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

    tl::MainWindow window;
    window.show();
    const QStringList args = parser.positionalArguments();
    if (parser.isSet(demo)) {
        QTimer::singleShot(0, &window, [&window] { window.openDemo(); });
    } else if (!args.isEmpty()) {
        // After the event loop starts, so an error box has a visible window to sit on.
        const QString path = args.first();
        QTimer::singleShot(0, &window, [&window, path] { window.openProject(path); });
    }

    // TASTELAB_SCREENSHOT=out.png [TASTELAB_SCREENSHOT_DELAY_MS=1500]: grab the window and quit.
    const auto env = QProcessEnvironment::systemEnvironment();
    const QString shot = env.value(QStringLiteral("TASTELAB_SCREENSHOT"));
    if (!shot.isEmpty()) {
        const int delay =
            env.value(QStringLiteral("TASTELAB_SCREENSHOT_DELAY_MS"), QStringLiteral("1500"))
                .toInt();
        tl::saveScreenshotLater(&window, shot, delay);
    }
    return app.exec();
}
