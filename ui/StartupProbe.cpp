#include "StartupProbe.h"

#include <unistd.h>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWindow>
#include <cstdio>
#include <ctime>

#include "MainWindow.h"

namespace tl {
namespace {

// The fallback clock when /proc cannot say when the process started: from the first call.
QElapsedTimer& sinceFirstCall() {
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer;
}

}  // namespace

double StartupProbe::msSinceProcessStart() {
    sinceFirstCall();
    QFile stat(QStringLiteral("/proc/self/stat"));
    timespec now{};
    if (stat.open(QIODevice::ReadOnly) && clock_gettime(CLOCK_BOOTTIME, &now) == 0) {
        const QByteArray line = stat.readAll();
        const qsizetype close = line.lastIndexOf(')');
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        const long ticksPerSecond = sysconf(_SC_CLK_TCK);
        if (close > 0 && fields.size() > 19 && ticksPerSecond > 0) {
            // Field 22: start time after boot in clock ticks; CLOCK_BOOTTIME is the same clock.
            const double started = fields[19].toDouble() * 1000.0 / double(ticksPerSecond);
            return double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6 - started;
        }
    }
    return double(sinceFirstCall().nsecsElapsed()) / 1e6;
}

StartupProbe::StartupProbe(MainWindow* window, bool waitForProject)
    : QObject(window), window_(window), waitForProject_(waitForProject) {
    window->winId();  // creates the QWindow now, so its first Expose is seen
    window->windowHandle()->installEventFilter(this);
    connect(window, &MainWindow::projectOpened, this,
            [this] { projectOpened_ = msSinceProcessStart(); });
    connect(window, &MainWindow::libraryLoaded, this, &StartupProbe::projectPopulated);
    connect(window, &MainWindow::savedPlaylistRestored, this, &StartupProbe::projectPopulated);
    connect(window, &MainWindow::errorShown, this, [this](const QString&, const QString& message) {
        std::fprintf(stderr, "startup probe: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
}

bool StartupProbe::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Expose && firstFrame_ < 0 && window_ &&
        window_->windowHandle()->isExposed()) {
        // The widgets paint and flush while this event is delivered: measure right after it.
        QTimer::singleShot(0, this, &StartupProbe::frameShown);
    }
    return QObject::eventFilter(watched, event);
}

void StartupProbe::frameShown() {
    if (firstFrame_ >= 0) return;
    firstFrame_ = msSinceProcessStart();
    // A zero timer runs once the events queued behind the first frame have been handled.
    QTimer::singleShot(0, this, [this] {
        idle_ = msSinceProcessStart();
        finishIfDone();
    });
}

void StartupProbe::projectPopulated() {
    // The library and map arrive with libraryLoaded, the saved playlist with
    // savedPlaylistRestored (a worker prepares its week): both must be in. Checked after the
    // signal's own slots ran, then one synchronous repaint puts everything on screen.
    QTimer::singleShot(0, this, [this] {
        if (!window_ || populated_ >= 0 || window_->isLibraryLoading() ||
            window_->isRestoringPlaylist() || projectOpened_ < 0)
            return;
        window_->repaint();
        populated_ = msSinceProcessStart();
        finishIfDone();
    });
}

void StartupProbe::finishIfDone() {
    if (printed_ || idle_ < 0 || (waitForProject_ && populated_ < 0)) return;
    printed_ = true;
    if (waitForProject_)
        std::printf(
            "{\"first_frame_ms\": %.0f, \"idle_ms\": %.0f, \"open_requested_ms\": %.0f, "
            "\"project_opened_ms\": %.0f, \"populated_ms\": %.0f, \"reopen_ms\": %.0f}\n",
            firstFrame_, idle_, openRequested_, projectOpened_, populated_,
            populated_ - openRequested_);
    else
        std::printf("{\"first_frame_ms\": %.0f, \"idle_ms\": %.0f}\n", firstFrame_, idle_);
    std::fflush(stdout);
    QCoreApplication::quit();
}

}  // namespace tl
