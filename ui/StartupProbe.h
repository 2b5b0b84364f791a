#pragma once

#include <QObject>
#include <QPointer>

namespace tl {

class MainWindow;

// Measures how fast the app becomes usable, for BENCHMARKS.md: milliseconds from the process's
// start (as the kernel recorded it, so loading Qt's libraries counts) to the window's first
// frame, to the event loop going idle after it, and — when a project was given — to the
// workspace populated with everything the project holds (library, models, map) and painted.
// It prints one JSON line on stdout and quits the application. Enabled by
// TASTELAB_MEASURE_STARTUP=1 (app/gui_main.cpp).
class StartupProbe : public QObject {
    Q_OBJECT
public:
    StartupProbe(MainWindow* window, bool waitForProject);

    // Milliseconds since this process started (10 ms resolution on Linux: clock ticks).
    static double msSinceProcessStart();
    // Called just before the project is opened: the reopening time is counted from here.
    void markOpenRequested() { openRequested_ = msSinceProcessStart(); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void frameShown();
    void projectPopulated();
    void finishIfDone();

    QPointer<MainWindow> window_;
    bool waitForProject_;
    double openRequested_ = -1, firstFrame_ = -1, idle_ = -1, populated_ = -1, projectOpened_ = -1;
    bool printed_ = false;
};

}  // namespace tl
